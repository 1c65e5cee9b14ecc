package rules

import (
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/restate"
)

// variantKind says what sort of near miss a hit is.
type variantKind uint8

const (
	variantMisspelt    variantKind = iota // a word within a few edits
	variantSubstituted                    // one word replaced in a fixed phrase
	variantReordered                      // the words of a fixed phrase in another order
)

// variantEntry is a multi-word glossary wording that near misses are
// measured against.
type variantEntry struct {
	entry   *glossary.Entry
	stems   []string
	words   []string // folded surface of each word
	raw     []string // each word as the glossary writes it
	content []bool   // per word: not a stop word
	// contentBefore counts, per word, the content words before it.
	contentBefore []int
	contents      int             // the content words
	stemSet       map[string]bool // the stems, once each
	// ids are the stems as numbers (variantIndex.stemIDs), -1 for a stem
	// with none (a stop word); idMask has bit id%64 of each number.
	ids    []int32
	idMask uint64
	noID   []string // the stems without a number, once each
	// noIDMask has bit WordID(st)%64 of each stem st of noID, and of "and"
	// when andForOr: a token with a TermID whose bit is clear is none of
	// them. All bits are set when one of them has no WordID.
	noIDMask uint64
	// fixed: a phrase or expansion of 3+ words whose word order matters.
	// subst: a phrase or mnemonic expansion of 3+ words in which one
	// changed word is reported.
	fixed, subst bool
	// strict, per word: the glossary capitalises it (a name's word), so a
	// written word with the same stem and another suffix ("Protective" for
	// "Protection") is a slip even when it is a real word.
	strict []bool
	// orSlip, per word: an "or" that "and" changes the meaning of
	// ("controlling or coercive behaviour"): the words either side are
	// alternatives, in the name of something other than a concept, and not
	// two terms of their own ("stalking or harassment", where "and" names
	// both). andForOr says the entry has one.
	orSlip   []bool
	andForOr bool
	// others are other wordings the glossary has with the same stems,
	// folded word by word: written so, a word is no slip.
	others [][]string
	label  string // how the message names it
}

// distinctWord is a long glossary word checked for misspellings on its own.
type distinctWord struct {
	word, stem, raw string
	runes           int
	limit           int // the edits misspeltShape allows for word
	term            *glossary.Term
	// word and stem as patterns, for misspeltWithin with them fixed
	wordOSA, stemOSA osaShared
	// runeMask of word and stem
	wordMask, stemMask uint64
}

// runeMask has bit r%64 set for each rune r of s (as range decodes it).
func runeMask(s string) uint64 {
	var m uint64
	for _, r := range s {
		m |= 1 << (uint32(r) % 64)
	}
	return m
}

// mayBeWithin is false when misspeltWithin of a word and stem with these
// rune masks and dw is sure to be: an edit brings at most one rune the
// other string lacks, so each mask has at most as many bits the other
// lacks as the distance.
func (dw *distinctWord) mayBeWithin(wMask, sMask uint64) bool {
	near := func(a, b uint64, limit int) bool {
		return bits.OnesCount64(a&^b) <= limit && bits.OnesCount64(b&^a) <= limit
	}
	return near(wMask, dw.wordMask, dw.limit) || near(sMask, dw.stemMask, dw.limit-1)
}

type variantRef struct {
	entry, pos int
	// What findVariants can tell of a window before compare, when no
	// content word before pos is in its place (prefilter):
	//
	// A non-fixed entry whose one content word before pos is out of place
	// is only a near miss when that word (at pos-before) is misspelt:
	// first is its first rune and [minRunes, maxRunes] the lengths a
	// misspelling of it may have. before is 0 for every other ref.
	before             int
	first              rune
	minRunes, maxRunes int
	// dead: never a near miss (a non-fixed entry with two content words
	// out of place, or whose word out of place is too short to misspell).
	dead bool
	// reordered: a fixed entry with two content words out of place, a
	// near miss only as its words in another order.
	reordered bool
	// n is the entry's words (len(stems)), so that most windows are
	// ruled out without reading the entry.
	n int
	// probes are some of a non-fixed entry's numbered words (ids >= 0)
	// other than the one at pos and the one at pos-before: their
	// positions in the window and stem ids (see variantProbes). need is
	// how many of them out of place rule the window out: compare allows
	// a non-fixed entry one word out of place, and when before > 0 the
	// word at pos-before is one. A ref without the test has no probes.
	probeAt [variantProbes]uint8
	probeID [variantProbes]int32
	need    uint8
}

