package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

func init() {
	register(&Rule{
		ID:    "breach-context",
		Title: "Breach of an order discussed as a one-off event",
		Rationale: "A breach of a restraining order or Stalking Protection Order is rarely a one-off procedural event: it may itself be further stalking, part of the course of conduct, or a sign that the risk to the victim is escalating, and new offences may need to be charged in addition to the breach. " +
			"A section (the H2 heading and everything under it, including its sub-sections) that mentions breach of such an order must say at least one of those things somewhere in it. " +
			"Which orders, which breach words and which context phrases count come from the `breach` lists of the glossary's breach terms, matched on analysed words, so \"breached\", \"breaches\" and \"escalation\" all count. " +
			"A breach mention is a breach word and an order in the same sentence, or a breach word with \"the order\" (\"that order\", \"either order\"...) after an order has been named earlier in the section. " +
			"Not flagged: breach of bail or of the peace (not an order in the glossary's list); a section that defines the offence and gives the context in another paragraph; a sentence that only points the reader elsewhere with a link (\"For breach of a restraining order, see [breach](breach.md)\"). " +
			"The rule reports once per section, at its first breach mention.",
		Severity: Warning,
		Examples: []Example{
			{
				Title:    "breach treated as a procedural matter",
				Markdown: "## Restraining orders\n\nThe court may make a restraining order on conviction for any offence.\n\nWhere the defendant breaches the restraining order, prosecutors should put the breach before the court promptly. Breach carries a maximum of five years' imprisonment on indictment.\n",
				Want:     []string{"breach-context@5:21"},
			},
			{
				Title:    "breach of an SPO in a sub-section with no context anywhere in the section",
				Markdown: "## Stalking Protection Orders\n\nPolice may apply for a Stalking Protection Order (SPO) under s.1 of the Stalking Protection Act 2019.\n\n### Enforcement\n\nA suspect who failed to comply with an SPO without reasonable excuse commits an offence under s.8.\n",
				Want:     []string{"breach-context@7:15"},
			},
			{
				Title:    "the order named earlier, breached later",
				Markdown: "## Ancillary orders\n\nProsecutors should ask for a restraining order where the victim needs protection.\n\nIf the order is later breached, the police will charge the breach and the case will be listed in the magistrates' court.\n",
				Want:     []string{"breach-context@5:4"},
			},
			{
				Title:    "one finding per section, one per failing section",
				Markdown: "## Restraining orders\n\nA breach of a restraining order is an either-way offence.\n\nThe defendant breached the restraining order twice.\n\n## Stalking Protection Orders\n\nBreach of an interim Stalking Protection Order is an offence under s.8.\n",
				Want:     []string{"breach-context@3:3", "breach-context@9:1"},
			},
			{
				Title:    "context given in the same paragraph",
				Markdown: "## Breach\n\nA breach of a restraining order may be further stalking, part of a wider course of conduct or a sign of escalating risk, and new offences should be charged in addition to the breach where the evidence supports it.\n",
			},
			{
				Title:    "escalating risk in other words the glossary lists",
				Markdown: "## Breach\n\nWhen a defendant contravenes a Stalking Protection Order, treat it as a sign that the risk to the victim is increasing and review the case as a whole.\n",
			},
			{
				Title:    "definition in one paragraph, context in another paragraph of the section",
				Markdown: "## Breach of a restraining order\n\nBreach of a restraining order is the offence committed by a person who, without reasonable excuse, does anything the order prohibits.\n\n### Charging\n\nRead each breach against the whole history: it may be part of the course of conduct, and further offences should be charged where the evidence supports them.\n",
			},
			{
				Title:    "breach of bail and breach of the peace are not orders in the glossary",
				Markdown: "## Bail\n\nA defendant who breaches bail conditions may be arrested. Conduct amounting to a breach of the peace can be dealt with by binding over.\n",
			},
			{
				Title:    "a pointer to the breach guidance",
				Markdown: "## Orders on conviction\n\nProsecutors should consider a restraining order on conviction. For breach of a restraining order, see [breach of protective orders](breach-of-protective-orders.md).\n",
			},
		},
		Check: checkBreachContext,
	})
}

// breachCueKind says what a breach cue is evidence of.
type breachCueKind int

const (
	cueOrder breachCueKind = iota
	cueVerb
	cueContext
)

// breachCue is one wording from a glossary breach list.
type breachCue struct {
	kind  breachCueKind
	text  string
	terms []*glossary.Term // the breach terms whose list holds this wording
	n     int              // length in tokens
}

type breachNode struct {
	next map[string]*breachNode
	cues []*breachCue
}

// breachIndex is a trie over analysed words of every breach cue of a
// glossary, built once per glossary.
type breachIndex struct {
	root  *breachNode
	terms []*glossary.Term
	first stemFilter // the keys of root.next: the stems cues start with
}

