package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/restate"
)

// inconsistent-description's second half: acronyms the glossary does not
// know, expanded differently in different documents. Each document's uses
// are found when its summary is taken (summarise in reads.go), so the
// corpus-scope check reads summaries only, and the check cache's digest of
// a summary covers them.

// expansionUse is one "Expansion Words (ACR)" in a document, of an acronym
// the glossary may not know (acronym-expansion's acronymUse is a use of one
// it does).
type expansionUse struct {
	doc        *corpus.Document
	start, end int // source byte range of the expansion and acronym
	written    string
	norm       string
	context    string
	loose      bool // its initials do not spell the acronym (looseExpansion)
}

// expansionSmallWords may sit inside an expansion without giving it a letter.
var expansionSmallWords = map[string]bool{"of": true, "and": true, "the": true, "for": true, "on": true, "in": true,
	"to": true, "a": true, "an": true, "at": true, "by": true, "with": true, "from": true, "or": true, "&": true}

func checkAcronymVariants(p *Pass) {
	gp := restate.ProfileOf(p.Glossary)
	uses := map[string][]*expansionUse{}
	var acrs []string
	for _, s := range p.Summaries() {
		for _, u := range s.acronyms {
			acr := u.written[strings.LastIndexByte(u.written, '(')+1 : len(u.written)-1]
			if gp.Acronyms[acr] {
				continue
			}
			if _, ok := uses[acr]; !ok {
				acrs = append(acrs, acr)
			}
			uses[acr] = append(uses[acr], u)
		}
	}
	slices.Sort(acrs)
	for _, acr := range acrs {
		us := uses[acr]
		strict := map[string]bool{}
		for _, u := range us {
			if !u.loose {
				strict[u.norm] = true
			}
		}
		if len(strict) == 0 {
			continue // no expansion that spells it: nothing to hold the others to
		}
		docsBy := map[string]map[*corpus.Document]bool{}
		shown := map[string]string{}
		for _, u := range us {
			if docsBy[u.norm] == nil {
				docsBy[u.norm] = map[*corpus.Document]bool{}
				shown[u.norm] = u.written[:strings.LastIndexByte(u.written, '(')]
			}
			docsBy[u.norm][u.doc] = true
		}
		if len(docsBy) < 2 {
			continue
		}
		var norms []string
		for n := range docsBy {
			norms = append(norms, n)
		}
		slices.SortFunc(norms, func(a, b string) int {
			if strict[a] != strict[b] {
				if strict[a] {
					return -1 // an expansion that spells the acronym is the reference
				}
				return 1
			}
			if len(docsBy[a]) != len(docsBy[b]) {
				return len(docsBy[b]) - len(docsBy[a])
			}
			return strings.Compare(a, b)
		})
		ref := norms[0]
		refText := strings.TrimSpace(shown[ref])
		// Each expansion is named once, and its first uses are kept for
		// related locations; a finding names at most maxOthers and relates
		// at most maxRelated (see checkDescriptions).
		names := make(map[string]string, len(norms))
		uses := make(map[string][]Location, len(norms))
		for _, n := range norms {
			files := make([]string, 0, len(docsBy[n]))
			for d := range docsBy[n] {
				files = append(files, d.Rel)
			}
			slices.Sort(files)
			if len(files) > 3 {
				files = append(files[:3:3], fmt.Sprintf("%d more", len(files)-3))
			}
			names[n] = fmt.Sprintf("%q in %s", strings.TrimSpace(shown[n]), strings.Join(files, ", "))
		}
		for _, o := range us {
			if len(uses[o.norm]) < maxRelated {
				pos := o.doc.File.Position(o.start)
				uses[o.norm] = append(uses[o.norm], Location{File: o.doc.Path, Line: pos.Line, Column: pos.Column, Message: acr + " = " + strings.TrimSpace(shown[o.norm])})
			}
		}
		for _, u := range us {
			if u.norm == ref {
				continue
			}
			var others []string
			var related []Location
			for _, n := range norms {
				if len(others) == maxOthers && len(related) == maxRelated {
					break
				}
				if n == u.norm {
					continue
				}
				if len(others) < maxOthers {
					others = append(others, names[n])
				}
				related = append(related, uses[n][:min(len(uses[n]), maxRelated-len(related))]...)
			}
			if more := len(norms) - 1 - len(others); more > 0 {
				others = append(others, fmt.Sprintf("and %d more", more))
			}
			mine := strings.TrimSpace(u.written[:strings.LastIndexByte(u.written, '(')])
			p.Report(u.doc, u.start, u.end, Finding{
				Message:    fmt.Sprintf("%s is expanded as %q here but as %s; one acronym should stand for one thing across the guidance", acr, mine, strings.Join(others, "; ")),
				Suggestion: fmt.Sprintf("%s (%s)", refText, acr),
				Expected:   refText,
				Actual:     mine,
				Related:    related,
				Context:    u.context,
			})
		}
	}
}