// variantProbes is how many words of an entry a ref's probes test.
const variantProbes = 3

// ruledOut reports whether the window from token i, with stem ids ids,
// has need or more of the ref's probes out of their places: then compare
// is false of it (a non-fixed entry with two words out of place), or the
// window has a content word before pos in its place and is tried at
// another token (inPlaceBefore). Either way findVariants passes it by.
//
// The probes are filled in from the first, so the first empty one (id -1)
// ends them; a ref without probes has none but empty ones.
func (ref *variantRef) ruledOut(ids []int32, i int) bool {
	left := ref.need
	for p := range variantProbes {
		id := ref.probeID[p]
		if id < 0 {
			return false
		}
		if ids[i+int(ref.probeAt[p])] != id {
			if left--; left == 0 {
				return true
			}
		}
	}
	return false
}

// variantIndex is built once per glossary: every multi-word wording indexed
// by its content stems, the distinctive long words by first letter, and the
// glossary's own vocabulary of real words.
type variantIndex struct {
	entries []*variantEntry
	// byStem holds, for each content stem, where it sits in which entries
	// and the fixed entries holding it: one map, so each token of a
	// document costs one lookup.
	byStem map[string]*variantStemRefs
	// stemIDs numbers byStem's keys, the stems near misses are found by.
	// A document's words are looked up once each and compared with those
	// of entries as numbers; stop words, which most words of a document
	// are, are left out, and compared as strings.
	stemIDs map[string]int32
	// stemSlots is stemIDs as an open-addressed table hashed by
	// stemFilterBit: cheaper than the map for every token of a document.
	// Each slot holds an id+1, 0 for empty.
	stemSlots []int32
	// stemLens has, for a first byte, bit n set when a stem of n bytes
	// (n < 64) starts with it: most words of a document are no stem,
	// and this tells at once for most of them.
	stemLens [256]uint64
	stems    []string           // stemIDs' keys by id
	refsByID []*variantStemRefs // byStem by stem id
	// byWordID is each stem's id+1 by the analysis's number of the stem
	// (analysis.WordID), 0 for no stem: tokens carry that number, so most
	// are looked up by an index.
	byWordID []int32
	// misspeltMemo keeps misspeltWord's answers by the analysis's number of
	// the written word: 0 not yet found, 1 none, k+2 distinctFor(its first
	// rune)[k]. Every core reads and writes it at once; two that find the
	// same word store the same answer.
	misspeltMemo []atomic.Uint32
	distinct     map[rune][]distinctWord
	// distinctASCII is distinct for ASCII first letters, looked up for
	// every long word of every document.
	distinctASCII [utf8.RuneSelf][]distinctWord
	// distinctLens has, for an ASCII first letter, bit n set when a word of
	// n runes is within the length of a misspelling of a word of
	// distinctASCII: most long words of a document have none.
	distinctLens [utf8.RuneSelf]uint64
	vocab        map[string]bool // folded words and stems the glossary uses
	// realOrVocab is realWords and vocab in one map, for real's test of a
	// written word: one lookup where two were.
	realOrVocab map[string]bool
	// mnemonics are the mnemonics' expansions with every word a content
	// word: what a list written down the page may spell out.
	mnemonics []*variantEntry
}

func (ix *variantIndex) distinctFor(r rune) []distinctWord {
	if r >= 0 && r < utf8.RuneSelf {
		return ix.distinctASCII[r]
	}
	return ix.distinct[r]
}

type variantStemRefs struct {
	refs   []variantRef   // where the stem sits in which entries
	live   int            // refs[:live] are those not dead, in the same order
	starts []variantStart // fixed entries holding it
}

