package rules

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/glossary"
)

func init() {
	register(&Rule{
		ID:    "acronym-expansion",
		Title: "An acronym expanded differently from the glossary, or used before it is expanded",
		Rationale: "Readers outside the field meet SPO, ISAC, IDVA, CCB, PHA, DA JJP and FOUR for the first time in the document in front of them, and one acronym spelt out two ways in two documents reads as two different things. " +
			"For every glossary acronym the rule reports (a) an expansion that differs from the glossary's, in the forms \"Words (ACR)\", \"ACR (Words)\" and \"ACR stands for Words\", compared on analysed words so plurals and case do not matter (\"Stalking Protection Orders (SPOs)\" is right); and (b) the first use of the acronym when the document has not expanded it before then, in reading order, headings included and front matter not. " +
			"Acronyms are matched in capitals only, so \"four years\" is not FOUR. An Act's acronym may carry its year (\"Protection from Harassment Act 1997 (PHA 1997)\"); a bare \"PHA 1997\" in a citation before any expansion is a use before expansion. " +
			"Not flagged: a right expansion, plural or possessive forms, an acronym expanded at first use, a parenthesis that is plainly not an expansion (\"SPO (see below)\"); an expansion that is a misspelling or one-word change of the glossary wording or a deprecated phrase is left to variant-wording and deprecated-term, which name the slip more exactly.",
		Severity: Warning,
		Examples: []Example{
			{Title: "an acronym expanded differently", Markdown: "An Independent Stalking Advocate (ISAC) supports the victim throughout the case.\n", Want: []string{"acronym-expansion@1:4"}},
			{Title: "an acronym expanded differently, acronym first", Markdown: "Prosecutors should check whether an IDVA (Independent Domestic Abuse Adviser) is supporting the victim.\n", Want: []string{"acronym-expansion@1:43"}},
			{Title: "an acronym used before it is expanded", Markdown: "## Orders\n\nAn SPO can be made whether or not there is a prosecution. Police apply for a Stalking Protection Order (SPO) under s.1 of the Stalking Protection Act 2019.\n", Want: []string{"acronym-expansion@3:4"}},
			{Title: "an acronym never expanded", Markdown: "Under s.2A PHA 1997 stalking is a summary offence.\n", Want: []string{"acronym-expansion@1:12"}},
			{Title: "a heading uses the acronym first", Markdown: "## Charging CCB\n\nControlling or coercive behaviour (CCB) is an offence under s.76 of the Serious Crime Act 2015.\n", Want: []string{"acronym-expansion@1:13"}},
			{Title: "right expansions, plurals and later uses", Markdown: "Police may apply for Stalking Protection Orders (SPOs). An SPO lasts at least two years. The Protection from Harassment Act 1997 (PHA 1997) creates the offence; s.4A PHA 1997 is more serious.\n"},
			{Title: "the mnemonic followed by its expansion", Markdown: "Police use FOUR (Fixated, Obsessive, Unwanted, Repeated) to spot stalking. FOUR is not a legal test.\n"},
			{Title: "stands for", Markdown: "FOUR stands for Fixated, Obsessive, Unwanted, Repeated: a recognition aid. It is not a legal test.\n"},
			{Title: "four as a number", Markdown: "The defendant sent four messages over four days.\n"},
			{Title: "a parenthesis that is not an expansion", Markdown: "A Stalking Protection Order (SPO) protects the victim. The SPO (see below) may be varied.\n"},
		},
		Check: checkAcronyms,
	})
}

// acronymEntry is one glossary acronym and its expansion.
type acronymEntry struct {
	term      *glossary.Term
	words     []string // the acronym's words as written ("DA", "JJP")
	letters   string   // its letters, lower case ("dajjp")
	expansion []string // analysed expansion
	content   map[string]bool
	year      string // the expansion's closing number, for Acts ("1997")
}

