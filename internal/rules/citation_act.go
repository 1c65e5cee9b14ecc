package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/legal"
	"github.com/concord-guidance/concord/internal/rx"
)

// misnamedAct reports an Act name that is a near miss of a glossary Act or a
// glossary Act with the wrong year.
func misnamedAct(ix *legal.Index, b *BlockFacts, rc *legal.Resolved, yearSlack int) (Finding, bool) {
	if rc.ActName == "" || (rc.Form != legal.FormTitle && rc.Form != legal.FormShort) {
		return Finding{}, false
	}
	if rc.Act != nil && (rc.Year == 0 || rc.Year == rc.Act.Year) {
		return Finding{}, false
	}
	// deprecated-term already reports phrases the glossary deprecates
	// ("Protection of Harassment Act").
	for _, m := range b.Matches {
		if m.Entry.Kind == glossary.KindDeprecated && m.Start < rc.ActEnd && rc.ActStart < m.End {
			return Finding{}, false
		}
	}
	written := rc.ActName
	var found *legal.Act
	wrongYear := false
	if rc.Form == legal.FormShort {
		base, year := legal.SplitYear(written)
		a := ix.ByAcronym[strings.ToLower(base)]
		if a == nil || year == 0 || a.Year == 0 || year == a.Year {
			return Finding{}, false
		}
		if abs(year-a.Year) <= yearSlack || ix.Corroborates(rc, a) {
			found, wrongYear = a, true
		}
	} else {
		w := legal.TitleWords(written)
		for _, a := range ix.Acts {
			if a.Term == nil || a.Year == 0 {
				continue
			}
			if slices.Equal(w, a.Words) {
				if rc.Year != 0 && rc.Year != a.Year && (abs(rc.Year-a.Year) <= yearSlack || ix.Corroborates(rc, a)) {
					found, wrongYear = a, true
					break
				}
				continue
			}
			if (rc.Year == 0 || rc.Year == a.Year) && citeNearMissTitle(w, a.Words, rc.Year != 0) {
				found = a
				break
			}
		}
	}
	if found == nil {
		return Finding{}, false
	}
	f := Finding{Term: found.Term.ID, Expected: found.Title, Actual: written, Suggestion: found.Title}
	if wrongYear {
		f.Message = fmt.Sprintf("%q gives the wrong year: the glossary knows the %s; a wrong year sends the reader to a different Act or none", written, found.Title)
		if rc.Form == legal.FormShort {
			f.Suggestion = found.Label
		}
	} else {
		f.Message = fmt.Sprintf("%q is not an Act the glossary knows; it looks like a misnaming of the %s, which is how citations must name it", written, found.Title)
	}
	return f, true
}

// citeNearMissTitle reports whether an Act name differs from a known title by
// one word: a connector changed, added or dropped ("Protection against
// Harassment"), a misspelt word ("Harrasment"), or, when the year matches and
// the title has two or more content words, one content word changed
// ("Stalking Prevention Act 2019").
func citeNearMissTitle(w, title []string, yearMatches bool) bool {
	content := 0
	for _, x := range title {
		if !legal.TitleConnectors[x] {
			content++
		}
	}
	switch {
	case len(w) == len(title):
		diff := -1
		for i := range w {
			if w[i] != title[i] {
				if diff >= 0 {
					return false
				}
				diff = i
			}
		}
		if diff < 0 {
			return false
		}
		a, b := w[diff], title[diff]
		switch {
		case legal.TitleConnectors[a] && legal.TitleConnectors[b]:
			return true
		case distance(a, b) <= max(1, len(b)/4) && len(b) >= 4:
			return true
		case !legal.TitleConnectors[a] && !legal.TitleConnectors[b] && content >= 2 && yearMatches:
			return true
		}
	case len(w) == len(title)+1 || len(w)+1 == len(title):
		long, short := w, title
		if len(title) > len(w) {
			long, short = title, w
		}
		i := 0
		for i < len(short) && long[i] == short[i] {
			i++
		}
		if !slices.Equal(long[i+1:], short[i:]) {
			return false
		}
		extra := long[i]
		if legal.TitleConnectors[extra] {
			return true
		}
		return yearMatches && content >= 2 && len(short) >= 2
	}
	return false
}

// citeAuthorityLead matches the words that put a document under the power
// that authorises it, just before a citation.
var citeAuthorityLead = rx.MustCompile(`(?i)\b(?:issued|published|given|laid|prepared|produced|approved)\s+(?:\w+\s+){0,2}?(?:under|in accordance with|by virtue of|pursuant to)\s*$`)