// variantStart is a fixed entry in variantStemRefs.starts, with what
// findVariants reads of it for every window it starts at, so that most
// windows are passed by without reading the entry.
type variantStart struct {
	entry int
	n     int  // the entry's words (len(stems))
	multi bool // two content words or more (contents > 1)
	// the entry's idMask and noIDMask
	idMask, noIDMask uint64
}

// tokenStemID is stemID(t.Term).
func (ix *variantIndex) tokenStemID(t *analysis.Token) int32 {
	if t.TermID != 0 {
		if int(t.TermID) < len(ix.byWordID) {
			return ix.byWordID[t.TermID] - 1
		}
		return -1
	}
	// stemLens rules out most words, without a call.
	if n := len(t.Term); n > 0 && n < 64 && ix.stemLens[t.Term[0]]&(1<<n) == 0 {
		return -1
	}
	return ix.stemID(t.Term)
}

// stemID is the number of a stem in byStem, or -1.
func (ix *variantIndex) stemID(stem string) int32 {
	mask := uint32(len(ix.stemSlots) - 1)
	for h := stemFilterBit(stem); ; h++ {
		id := ix.stemSlots[h&mask] - 1
		if id < 0 || ix.stems[id] == stem {
			return id
		}
	}
}

// stemRefs returns the entry for a stem, adding it.
func (ix *variantIndex) stemRefs(stem string) *variantStemRefs {
	r := ix.byStem[stem]
	if r == nil {
		r = &variantStemRefs{}
		ix.byStem[stem] = r
	}
	return r
}

// misspeltMemoWords is how many words, by number, misspeltWord keeps
// answers for: the words of the largest corpora measured, in 2 MB.
const misspeltMemoWords = 1 << 19

var variantIndexes sync.Map // *glossary.Glossary → *variantIndex

// realWords look like glossary words but are words in their own right.
// The glossary's own vocabulary is added to these when the index is built.
var realWords = map[string]bool{
	"embarrassment": true, "embarrassed": true, "harassed": true, "harasser": true, "harassers": true,
	"harassing": true, "protections": true, "protecting": true, "protective": true, "restrained": true,
	"restraint": true, "restraints": true, "talking": true, "walking": true, "stalled": true,
	"stalling": true, "stalker": true, "stalkers": true, "obsession": true, "obsessed": true,
	"controller": true, "controllers": true, "behaviours": true, "behavioural": true, "behaviourally": true,
	"offender": true, "offenders": true, "offensive": true, "defending": true, "independence": true,
	"independently": true, "prosecutor": true, "prosecuted": true, "sentenced": true, "connection": true,
	"connections": true, "aggravating": true, "aggravation": true, "religious": true, "religion": true,
	"racial": true, "personal": true, "personality": true, "escalating": true, "escalated": true,
	"caseworkers": true, "caseload": true, "caseloads": true, "advocates": true, "advocate": true,
	"advisers": true, "advisors": true, "advisor": true, "cyberstalker": true, "cyberstalkers": true,
	"aggregated": true, "aggregate": true, "retraining": true, "refraining": true, "escalator": true,
	"escalators": true, "contrasting": true, "consoling": true, "omission": true, "emissions": true,
}

// undistinctive long words occur in glossary wordings but are ordinary
// English; a misspelling of one on its own is not a near miss of a term.
var undistinctive = map[string]bool{
	"independent": true, "appropriate": true, "associated": true, "prosecution": true,
	"attempting": true, "contacting": true, "protection": true, "conviction": true,
	"acquittal": true, "including": true, "involving": true, "religiously": true,
	"personally": true, "connected": true, "offending": true, "behaviour": true,
}

