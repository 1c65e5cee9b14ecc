package rules

import (
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/legal"
)

// This file holds how penalty-mismatch finds the offence a stated maximum
// belongs to beyond its own sentence: a family's name narrowed by an
// ingredient ("stalking that causes fear of violence"), the breach of an
// order ("breaching a restraining order", "breach of the order"), the other
// cells of a table row, and the question an answer follows.

// penCheck is one document's penalty check: what each block names and
// cites, read once and shared by the figures in it and after it.
type penCheck struct {
	g        *glossary.Glossary
	ix       *legal.Index
	facts    *DocFacts
	resolved *legal.DocCites
	blocks   map[int]*penBlock
	rows     map[penRowKey][]int // the blocks of each table row's cells
}

// penBlock is what a block offers penalties: the offences it names or
// cites, and the provisions it cites, by sentence.
type penBlock struct {
	bk       int
	b        *BlockFacts
	cites    []*legal.Resolved
	mentions []penMention
	atts     []penAttach
	cited    map[int][]legal.Ref // by sentence
}

// penMention is a term named in a block, with a family's bare name narrowed
// to the member its clause describes.
type penMention struct {
	legal.Mention
	bare bool // a family's own name, with nothing to narrow it
}

func newPenCheck(g *glossary.Glossary, ix *legal.Index, facts *DocFacts, resolved *legal.DocCites) *penCheck {
	pc := &penCheck{g: g, ix: ix, facts: facts, resolved: resolved, blocks: map[int]*penBlock{}, rows: map[penRowKey][]int{}}
	for bk, b := range facts.Blocks {
		if b.Block.Kind == corpus.TableCell && !b.Block.Header {
			k := penRowKey{b.Block.Table, b.Block.Row}
			pc.rows[k] = append(pc.rows[k], bk)
		}
	}
	return pc
}

// block reads block bk once.
func (pc *penCheck) block(bk int) *penBlock {
	if pb := pc.blocks[bk]; pb != nil {
		return pb
	}
	ix := pc.ix
	b := pc.facts.Blocks[bk]
	text := b.Block.Run.Text
	cites := pc.resolved.Blocks[bk]
	ctx := pc.resolved.ActsAfter(bk)
	pb := &penBlock{bk: bk, b: b, cites: cites, cited: map[int][]legal.Ref{}}
	for _, m := range legal.TermMentions(b, cites) {
		pm := penMention{Mention: m}
		if len(ix.Families[m.Term]) > 1 && strings.EqualFold(text[m.Start:m.End], m.Term.Term) {
			if o := ix.QualifiedMember(b, m); o != nil {
				pm.Term = o
			} else {
				pm.bare = true
			}
		}
		pb.mentions = append(pb.mentions, pm)
		if legal.HasMaximum(pm.Term) {
			pb.atts = append(pb.atts, penAttach{pm.Term, m.Start, b.SentenceAt(m.Start), pm.bare})
		}
	}
	pb.atts = append(pb.atts, pc.breaches(pb)...)
	for _, rc := range cites {
		k := b.SentenceAt(rc.Start)
		for _, r := range ix.PenaltyRefs(rc, ctx) {
			pb.cited[k] = append(pb.cited[k], r)
			owners := ix.Owners(r)
			// "the racially or religiously aggravated form of s.4": an
			// offence built on the cited one, named by a word of its own,
			// comes first.
			for _, t := range ix.BuiltOn(r, owners, sentenceWords(b, k)) {
				pb.atts = append(pb.atts, penAttach{t, rc.Start, k, false})
			}
			for _, t := range owners {
				if legal.HasMaximum(t) {
					pb.atts = append(pb.atts, penAttach{t, rc.Start, k, false})
				}
			}
		}
	}
	// In text order; at one place, an offence built on the cited one stays
	// before the cited one's own.
	sort.SliceStable(pb.atts, func(i, j int) bool { return pb.atts[i].pos < pb.atts[j].pos })
	pc.blocks[bk] = pb
	return pb
}

// penScope is what a figure may belong to: the offences named where it is
// bound, and what chooses between their maxima.
type penScope struct {
	atts     []penAttach
	cited    []legal.Ref
	fear     bool
	mentions []penMention
	texts    []string // the text of each mention's block, by mention
}

// add takes what sentence k of a block (every sentence, for k < 0) names.
func (sc *penScope) add(pb *penBlock, k int) {
	for _, a := range pb.atts {
		if k < 0 || a.sent == k {
			sc.atts = append(sc.atts, a)
		}
	}
	for sk, refs := range pb.cited {
		if k < 0 || sk == k {
			sc.cited = append(sc.cited, refs...)
		}
	}
	for sk := range pb.b.Sentences {
		if (k < 0 || sk == k) && strings.Contains(strings.ToLower(pb.b.Sentences[sk].Text(&pb.b.Block.Run)), "fear of violence") {
			sc.fear = true
		}
	}
	for _, m := range pb.mentions {
		if k < 0 || pb.b.SentenceAt(m.Start) == k {
			sc.mentions = append(sc.mentions, m)
			sc.texts = append(sc.texts, pb.b.Block.Run.Text)
		}
	}
}

