package rules

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/testload"
)

// The tests here hold breach-context's shortcuts to the plain code they
// replace, on the bundled corpus (or CONCORD_BENCH_CORPUS), the rule's
// examples and a few sentences written to exercise each shortcut, with the
// tokens as analysed and again with their word numbers taken away (the
// path by the string).

// exactSample is the blocks of the sample documents, analysed.
func exactSample(t *testing.T) []*BlockFacts {
	t.Helper()
	g := testload.Glossary(t)
	docs := corpusSample(t, 150)
	var extra strings.Builder
	for _, r := range All() {
		if r.ID == "breach-context" {
			for _, e := range r.Examples {
				extra.WriteString(e.Markdown + "\n\n")
			}
		}
	}
	extra.WriteString(`## Written for the shortcuts

The respondent broke the order twice. The SPO was broken within a week, and the order was flouted again.

He did anything the order prohibited; she failed to comply with the terms of the order. There was non compliance with the requirements of the SPO.

He did not comply with the order, and he doesn't obey orders: each breach of the restraining order is charged under section 5 of the Protection from Harassment Act 1997, and it is part of the course of conduct.

Breach of a restraining order under the Crime and Disorder Act 1998 is not an isolated incident and must never be dealt with in isolation.
`)
	docs = append(docs, testload.Doc(t, "extra.md", extra.String()))
	var out []*BlockFacts
	for _, d := range docs {
		out = append(out, analyse(d, g).Blocks...)
	}
	return out
}

// unnumbered is toks with their word numbers taken away.
func unnumbered(toks []analysis.Token) []analysis.Token {
	out := slices.Clone(toks)
	for i := range out {
		out[i].TermID, out[i].SurfaceID = 0, 0
	}
	return out
}

// sentenceTokens returns the tokens of b that lie in s: the reference for
// sentenceCursor.
func sentenceTokens(b *BlockFacts, s corpus.Sentence) []analysis.Token {
	i := 0
	for i < len(b.Tokens) && b.Tokens[i].Start < s.Start {
		i++
	}
	j := i
	for j < len(b.Tokens) && b.Tokens[j].End <= s.End {
		j++
	}
	return b.Tokens[i:j]
}

func TestBreachSentenceCursor(t *testing.T) {
	check := func(b *BlockFacts, sentences []corpus.Sentence) {
		t.Helper()
		var cur sentenceCursor
		for _, s := range sentences {
			want := sentenceTokens(b, s)
			wantBase := 0
			for len(want) > 0 && b.Tokens[wantBase].Start < want[0].Start {
				wantBase++
			}
			got, base := cur.next(b.Tokens, s)
			if len(got) != len(want) || base != wantBase || len(got) > 0 && &got[0] != &want[0] {
				t.Fatalf("sentence %v of %q: got %d tokens at %d, want %d at %d", s, b.Block.Run.Text, len(got), base, len(want), wantBase)
			}
		}
	}
	for _, b := range exactSample(t) {
		check(b, b.Sentences)
		// Out of order, and overlapping: the cursor starts over.
		rev := slices.Clone(b.Sentences)
		slices.Reverse(rev)
		check(b, rev)
		if n := len(b.Block.Run.Text); n > 4 {
			check(b, []corpus.Sentence{{Start: 0, End: n}, {Start: 1, End: n / 2}, {Start: n / 2, End: n}, {Start: 0, End: 2}})
		}
	}
}

func TestBreachClassWordsExact(t *testing.T) {
	w := breachWords()
	sets := []struct {
		set  map[string]bool
		stem bool
		bit  uint32
	}{
		{w.offence, true, classOffence}, {w.reportNoun, true, classReportNoun}, {w.findingVerb, true, classFindingVerb},
		{w.concern, true, classConcern}, {w.reporting, true, classReporting},
		{w.handling, false, classHandling}, {w.prosecution, false, classProsecution}, {w.directive, false, classDirective},
		{w.modal, false, classModal}, {w.past, false, classPast}, {w.you, false, classYou},
	}
	seen := map[uint32]bool{}
	for _, b := range exactSample(t) {
		for _, s := range b.Sentences {
			toks := sentenceTokens(b, s)
			for _, toks := range [][]analysis.Token{toks, unnumbered(toks)} {
				terms, surfaces := classWordsIn(toks)
				for _, st := range sets {
					want := false
					for _, tk := range toks {
						if st.stem && st.set[tk.Term] || !st.stem && st.set[tk.Surface] {
							want = true
						}
					}
					got := st.stem && terms&st.bit != 0 || !st.stem && surfaces&st.bit != 0
					if got != want {
						t.Fatalf("%q: list %v (stem %v) got %v, want %v", s.Text(&b.Block.Run), st.bit, st.stem, got, want)
					}
					if want {
						seen[st.bit<<1|map[bool]uint32{true: 1}[st.stem]] = true
					}
				}
			}
		}
	}
	if len(seen) < 6 {
		t.Errorf("the sample holds words of only %d lists", len(seen))
	}
}

func TestBreachBoundFilterExact(t *testing.T) {
	f := boundWords()
	v := conceptWords()
	held := 0
	for _, b := range exactSample(t) {
		for _, s := range b.Sentences {
			for _, toks := range [][]analysis.Token{sentenceTokens(b, s), unnumbered(sentenceTokens(b, s))} {
				order, mayHold := f.scan(toks)
				wantOrder := slices.ContainsFunc(toks, func(tk analysis.Token) bool { return tk.Term == "order" })
				if order != wantOrder {
					t.Fatalf("%q: order %v, want %v", s.Text(&b.Block.Run), order, wantOrder)
				}
				bound := boundBreachWordsIn(toks, v.ids(toks, nil))
				if len(bound) > 0 {
					held++
					if !mayHold {
						t.Fatalf("%q: the filter passes over bound breach words at %v", s.Text(&b.Block.Run), bound)
					}
				}
			}
		}
	}
	if held < 8 {
		t.Errorf("only %d sentences hold bound breach words: the test says little", held)
	}
}

