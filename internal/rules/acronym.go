package rules

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

func init() {
	register(&Rule{
		ID:    "acronym-expansion",
		Title: "An acronym expanded differently from the glossary, or used before it is expanded",
		Rationale: "Readers outside the field meet SPO, ISAC, IDVA, CCB, PHA, DA JJP and FOUR for the first time in the document in front of them, and one acronym spelt out two ways in two documents reads as two different things. " +
			"For every glossary acronym the rule reports (a) an expansion that differs from the glossary's and (b) the first use of the acronym when the document has not expanded it before then, in reading order, front matter not. " +
			"An expansion is recognised in the forms \"Words (ACR)\", \"Words (the ACR)\", \"ACR (Words)\", \"ACR stands for Words\", in apposition (\"an ISAC, an independent stalking advocacy caseworker,\", \"Words, or ACR,\", \"ACR: Words\"), with a qualifier or the rest of a longer official name between the words and the parenthesis (\"Stalking Protection Order application (SPO)\"), in a glossary table or definition list (a cell or term that is just the acronym, with a cell of the same row or the description under it beginning with the expansion), and as a bulleted acrostic: a list whose items begin with its letters in order (FOUR as \"Fixated\", \"Obsessive\", \"Unwanted\", \"Repeated\"), named in the block before it, the heading just above that, or the block after it; a longer list counts when its first items are the expansion's own words, and an acrostic with one word changed is a wrong expansion. " +
			"Words are compared after analysis, so case, plurals and \"&\" for \"and\" do not matter (\"Stalking Protection Orders (SPOs)\" and \"stalking protection order (SPO)\" are right), and the glossary's admitted expansions are as right as the preferred one (IDVA as \"Independent Domestic Abuse Adviser\" or \"…Advocate\"); the suggestion is always the preferred one. " +
			"A wrong expansion is words that are plainly an attempt at one but not an accepted form: they share at least half the expansion's words, whether or not their initials still spell the acronym (\"Stalking Protection Notice (SPO)\", \"Independent Stalking Advocate Caseworker (ISAC)\"). Its confidence is 0.8 when two or more words differ from every accepted form, 0.6 when one does (a slip the reader may read past), 0.5 when only small words such as \"and\" for \"or\" differ or when lower-case words stand before a proper name's acronym (perhaps a description). " +
			"Words before the bracket that share less than that are not an expansion of it: a name with the same initials (\"Senior Policy Officer (SPO)\") gives the letters the document's own meaning and is left alone, and any other phrase leaves the acronym unexpanded. " +
			"A first use before expansion is a warning with confidence 0.6: a reader may know the acronym, but guidance should not assume it. When the document never expands the acronym but links to a glossary, the reader has one click to the meaning, so it is info. " +
			"Where a reader first meets an acronym: not in a contents list (a block that is nothing but links to the document's own headings), which repeats the headings; and not in a heading whose first paragraph (subheadings skipped) spells the acronym out, which is how guidance introduces a topic (\"## Charging CCB\" then \"Controlling or coercive behaviour (CCB) is …\"); a heading whose first paragraph does not expand it is a first use. A question standing alone as a paragraph (an FAQ's \"What is an SPO?\") is read as a heading. " +
			"Acronyms are matched in capitals only, so \"four years\" is not FOUR. An Act's acronym may carry its year (\"Protection from Harassment Act 1997 (PHA 1997)\"); a bare \"PHA 1997\" in a citation before any expansion is a use before expansion. " +
			"Not flagged: a right or admitted expansion, plural or possessive forms, an acronym expanded at first use, a parenthesis that is plainly not an expansion (\"SPO (see below)\"); an expansion that is a misspelling or one-word change of the glossary wording or a deprecated phrase is left to variant-wording and deprecated-term, which name the slip more exactly.",
		Severity: Warning,
		Examples: []Example{
			{Title: "an acronym expanded differently", Markdown: "An Independent Stalking Advocate (ISAC) supports the victim throughout the case.\n", Want: []string{"acronym-expansion@1:4"}},
			{Title: "an acronym expanded differently, acronym first", Markdown: "Prosecutors should check whether an ISAC (Independent Stalking Adviser) is supporting the victim.\n", Want: []string{"acronym-expansion@1:43"}},
			{Title: "a wrong expansion whose initials no longer spell the acronym", Markdown: "A Stalking Protection Notice (SPO) can last for years.\n", Want: []string{"acronym-expansion@1:3"}},
			{Title: "a name of its own with the same letters", Markdown: "The Senior Policy Officer (SPO) approved the update. The SPO reviews it each year.\n"},
			{Title: "an admitted expansion", Markdown: "Prosecutors should check whether an Independent Domestic Abuse Adviser (IDVA) is supporting the victim.\n"},
			{Title: "an acronym used before it is expanded", Markdown: "## Orders\n\nAn SPO can be made whether or not there is a prosecution. Police apply for a Stalking Protection Order (SPO) under s.1 of the Stalking Protection Act 2019.\n", Want: []string{"acronym-expansion@3:4"}},
			{Title: "an acronym never expanded", Markdown: "Under s.2A PHA 1997 stalking is a summary offence.\n", Want: []string{"acronym-expansion@1:12"}},
			{Title: "never expanded, in a page that links to a glossary (info)", Markdown: "Under s.2A PHA 1997 stalking is a summary offence. See the [glossary](glossary.md).\n", Want: []string{"acronym-expansion@1:12"}},
			{Title: "a heading expanded in the paragraph under it", Markdown: "## Charging CCB\n\nControlling or coercive behaviour (CCB) is an offence under s.76 of the Serious Crime Act 2015.\n"},
			{Title: "a heading uses the acronym first", Markdown: "## Charging CCB\n\nThe offence is triable either way.\n\nControlling or coercive behaviour (CCB) is an offence under s.76 of the Serious Crime Act 2015.\n", Want: []string{"acronym-expansion@1:13"}},
			{Title: "a contents list is not a first use", Markdown: "- [When to apply for an SPO](#when-to-apply-for-an-spo)\n- [Breach](#breach)\n\n## When to apply for an SPO\n\nPolice apply for a Stalking Protection Order (SPO) to the magistrates' court.\n\n## Breach\n\nBreach of an SPO is an offence.\n"},
			{Title: "a glossary table", Markdown: "| Short form | Meaning |\n|---|---|\n| ISAC | Independent Stalking Advocacy Caseworker |\n| SPO | Stalking Protection Order, a civil order |\n"},
			{Title: "an FAQ question answered with the expansion", Markdown: "What does an ISAC do?\n\nAn Independent Stalking Advocacy Caseworker (ISAC) supports the victim from report to trial.\n"},
			{Title: "apposition", Markdown: "The victim may have an ISAC, an independent stalking advocacy caseworker, who explains each step. A Stalking Protection Order, or SPO, can also help.\n"},
			{Title: "a bulleted acrostic", Markdown: "Officers remember FOUR:\n\n- Fixated\n- Obsessive\n- Unwanted\n- Repeated\n\nFOUR is not a legal test.\n"},
			{Title: "a bulleted acrostic with a word changed", Markdown: "Officers remember FOUR:\n\n- Fixated\n- Obsessive\n- Unwanted\n- Recurring\n", Want: []string{"acronym-expansion@6:3"}},
			{Title: "a qualifier or a longer name before the parenthesis", Markdown: "The Stalking Protection Order application (SPO) goes to the magistrates' court. The Home Office Domestic Abuse Joint Justice Plan 2024 (DA JJP) names stalking.\n"},
			{Title: "right expansions, plurals and later uses", Markdown: "Police may apply for Stalking Protection Orders (SPOs). An SPO lasts at least two years. The Protection from Harassment Act 1997 (PHA 1997) creates the offence; s.4A PHA 1997 is more serious.\n"},
			{Title: "the mnemonic followed by its expansion", Markdown: "Police use FOUR (Fixated, Obsessive, Unwanted, Repeated) to spot stalking. FOUR is not a legal test.\n"},
			{Title: "stands for", Markdown: "FOUR stands for Fixated, Obsessive, Unwanted, Repeated: a recognition aid. It is not a legal test.\n"},
			{Title: "four as a number", Markdown: "The defendant sent four messages over four days.\n"},
			{Title: "a parenthesis that is not an expansion", Markdown: "A Stalking Protection Order (SPO) protects the victim. The SPO (see below) may be varied.\n"},
		},
		Check: checkAcronyms,
	})
}