func variantIndexFor(g *glossary.Glossary) *variantIndex {
	if v, ok := variantIndexes.Load(g); ok {
		return v.(*variantIndex)
	}
	ix := &variantIndex{byStem: map[string]*variantStemRefs{}, distinct: map[rune][]distinctWord{}, vocab: map[string]bool{},
		misspeltMemo: make([]atomic.Uint32, misspeltMemoWords)}
	for _, t := range g.Terms {
		for _, s := range termTexts(t) {
			for _, tk := range analysis.Analyze(s) {
				ix.vocab[tk.Surface] = true
				ix.vocab[tk.Term] = true
			}
		}
	}
	byStems := map[string]*variantEntry{}
	seenWord := map[string]bool{}
	// The stems of one-word terms and aliases: "harassment and stalking"
	// names two things the glossary knows, not a changed alternative.
	singleTerms := map[string]bool{}
	for _, e := range g.Matcher.Entries() {
		if (e.Kind == glossary.KindTerm || e.Kind == glossary.KindAlias) && len(e.Stems) == 1 {
			singleTerms[e.Stems[0]] = true
		}
	}
	// Shorter wordings first, so a long word is credited to the plainest
	// term that holds it ("restraining" to restraining order, not to the
	// breach offence).
	entries := slices.Clone(g.Matcher.Entries())
	slices.SortStableFunc(entries, func(a, b *glossary.Entry) int { return len(a.Stems) - len(b.Stems) })
	for _, e := range entries {
		switch e.Kind {
		case glossary.KindTerm, glossary.KindAlias, glossary.KindExpansion, glossary.KindPhrase:
		default:
			continue
		}
		toks := analysis.Analyze(e.Text)
		if len(toks) == 1 && e.Kind != glossary.KindPhrase {
			w := toks[0].Surface
			if utf8.RuneCountInString(w) >= 9 && isLetters(w) && !undistinctive[w] && !seenWord[w] {
				seenWord[w] = true
				r, _ := utf8.DecodeRuneInString(w)
				ix.distinct[r] = append(ix.distinct[r], newDistinctWord(w, toks[0].Term, e.Text[toks[0].Start:toks[0].End], e.Term))
			}
		}
		if e.Kind != glossary.KindPhrase && e.Kind != glossary.KindExpansion {
			for _, tk := range toks {
				w := tk.Surface
				if utf8.RuneCountInString(w) >= 9 && isLetters(w) && !undistinctive[w] && !seenWord[w] {
					seenWord[w] = true
					r, _ := utf8.DecodeRuneInString(w)
					ix.distinct[r] = append(ix.distinct[r], newDistinctWord(w, tk.Term, e.Text[tk.Start:tk.End], e.Term))
				}
			}
		}
		if len(toks) < 2 {
			continue
		}
		ve := &variantEntry{entry: e}
		for _, tk := range toks {
			ve.stems = append(ve.stems, tk.Term)
			ve.words = append(ve.words, tk.Surface)
			raw := e.Text[tk.Start:tk.End]
			ve.raw = append(ve.raw, raw)
			ve.strict = append(ve.strict, restate.Capitalised(raw) && !restate.CapsWord(raw))
		}
		ve.orSlip = make([]bool, len(toks))
		if e.Term.Kind != "concept" && len(toks) >= 3 {
			for k := 1; k+1 < len(toks); k++ {
				if ve.words[k] == "or" && !(singleTerms[ve.stems[k-1]] && singleTerms[ve.stems[k+1]]) {
					ve.orSlip[k], ve.andForOr = true, true
				}
			}
		}
		multi := len(toks) >= 3
		ve.fixed = multi && (e.Kind == glossary.KindPhrase || e.Kind == glossary.KindExpansion)
		ve.subst = multi && (e.Kind == glossary.KindPhrase || (e.Kind == glossary.KindExpansion && e.Term.Kind == "mnemonic"))
		key := strings.Join(ve.stems, " ")
		if prev := byStems[key]; prev != nil {
			// The same wording twice (a term and its expansion): one entry
			// with the stricter checks of either.
			prev.fixed = prev.fixed || ve.fixed
			prev.subst = prev.subst || ve.subst
			for k := range prev.strict {
				prev.strict[k] = prev.strict[k] || ve.strict[k]
				prev.orSlip[k] = prev.orSlip[k] || ve.orSlip[k]
			}
			prev.andForOr = prev.andForOr || ve.andForOr
			continue
		}
		byStems[key] = ve
		ve.stemSet = map[string]bool{}
		n := len(ix.entries)
		ix.entries = append(ix.entries, ve)
		contents := 0
		for k, tk := range toks {
			ve.stemSet[tk.Term] = true
			ve.contentBefore = append(ve.contentBefore, contents)
			ve.content = append(ve.content, !analysis.IsStop(tk.Surface))
			if ve.content[k] {
				contents++
				ve.contents++
				r := ix.stemRefs(tk.Term)
				r.refs = append(r.refs, variantRef{entry: n, pos: k})
			}
		}
	}
	// Another wording of the glossary with the same stems but other words
	// (an accepted name, an admitted expansion) is written right too.
	for _, e := range g.Matcher.Entries() {
		ve := byStems[strings.Join(e.Stems, " ")]
		if ve == nil {
			continue
		}
		var words []string
		for _, tk := range analysis.Analyze(e.Text) {
			words = append(words, tk.Surface)
		}
		if len(words) == len(ve.words) && !slices.Equal(words, ve.words) {
			ve.others = append(ve.others, words)
		}
	}
	// Fixed entries can be written with every word out of place; such a
	// window starts at one of their content words. (The flags are final
	// only once every entry has been merged.)
	for n, ve := range ix.entries {
		if !ve.fixed {
			continue
		}
		for s := range ve.stemSet {
			if !analysis.IsStop(s) {
				r := ix.stemRefs(s)
				r.starts = append(r.starts, variantStart{entry: n})
			}
		}
	}
	for _, r := range ix.byStem {
		slices.SortFunc(r.starts, func(a, b variantStart) int { return a.entry - b.entry })
	}
	ix.stemIDs = map[string]int32{}
	for _, ve := range ix.entries {
		for _, st := range ve.stems {
			if _, ok := ix.stemIDs[st]; !ok && ix.byStem[st] != nil {
				ix.stemIDs[st] = int32(len(ix.refsByID))
				ix.refsByID = append(ix.refsByID, ix.byStem[st])
				ix.stems = append(ix.stems, st)
			}
		}
	}
	// A quarter full at most, so a stem not held mostly meets an empty
	// slot at once.
	slots := 64
	for slots < 4*len(ix.stems) {
		slots *= 2
	}
	ix.stemSlots = make([]int32, slots)
	for id, st := range ix.stems {
		if n := len(st); n > 0 && n < 64 {
			ix.stemLens[st[0]] |= 1 << n
		}
		h := stemFilterBit(st)
		for ix.stemSlots[h&uint32(slots-1)] != 0 {
			h++
		}
		ix.stemSlots[h&uint32(slots-1)] = int32(id) + 1
		if wid := analysis.WordID(st); wid != 0 {
			ix.byWordID = append(ix.byWordID, make([]int32, max(0, int(wid)+1-len(ix.byWordID)))...)
			ix.byWordID[wid] = int32(id) + 1
		}
	}
	for _, ve := range ix.entries {
		for _, st := range ve.stems {
			id, ok := ix.stemIDs[st]
			if !ok {
				id = -1
			} else {
				ve.idMask |= 1 << (id % 64)
			}
			if id < 0 && !slices.Contains(ve.noID, st) {
				ve.noID = append(ve.noID, st)
			}
			ve.ids = append(ve.ids, id)
		}
		noID := ve.noID
		if ve.andForOr {
			noID = append(slices.Clip(noID), "and")
		}
		for _, st := range noID {
			w := analysis.WordID(st)
			if w == 0 {
				ve.noIDMask = ^uint64(0)
				break
			}
			ve.noIDMask |= 1 << (w % 64)
		}
	}
	for _, r := range ix.byStem {
		for k := range r.starts {
			st := &r.starts[k]
			ve := ix.entries[st.entry]
			st.n, st.multi, st.idMask, st.noIDMask = len(ve.stems), ve.contents > 1, ve.idMask, ve.noIDMask
		}
	}
	for _, r := range ix.byStem {
		for k := range r.refs {
			ix.entries[r.refs[k].entry].prefilter(&r.refs[k])
		}
		// A dead ref is never a near miss: findVariants looks only at
		// the live ones, first in the same order (the reference search
		// of the tests still tries every one).
		slices.SortStableFunc(r.refs, func(a, b variantRef) int {
			switch {
			case a.dead == b.dead:
				return 0
			case b.dead:
				return -1
			}
			return 1
		})
		r.live = len(r.refs)
		for r.live > 0 && r.refs[r.live-1].dead {
			r.live--
		}
	}
	for _, ve := range ix.entries {
		ve.label = describeEntry(ve)
		if ve.subst && ve.entry.Term.Kind == "mnemonic" && ve.entry.Term.Acronym != "" && ve.contents == len(ve.stems) {
			ix.mnemonics = append(ix.mnemonics, ve)
		}
	}
	for r, ws := range ix.distinct {
		if r >= 0 && r < utf8.RuneSelf {
			ix.distinctASCII[r] = ws
			for _, dw := range ws {
				for n := max(dw.runes-dw.limit, 0); n <= dw.runes+dw.limit && n < 64; n++ {
					ix.distinctLens[r] |= 1 << n
				}
			}
		}
	}
	ix.realOrVocab = maps.Clone(ix.vocab)
	maps.Copy(ix.realOrVocab, realWords)
	v, _ := variantIndexes.LoadOrStore(g, ix)
	return v.(*variantIndex)
}

