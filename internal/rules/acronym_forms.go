package rules

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
)

// The forms of expansion beyond the parenthesis and "stands for", and the
// parts of a document that are not where a reader first meets an acronym.

// appositionLead are the words that may stand between an expansion and an
// acronym that follows it in apposition ("…, or ISAC", "…, known as the SPO").
var appositionLead = map[string]bool{"or": true, "the": true, "known": true, "as": true, "also": true, "called": true}

// appositionBefore reports whether an accepted expansion stands just before
// the acronym at token first, set off by a comma or dash ("an Independent
// Stalking Advocacy Caseworker, or ISAC,") or joined by "or" or "known as"
// ("a Stalking Protection Order or SPO"). Only an accepted expansion counts:
// other words in this position are too often a list or a description.
func appositionBefore(a *acronymEntry, text string, toks []analysis.Token, first int) bool {
	i, joined := first, false
	for k := 0; k < 3 && i > 0; k++ {
		w := toks[i-1].Surface
		if !appositionLead[w] || strings.TrimSpace(text[toks[i-1].End:toks[i].Start]) != "" {
			break
		}
		joined = joined || w == "or" || w == "known" || w == "called"
		i--
	}
	if i == 0 {
		return false
	}
	switch strings.Trim(text[toks[i-1].End:toks[i].Start], " \t\n\"'‘’“”") {
	case ",", "–", "—", "-":
	case "":
		if !joined {
			return false
		}
	default:
		return false
	}
	stems := stemsOf(text, toks, max(0, i-a.longest-2), i)
	for _, f := range a.forms {
		if len(f) <= len(stems) && slices.Equal(stems[len(stems)-len(f):], f) {
			return true
		}
	}
	return false
}

// appositionAfter reports whether an accepted expansion follows the acronym
// (ending at token after) set off by a comma, colon or dash, perhaps after
// an article: "an ISAC, an independent stalking advocacy caseworker, who",
// "FOUR: Fixated, Obsessive, Unwanted and Repeated".
func appositionAfter(a *acronymEntry, text string, toks []analysis.Token, after int) bool {
	if after >= len(toks) {
		return false
	}
	switch strings.Trim(text[toks[after-1].End:toks[after].Start], " \t\n\"'‘’“”") {
	case ",", ":", "–", "—", "-":
	default:
		return false
	}
	j := after
	for k := 0; k < 2 && j+1 < len(toks); k++ {
		w := toks[j].Surface
		if w != "a" && w != "an" && w != "the" && w != "or" || strings.TrimSpace(text[toks[j].End:toks[j+1].Start]) != "" {
			break
		}
		j++
	}
	return a.formAt(stemsOf(text, toks, j, min(len(toks), j+a.longest+2)), wordsAfter)
}

// inPageLinkWords counts, per block, the words of its links to the
// document's own headings ("#anchor"). A block that is nothing but such
// links is an entry of a contents list: navigation, not the place a reader
// meets the words, which is the heading it links to.
func inPageLinkWords(d *corpus.Document) map[*corpus.Block]int {
	var n map[*corpus.Block]int
	for _, l := range d.Links {
		if l.Block == nil || !strings.HasPrefix(l.Dest, "#") {
			continue
		}
		if n == nil {
			n = map[*corpus.Block]int{}
		}
		n[l.Block] += len(analysis.Analyze(l.Text))
	}
	// A contents list written without links: list items that repeat a
	// heading of the page word for word.
	headings := map[string]bool{}
	for _, h := range d.Headings {
		headings[strings.ToLower(strings.TrimSpace(h.Text))] = true
	}
	for _, b := range d.Blocks {
		if b.InList && b.Kind != corpus.HeadingBlock && headings[strings.ToLower(strings.TrimSpace(b.Run.Text))] {
			if n == nil {
				n = map[*corpus.Block]int{}
			}
			n[b] = len(analysis.Analyze(b.Run.Text))
		}
	}
	return n
}

// linksToGlossary reports whether the document sends its readers to a
// glossary.
func linksToGlossary(d *corpus.Document) bool {
	for _, l := range d.Links {
		if strings.Contains(strings.ToLower(l.Dest), "glossary") || strings.Contains(strings.ToLower(l.Text), "glossary") {
			return true
		}
	}
	return false
}