type acronymIndex struct {
	byFirst map[string][]*acronymEntry // keyed by the first word, exact case
	// firstByte marks the bytes the keys of byFirst start with: a token
	// starting with any other byte is no acronym, which spares most tokens
	// of a document the map lookups.
	firstByte [256]bool
}

var acronymIndexes sync.Map // *glossary.Glossary → *acronymIndex

func acronymIndexFor(g *glossary.Glossary) *acronymIndex {
	if v, ok := acronymIndexes.Load(g); ok {
		return v.(*acronymIndex)
	}
	ix := &acronymIndex{byFirst: map[string][]*acronymEntry{}}
	for _, t := range g.Terms {
		if t.Acronym == "" || t.Expansion == "" {
			continue
		}
		a := &acronymEntry{term: t, words: strings.Fields(t.Acronym), content: map[string]bool{}}
		for _, r := range t.Acronym {
			if unicode.IsLetter(r) {
				a.letters += string(unicode.ToLower(r))
			}
		}
		for _, tk := range analysis.Analyze(t.Expansion) {
			a.expansion = append(a.expansion, tk.Term)
			if !analysis.IsStop(tk.Surface) && !isNumber(tk.Surface) {
				a.content[tk.Term] = true
			}
		}
		if n := len(a.expansion); n > 1 && isNumber(a.expansion[n-1]) {
			a.year = a.expansion[n-1]
		}
		if len(a.words) == 0 || len(a.expansion) == 0 {
			continue
		}
		ix.byFirst[a.words[0]] = append(ix.byFirst[a.words[0]], a)
		ix.firstByte[a.words[0][0]] = true
	}
	v, _ := acronymIndexes.LoadOrStore(g, ix)
	return v.(*acronymIndex)
}

// Where the words that may expand an acronym sit.
const (
	wordsBefore = iota // "Words (ACR)"
	wordsInside        // "ACR (Words)": the whole parenthesis
	wordsAfter         // "ACR stands for Words ...": up to a clause break
)

// acronymUse is one place an acronym is written: tokens [first, last).
type acronymUse struct {
	a           *acronymEntry
	block       *BlockFacts
	first, last int
	// expanded: the acronym is introduced here ("Words (ACR)", "ACR
	// (Words)", "ACR stands for Words"), rightly or not.
	expanded bool
	// wrong is the token range of an expansion that differs from the
	// glossary's; wrongFirst < 0 when there is none.
	wrongFirst, wrongLast int
}