func newDistinctWord(w, stem, raw string, t *glossary.Term) distinctWord {
	n := utf8.RuneCountInString(w)
	return distinctWord{word: w, stem: stem, raw: raw, runes: n, limit: misspeltLimit(n), term: t, wordOSA: newOSAShared(w), stemOSA: newOSAShared(stem), wordMask: runeMask(w), stemMask: runeMask(stem)}
}

// prefilter fills in what findVariants tests of a ref before compare: for
// a non-fixed entry with one content word before pos, that word is the
// only one that may differ, and it must be misspelt (see misspeltShape).
func (ve *variantEntry) prefilter(ref *variantRef) {
	ref.n = len(ve.stems)
	for p := range ref.probeID {
		ref.probeID[p] = -1
	}
	defer ve.setProbes(ref)
	if ve.fixed {
		ref.reordered = ve.contentBefore[ref.pos] > 1
		return
	}
	if ve.contentBefore[ref.pos] > 1 {
		ref.dead = true
		return
	}
	if ve.contentBefore[ref.pos] != 1 {
		return
	}
	k := 0
	for !ve.content[k] {
		k++
	}
	g := ve.words[k]
	n := utf8.RuneCountInString(g)
	ref.before = ref.pos - k
	ref.first, _ = utf8.DecodeRuneInString(g)
	ref.minRunes, ref.maxRunes = n-misspeltLimit(n), n+misspeltLimit(n)
	ref.dead = n < 5
}