// introducedUnder reports whether a use in a heading is spelt out in the
// first prose under that heading (subheadings skipped): "## SPOs" followed
// by "A Stalking Protection Order (SPO) is …". Guidance names a topic by
// its short form in the heading and opens the section with the full name;
// the reader meets the two together, so the heading is not a use before
// expansion. Any other use in a heading is. A question standing alone as a
// paragraph is an FAQ's heading ("What is an SPO?") and is read the same way.
func introducedUnder(u *acronymUse, blocks []*BlockFacts, byBlock [][]*acronymUse, headings map[*corpus.Block]*corpus.Heading) bool {
	level := 7 // a question paragraph: any heading ends its answer
	switch b := u.block; {
	case b.Block.Kind == corpus.HeadingBlock:
		level = 0
		if h := headings[b.Block]; h != nil {
			level = h.Level
		}
	case len(b.Sentences) != 1 || !strings.HasSuffix(strings.TrimSpace(b.Block.Run.Text), "?"):
		return false
	}
	for k := u.bi + 1; k < len(blocks); k++ {
		if b := blocks[k].Block; b.Kind == corpus.HeadingBlock {
			if h := headings[b]; h != nil && h.Level > level {
				continue
			}
			return false
		}
		for _, v := range byBlock[k] {
			if v.a == u.a && v.expanded {
				return true
			}
		}
		return false
	}
	return false
}

// acrostic is a bulleted list whose items begin with the acronym's letters
// in order, named just before the list: "FOUR:" then "- Fixated …",
// "- Obsessive …", "- Unwanted …", "- Repeated …".
type acrostic struct {
	a     *acronymEntry
	items []*BlockFacts
	at    []int // the token of each item that spells a letter
	wrong int   // the one item whose word differs from the glossary's, or -1
}

// findAcrostics finds the acrostic lists of a document and marks the uses
// that name them as expanded.
func findAcrostics(ix *acronymIndex, blocks []*BlockFacts, byBlock [][]*acronymUse) []acrostic {
	var out []acrostic
	for _, l := range listRuns(blocks) {
		if ac, ok := acrosticAt(ix, blocks, byBlock, l[0], l[1]); ok {
			out = append(out, ac)
		}
	}
	return out
}