// acronymEntry is one glossary acronym and its expansions.
type acronymEntry struct {
	term      *glossary.Term
	words     []string // the acronym's words as written ("DA", "JJP")
	letters   string   // its letters, lower case ("dajjp")
	expansion []string // the analysed preferred expansion
	// forms are every expansion the rule accepts, analysed: the preferred
	// one and the glossary's admitted ones, each also without an Act's
	// closing year, and a list ("Fixated, Obsessive, Unwanted, Repeated")
	// also with "and" before its last item. formContent holds the content
	// words of each, for counting how many words a wrong expansion changes.
	forms       [][]string
	formContent [][]string
	longest     int             // the most words in a form
	content     map[string]bool // content words of the preferred expansion
	related     map[string]bool // content words of every form
	year        string          // the expansion's closing number, for Acts ("1997")
}

// addForm adds an accepted expansion as written, with its variants.
func (a *acronymEntry) addForm(written string) {
	var stems, content []string
	for _, tk := range analysis.Analyze(written) {
		stems = append(stems, tk.Term)
		if !analysis.IsStop(tk.Surface) && !isNumber(tk.Surface) {
			content = append(content, tk.Term)
			a.related[tk.Term] = true
		}
	}
	add := func(f []string) {
		for _, g := range a.forms {
			if slices.Equal(f, g) {
				return
			}
		}
		a.forms = append(a.forms, f)
		a.formContent = append(a.formContent, content)
		a.longest = max(a.longest, len(f))
	}
	n := len(stems)
	if n == 0 {
		return
	}
	add(stems)
	if n > 1 && isNumber(stems[n-1]) {
		add(stems[:n-1])
	}
	if n > 2 && strings.Contains(written, ",") && stems[n-2] != "and" {
		add(append(slices.Clip(stems[:n-1]), "and", stems[n-1]))
	}
}