// setProbes fills in a non-fixed ref's probes: up to variantProbes of
// the entry's numbered words other than those at pos and pos-before (the
// one content word before pos, out of place when before > 0), those
// nearest pos first. ve.ids must be made.
func (ve *variantEntry) setProbes(ref *variantRef) {
	if ve.fixed || ref.dead || len(ve.stems) > 256 {
		return
	}
	p := 0
	for d := 1; d < len(ve.stems) && p < variantProbes; d++ {
		for _, k := range [2]int{ref.pos + d, ref.pos - d} {
			if k < 0 || k >= len(ve.stems) || ve.ids[k] < 0 || ref.before > 0 && k == ref.pos-ref.before || p == variantProbes {
				continue
			}
			ref.probeAt[p], ref.probeID[p] = uint8(k), ve.ids[k]
			p++
		}
	}
	ref.need = 2
	if ref.before > 0 {
		ref.need = 1
	}
}

func describeEntry(ve *variantEntry) string {
	e := ve.entry
	switch {
	case e.Kind == glossary.KindPhrase && e.Phrase != nil && e.Phrase.Kind == "mnemonic",
		e.Kind == glossary.KindExpansion && e.Term.Kind == "mnemonic":
		return fmt.Sprintf("the mnemonic %s (%s)", e.Term.Term, e.Text)
	case e.Kind == glossary.KindPhrase && e.Phrase != nil && e.Phrase.Kind == "title":
		return fmt.Sprintf("the title of the %s", e.Term.Term)
	case e.Kind == glossary.KindPhrase:
		return fmt.Sprintf("the fixed phrase %q", e.Text)
	case e.Kind == glossary.KindExpansion:
		return fmt.Sprintf("%q (the expansion of %s)", e.Text, e.Term.Acronym)
	case e.Kind == glossary.KindAlias:
		return fmt.Sprintf("%q (for %s)", e.Text, e.Term.Term)
	}
	return fmt.Sprintf("%q", e.Text)
}