// listRuns returns the lists of a document as [start, end) ranges of
// blocks: consecutive list items of one list.
func listRuns(blocks []*BlockFacts) [][2]int {
	var out [][2]int
	for i := 0; i < len(blocks); {
		b := blocks[i].Block
		if !b.InList {
			i++
			continue
		}
		j := i + 1
		for j < len(blocks) && blocks[j].Block.InList && blocks[j].Block.Group == b.Group {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// acrosticAt reads the list blocks[i:j] as an acrostic. Every item counts,
// so a longer list that merely starts with the right letters is not one,
// unless its first items are the expansion's own words.
func acrosticAt(ix *acronymIndex, blocks []*BlockFacts, byBlock [][]*acronymUse, i, j int) (acrostic, bool) {
	n := j - i
	if n < 3 {
		return acrostic{}, false
	}
	at := make([]int, n)
	initials := make([]rune, n)
	got := make([]string, n)
	for k := range n {
		toks := blocks[i+k].Tokens
		if len(toks) == 0 {
			n = k
			break
		}
		// "F – Fixated", "F: Fixated": the letter, then its word.
		if len(toks) > 1 && utf8.RuneCountInString(toks[0].Surface) == 1 && strings.HasPrefix(toks[1].Surface, toks[0].Surface) {
			at[k] = 1
		}
		initials[k], _ = utf8.DecodeRuneInString(toks[at[k]].Surface)
		got[k] = toks[at[k]].Term
	}
	for _, a := range ix.all {
		m := utf8.RuneCountInString(a.letters)
		if m < 3 || m > n || string(initials[:m]) != a.letters {
			continue
		}
		right := slices.ContainsFunc(a.formContent, func(f []string) bool { return slices.Equal(f, got[:m]) })
		if m < j-i && !right {
			continue
		}
		lead := namedBeside(a, blocks, byBlock, i, j)
		if len(lead) == 0 {
			continue
		}
		for _, u := range lead {
			u.expanded = true
		}
		ac := acrostic{a: a, items: blocks[i : i+m], at: at[:m], wrong: -1}
		if right {
			return ac, true
		}
		// One changed word is a slip worth naming; more is a list of its
		// own that happens to share the letters.
		if want := a.formContent[0]; len(want) == m {
			for k := range m {
				if got[k] != want[k] {
					if ac.wrong >= 0 {
						ac.wrong = -1
						break
					}
					ac.wrong = k
				}
			}
		}
		return ac, true
	}
	return acrostic{}, false
}

// namedBeside returns the uses of an acronym that name the list
// blocks[i:j]: in the block before it, in the heading just above that
// block, or in the block after the list ("These four make up FOUR").
func namedBeside(a *acronymEntry, blocks []*BlockFacts, byBlock [][]*acronymUse, i, j int) []*acronymUse {
	var lead []*acronymUse
	for _, k := range []int{i - 1, i - 2, j} {
		if k < 0 || k >= len(blocks) || k == i-2 && blocks[i-1].Block.Kind == corpus.HeadingBlock || k == i-2 && blocks[k].Block.Kind != corpus.HeadingBlock {
			continue
		}
		for _, u := range byBlock[k] {
			if u.a == a {
				lead = append(lead, u)
			}
		}
	}
	return lead
}

func reportWrongAcrostic(p *Pass, ac acrostic) {
	words := make([]string, len(ac.items))
	for k, b := range ac.items {
		t := b.Tokens[ac.at[k]]
		words[k] = b.Block.Run.Text[t.Start:t.End]
	}
	b := ac.items[ac.wrong]
	t := b.Tokens[ac.at[ac.wrong]]
	reportWrong(p, ac.a, b, t.Start, t.End, strings.Join(words, ", "), 0.6)
}

// expandedBeside reports whether a use that is all of a table cell or a
// definition term is spelt out beside it, as glossary pages do: another
// cell of the same row, or the description under the term, that begins
// with an accepted expansion ("| SPO | Stalking Protection Order: a civil
// order … |").
func expandedBeside(u *acronymUse, blocks []*BlockFacts) bool {
	b := u.block.Block
	if b.Kind != corpus.TableCell && b.Kind != corpus.DefinitionTerm {
		return false
	}
	toks := u.block.Tokens
	rest := len(toks) - u.last
	if u.first != 0 && !(u.first == 1 && toks[0].Surface == "the") || rest > 1 || rest == 1 && toks[u.last].Term != u.a.year {
		return false
	}
	starts := func(o *BlockFacts) bool {
		t := o.Tokens
		if len(t) > 0 && (t[0].Surface == "a" || t[0].Surface == "an" || t[0].Surface == "the") {
			t = t[1:]
		}
		return u.a.formAt(stemsOf(o.Block.Run.Text, t, 0, min(len(t), u.a.longest+2)), wordsAfter)
	}
	if b.Kind == corpus.DefinitionTerm {
		return u.bi+1 < len(blocks) && blocks[u.bi+1].Block.Kind == corpus.DefinitionDescription && starts(blocks[u.bi+1])
	}
	for k := max(0, u.bi-16); k < min(len(blocks), u.bi+16); k++ {
		o := blocks[k]
		if k != u.bi && o.Block.Kind == corpus.TableCell && o.Block.Table == b.Table && o.Block.Row == b.Row && starts(o) {
			return true
		}
	}
	return false
}

// expandedNearby reports whether an accepted expansion is written in the
// acronym's own sentence, in whatever construction ("ask for an ISAC, in
// other words an Independent Stalking Advocacy Caseworker", "the FOUR
// question: was it Fixated, Obsessive, Unwanted, Repeated?"), or, when the acronym is a
// heading on its own (a glossary page's entry), in the first sentence under
// it ("Abbreviation of Independent Stalking Advocacy Caseworker"). The reader
// meets the words beside the letters, which is what an expansion is for.
func expandedNearby(u *acronymUse, blocks []*BlockFacts) bool {
	b := u.block
	text := b.Block.Run.Text
	if len(b.Sentences) == 0 {
		return false
	}
	s := b.Sentences[b.SentenceAt(b.Tokens[u.first].Start)]
	if containsForm(u.a, text, b.Tokens, s.Start, s.End) {
		return true
	}
	if b.Block.Kind != corpus.HeadingBlock || len(b.Tokens) != u.last-u.first || u.bi+1 >= len(blocks) {
		return false
	}
	next := blocks[u.bi+1]
	if next.Block.Kind == corpus.HeadingBlock || len(next.Sentences) == 0 {
		return false
	}
	ns := next.Sentences[0]
	return containsForm(u.a, next.Block.Run.Text, next.Tokens, ns.Start, ns.End)
}

// containsForm reports whether the tokens of text[from:to] hold an accepted
// expansion of a anywhere, as consecutive analysed words.
func containsForm(a *acronymEntry, text string, toks []analysis.Token, from, to int) bool {
	lo, hi := -1, -1
	for i, t := range toks {
		if t.Start >= from && lo < 0 {
			lo = i
		}
		if t.End <= to {
			hi = i + 1
		}
	}
	if lo < 0 || hi <= lo {
		return false
	}
	stems := stemsOf(text, toks, lo, hi)
	for _, f := range a.forms {
		for i := 0; i+len(f) <= len(stems); i++ {
			if slices.Equal(stems[i:i+len(f)], f) {
				return true
			}
		}
	}
	return false
}

// shouting reports whether a block is written in capitals: three or more
// words with letters, none of them with a lower-case letter.
func shouting(text string, toks []analysis.Token) bool {
	words := 0
	for _, t := range toks {
		w := text[t.Start:t.End]
		if !strings.ContainsFunc(w, unicode.IsLetter) {
			continue
		}
		if strings.ContainsFunc(w, unicode.IsLower) {
			return false
		}
		words++
	}
	return words >= 3
}
