package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/glossary"
)

// breachCueKind says what a breach cue is evidence of.
type breachCueKind int

// breachCue is one wording from a glossary breach list.
type breachCue struct {
	kind  breachCueKind
	text  string
	terms []*glossary.Term // the breach terms whose list holds this wording
	n     int              // length in tokens
	// bound: a breach word that counts only next to an order (see
	// boundBreachWordsFirst).
	bound bool
}

type breachNode struct {
	next analysis.Children[*breachNode]
	cues []*breachCue
}

// breachIndex is a trie over analysed words of every breach cue of a
// glossary, built once per glossary.
type breachIndex struct {
	root  *breachNode
	terms []*glossary.Term
	first stemFilter // the stems of root's children: the stems cues start with
	// firstIDs is first by the analysis's numbers of the stems, exact
	// where first may err, for tokens the analysis numbered.
	firstIDs wordBits
	bound    *breachCue // the cue of every bound breach word, for all the breach terms
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
		if id := analysis.WordID(stems[0]); id != 0 {
			ix.firstIDs.add(int32(id))
		}
		n := ix.root
		for _, s := range stems {
			n = n.next.Add(s, func() *breachNode { return &breachNode{} })
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
	ix.bound = &breachCue{kind: cueVerb, terms: ix.terms, n: 1, bound: true}
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
		if id := toks[i].TermID; id != 0 && !ix.firstIDs.has(int32(id)) || id == 0 && !ix.first.mayHold(toks[i].Term) {
			continue // no cue starts here
		}
		n := ix.root
		for j := i; j < len(toks); j++ {
			if j > i && strings.ContainsAny(text[toks[j-1].End:toks[j].Start], ".;:!?()[]|") {
				break
			}
			if j == i {
				n = n.next.Stem(toks[j].Term)
			} else {
				n = n.next.Of(&toks[j])
			}
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

// orderDeterminers make a back reference: "the order", "that order", "either order" refer to an
// order named earlier in the section.
var orderDeterminers = map[string]bool{
	"the": true, "this": true, "that": true, "these": true, "those": true, "either": true,
	"both": true, "such": true, "same": true, "each": true, "any": true,
}