// termTexts is every piece of text a term holds: the glossary's vocabulary.
func termTexts(t *glossary.Term) []string {
	out := []string{t.Term, t.Definition, t.Summary, t.Expansion}
	out = append(out, t.Examples...)
	out = append(out, t.Notes...)
	out = append(out, t.Aliases...)
	for _, d := range t.Deprecated {
		out = append(out, d.Replacement, d.Reason)
		out = append(out, d.Except...)
	}
	for _, els := range [][]glossary.Element{t.Required, t.Excluded} {
		for _, e := range els {
			out = append(out, e.Label, e.Reason)
			out = append(out, e.Cues...)
		}
	}
	for _, p := range t.Penalty {
		out = append(out, p.Maximum, p.Note)
	}
	for _, s := range t.Superseded {
		out = append(out, s.Replacement, s.Reason)
	}
	for _, s := range t.Sources {
		out = append(out, s.Act, s.Document, s.Note)
	}
	for _, p := range t.Phrases {
		out = append(out, p.Text)
	}
	if t.Breach != nil {
		out = append(out, t.Breach.Orders...)
		out = append(out, t.Breach.Verbs...)
		out = append(out, t.Breach.Context...)
	}
	if t.Act != nil {
		out = append(out, t.Act.Title)
		out = append(out, t.Act.Short...)
	}
	return out
}

func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

func isNumber(w string) bool {
	for _, r := range w {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// real reports whether a folded word is a word in its own right.
func (ix *variantIndex) real(w, stem string) bool {
	return ix.realOrVocab[w] || ix.vocab[stem]
}

// misspelt reports whether written word w is a misspelling of glossary word
// g: the same first letter, within one edit for words of 5 to 7 letters and
// two for longer ones, not an inflection of g and not a real word.
func (ix *variantIndex) misspelt(w, wStem, g, gStem string) bool {
	limit, ok := misspeltShape(w, wStem, g, gStem)
	return ok && isLetters(w) && !ix.real(w, wStem) && misspeltWithin(w, wStem, g, gStem, limit)
}

// misspeltShape makes misspelt's cheap tests, of lengths, stems and first
// letters, and returns the number of edits allowed. The tests are split up
// so that the ones on the written word alone (letters, a real word), which
// cost map lookups, are made only for words that pass these, and once for
// all the glossary words tried against one written word.
func misspeltShape(w, wStem, g, gStem string) (limit int, ok bool) {
	n := utf8.RuneCountInString(g)
	if n < 5 || wStem == gStem {
		return 0, false
	}
	limit = misspeltLimit(n)
	m := utf8.RuneCountInString(w)
	if m < n-limit || m > n+limit {
		return 0, false
	}
	a, _ := utf8.DecodeRuneInString(w)
	b, _ := utf8.DecodeRuneInString(g)
	return limit, a == b
}

// misspeltLimit is the edits allowed in a misspelling of a word of n runes
// (5 or more).
func misspeltLimit(n int) int {
	if n >= 8 {
		return 2
	}
	return 1
}

// misspeltWithin is misspelt's last test: the words, or else their stems,
// are within the edits allowed.
func misspeltWithin(w, wStem, g, gStem string, limit int) bool {
	return distanceWithin(w, g, limit) <= limit || distanceWithin(wStem, gStem, limit-1) <= limit-1
}

// variantHit is one near miss in a block: tokens [first, last).
type variantHit struct {
	kind variantKind
	// andForOr: "and" is written for the entry's "or" (the differing word
	// of a substitution, or one of the words of a reordering). Beside kind,
	// it takes none of the struct's room.
	andForOr    bool
	entry       *variantEntry // multi-word near misses
	word        *distinctWord // single-word misspellings
	first, last int
	at          int // the differing token, for misspellings and substitutions
}

func (h variantHit) term() *glossary.Term {
	if h.word != nil {
		return h.word.term
	}
	return h.entry.entry.Term
}
