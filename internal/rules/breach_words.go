package rules

import (
	"sync"

	"github.com/concord-guidance/concord/internal/analysis"
)

// wordMasks map words to bit masks, one bit a word list, so that a
// sentence is read once for all the lists a test needs rather than hashed
// once a list. A token is looked up by the analysis's number of its word
// (analysis.WordID), the string only for a token numbered 0.
//
// This is exact: a token's non-zero number is WordID of its word, and
// WordID gives different words different numbers, so a numbered token's
// word is in a list if and only if its number is among the numbers of the
// list's words; a word WordID could not number is never a numbered token's
// word, and is found by the string.
type wordMasks struct {
	byID   []uint32 // by WordID
	byWord map[string]uint32
}

func (m *wordMasks) add(w string, bit uint32) {
	if m.byWord == nil {
		m.byWord = map[string]uint32{}
	}
	m.byWord[w] |= bit
	if id := analysis.WordID(w); id != 0 {
		if int(id) >= len(m.byID) {
			m.byID = append(m.byID, make([]uint32, int(id)+1-len(m.byID))...)
		}
		m.byID[id] |= bit
	}
}

// addSet adds every word of set with bit.
func (m *wordMasks) addSet(set map[string]bool, bit uint32) {
	for w := range set {
		m.add(w, bit)
	}
}

// of is the mask of the word w, which the analysis numbered id (0 for
// none).
func (m *wordMasks) of(id uint32, w string) uint32 {
	if id != 0 {
		if int(id) < len(m.byID) {
			return m.byID[id]
		}
		return 0
	}
	return m.byWord[w]
}

// The word lists classifyBreachSentence tests, as bits: of the analysed
// form (classTerms) or of the written word (classSurfaces).
const (
	classOffence = 1 << iota
	classReportNoun
	classFindingVerb
	classConcern
	classReporting
)

const (
	classHandling = 1 << iota
	classProsecution
	classDirective
	classModal
	classPast
	classYou
)

type classWordMasks struct{ terms, surfaces wordMasks }

var classWords = sync.OnceValue(func() *classWordMasks {
	w := breachWords()
	m := &classWordMasks{}
	m.terms.addSet(w.offence, classOffence)
	m.terms.addSet(w.reportNoun, classReportNoun)
	m.terms.addSet(w.findingVerb, classFindingVerb)
	m.terms.addSet(w.concern, classConcern)
	m.terms.addSet(w.reporting, classReporting)
	m.surfaces.addSet(w.handling, classHandling)
	m.surfaces.addSet(w.prosecution, classProsecution)
	m.surfaces.addSet(w.directive, classDirective)
	m.surfaces.addSet(w.modal, classModal)
	m.surfaces.addSet(w.past, classPast)
	m.surfaces.addSet(w.you, classYou)
	return m
})

// classWordsIn are the lists of classWords that toks have words in.
func classWordsIn(toks []analysis.Token) (terms, surfaces uint32) {
	m := classWords()
	for i := range toks {
		t := &toks[i]
		terms |= m.terms.of(t.TermID, t.Term)
		surfaces |= m.surfaces.of(t.SurfaceID, t.Surface)
	}
	return terms, surfaces
}

// boundWordFilter is an exact prefilter for boundBreachWordsIn, read on a
// sentence's tokens before they are numbered for the wordings: a wording
// matches only where each of its slots (its "before" slot too) accepts one
// of the sentence's words, so a sentence in which some slot of every
// wording accepts no word holds no bound breach word. A slot accepts a word
// by its stem or its written word, as conceptWords numbers them, which is
// what wordMasks look up here: each slot has a bit, and a sentence's words
// must hold all the bits of one wording. The same pass notes the stem
// "order" ("the order"), the other reason to look for bound breach words.
type boundWordFilter struct {
	terms, surfaces wordMasks
	wordings        []uint32 // the bits of each wording's slots
	order           uint32   // the bit of the stem "order"
}

var boundWords = sync.OnceValue(func() *boundWordFilter {
	f := &boundWordFilter{}
	v := conceptWords()
	bit := uint32(1)
	next := func() uint32 {
		if bit == 0 {
			panic("too many slots in the bound breach wordings for boundWordFilter")
		}
		b := bit
		bit <<= 1
		return b
	}
	addSlot := func(s conceptSlot) uint32 {
		b := next()
		for _, id := range s.stemList {
			f.terms.add(v.terms.words[id], b)
		}
		for _, id := range s.surfaceList {
			f.surfaces.add(v.surfaces.words[id], b)
		}
		return b
	}
	for _, list := range [][]breachConcept{boundBreachWordsFirst, boundBreachWordsLast} {
		for ci := range list {
			for _, w := range list[ci].wordings {
				cw := compileWording(&list[ci], w)
				var need uint32
				if cw.before.gap > 0 {
					need |= addSlot(cw.before)
				}
				for _, s := range cw.slots {
					if s.gap == 0 {
						need |= addSlot(s)
					}
				}
				f.wordings = append(f.wordings, need)
			}
		}
	}
	f.order = next()
	f.terms.add("order", f.order)
	return f
})

// scan reports whether toks hold the stem "order", and whether they may
// hold a bound breach word (if they do not, boundBreachWordsIn finds none
// in them).
func (f *boundWordFilter) scan(toks []analysis.Token) (order, mayHold bool) {
	// The tables are read into locals once, not through f for every
	// token: this loop runs on every sentence of every page.
	terms, surfaces := f.terms.byID, f.surfaces.byID
	var has uint32
	for i := range toks {
		t := &toks[i]
		if id := int(t.TermID); id == 0 {
			has |= f.terms.byWord[t.Term]
		} else if id < len(terms) {
			has |= terms[id]
		}
		if id := int(t.SurfaceID); id == 0 {
			has |= f.surfaces.byWord[t.Surface]
		} else if id < len(surfaces) {
			has |= surfaces[id]
		}
	}
	for _, need := range f.wordings {
		if has&need == need {
			mayHold = true
			break
		}
	}
	return has&f.order != 0, mayHold
}