// rowScope is what the other cells of a figure's table row name, and the
// one of them the row is about: the last named before the figure's cell,
// else the first after it.
func (pc *penCheck) rowScope(pb *penBlock) (penScope, int) {
	var sc penScope
	b := pb.b.Block
	if b.Kind != corpus.TableCell {
		return sc, -1
	}
	before, after := -1, -1
	for _, bk := range pc.rows[penRowKey{b.Table, b.Row}] {
		if bk == pb.bk {
			continue
		}
		o := pc.block(bk)
		n := len(sc.atts)
		sc.add(o, -1)
		if len(sc.atts) == n {
			continue
		}
		if o.b.Block.Col < b.Col {
			before = n + penLastIndex(sc.atts[n:])
		} else if after < 0 {
			after = n
		}
	}
	if before >= 0 {
		return sc, before
	}
	return sc, after
}

// merge takes what another scope names.
func (sc *penScope) merge(o penScope) {
	sc.atts = append(sc.atts, o.atts...)
	sc.cited = append(sc.cited, o.cited...)
	sc.fear = sc.fear || o.fear
	sc.mentions = append(sc.mentions, o.mentions...)
	sc.texts = append(sc.texts, o.texts...)
}

// penBoundBefore reports whether a block names an offence for a figure
// before sentence k: then its figures are not bound to a question before it.
func penBoundBefore(pb *penBlock, k int) bool {
	for _, a := range pb.atts {
		if a.sent <= k {
			return true
		}
	}
	return false
}

// questionScope is what the question a block answers names: the block
// before it, a heading or paragraph ending in a question mark ("What is
// the maximum sentence for stalking that causes fear of violence?").
func (pc *penCheck) questionScope(pb *penBlock) (penScope, int) {
	var sc penScope
	if pb.bk == 0 || pb.b.Block.Kind == corpus.TableCell {
		return sc, -1
	}
	q := pc.facts.Blocks[pb.bk-1]
	// A definition list's description answers its term as a paragraph
	// answers a question ("**Breach of a restraining order**" / ": ...
	// with a maximum of two years").
	term := pb.b.Block.Kind == corpus.DefinitionDescription && q.Block.Kind == corpus.DefinitionTerm
	if !term && (q.Block.Kind == corpus.TableCell || !strings.HasSuffix(strings.TrimRight(q.Block.Run.Text, " *_\t\n"), "?")) {
		return sc, -1
	}
	sc.add(pc.block(pb.bk-1), -1)
	return sc, penLastIndex(sc.atts)
}

// asksMaximum reports whether block bk answers a question that asks for a
// maximum: the block before it ends in a question mark and speaks of a
// maximum, a penalty or how long.
func (pc *penCheck) asksMaximum(bk int) bool {
	if bk == 0 || pc.facts.Blocks[bk].Block.Kind == corpus.TableCell {
		return false
	}
	q := pc.facts.Blocks[bk-1]
	if q.Block.Kind == corpus.TableCell || !strings.HasSuffix(strings.TrimRight(q.Block.Run.Text, " *_\t\n"), "?") {
		return false
	}
	words := sentenceWords(q, len(q.Sentences)-1)
	for i, w := range words {
		switch {
		case w == "maximum" || w == "max" || w == "penalty" || w == "penalties":
			return true
		case w == "how" && i+1 < len(words) && words[i+1] == "long":
			return true
		}
	}
	return false
}

// penLastIndex is the index of the attachment a figure after them is bound
// to: the last place, and at that place an offence built on a cited one
// ("aggravated s.4A") before the cited one's own; -1 for none.
func penLastIndex(atts []penAttach) int {
	if len(atts) == 0 {
		return -1
	}
	last := len(atts) - 1
	for last > 0 && atts[last-1].pos == atts[last].pos {
		last--
	}
	return last
}

// penLast is the attachment penLastIndex picks.
func penLast(atts []penAttach) *penAttach { return &atts[penLastIndex(atts)] }

// penAnaphorNouns after a determiner refer back to an order named before:
// "breach of the order", "breaching this order".
var penAnaphorNouns = map[string]bool{"order": true, "orders": true}

// penBareBreachNext, right after a breach word, leave it without an object
// of its own: "Breach is an offence", "breaching it".
var penBareBreachNext = map[string]bool{
	"it": true, "them": true, "is": true, "was": true, "are": true, "can": true, "could": true, "may": true,
	"will": true, "would": true, "carries": true, "carry": true, "attracts": true, "must": true, "should": true,
	"without": true, "itself": true, "constitutes": true, "amounts": true,
}