// findRef is breachIndex.find without the first word's filter or table.
func findRef(ix *breachIndex, text string, toks []analysis.Token) []cueHit {
	var out []cueHit
	for i := range toks {
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

func TestBreachFindExact(t *testing.T) {
	ix := breachIndexFor(testload.Glossary(t))
	found := 0
	var buf []cueHit
	for _, b := range exactSample(t) {
		text := b.Block.Run.Text
		for _, toks := range [][]analysis.Token{b.Tokens, unnumbered(b.Tokens)} {
			got, want := ix.find(text, toks), findRef(ix, text, toks)
			if !slices.Equal(got, want) {
				t.Fatalf("%q: find %v, want %v", text, got, want)
			}
			// Into the buffer the block before filled, as the rule does.
			buf = ix.appendCues(buf[:0], text, toks)
			if !slices.Equal(buf, want) {
				t.Fatalf("%q: appendCues %v, want %v", text, buf, want)
			}
			found += len(got)
		}
	}
	if found == 0 {
		t.Error("no cues in the sample")
	}
}

// maskActNamesRef masks Act names as the rule did: from restate.ActTokens,
// numbering the masked copy afresh.
func maskActNamesRef(toks []analysis.Token, acts map[int]bool, base int) ([]analysis.Token, []wordIDs) {
	out := slices.Clone(toks)
	for i := range out {
		if acts[base+i] {
			out[i].Term, out[i].Surface = "\x00", "\x00"
			out[i].TermID, out[i].SurfaceID = 0, 0
		}
	}
	return out, conceptWords().ids(out, nil)
}

func TestBreachMaskActNamesExact(t *testing.T) {
	masked := 0
	var bufToks []analysis.Token
	var bufIDs []wordIDs
	for _, b := range exactSample(t) {
		acts, spans := restate.ActTokens(b.Matches), actSpans(b.Matches, nil)
		ids := conceptWords().ids(b.Tokens, nil)
		var cur sentenceCursor
		for _, s := range b.Sentences {
			toks, base := cur.next(b.Tokens, s)
			wantToks, wantIDs := maskActNamesRef(toks, acts, base)
			gotToks, gotIDs := maskActNames(toks, ids[base:base+len(toks)], spans, base, bufToks, bufIDs)
			if !slices.Equal(gotToks, wantToks) || !slices.Equal(gotIDs, wantIDs) {
				t.Fatalf("%q: masked %v %v, want %v %v", s.Text(&b.Block.Run), gotToks, gotIDs, wantToks, wantIDs)
			}
			if len(toks) > 0 && &gotToks[0] != &toks[0] {
				masked++
				bufToks, bufIDs = gotToks[:0], gotIDs[:0]
			}
		}
	}
	if masked == 0 {
		t.Error("no Act names in the sample")
	}
}

// matchWordingEndRef is matchWordingEnd without its written-out case.
func matchWordingEndRef(slots []conceptSlot, ids []wordIDs, i int) (int, bool) {
	if len(slots) == 0 {
		return i, true
	}
	if slots[0].gap > 0 {
		for skip := 0; skip <= slots[0].gap && i+skip <= len(ids); skip++ {
			if end, ok := matchWordingEndRef(slots[1:], ids, i+skip); ok {
				return end, true
			}
		}
		return 0, false
	}
	if i < len(ids) && slots[0].accepts(ids[i]) {
		return matchWordingEndRef(slots[1:], ids, i+1)
	}
	return 0, false
}

func TestBreachMatchWordingExact(t *testing.T) {
	var wordings []conceptWording
	for _, list := range [][]breachConcept{breachConcepts, boundBreachWordsFirst, boundBreachWordsLast} {
		for ci := range list {
			for _, w := range list[ci].wordings {
				wordings = append(wordings, compileWording(&list[ci], w))
			}
		}
	}
	// Two gaps in a row, which no wording has yet.
	gaps := compileWording(&breachConcepts[0], "stalking ~2 ~1 continues")
	wordings = append(wordings, gaps)
	try := func(ids []wordIDs) int {
		matched := 0
		for _, w := range wordings {
			for i := 0; i <= len(ids); i++ {
				for _, slots := range [][]conceptSlot{w.slots, w.slots[1:]} {
					end, ok := matchWordingEnd(slots, ids, i)
					wantEnd, wantOK := matchWordingEndRef(slots, ids, i)
					if end != wantEnd || ok != wantOK {
						t.Fatalf("slots %v at %d of %v: %d %v, want %d %v", slots, i, ids, end, ok, wantEnd, wantOK)
					}
					if ok {
						matched++
					}
				}
			}
		}
		return matched
	}
	matched := 0
	v := conceptWords()
	for _, b := range exactSample(t) {
		for _, s := range b.Sentences {
			matched += try(v.ids(sentenceTokens(b, s), nil))
		}
	}
	// Random sentences of the wordings' own words.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		ids := make([]wordIDs, rng.IntN(12))
		for i := range ids {
			if rng.IntN(3) > 0 {
				ids[i].term = int32(rng.IntN(len(v.terms.words)))
			}
			if rng.IntN(4) == 0 {
				ids[i].surface = int32(rng.IntN(len(v.surfaces.words)))
			}
		}
		matched += try(ids)
	}
	if matched == 0 {
		t.Error("no wording matched")
	}
}