type acronymIndex struct {
	all     []*acronymEntry
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
		a := &acronymEntry{term: t, words: strings.Fields(t.Acronym), content: map[string]bool{}, related: map[string]bool{}}
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
		a.addForm(t.Expansion)
		for _, ad := range t.Admitted {
			a.addForm(ad.Expansion)
		}
		ix.all = append(ix.all, a)
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
	bi          int // the block's index in DocFacts.Blocks
	first, last int
	// expanded: the acronym is introduced here ("Words (ACR)", "ACR
	// (Words)", "ACR stands for Words", "ACR, Words," or a bulleted
	// acrostic after it), rightly or not.
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
	navWords := inPageLinkWords(p.Doc)
	var vx *variantIndex
	uses := map[*acronymEntry][]*acronymUse{}
	byBlock := make([][]*acronymUse, len(facts.Blocks))
	var order []*acronymEntry
	for bi, b := range facts.Blocks {
		if n := navWords[b.Block]; n > 0 && n >= len(b.Tokens) {
			// An entry of a contents list: the heading it names is
			// where the reader meets the words.
			continue
		}
		text := b.Block.Run.Text
		toks := b.Tokens
		if shouting(text, toks) {
			// "FOUR WAYS TO STAY SAFE": a line written in capitals holds
			// words, not acronyms.
			continue
		}
		for i := 0; i < len(toks); i++ {
			a, last := ix.acronymAt(text, toks, i)
			if a == nil {
				continue
			}
			u := &acronymUse{a: a, block: b, bi: bi, first: i, last: last, wrongFirst: -1}
			classifyAcronymUse(u, text, toks)
			if !u.expanded && (expandedBeside(u, facts.Blocks) || expandedNearby(u, facts.Blocks)) {
				u.expanded = true
			}
			if u.wrongFirst >= 0 {
				if vx == nil {
					vx = variantIndexFor(p.Glossary)
				}
				if !expansionExplainedElsewhere(vx, b, u) {
					reportWrongExpansion(p, u)
				}
			}
			if uses[a] == nil {
				order = append(order, a)
			}
			uses[a] = append(uses[a], u)
			byBlock[bi] = append(byBlock[bi], u)
			i = last - 1
		}
	}
	for _, ac := range findAcrostics(ix, facts.Blocks, byBlock) {
		if ac.wrong >= 0 {
			reportWrongAcrostic(p, ac)
		}
	}
	headings := map[*corpus.Block]*corpus.Heading{}
	for _, h := range p.Doc.Headings {
		headings[h.Block] = h
	}
	glossaryLinked := linksToGlossary(p.Doc)
	for _, a := range order {
		var first, expandedAt *acronymUse
		for _, u := range uses[a] {
			if u.expanded {
				expandedAt = u
				break
			}
			if first == nil && !introducedUnder(u, facts.Blocks, byBlock, headings) {
				first = u
			}
		}
		if first == nil {
			continue
		}
		reportFirstUse(p, first, expandedAt, glossaryLinked)
	}
}