// findExpansions finds "Expansion Words (ACR)" in a block: an acronym of two
// to ten capitals in brackets, after words whose initials spell it. Small
// words ("of", "and", "the") may be skipped; a hyphenated word gives the
// initial of each part or of its first part only ("Multi-Agency" is M or MA).
func findExpansions(bf *BlockFacts, d *corpus.Document) []*expansionUse {
	if !mayHoldExpansion(bf) {
		return nil
	}
	text := bf.Block.Run.Text
	toks := bf.Tokens
	if toks == nil {
		// Released after the document's own rules ran (see factStore.release).
		toks = analysis.Analyze(text)
	}
	var out []*expansionUse
	for k, tk := range toks {
		if k == 0 || tk.Start == 0 || tk.End >= len(text) || text[tk.Start-1] != '(' || text[tk.End] != ')' {
			continue
		}
		acr := text[tk.Start:tk.End]
		if !restate.CapsWord(acr) || len([]rune(acr)) > 10 {
			continue
		}
		// Words before the bracket, nearest first, grouped by hyphens.
		var words []expansionPart
		for j := k - 1; j >= 0 && len(words) < 16; j-- {
			gap := text[toks[j].End:toks[j+1].Start]
			if j == k-1 {
				if strings.TrimSpace(gap) != "(" {
					break
				}
			} else if strings.ContainsAny(gap, ".,;:()[]!?\"“”") {
				break
			}
			if j < k-1 && (gap == "-" || gap == "‐") && len(words) > 0 {
				w := &words[len(words)-1]
				w.parts = append([]int{j}, w.parts...)
				w.small = false
				continue
			}
			words = append(words, expansionPart{parts: []int{j}, small: expansionSmallWords[toks[j].Surface]})
		}
		letters := []rune(acr)
		// match reports how many words (from the nearest) spell letters[:n].
		var match func(wi, n int) int
		match = func(wi, n int) int {
			if n == 0 {
				return wi
			}
			if wi >= len(words) {
				return -1
			}
			w := words[wi]
			if w.small {
				// skipped ("Protection from Harassment") or counted
				// ("Single Point of Contact")
				if got := match(wi+1, n); got >= 0 {
					return got
				}
				r, _ := firstRune(text[toks[w.parts[0]].Start:toks[w.parts[0]].End])
				if unicode.ToUpper(r) == letters[n-1] {
					return match(wi+1, n-1)
				}
				return -1
			}
			initials := make([]rune, len(w.parts))
			for i, t := range w.parts {
				r, _ := firstRune(text[toks[t].Start:toks[t].End])
				initials[i] = unicode.ToUpper(r)
			}
			// every part gives a letter
			if len(initials) <= n && string(letters[n-len(initials):n]) == string(initials) {
				if got := match(wi+1, n-len(initials)); got >= 0 {
					return got
				}
			}
			// only the first part does
			if len(initials) > 1 && letters[n-1] == initials[0] {
				if got := match(wi+1, n-1); got >= 0 {
					return got
				}
			}
			return -1
		}
		nw := match(0, len(letters))
		loose := false
		if nw <= 0 {
			// "Victim Impact Statement (VPS)": capitalised words whose
			// initials do not spell the acronym. Kept, marked loose, so
			// that another document's expansion that does spell it can
			// show this one is different; never a reference itself.
			nw = looseExpansion(text, toks, words, len(letters))
			if nw <= 0 {
				continue
			}
			loose = true
		}
		first := words[nw-1].parts[0]
		if expansionSmallWords[toks[first].Surface] {
			continue
		}
		var norm []string
		for wi := nw - 1; wi >= 0; wi-- {
			for _, t := range words[wi].parts {
				if w := expansionWord(toks, t); w != "" {
					norm = append(norm, w)
				}
			}
		}
		rs, re := toks[first].Start, tk.End+1
		start, end := bf.Block.Run.Span(rs, re)
		s := bf.Sentences[bf.SentenceAt(rs)]
		out = append(out, &expansionUse{doc: d, start: start, end: end, written: text[rs:re], norm: strings.Join(norm, " "), context: s.Text(&bf.Block.Run), loose: loose})
	}
	return out
}

// mayHoldExpansion is false for a block findExpansions finds nothing in.
func mayHoldExpansion(bf *BlockFacts) bool {
	return strings.Contains(bf.Block.Run.Text, "(")
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		return r, i
	}
	return 0, 0
}

// expansionWord is the form in which a word of an acronym's expansion is
// compared, or "" for a word that does not tell two expansions apart:
// "and" and "&", and "the", are spelling, not meaning; "Her Majesty's"
// became "His Majesty's" with the monarch in 2022 and names the same body;
// "advisor" is a spelling of "adviser".
func expansionWord(toks []analysis.Token, t int) string {
	switch w := toks[t].Surface; w {
	case "and", "&", "the":
		return ""
	case "her", "his":
		if t+1 < len(toks) && strings.HasPrefix(toks[t+1].Surface, "majesty") {
			return ""
		}
	case "advisor", "advisors":
		return "adviser"
	case "hm", "hmg":
		// "HM Inspectorate" is "His Majesty's Inspectorate".
		return analysis.Analyze("majesty's")[0].Term
	}
	return toks[t].Term
}

// expansionPart is a word before an acronym's bracket: its tokens (a
// hyphenated word has several), and whether it is a small word that may
// give no letter.
type expansionPart struct {
	parts []int // token indices, in order
	small bool
}

// looseExpansion returns how many words before an acronym's bracket
// (nearest first) form a capitalised name of about the acronym's length,
// or 0: every word capitalised but small ones inside, at least two, and
// the farthest capitalised.
func looseExpansion(text string, toks []analysis.Token, words []expansionPart, letters int) int {
	caps, n := 0, 0
	for i, p := range words {
		w := text[toks[p.parts[0]].Start:toks[p.parts[0]].End]
		if caps > 0 && len(w) >= 3 && restate.CapsWord(w) {
			break // "HMIC and HM Crown ... (HMCPSI)": another body's acronym
		}
		if restate.Capitalised(w) {
			caps++
			n = i + 1
			continue
		}
		if !p.small {
			break // the first lower-case word ends the name
		}
	}
	if caps < 2 || caps < letters-2 || caps > letters+2 {
		return 0
	}
	return n
}