// citeAuthorityVerb is the start of every match of citeAuthorityLead. The
// prefilter rx finds for citeAuthorityLead is its last words ("under"),
// which most text before a citation ends in; every match also holds this
// one's, which little text does, so asking it first is exact and spares
// the pattern.
var citeAuthorityVerb = rx.MustCompile(`(?i)\b(?:issued|published|given|laid|prepared|produced|approved)\s`)

// citeAuthority reports whether the text before a citation says it is the
// power under which a document is issued.
//
// Every match ends in "under", "with", "of" or "to" after a space and
// before nothing but spaces (\s); none of their letters is one that (?i)
// matches outside ASCII (only k and s are), so an ASCII look at the end
// of the text finds them in every case the pattern does.
func citeAuthority(before string) bool {
	t := trimRightRegexpSpace(before)
	if !endsWithWord(t, "under") && !endsWithWord(t, "with") && !endsWithWord(t, "of") && !endsWithWord(t, "to") {
		return false
	}
	return citeAuthorityVerb.MatchString(before) && citeAuthorityLead.MatchString(before)
}

// citeOffenceFrame ends the words before a citation that makes it the
// source of the sentence's subject as plainly as a bracket beside it would:
// "X, towards a partner or family member, is an offence under s.76".
var citeOffenceFrame = rx.MustCompile(`(?i)\b(?:is|are)\s+(?:a|an)\s+(?:criminal\s+|separate\s+|specific\s+)?offences?\s+(?:under|contrary\s+to)\s*$`)

// citeHeadNoun ends the text before a term that is the object of another
// noun: the citation after it belongs to that noun ("the defences to", "the
// civil remedy for", "the power to make orders on").
var citeHeadNoun = rx.MustCompile(`(?i)\b(?:defen[cs]es?|remed(?:y|ies)|powers?|procedures?|time limits?|rights?|claims?|injunctions?|damages|exceptions?|guidance|provisions?|protocol|code|rules?|dut(?:y|ies)|appeals?|costs?)\s+(?:\w+\s+){0,2}?(?:to|for|of|against|on|in|about)\s+(?:the\s+|an?\s+)?["'“‘]?$`)

// citeHeadPreps are the words that end citeHeadNoun's matches but for an
// article, spaces and a quotation mark.
var citeHeadPreps = []string{"to", "for", "of", "against", "on", "in", "about"}

// citeHeaded reports whether citeHeadNoun matches the text before a term.
//
// Every match ends in one of citeHeadPreps after a space, then spaces,
// maybe "the", "a" or "an" and spaces, and maybe one quotation mark; the
// pattern is run only on text that ends so. The one letter of those words
// that (?i) matches outside ASCII is the s of "against" (to the long s,
// U+017F): text holding a long s runs the pattern whatever it ends in.
func citeHeaded(before string) bool {
	t := before
	for _, q := range []string{"\"", "'", "“", "‘"} {
		if strings.HasSuffix(t, q) {
			t = t[:len(t)-len(q)]
			break
		}
	}
	if t == "" || !isRegexpSpace(t[len(t)-1]) {
		return false
	}
	if strings.Contains(before, "\u017f") {
		return citeHeadNoun.MatchString(before)
	}
	t = trimRightRegexpSpace(t)
	if !endsWithAny(t, citeHeadPreps) {
		// An article after the word: "the defences to the".
		art := ""
		for _, a := range []string{"the", "an", "a"} {
			if endsWithWord(t, a) {
				art = a
				break
			}
		}
		if art == "" || !endsWithAny(trimRightRegexpSpace(t[:len(t)-len(art)]), citeHeadPreps) {
			return false
		}
	}
	return citeHeadNoun.MatchString(before)
}

// endsWithAny reports whether t ends in one of ws as endsWithWord has it.
func endsWithAny(t string, ws []string) bool {
	for _, w := range ws {
		if endsWithWord(t, w) {
			return true
		}
	}
	return false
}

// endsWithWord reports whether t ends in the lower-case ASCII w, ASCII
// letters in any case, with a space (\s) before it.
func endsWithWord(t, w string) bool {
	n := len(t) - len(w)
	if n < 1 || !isRegexpSpace(t[n-1]) {
		return false
	}
	for j := 0; j < len(w); j++ {
		c := t[n+j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[j] {
			return false
		}
	}
	return true
}

// isRegexpSpace reports whether c is a byte \s matches.
func isRegexpSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// trimRightRegexpSpace cuts the bytes \s matches from the end of s.
func trimRightRegexpSpace(s string) string {
	for len(s) > 0 && isRegexpSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}