var breachIndexes sync.Map // *glossary.Glossary → *breachIndex

func breachIndexFor(g *glossary.Glossary) *breachIndex {
	if v, ok := breachIndexes.Load(g); ok {
		return v.(*breachIndex)
	}
	ix := &breachIndex{root: &breachNode{}}
	byKey := map[string]*breachCue{}
	add := func(kind breachCueKind, text string, t *glossary.Term) {
		stems := analysis.Terms(text)
		if len(stems) == 0 {
			return
		}
		key := fmt.Sprint(kind, "\x00", strings.Join(stems, " "))
		if c := byKey[key]; c != nil {
			if c.terms[len(c.terms)-1] != t {
				c.terms = append(c.terms, t)
			}
			return
		}
		c := &breachCue{kind: kind, text: text, terms: []*glossary.Term{t}, n: len(stems)}
		byKey[key] = c
		ix.first.add(stems[0])
		n := ix.root
		for _, s := range stems {
			if n.next == nil {
				n.next = map[string]*breachNode{}
			}
			if n.next[s] == nil {
				n.next[s] = &breachNode{}
			}
			n = n.next[s]
		}
		n.cues = append(n.cues, c)
	}
	for _, t := range g.Terms {
		if t.Breach == nil {
			continue
		}
		ix.terms = append(ix.terms, t)
		for _, o := range t.Breach.Orders {
			add(cueOrder, o, t)
		}
		for _, v := range t.Breach.Verbs {
			add(cueVerb, v, t)
		}
		for _, c := range t.Breach.Context {
			add(cueContext, c, t)
		}
	}
	v, _ := breachIndexes.LoadOrStore(g, ix)
	return v.(*breachIndex)
}

// cueHit is a cue found in a block: tokens [first, last).
type cueHit struct {
	cue         *breachCue
	first, last int
}

// find returns every cue in the tokens, overlapping ones included, in order
// of their first token. Multi-word cues do not run across a sentence or
// clause break.
func (ix *breachIndex) find(text string, toks []analysis.Token) []cueHit {
	var out []cueHit
	for i := range toks {
		if !ix.first.mayHold(toks[i].Term) {
			continue // no cue starts here
		}
		n := ix.root
		for j := i; j < len(toks); j++ {
			if j > i && strings.ContainsAny(text[toks[j-1].End:toks[j].Start], ".;:!?()[]|") {
				break
			}
			n = n.next[toks[j].Term]
			if n == nil {
				break
			}
			for _, c := range n.cues {
				out = append(out, cueHit{cue: c, first: i, last: j + 1})
			}
		}
	}
	return out
}

// backReference words: "the order", "that order", "either order" refer to an
// order named earlier in the section.
var orderDeterminers = map[string]bool{
	"the": true, "this": true, "that": true, "these": true, "those": true, "either": true,
	"both": true, "such": true, "same": true, "each": true, "any": true,
}

// breachMention is the first place a section mentions breach of an order.
type breachMention struct {
	term       *glossary.Term
	block      *BlockFacts
	start, end int // run-text offsets of the mention
	sentence   corpus.Sentence
}

