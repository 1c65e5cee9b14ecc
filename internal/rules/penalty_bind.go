package rules

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
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
	ix       *lawIndex
	facts    *DocFacts
	resolved *lawDocCites
	blocks   map[int]*penBlock
	rows     map[penRowKey][]int // the blocks of each table row's cells
}

// penBlock is what a block offers penalties: the offences it names or
// cites, and the provisions it cites, by sentence.
type penBlock struct {
	bk       int
	b        *BlockFacts
	cites    []*lawCitation
	mentions []penMention
	atts     []penAttach
	cited    map[int][]lawRef // by sentence
}

// penMention is a term named in a block, with a family's bare name narrowed
// to the member its clause describes.
type penMention struct {
	lawMention
	bare bool // a family's own name, with nothing to narrow it
}

func newPenCheck(g *glossary.Glossary, ix *lawIndex, facts *DocFacts, resolved *lawDocCites) *penCheck {
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
	cites := pc.resolved.blocks[bk]
	ctx := pc.resolved.actsAfter(bk)
	pb := &penBlock{bk: bk, b: b, cites: cites, cited: map[int][]lawRef{}}
	for _, m := range lawTermMentions(b, cites) {
		pm := penMention{lawMention: m}
		if len(ix.families[m.term]) > 1 && strings.EqualFold(text[m.start:m.end], m.term.Term) {
			if o := ix.qualifiedMember(b, m); o != nil {
				pm.term = o
			} else {
				pm.bare = true
			}
		}
		pb.mentions = append(pb.mentions, pm)
		if penaltyHasMaximum(pm.term) {
			pb.atts = append(pb.atts, penAttach{pm.term, m.start, b.SentenceAt(m.start), pm.bare})
		}
	}
	pb.atts = append(pb.atts, pc.breaches(pb)...)
	for _, rc := range cites {
		k := b.SentenceAt(rc.Start)
		for _, r := range ix.penaltyRefs(rc, ctx) {
			pb.cited[k] = append(pb.cited[k], r)
			owners := ix.owners(r)
			// "the racially or religiously aggravated form of s.4": an
			// offence built on the cited one, named by a word of its own,
			// comes first.
			for _, t := range ix.builtOn(r, owners, lawSentenceWords(b, k)) {
				pb.atts = append(pb.atts, penAttach{t, rc.Start, k, false})
			}
			for _, t := range owners {
				if penaltyHasMaximum(t) {
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
	cited    []lawRef
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
		if k < 0 || pb.b.SentenceAt(m.start) == k {
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
	words := lawSentenceWords(q, len(q.Sentences)-1)
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

// qualifiedMember narrows a family's bare name to the member its own clause
// describes by an ingredient of that member: "stalking that causes fear of
// violence", "stalking involving serious alarm or distress" are the s.4A
// offence. An ingredient is fear of violence (for the members named for
// it) or a concept whose source lies within the member's section.
func (ix *lawIndex) qualifiedMember(b *BlockFacts, m lawMention) *glossary.Term {
	text := b.Block.Run.Text
	s := b.Sentences[b.SentenceAt(m.start)]
	// The clause after the name: up to a semicolon, colon or a comma that
	// starts a new clause, and no further than a dozen words.
	end := s.End
	for i := m.end; i < s.End; i++ {
		if strings.ContainsRune(";:", rune(text[i])) || text[i] == ',' && citeGapBreaksClause(text[m.end:min(s.End, i+12)], false) {
			end = i
			break
		}
	}
	if lawWordsBetween(b, m.end, end) > 12 {
		for _, t := range b.Tokens {
			if t.Start >= m.end && lawWordsBetween(b, m.end, t.End) > 12 {
				end = t.Start
				break
			}
		}
	}
	clause := strings.ToLower(text[m.end:end])
	var found *glossary.Term
	pick := func(o *glossary.Term) bool {
		if found != nil && found != o {
			return false // two members: nothing narrowed
		}
		found = o
		return true
	}
	members := ix.families[m.term][1:]
	if strings.Contains(clause, "fear of violence") {
		for _, o := range members {
			if slices.Contains(ix.fearTerms, o) && !pick(o) {
				return nil
			}
		}
	}
	for _, c := range b.Matches {
		if c.Start < m.end || c.End > end || c.Entry.Term == nil || c.Entry.Term.Kind != "concept" {
			continue
		}
		for _, o := range members {
			if ix.ingredientOf(c.Entry.Term, o) && !pick(o) {
				return nil
			}
		}
	}
	return found
}

// ingredientOf reports whether a concept's source lies within one of an
// offence's sources (serious alarm or distress, s.4A(1)(b)(ii), of the s.4A
// offence).
func (ix *lawIndex) ingredientOf(concept, offence *glossary.Term) bool {
	for _, cs := range ix.sources[concept] {
		if !strings.Contains(cs.section, "(") {
			continue
		}
		for _, os := range ix.sources[offence] {
			if os.act == cs.act && !strings.Contains(os.section, "(") && lawSectionWithin(cs.section, os.section) {
				return true
			}
		}
	}
	return false
}

// penBreaches maps each order to the offence of breaching it, from the
// glossary's offence names ("breach of a restraining order" is the offence
// for the restraining order, and for the restraining order on acquittal).
var penBreaches sync.Map // *lawIndex → map[*glossary.Term]*glossary.Term

func (ix *lawIndex) breachOffences(g *glossary.Glossary) map[*glossary.Term]*glossary.Term {
	if v, ok := penBreaches.Load(ix); ok {
		return v.(map[*glossary.Term]*glossary.Term)
	}
	out := map[*glossary.Term]*glossary.Term{}
	for _, t := range g.Terms {
		if t.Kind != "offence" || !penaltyHasMaximum(t) {
			continue
		}
		for _, n := range append([]string{t.Term}, t.Aliases...) {
			rest, ok := strings.CutPrefix(strings.ToLower(n), "breach of ")
			if !ok {
				continue
			}
			for _, a := range []string{"a ", "an ", "the "} {
				rest = strings.TrimPrefix(rest, a)
			}
			for _, o := range g.Terms {
				if o.Kind != "order" || out[o] != nil {
					continue
				}
				for _, on := range append([]string{o.Term, o.Acronym}, o.Aliases...) {
					on = strings.ToLower(on)
					if on != "" && (on == rest || strings.HasPrefix(on, rest+" ")) {
						out[o] = t
						break
					}
				}
			}
		}
	}
	v, _ := penBreaches.LoadOrStore(ix, out)
	return v.(map[*glossary.Term]*glossary.Term)
}

// penBreachWords name a breach.
var penBreachWords = map[string]bool{"breach": true, "breaches": true, "breaching": true, "breached": true}

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
		if !penBreachWords[t.Surface] {
			continue
		}
		if breachOf == nil {
			breachOf = pc.ix.breachOffences(pc.g)
		}
		covered := false
		for _, m := range pb.mentions {
			covered = covered || m.start <= t.Start && t.End <= m.end && breachOf[m.term] == nil && penaltyHasMaximum(m.term)
		}
		if covered {
			continue // "breach of a restraining order" is the offence's own name
		}
		var order *glossary.Term
		// The object: an order named within four words after, in the clause.
		for _, m := range pb.mentions {
			if m.start >= t.End && breachOf[m.term] != nil && lawWordsBetween(b, t.End, m.start) <= 4 && !citeGapBreaksClause(b.Block.Run.Text[t.End:m.start], true) {
				order = m.term
				break
			}
			// "the restraining order is breached", "SPO breaches".
			if m.end <= t.Start && breachOf[m.term] != nil && lawWordsBetween(b, m.end, t.Start) <= 2 && t.Surface != "breach" && !strings.ContainsAny(b.Block.Run.Text[m.end:t.Start], ",;:") {
				order = m.term
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
		if m.end <= at && breachOf[m.term] != nil {
			order = m.term
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
			for _, m := range lawTermMentions(pc.facts.Blocks[bk], pc.resolved.blocks[bk]) {
				if breachOf[m.term] != nil {
					if order != nil && order != m.term {
						return nil
					}
					order = m.term
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
	for _, m := range lawTermMentions(lead, pc.resolved.blocks[pb.bk-1]) {
		if breachOf[m.term] != nil {
			if order != nil && order != m.term {
				return nil
			}
			order = m.term
		}
	}
	return order
}

// lawFamilies groups each offence with the offences named after it: the
// stalking offences (s.2A, s.4A and their aggravated forms) under
// "stalking", the harassment offences under "harassment". A family's bare
// name can mean any of them. The term itself comes first.
func lawFamilies(g *glossary.Glossary) map[*glossary.Term][]*glossary.Term {
	out := map[*glossary.Term][]*glossary.Term{}
	for _, t := range g.Terms {
		if t.Kind != "offence" || !penaltyHasMaximum(t) {
			continue
		}
		name := strings.Fields(strings.ToLower(t.Term))
		members := []*glossary.Term{t}
		for _, o := range g.Terms {
			if o == t || o.Kind != "offence" || len(o.Penalty) == 0 {
				continue
			}
			in := strings.Contains(strings.ToLower(o.Summary), strings.ToLower(t.Term)+" offence")
			for _, n := range append([]string{o.Term}, o.Aliases...) {
				w := strings.Fields(strings.ToLower(n))
				if len(w) > len(name) && (slices.Equal(w[:len(name)], name) || slices.Equal(w[len(w)-len(name):], name)) {
					in = true
				}
			}
			if in {
				members = append(members, o)
			}
		}
		if len(members) > 1 {
			out[t] = members
		}
	}
	return out
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

// offenceSource is the source that names a term's offence: the first that
// cites a whole section (harassment: s.2, not s.1(1)), else the first.
func (ix *lawIndex) offenceSource(t *glossary.Term) (lawProvision, bool) {
	srcs := ix.sources[t]
	if len(srcs) == 0 {
		return lawProvision{}, false
	}
	for _, pv := range srcs {
		if !strings.Contains(pv.section, "(") {
			return pv, true
		}
	}
	return srcs[0], true
}

// familyHasMaximum reports whether t, or an offence of its family (the
// offences its bare name can mean), had a maximum of months on the page's
// date (today, for an undated page).
func (ix *lawIndex) familyHasMaximum(t *glossary.Term, months int, when lawWhen) bool {
	members := ix.families[t]
	if len(members) == 0 {
		members = []*glossary.Term{t}
	}
	for _, m := range members {
		for i := range m.Penalty {
			if p := &m.Penalty[i]; p.Months == months && p.InForce(when.date) {
				return true
			}
		}
	}
	return false
}