// rawWord is a token as written, without a possessive.
func rawWord(text string, t analysis.Token) string {
	w := text[t.Start:t.End]
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// acronymAt matches an acronym at token i, in capitals, with a plural "s"
// allowed on its last word ("SPOs", "IDVAs").
func (ix *acronymIndex) acronymAt(text string, toks []analysis.Token, i int) (*acronymEntry, int) {
	// Both lookups below are of a prefix of the token.
	if t := toks[i]; t.Start >= t.End || !ix.firstByte[text[t.Start]] {
		return nil, 0
	}
	for _, a := range ix.byFirst[rawWord(text, toks[i])] {
		if m := matchAcronym(a, text, toks, i); m > 0 {
			return a, m
		}
	}
	if w := rawWord(text, toks[i]); strings.HasSuffix(w, "s") {
		for _, a := range ix.byFirst[w[:len(w)-1]] {
			if len(a.words) == 1 {
				return a, i + 1
			}
		}
	}
	return nil, 0
}

func matchAcronym(a *acronymEntry, text string, toks []analysis.Token, i int) int {
	for k, w := range a.words {
		j := i + k
		if j >= len(toks) {
			return 0
		}
		got := rawWord(text, toks[j])
		if k > 0 && strings.TrimSpace(text[toks[j-1].End:toks[j].Start]) != "" {
			return 0
		}
		if got != w && !(k == len(a.words)-1 && got == w+"s") {
			return 0
		}
	}
	return i + len(a.words)
}

// gapOpens reports whether the text between two tokens opens a parenthesis
// (white space and quotes aside); gapCloses whether it closes one, or goes
// on to a comma inside it ("(PHA 1997, s.2A)").
func gapOpens(gap string) bool { return strings.Trim(gap, " \t\n\"'‘’“”") == "(" }

func gapCloses(gap string) bool {
	g := strings.TrimLeft(gap, " \t\n\"'‘’“”")
	return strings.HasPrefix(g, ")") || strings.HasPrefix(g, ",")
}

const clauseBreak = ".;:!?()[]|"

func checkAcronyms(p *Pass) {
	ix := acronymIndexFor(p.Glossary)
	if len(ix.byFirst) == 0 {
		return
	}
	facts := p.Facts(p.Doc)
	var vx *variantIndex
	firstUse := map[*acronymEntry]*acronymUse{}
	expandedAt := map[*acronymEntry]*acronymUse{}
	var order []*acronymEntry
	for _, b := range facts.Blocks {
		text := b.Block.Run.Text
		toks := b.Tokens
		for i := 0; i < len(toks); i++ {
			a, last := ix.acronymAt(text, toks, i)
			if a == nil {
				continue
			}
			u := &acronymUse{a: a, block: b, first: i, last: last, wrongFirst: -1}
			classifyAcronymUse(u, text, toks)
			if u.wrongFirst >= 0 {
				if vx == nil {
					vx = variantIndexFor(p.Glossary)
				}
				if !expansionExplainedElsewhere(vx, b, u) {
					reportWrongExpansion(p, u)
				}
			}
			if firstUse[a] == nil {
				firstUse[a] = u
				order = append(order, a)
			}
			if u.expanded && expandedAt[a] == nil {
				expandedAt[a] = u
			}
			i = last - 1
		}
	}
	for _, a := range order {
		u := firstUse[a]
		if u.expanded {
			continue
		}
		run := &u.block.Block.Run
		s, e := u.block.Tokens[u.first].Start, u.block.Tokens[u.last-1].End
		written := run.Text[s:e]
		acr := strings.Join(a.words, " ")
		intro := a.term.Expansion + " (" + acr + ")"
		if a.year != "" && u.last < len(u.block.Tokens) && u.block.Tokens[u.last].Term == a.year {
			intro = a.term.Expansion + " (" + acr + " " + a.year + ")"
		}
		msg := fmt.Sprintf("%s is used here but never expanded in this document; a reader meeting it for the first time cannot tell it stands for %s", written, a.term.Expansion)
		if x := expandedAt[a]; x != nil {
			pos := p.Doc.File.Position(x.block.Block.Run.Offset(x.block.Tokens[x.first].Start))
			msg = fmt.Sprintf("%s is used here before it is expanded (at line %d); spell it out at its first use, where the reader first meets it", written, pos.Line)
		}
		start, end := run.Span(s, e)
		p.Report(p.Doc, start, end, Finding{
			Term:       a.term.ID,
			Message:    msg,
			Suggestion: fmt.Sprintf("write '%s' at first use", intro),
			Context:    u.block.Sentences[u.block.SentenceAt(s)].Text(run),
		})
	}
}

// classifyAcronymUse decides whether a use introduces the acronym, and
// whether the words that introduce it differ from the glossary expansion.
func classifyAcronymUse(u *acronymUse, text string, toks []analysis.Token) {
	a := u.a
	n := len(a.expansion)
	// "Words (ACR)", "Words (the ACR)", "Words (ACR 1997)".
	open := u.first
	if open > 0 && toks[open-1].Surface == "the" && open > 1 && gapOpens(text[toks[open-2].End:toks[open-1].Start]) {
		open--
	}
	after := u.last
	if a.year != "" && after < len(toks) && toks[after].Term == a.year && strings.TrimSpace(text[toks[after-1].End:toks[after].Start]) == "" {
		after++
	}
	rest := text[toks[after-1].End:]
	if after < len(toks) {
		rest = text[toks[after-1].End:toks[after].Start]
	}
	if open > 0 && gapCloses(rest) && gapOpens(text[toks[open-1].End:toks[open].Start]) {
		// The words before the parenthesis, back to a clause break.
		lo := open - 1
		for lo > 0 && open-lo < n+2 && !strings.ContainsAny(text[toks[lo-1].End:toks[lo].Start], clauseBreak) {
			lo--
		}
		judgeExpansion(u, toks, lo, open, wordsBefore)
		return
	}
	// "ACR (Words)", "ACR mnemonic (Words)", "ACR stands for Words".
	j := u.last
	if j < len(toks) && (toks[j].Surface == "mnemonic" || toks[j].Surface == "acronym") && strings.TrimSpace(text[toks[j-1].End:toks[j].Start]) == "" {
		j++
	}
	if j < len(toks) && gapOpens(text[toks[j-1].End:toks[j].Start]) {
		hi := j
		for hi < len(toks) && hi-j < n+8 {
			hi++
			// Full stops inside a parenthesis are abbreviations ("s.1").
			if hi == len(toks) || strings.ContainsAny(text[toks[hi-1].End:toks[hi].Start], "()[];!?|") {
				break
			}
		}
		endsWell := hi == len(toks) && strings.HasPrefix(strings.TrimSpace(text[toks[hi-1].End:]), ")") ||
			hi < len(toks) && strings.Contains(text[toks[hi-1].End:toks[hi].Start], ")")
		if endsWell {
			judgeExpansion(u, toks, j, hi, wordsInside)
		}
		return
	}
	j = u.last
	for _, lead := range [][]string{{"stand", "for"}, {"is", "short", "for"}} {
		if j+len(lead) >= len(toks) {
			continue
		}
		ok := true
		for k, w := range lead {
			if toks[j+k].Term != w || strings.ContainsAny(text[toks[j+k-1].End:toks[j+k].Start], clauseBreak) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		lo := j + len(lead)
		hi := lo
		for hi < len(toks) && hi-lo < n+2 {
			hi++
			if hi == len(toks) || strings.ContainsAny(text[toks[hi-1].End:toks[hi].Start], clauseBreak) {
				break
			}
		}
		judgeExpansion(u, toks, lo, hi, wordsAfter)
		return
	}
}

// judgeExpansion looks at the words toks[lo:hi] next to an acronym. Before
// it ("Words (ACR)") the expansion is their tail; after it their head; in a
// parenthesis all of them. It marks the use as an expansion when the
// words are the glossary expansion, or plainly an attempt at one (their
// initials spell the acronym, or they share at least half its content
// words), and records the differing span.
func judgeExpansion(u *acronymUse, toks []analysis.Token, lo, hi int, where int) {
	before := where == wordsBefore
	a := u.a
	stems := make([]string, 0, hi-lo)
	for _, t := range toks[lo:hi] {
		stems = append(stems, t.Term)
	}
	for _, want := range [][]string{a.expansion, yearless(a)} {
		if len(want) == 0 || len(want) > len(stems) {
			continue
		}
		var got []string
		if where == wordsBefore {
			got = stems[len(stems)-len(want):]
		} else {
			// After the acronym, and in a parenthesis that may go on
			// ("SPO (Stalking Protection Order, s.1 SPA 2019)").
			got = stems[:len(want)]
		}
		if slices.Equal(got, want) {
			u.expanded = true
			return
		}
	}
	// Not the glossary's words. Is it an expansion at all?
	w := toks[lo:hi]
	if where == wordsInside && len(w) > len(a.expansion)+2 {
		return // a longer aside, not an expansion
	}
	if !before && (len(w) == 0 || analysis.IsStop(w[0].Surface)) {
		return // a description ("ISAC (an adviser for stalking victims)"), not an expansion
	}
	span := -1
	if before {
		for k := len(w) - 1; k >= 0; k-- {
			if initialsOf(w[k:]) == a.letters && !analysis.IsStop(w[k].Surface) {
				span = k
				break
			}
		}
		if span < 0 {
			for k := range w {
				if a.content[w[k].Term] {
					if sharedContent(a, w[k:]) >= (len(a.content)+1)/2 {
						span = k
					}
					break
				}
			}
		}
		if span < 0 {
			return
		}
		u.expanded = true
		u.wrongFirst, u.wrongLast = lo+span, hi
		return
	}
	for k := len(w); k > 0; k-- {
		if initialsOf(w[:k]) == a.letters {
			span = k
			break
		}
	}
	if span < 0 && sharedContent(a, w) >= (len(a.content)+1)/2 {
		span = len(w)
		for where == wordsAfter && span > 0 && !a.content[w[span-1].Term] {
			span--
		}
	}
	if span <= 0 {
		return
	}
	u.expanded = true
	u.wrongFirst, u.wrongLast = lo, lo+span
}

func yearless(a *acronymEntry) []string {
	if a.year == "" {
		return nil
	}
	return a.expansion[:len(a.expansion)-1]
}

// initialsOf spells the first letters of the content words.
func initialsOf(w []analysis.Token) string {
	var b strings.Builder
	for _, t := range w {
		if analysis.IsStop(t.Surface) || isNumber(t.Surface) {
			continue
		}
		for _, r := range t.Surface {
			b.WriteRune(r)
			break
		}
	}
	return b.String()
}

func sharedContent(a *acronymEntry, w []analysis.Token) int {
	seen := map[string]bool{}
	for _, t := range w {
		if a.content[t.Term] {
			seen[t.Term] = true
		}
	}
	return len(seen)
}

// expansionExplainedElsewhere reports whether a differing expansion is
// deprecated wording or a near miss that variant-wording reports, which say
// more exactly what is wrong than "expanded differently".
func expansionExplainedElsewhere(vx *variantIndex, b *BlockFacts, u *acronymUse) bool {
	// Deprecated wording explains the difference when every word that is
	// not in the glossary expansion lies inside a deprecated phrase
	// ("stalking prevention order (SPO)").
	inExpansion := map[string]bool{}
	for _, s := range u.a.expansion {
		inExpansion[s] = true
	}
	explained, outside := true, 0
	for i := u.wrongFirst; i < u.wrongLast && explained; i++ {
		if inExpansion[b.Tokens[i].Term] {
			continue
		}
		outside++
		explained = false
		for _, m := range b.Matches {
			if m.Entry.Kind == glossary.KindDeprecated && m.First <= i && i < m.Last {
				explained = true
				break
			}
		}
	}
	if explained && outside > 0 {
		return true
	}
	for _, h := range vx.findVariants(b) {
		if h.first < u.wrongLast && h.last > u.wrongFirst && h.term() == u.a.term {
			return true
		}
	}
	return false
}

func reportWrongExpansion(p *Pass, u *acronymUse) {
	b := u.block
	run := &b.Block.Run
	s, e := b.Tokens[u.wrongFirst].Start, b.Tokens[u.wrongLast-1].End
	written := strings.Join(strings.Fields(run.Text[s:e]), " ")
	acr := strings.Join(u.a.words, " ")
	start, end := run.Span(s, e)
	p.Report(p.Doc, start, end, Finding{
		Term:       u.a.term.ID,
		Message:    fmt.Sprintf("%s is expanded here as %q, but the glossary expands it as %q; one acronym spelt out two ways reads as two different things", acr, written, u.a.term.Expansion),
		Suggestion: u.a.term.Expansion,
		Expected:   u.a.term.Expansion,
		Actual:     written,
		Context:    b.Sentences[b.SentenceAt(s)].Text(run),
	})
}
