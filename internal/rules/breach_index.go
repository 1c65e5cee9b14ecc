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
	// rootAt is root's children by the analysis's numbers of their stems
	// (analysis.WordID), as 1 + an index in rootKids, 0 for none: exact
	// where first may err, for tokens the analysis numbered, and an index
	// where root's children would hash the token's stem.
	rootAt   []uint16
	rootKids []*breachNode
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
		n := ix.root.next.Add(stems[0], func() *breachNode { return &breachNode{} })
		if id := analysis.WordID(stems[0]); id != 0 {
			if int(id) >= len(ix.rootAt) {
				ix.rootAt = append(ix.rootAt, make([]uint16, int(id)+1-len(ix.rootAt))...)
			}
			if ix.rootAt[id] == 0 {
				if len(ix.rootKids) == 1<<16-1 {
					panic("too many first words in the breach cues for rootAt")
				}
				ix.rootKids = append(ix.rootKids, n)
				ix.rootAt[id] = uint16(len(ix.rootKids))
			}
		}
		for _, s := range stems[1:] {
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
	return ix.appendCues(nil, text, toks)
}

// appendCues is find appending to out.
func (ix *breachIndex) appendCues(out []cueHit, text string, toks []analysis.Token) []cueHit {
	for i := range toks {
		// root's child for toks[i], if a cue starts here.
		var n *breachNode
		if id := toks[i].TermID; id != 0 {
			if int(id) >= len(ix.rootAt) || ix.rootAt[id] == 0 {
				continue
			}
			n = ix.rootKids[ix.rootAt[id]-1]
		} else if !ix.first.mayHold(toks[i].Term) {
			continue
		} else if n = ix.root.next.Stem(toks[i].Term); n == nil {
			continue
		}
		for j := i; ; {
			for _, c := range n.cues {
				out = append(out, cueHit{cue: c, first: i, last: j + 1})
			}
			j++
			if j == len(toks) || gapBreaks(text[toks[j-1].End:toks[j].Start], ".;:!?()[]|") {
				break
			}
			if n = n.next.Of(&toks[j]); n == nil {
				break
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

// gapBreaks is strings.ContainsAny(gap, breaks) for the text between two
// tokens, which is most often a single space.
func gapBreaks(gap, breaks string) bool {
	if gap == " " {
		return false
	}
	return strings.ContainsAny(gap, breaks)
}