// reportFirstUse reports an acronym met before the document expands it.
func reportFirstUse(p *Pass, u, expandedAt *acronymUse, glossaryLinked bool) {
	a := u.a
	run := &u.block.Block.Run
	s, e := u.block.Tokens[u.first].Start, u.block.Tokens[u.last-1].End
	written := run.Text[s:e]
	acr := strings.Join(a.words, " ")
	intro := a.term.Expansion + " (" + acr + ")"
	if a.year != "" && u.last < len(u.block.Tokens) && u.block.Tokens[u.last].Term == a.year {
		intro = a.term.Expansion + " (" + acr + " " + a.year + ")"
	}
	f := Finding{
		Term:       a.term.ID,
		Message:    fmt.Sprintf("%s is used here but never expanded in this document; a reader meeting it for the first time cannot tell it stands for %s", written, a.term.Expansion),
		Suggestion: fmt.Sprintf("write '%s' at first use", intro),
		Context:    u.block.Sentences[u.block.SentenceAt(s)].Text(run),
		Confidence: 0.6,
	}
	switch {
	case expandedAt != nil:
		pos := p.Doc.File.Position(expandedAt.block.Block.Run.Offset(expandedAt.block.Tokens[expandedAt.first].Start))
		f.Message = fmt.Sprintf("%s is used here before it is expanded (at line %d); spell it out at its first use, where the reader first meets it", written, pos.Line)
	case glossaryLinked:
		// The page sends its readers to a glossary that spells the
		// acronym out: a note, not a warning.
		f.Severity, f.Confidence = Info, 0.4
		f.Message = fmt.Sprintf("%s is never expanded in this document; the glossary it links to spells it out, but writing %s at first use saves the reader the trip", written, a.term.Expansion)
	}
	start, end := run.Span(s, e)
	p.Report(p.Doc, start, end, f)
}

// classifyAcronymUse decides whether a use introduces the acronym, and
// whether the words that introduce it differ from the glossary expansion.
func classifyAcronymUse(u *acronymUse, text string, toks []analysis.Token) {
	a := u.a
	n := len(a.expansion)
	// "Words (ACR)", "Words (the ACR)", "Words (or ACR)", "Words (ACR 1997)".
	open := u.first
	for k := 0; k < 2 && open > 1; k++ {
		if w := toks[open-1].Surface; w != "the" && w != "or" || strings.TrimSpace(text[toks[open-1].End:toks[open].Start]) != "" {
			break
		}
		open--
	}
	if open != u.first && !gapOpens(text[toks[open-1].End:toks[open].Start]) {
		open = u.first
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
		// The words before the parenthesis, back to a clause break: room
		// for the longest form and a qualifier after it ("Stalking
		// Protection Order application (SPO)").
		lo := open - 1
		for lo > 0 && open-lo < a.longest+maxQualifier+1 && !strings.ContainsAny(text[toks[lo-1].End:toks[lo].Start], clauseBreak) {
			lo--
		}
		judgeExpansion(u, text, toks, lo, open, wordsBefore)
		return
	}
	// "Words, or ACR", "Words – ACR".
	if appositionBefore(a, text, toks, u.first) {
		u.expanded = true
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
			judgeExpansion(u, text, toks, j, hi, wordsInside)
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
		for hi < len(toks) && hi-lo < a.longest+2 {
			hi++
			if hi == len(toks) || strings.ContainsAny(text[toks[hi-1].End:toks[hi].Start], clauseBreak) {
				break
			}
		}
		judgeExpansion(u, text, toks, lo, hi, wordsAfter)
		return
	}
	// "ACR, Words," "ACR: Words".
	if appositionAfter(a, text, toks, after) {
		u.expanded = true
	}
}