// breaches are the breach offences a block speaks of: a breach word with
// an order as its object ("breaching a restraining order", "breaches an
// interim SPO") or just before it ("the order is breached"), or with no
// object or only "the order" or "it" ("Breach is punishable by", "breach
// of the order"), which refers to the order named last before it in the
// block, in the other cells of its table row, or in the heading or term the
// block follows (a glossary entry).
func (pc *penCheck) breaches(pb *penBlock) []penAttach {
	b := pb.b
	var breachOf map[*glossary.Term]*glossary.Term
	var out []penAttach
	for i, t := range b.Tokens {
		if !legal.IsBreachWord(t.Surface) {
			continue
		}
		if breachOf == nil {
			breachOf = pc.ix.BreachOffences(pc.g)
		}
		covered := false
		for _, m := range pb.mentions {
			covered = covered || m.Start <= t.Start && t.End <= m.End && breachOf[m.Term] == nil && legal.HasMaximum(m.Term)
		}
		if covered {
			continue // "breach of a restraining order" is the offence's own name
		}
		var order *glossary.Term
		// The object: an order named within four words after, in the clause.
		for _, m := range pb.mentions {
			if m.Start >= t.End && breachOf[m.Term] != nil && legal.WordsBetween(b, t.End, m.Start) <= 4 && !legal.GapBreaksClause(b.Block.Run.Text[t.End:m.Start], true) {
				order = m.Term
				break
			}
			// "the restraining order is breached", "SPO breaches".
			if m.End <= t.Start && breachOf[m.Term] != nil && legal.WordsBetween(b, m.End, t.Start) <= 2 && t.Surface != "breach" && !strings.ContainsAny(b.Block.Run.Text[m.End:t.Start], ",;:") {
				order = m.Term
			}
		}
		if order == nil && penBreachAnaphor(b, i) {
			order = pc.antecedentOrder(pb, t.Start, breachOf)
		}
		if order != nil {
			out = append(out, penAttach{breachOf[order], t.Start, b.SentenceAt(t.Start), false})
		}
	}
	return out
}

// penBreachAnaphor reports whether the breach word at token i has no object
// of its own, or only one that refers back: "Breach is", "breaching it",
// "breach of the order", "breach of such an order".
func penBreachAnaphor(b *BlockFacts, i int) bool {
	next := func(k int) string {
		if i+k < len(b.Tokens) && b.SentenceAt(b.Tokens[i+k].Start) == b.SentenceAt(b.Tokens[i].Start) {
			return b.Tokens[i+k].Surface
		}
		return ""
	}
	n := next(1)
	switch {
	case n == "" || penBareBreachNext[n]:
		return true
	case n == "of":
		n2, n3 := next(2), next(3)
		switch n2 {
		case "it", "them":
			return true
		case "the", "this", "that", "an", "its":
			return penAnaphorNouns[n3] || n3 == "such" && penAnaphorNouns[next(4)]
		case "such":
			return penAnaphorNouns[n3] || (n3 == "an" || n3 == "a") && penAnaphorNouns[next(4)]
		}
	case n == "the" || n == "this" || n == "that":
		return penAnaphorNouns[next(2)]
	}
	return false
}

// antecedentOrder is the order a bare breach refers to: the last order with
// a breach offence named before it in the block, else in its table row's
// other cells, else in the heading, question or term line just before the
// block.
func (pc *penCheck) antecedentOrder(pb *penBlock, at int, breachOf map[*glossary.Term]*glossary.Term) *glossary.Term {
	var order *glossary.Term
	for _, m := range pb.mentions {
		if m.End <= at && breachOf[m.Term] != nil {
			order = m.Term
		}
	}
	if order != nil {
		return order
	}
	b := pb.b.Block
	if b.Kind == corpus.TableCell {
		for _, bk := range pc.rows[penRowKey{b.Table, b.Row}] {
			if bk == pb.bk {
				continue
			}
			for _, m := range legal.TermMentions(pc.facts.Blocks[bk], pc.resolved.Blocks[bk]) {
				if breachOf[m.Term] != nil {
					if order != nil && order != m.Term {
						return nil
					}
					order = m.Term
				}
			}
		}
		return order
	}
	if pb.bk == 0 {
		return nil
	}
	lead := pc.facts.Blocks[pb.bk-1]
	if lead.Block.Kind == corpus.TableCell || lead.Block.Kind != corpus.HeadingBlock && len(lead.Sentences) > 1 && !strings.HasSuffix(strings.TrimSpace(lead.Block.Run.Text), "?") {
		return nil
	}
	for _, m := range legal.TermMentions(lead, pc.resolved.Blocks[pb.bk-1]) {
		if breachOf[m.Term] != nil {
			if order != nil && order != m.Term {
				return nil
			}
			order = m.Term
		}
	}
	return order
}

// penRatioGap is how far apart two lengths are, as a ratio.
func penRatioGap(a, b int) float64 {
	if a <= 0 || b <= 0 {
		return 1e9
	}
	if a < b {
		a, b = b, a
	}
	return float64(a) / float64(b)
}