func checkBreachContext(p *Pass) {
	ix := breachIndexFor(p.Glossary)
	if len(ix.terms) == 0 {
		return
	}
	facts := p.Facts(p.Doc)

	type sectionState struct {
		first    map[*glossary.Term]*breachMention // first mention per breach term
		order    []*glossary.Term                  // in order of first mention
		context  map[*glossary.Term]bool
		lastTerm []*glossary.Term // the breach terms of the order named last, for "the order"
	}
	states := map[*corpus.Section]*sectionState{}
	var sections []*corpus.Section

	for _, b := range facts.Blocks {
		if b.Block.Section == nil {
			continue
		}
		top := b.Block.Section.Top()
		st := states[top]
		if st == nil {
			st = &sectionState{first: map[*glossary.Term]*breachMention{}, context: map[*glossary.Term]bool{}}
			states[top] = st
			sections = append(sections, top)
		}
		hits := ix.find(b.Block.Run.Text, b.Tokens)
		for _, h := range hits {
			if h.cue.kind == cueContext {
				for _, t := range h.cue.terms {
					st.context[t] = true
				}
			}
		}
		// Walk sentence by sentence for mentions.
		k := 0
		for _, s := range b.Sentences {
			var orders, verbs []cueHit
			for ; k < len(hits) && b.Tokens[hits[k].first].Start < s.End; k++ {
				switch hits[k].cue.kind {
				case cueOrder:
					orders = append(orders, hits[k])
				case cueVerb:
					verbs = append(verbs, hits[k])
				}
			}
			if len(verbs) > 0 && !sentenceHasLink(p.Doc, b, s) {
				if m := breachMentionIn(b, s, verbs, orders, st.lastTerm); m != nil {
					for _, t := range m.terms {
						if st.first[t] == nil {
							mm := m.mention
							mm.term = t
							st.first[t] = &mm
							st.order = append(st.order, t)
						}
					}
				}
			}
			if len(orders) > 0 {
				last := orders[len(orders)-1]
				// Of overlapping orders ending together, the longest
				// ("interim Stalking Protection Order") names the order.
				for _, o := range orders {
					if o.last == last.last && o.first < last.first {
						last = o
					}
				}
				st.lastTerm = last.cue.terms
			}
		}
	}

	for _, sec := range sections {
		st := states[sec]
		var m *breachMention
		for _, t := range st.order {
			if st.context[t] {
				continue
			}
			if mm := st.first[t]; m == nil || mm.block.Block.Index < m.block.Block.Index ||
				(mm.block == m.block && mm.start < m.start) {
				m = mm
			}
		}
		if m == nil {
			continue
		}
		run := &m.block.Block.Run
		start, end := run.Span(m.start, m.end)
		written := strings.Join(strings.Fields(run.Text[m.start:m.end]), " ")
		where := "this section"
		if sec.Heading != nil {
			where = fmt.Sprintf("the section %q", sec.Title())
		}
		p.Report(p.Doc, start, end, Finding{
			Term: m.term.ID,
			Message: fmt.Sprintf("%s discusses %s (%q) but nowhere says whether the breach may be further stalking or part of a course of conduct, whether it signals escalating risk, or whether new offences should be charged in addition to the breach; a breach is rarely a one-off procedural event, so say so in this section",
				where, m.term.Term, written),
			Suggestion: "say whether the breach may be further stalking or part of a course of conduct, whether it signals escalating risk, and whether new offences should be charged in addition to the breach",
			Context:    m.sentence.Text(run),
		})
	}
}

type mentionResult struct {
	mention breachMention
	terms   []*glossary.Term
}

// breachMentionIn decides whether one sentence mentions breach of an order:
// a breach word with an order cue of the same breach term, or with "the
// order" when the section last named an order of that term.
func breachMentionIn(b *BlockFacts, s corpus.Sentence, verbs, orders []cueHit, lastTerms []*glossary.Term) *mentionResult {
	for _, v := range verbs {
		var terms []*glossary.Term
		best := -1
		for oi, o := range orders {
			shared := sharedTerms(v.cue.terms, o.cue.terms)
			if len(shared) == 0 {
				continue
			}
			if best < 0 || distanceTokens(v, o) < distanceTokens(v, orders[best]) ||
				(distanceTokens(v, o) == distanceTokens(v, orders[best]) && o.last-o.first > orders[best].last-orders[best].first) {
				best, terms = oi, shared
			}
		}
		first, last := v.first, v.last
		if best >= 0 {
			o := orders[best]
			first, last = min(first, o.first), max(last, o.last)
		} else if len(lastTerms) > 0 {
			shared := sharedTerms(v.cue.terms, lastTerms)
			ref := orderBackReference(b, s, v)
			if len(shared) == 0 || ref < 0 {
				continue
			}
			terms = shared
			first, last = min(first, ref-1), max(last, ref+1)
		} else {
			continue
		}
		return &mentionResult{
			mention: breachMention{block: b, start: b.Tokens[first].Start, end: b.Tokens[last-1].End, sentence: s},
			terms:   terms,
		}
	}
	return nil
}

// orderBackReference finds "the order" (or "that order", "either order"...)
// in the sentence and returns the index of the word "order", or -1.
func orderBackReference(b *BlockFacts, s corpus.Sentence, v cueHit) int {
	best := -1
	for i := 1; i < len(b.Tokens); i++ {
		tk := b.Tokens[i]
		if tk.Start < s.Start || tk.End > s.End {
			continue
		}
		if tk.Term != "order" || !orderDeterminers[b.Tokens[i-1].Surface] || b.Tokens[i-1].Start < s.Start {
			continue
		}
		if best < 0 || absInt(i-v.first) < absInt(best-v.first) {
			best = i
		}
	}
	return best
}

func distanceTokens(a, b cueHit) int {
	if a.last <= b.first {
		return b.first - a.last
	}
	if b.last <= a.first {
		return a.first - b.last
	}
	return 0
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func sharedTerms(a, b []*glossary.Term) []*glossary.Term {
	var out []*glossary.Term
	for _, t := range a {
		for _, u := range b {
			if t == u {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// sentenceHasLink reports whether a sentence holds a link: such a sentence
// points the reader to where breach is discussed rather than discussing it.
func sentenceHasLink(d *corpus.Document, b *BlockFacts, s corpus.Sentence) bool {
	start, end := b.Block.Run.Span(s.Start, s.End)
	for _, l := range d.Links {
		if l.Block == b.Block && l.Start >= start && l.Start < end {
			return true
		}
	}
	return false
}