// maxQualifier is how many words may stand between an expansion and its
// parenthesised acronym: a qualifier ("service", "application process")
// or the rest of a longer official name.
const maxQualifier = 3

// judgeExpansion looks at the words toks[lo:hi] next to an acronym. Before
// it ("Words (ACR)") the expansion is their tail, perhaps followed by a
// qualifier; after it their head; in a parenthesis all of them. It marks
// the use as an expansion when the words are an accepted expansion, or
// plainly an attempt at one, and records the differing span. An attempt
// is words sharing at least half the content words of the expansion, with
// or without initials that spell the acronym ("Stalking Protection Notice
// (SPO)", "Independent Stalking Advocate Caseworker (ISAC)"). Words whose
// initials spell
// the acronym but share less than half its words are another name with the
// same letters ("Senior Policy Officer (SPO)"): the document gives the
// acronym a meaning of its own, which is not this rule's business.
func judgeExpansion(u *acronymUse, text string, toks []analysis.Token, lo, hi int, where int) {
	before := where == wordsBefore
	a := u.a
	if a.formAt(stemsOf(text, toks, lo, hi), where) {
		u.expanded = true
		return
	}
	// Not an accepted expansion. Is it an expansion at all?
	w := toks[lo:hi]
	if where == wordsInside && len(w) > a.longest+2 {
		return // a longer aside, not an expansion
	}
	if !before && (len(w) == 0 || analysis.IsStop(w[0].Surface)) {
		return // a description ("ISAC (an adviser for stalking victims)"), not an expansion
	}
	span := -1
	if before {
		if n := len(a.expansion) + 2; len(w) > n {
			lo += len(w) - n
			w = w[len(w)-n:]
		}
		for k := len(w) - 1; k >= 0; k-- {
			if initialsOf(w[k:]) == a.letters && !analysis.IsStop(w[k].Surface) {
				span = k
				break
			}
		}
		if span >= 0 && sharedRelated(a, w[span:]) < (len(a.content)+1)/2 {
			// A name of its own with the same letters.
			u.expanded = true
			return
		}
		if span < 0 {
			for k := range w {
				if a.related[w[k].Term] {
					if sharedRelated(a, w[k:]) >= (len(a.content)+1)/2 {
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
	if span < 0 && sharedRelated(a, w) >= (len(a.content)+1)/2 {
		span = len(w)
		for where == wordsAfter && span > 0 && !a.related[w[span-1].Term] {
			span--
		}
	}
	if span <= 0 {
		return
	}
	u.expanded = true
	u.wrongFirst, u.wrongLast = lo, lo+span
}

// formAt reports whether analysed words hold an accepted expansion where
// the acronym's expansion goes: at their end, before at most maxQualifier
// words that join nothing ("Stalking Protection Order application (SPO)",
// not "Stalking Protection Order or restraining order (SPO)"), for words
// before the acronym; at their start otherwise.
func (a *acronymEntry) formAt(stems []string, where int) bool {
	for _, f := range a.forms {
		if len(f) > len(stems) {
			continue
		}
		if where != wordsBefore {
			// After the acronym, and in a parenthesis that may go on
			// ("SPO (Stalking Protection Order, s.1 SPA 2019)").
			if slices.Equal(stems[:len(f)], f) {
				return true
			}
			continue
		}
		for q := 0; q <= maxQualifier && q+len(f) <= len(stems); q++ {
			end := len(stems) - q
			if slices.Contains(stems[end:], "and") || slices.Contains(stems[end:], "or") {
				break
			}
			if slices.Equal(stems[end-len(f):end], f) {
				return true
			}
		}
	}
	return false
}

// stemsOf is the analysed words of toks[lo:hi], with an ampersand between
// two of them read as "and" ("Crime & Disorder Act", or "&amp;" as the
// Markdown source may keep it).
func stemsOf(text string, toks []analysis.Token, lo, hi int) []string {
	out := make([]string, 0, hi-lo+1)
	for i := lo; i < hi; i++ {
		if i > lo && strings.Contains(text[toks[i-1].End:toks[i].Start], "&") {
			out = append(out, "and")
			if toks[i].Surface == "amp" && strings.HasPrefix(text[toks[i].End:], ";") {
				continue
			}
		}
		out = append(out, spellingFold(toks[i]))
	}
	return out
}

// spellings are words written two ways in British public-sector usage that
// mean the same; an expansion written with either is the same expansion.
var spellings = map[string]string{"advisor": "adviser", "advisors": "advisers", "organization": "organisation",
	"organizations": "organisations", "judgment": "judgement", "programs": "programmes", "program": "programme"}

// spellingFold is a token's analysed form, with its spelling made one.
func spellingFold(t analysis.Token) string {
	if w, ok := spellings[t.Surface]; ok {
		if a := analysis.Analyze(w); len(a) == 1 {
			return a[0].Term
		}
	}
	return t.Term
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

// sharedRelated counts the words w shares with any accepted expansion.
func sharedRelated(a *acronymEntry, w []analysis.Token) int {
	seen := map[string]bool{}
	for _, t := range w {
		if a.related[t.Term] {
			seen[t.Term] = true
		}
	}
	return len(seen)
}

// changedWords is how many content words separate words from the closest
// accepted expansion: a substituted word counts once.
func changedWords(a *acronymEntry, got []string) int {
	best := -1
	for _, f := range a.formContent {
		extra, missing := 0, 0
		for _, g := range got {
			if !slices.Contains(f, g) {
				extra++
			}
		}
		for _, w := range f {
			if !slices.Contains(got, w) {
				missing++
			}
		}
		if d := max(extra, missing); best < 0 || d < best {
			best = d
		}
	}
	return best
}

// expansionExplainedElsewhere reports whether a differing expansion is
// deprecated wording or a near miss that variant-wording reports, which say
// more exactly what is wrong than "expanded differently".
func expansionExplainedElsewhere(vx *variantIndex, b *BlockFacts, u *acronymUse) bool {
	// Deprecated wording explains the difference when every word that is
	// not in an accepted expansion lies inside a deprecated phrase
	// ("stalking prevention order (SPO)").
	inExpansion := map[string]bool{}
	for _, f := range u.a.forms {
		for _, s := range f {
			inExpansion[s] = true
		}
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
	var got []string
	for _, t := range b.Tokens[u.wrongFirst:u.wrongLast] {
		if !analysis.IsStop(t.Surface) && !isNumber(t.Surface) {
			got = append(got, t.Term)
		}
	}
	s, e := b.Tokens[u.wrongFirst].Start, b.Tokens[u.wrongLast-1].End
	written := strings.Join(strings.Fields(b.Block.Run.Text[s:e]), " ")
	confidence := wrongConfidence(u.a, got)
	if capitalisedName(u.a.term.Expansion) && !capitalisedName(written) {
		// Lower-case words before a proper name's acronym may be a
		// description rather than an attempt at the name.
		confidence = min(confidence, 0.5)
	}
	reportWrong(p, u.a, b, s, e, written, confidence)
}

// wrongConfidence: two or more changed words are plainly a second meaning
// for the acronym; one may be a slip the reader reads past; none (only small
// words differ, "and" for "or") is the least sure.
func wrongConfidence(a *acronymEntry, got []string) float64 {
	switch changedWords(a, got) {
	case 0:
		return 0.5
	case 1:
		return 0.6
	}
	return 0.8
}

// capitalisedName reports whether written words start with a capital.
func capitalisedName(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}

// reportWrong reports the expansion written at bytes [s, e) of a block.
func reportWrong(p *Pass, a *acronymEntry, b *BlockFacts, s, e int, written string, confidence float64) {
	run := &b.Block.Run
	acr := strings.Join(a.words, " ")
	start, end := run.Span(s, e)
	p.Report(p.Doc, start, end, Finding{
		Term:       a.term.ID,
		Message:    fmt.Sprintf("%s is expanded here as %q, but the glossary expands it as %q; one acronym spelt out two ways reads as two different things", acr, written, a.term.Expansion),
		Suggestion: a.term.Expansion,
		Expected:   a.term.Expansion,
		Actual:     written,
		Context:    b.Sentences[b.SentenceAt(s)].Text(run),
		Confidence: confidence,
	})
}
