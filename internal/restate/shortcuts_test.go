package restate

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/testload"
)

// The restatement finder's shortcuts each stand for a slower way of
// asking the same thing. These tests hold every shortcut to the slow way
// it replaced (kept here as the reference), on made-up input built to
// reach its edges and on the bundled corpus.

// randText returns a string of n pieces drawn from pieces.
func randText(r *rand.Rand, pieces []string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

func TestOnlyOfIsTrimToNothing(t *testing.T) {
	pieces := []string{" ", "\"", "'", "‘", "’", "“", "”", "*", "_", "a", ",", "\xe2", "\x80", "\x99", "\xff", "é", "–", ":", "."}
	r := rand.New(rand.NewPCG(1, 2))
	for _, cutset := range []string{quotes, quotesMarks, " \"'‘’“”*_:."} {
		for i := range 20000 {
			s := randText(r, pieces, i%7)
			if got, want := onlyOf(s, cutset), strings.Trim(s, cutset) == ""; got != want {
				t.Fatalf("onlyOf(%q, %q) = %v, Trim says %v", s, cutset, got, want)
			}
		}
	}
}

func TestLastCommaIsLastIndexByte(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 5000 {
		s := randText(r, []string{"a", " ", ",", "b,", "’"}, i%40)
		if got, want := lastComma(s), strings.LastIndexByte(s, ','); got != want {
			t.Fatalf("lastComma(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestTokenFromIsLinearScan(t *testing.T) {
	linear := func(toks []analysis.Token, from int) int {
		for i, tk := range toks {
			if tk.Start >= from {
				return i
			}
		}
		return len(toks)
	}
	for _, text := range []string{"", "a", "The offence of stalking, in law, means conduct.", "  x  yy   zzz "} {
		toks := analysis.Analyze(text)
		for from := -2; from <= len(text)+2; from++ {
			if got, want := tokenFrom(toks, from), linear(toks, from); got != want {
				t.Fatalf("%q: tokenFrom(%d) = %d, want %d", text, from, got, want)
			}
		}
	}
}

// bundledBlocks analyses the bundled corpus.
func bundledBlocks(t *testing.T) (*glossary.Glossary, []*DocFacts) {
	t.Helper()
	g := testload.Glossary(t)
	docs := bundledDocs(t)
	var out []*DocFacts
	for _, d := range docs {
		out = append(out, Analyse(g, d))
	}
	return g, out
}

func bundledDocs(t *testing.T) []*corpus.Document {
	t.Helper()
	inputs, err := corpus.DiscoverWith("../../corpus", "corpus", corpus.Options{Exclude: []string{"README.md"}})
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := corpus.LoadAll(inputs)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(docs) == 0 {
		t.Skip("no bundled corpus")
	}
	return docs
}

// TestActSpansAreActTokens: the Act tokens spanStems and SpanTerms leave
// out are those ActTokens marks, on every block of the bundled corpus
// (whose citations name Acts) and on made-up, overlapping matches.
func TestActSpansAreActTokens(t *testing.T) {
	_, facts := bundledBlocks(t)
	check := func(ms []glossary.Match, n int) {
		t.Helper()
		acts, spans := ActTokens(ms), actSpans(ms, nil)
		for i := -1; i <= n; i++ {
			if got, want := inSpans(spans, i), acts[i]; got != want {
				t.Fatalf("token %d: inSpans = %v, ActTokens = %v", i, got, want)
			}
		}
	}
	sawAct := false
	for _, df := range facts {
		for _, bf := range df.Blocks {
			check(bf.Matches, len(bf.Tokens))
			sawAct = sawAct || len(actSpans(bf.Matches, nil)) > 0
		}
	}
	if !sawAct {
		t.Fatal("no block of the bundled corpus names an Act: the test proves nothing")
	}
	act := &glossary.Entry{Term: &glossary.Term{Act: &glossary.Act{}}}
	plain := &glossary.Entry{Term: &glossary.Term{}}
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		var ms []glossary.Match
		for range r.IntN(12) {
			e := plain
			if r.IntN(2) == 0 {
				e = act
			}
			f := r.IntN(20)
			ms = append(ms, glossary.Match{Entry: e, First: f, Last: f + r.IntN(4)})
		}
		check(ms, 25)
	}
}

// TestSpanReadersMatchLinear holds spanStems and SpanTerms, which start at
// a binary-searched token and ask about Acts without a map, to the linear
// versions they replaced, over every sentence and block of the bundled
// corpus and ranges that start and end inside words.
func TestSpanReadersMatchLinear(t *testing.T) {
	spanStemsRef := func(bf *BlockFacts, from, to int) (stems []string, idx []int) {
		acts := ActTokens(bf.Matches)
		for i, tk := range bf.Tokens {
			if tk.Start < from {
				continue
			}
			if tk.End > to {
				break
			}
			if !acts[i] && Comparable(tk) {
				stems = append(stems, tk.Term)
				idx = append(idx, i)
			}
		}
		return stems, idx
	}
	spanTermsRef := func(bf *BlockFacts, from, to int) (terms []string, first int) {
		first = -1
		acts := ActTokens(bf.Matches)
		for i, tk := range bf.Tokens {
			if tk.Start < from {
				continue
			}
			if tk.End > to {
				break
			}
			if first < 0 {
				first = i
			}
			if acts[i] {
				terms = append(terms, "\x00")
				continue
			}
			terms = append(terms, tk.Term)
		}
		return terms, first
	}
	_, facts := bundledBlocks(t)
	n := 0
	for _, df := range facts {
		for _, bf := range df.Blocks {
			var ranges [][2]int
			for _, s := range bf.Sentences {
				ranges = append(ranges, [2]int{s.Start, s.End}, [2]int{s.Start + 1, s.End - 1}, [2]int{s.Start + 3, s.End + 5})
			}
			ranges = append(ranges, [2]int{0, len(bf.Block.Run.Text)})
			for _, rg := range ranges {
				s1, i1 := spanStems(bf, rg[0], rg[1])
				s2, i2 := spanStemsRef(bf, rg[0], rg[1])
				if !slices.Equal(s1, s2) || !slices.Equal(i1, i2) {
					t.Fatalf("spanStems(%q, %d, %d) = %q %v, want %q %v", bf.Block.Run.Text, rg[0], rg[1], s1, i1, s2, i2)
				}
				t1, f1 := SpanTerms(bf, rg[0], rg[1])
				t2, f2 := spanTermsRef(bf, rg[0], rg[1])
				if !slices.Equal(t1, t2) || f1 != f2 {
					t.Fatalf("SpanTerms(%q, %d, %d) = %q %d, want %q %d", bf.Block.Run.Text, rg[0], rg[1], t1, f1, t2, f2)
				}
				n++
			}
		}
	}
	t.Logf("%d spans", n)
}

// TestProfileShortcuts holds the per-term tables worked out once to the
// look-ups they replaced: sharedDefinitional and coverage's total,
// hasAnyCue, FindCue with an element's heads, cueWord, isMnemonic.
func TestProfileShortcuts(t *testing.T) {
	g, facts := bundledBlocks(t)
	gp := ProfileOf(g)
	sharedRef := func(tp *TermProfile, stems []string) int {
		seen := map[string]bool{}
		for _, s := range stems {
			if tp.defStems[s] && !tp.own[s] && !genericStems[s] && !seen[s] {
				seen[s] = true
			}
		}
		return len(seen)
	}
	findCueRef := func(terms []string, ec Element) (int, int) {
		for i := range terms {
			for _, c := range ec.Cues {
				if CueAt(terms, i, c) {
					return i, len(c)
				}
			}
		}
		return -1, 0
	}
	hasAnyCueRef := func(terms []string, tp *TermProfile) bool {
		for _, ecs := range [][]Element{tp.Required, tp.Excluded} {
			for _, ec := range ecs {
				if i, _ := findCueRef(terms, ec); i >= 0 {
					return true
				}
			}
		}
		return false
	}
	cueWordRef := func(tp *TermProfile, term string) bool {
		for _, ecs := range [][]Element{tp.Required, tp.Excluded} {
			for _, ec := range ecs {
				for _, c := range ec.Cues {
					if len(c) > 0 && c[0] == term {
						return true
					}
				}
			}
		}
		return false
	}
	// The word sequences: every sentence of the corpus, and each term's
	// cues and definition words shuffled among them.
	var seqs [][]string
	for _, df := range facts {
		for _, bf := range df.Blocks {
			for _, s := range bf.Sentences {
				terms, _ := SpanTerms(bf, s.Start, s.End)
				seqs = append(seqs, terms)
			}
		}
	}
	var pool []string
	for _, tp := range gp.Terms {
		for _, ecs := range [][]Element{tp.Required, tp.Excluded} {
			for _, ec := range ecs {
				for _, c := range ec.Cues {
					pool = append(pool, c...)
				}
			}
		}
		for s := range tp.defStems {
			pool = append(pool, s)
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		seq := make([]string, r.IntN(25))
		for i := range seq {
			seq[i] = pool[r.IntN(len(pool))]
		}
		seqs = append(seqs, seq)
	}
	heads := 0
	for term, tp := range gp.Terms {
		total := 0
		for s := range tp.defStems {
			if !tp.own[s] && !genericStems[s] {
				total++
			}
		}
		if len(tp.distinctive) != total {
			t.Errorf("%s: %d distinctive stems, want %d", term.ID, len(tp.distinctive), total)
		}
		if got, want := gp.isMnemonic(term), gp.Terms[term] != nil && gp.Terms[term].mnemonic; got != want {
			t.Errorf("%s: isMnemonic = %v, want %v", term.ID, got, want)
		}
		for _, ecs := range [][]Element{tp.Required, tp.Excluded} {
			for _, ec := range ecs {
				if ec.heads != nil {
					heads++
				}
			}
		}
		for _, seq := range seqs {
			if got, want := sharedDefinitional(tp, seq), sharedRef(tp, seq); got != want {
				t.Fatalf("%s: sharedDefinitional(%q) = %d, want %d", term.ID, seq, got, want)
			}
			if got, want := hasAnyCue(seq, tp), hasAnyCueRef(seq, tp); got != want {
				t.Fatalf("%s: hasAnyCue(%q) = %v, want %v", term.ID, seq, got, want)
			}
			for _, ecs := range [][]Element{tp.Required, tp.Excluded} {
				for _, ec := range ecs {
					gi, gn := FindCue(seq, ec)
					wi, wn := findCueRef(seq, ec)
					if gi != wi || gn != wn {
						t.Fatalf("%s: FindCue(%q) = %d,%d, want %d,%d", term.ID, seq, gi, gn, wi, wn)
					}
				}
			}
			for _, w := range seq {
				if cueWord(tp, w) != cueWordRef(tp, w) {
					t.Fatalf("%s: cueWord(%q) = %v", term.ID, w, cueWord(tp, w))
				}
			}
		}
	}
	if heads == 0 {
		t.Fatal("no element has heads: FindCue's shortcut is not tested")
	}
}

// TestDefiningVerbByHead holds definingVerb, which tries only the
// phrases opening with the word at hand, to trying every phrase of
// strongVerbs in order as it did.
func TestDefiningVerbByHead(t *testing.T) {
	matchRef := func(text string, toks []analysis.Token, j, end int, phrase []string) (int, bool) {
		k := j
		for pi, w := range phrase {
			gap := strings.HasSuffix(w, "*")
			w = strings.TrimSuffix(w, "*")
			if k >= len(toks) || toks[k].Start >= end || toks[k].Surface != w {
				return 0, false
			}
			if pi > 0 && strings.ContainsAny(text[toks[k-1].End:toks[k].Start], ".;:") {
				return 0, false
			}
			k++
			if gap && pi+1 < len(phrase) {
				next := phrase[pi+1]
				found := false
				for g := k; g < len(toks) && g <= k+8 && toks[g].Start < end; g++ {
					if toks[g].Surface == next {
						k, found = g, true
						break
					}
				}
				if !found {
					return 0, false
				}
			}
		}
		return k, true
	}
	ref := func(text string, toks []analysis.Token, j, end int) (bool, int, bool) {
		if j >= len(toks) || toks[j].Start >= end {
			return false, 0, false
		}
		for _, v := range strongVerbs {
			if k, ok := matchRef(text, toks, j, end, v); ok {
				return true, k, true
			}
		}
		if w := toks[j].Surface; w == "is" || w == "are" {
			if j+1 < len(toks) && notDefining[toks[j+1].Surface] {
				return false, 0, false
			}
			if j+1 < len(toks) && toks[j+1].Start < end {
				return false, j + 1, true
			}
		}
		return false, 0, false
	}
	var words []string
	for _, v := range strongVerbs {
		for _, w := range v {
			words = append(words, strings.TrimSuffix(w, "*")+" ")
		}
	}
	words = append(words, "in s.2A(2) ", "not ", "stalking ", ". ", "; ", "the ", "of ")
	r := rand.New(rand.NewPCG(9, 10))
	texts := []string{"Stalking is defined in s.2A(2) as conduct.", "It can be described as fear.", "X is made up of parts."}
	for range 20000 {
		texts = append(texts, randText(r, words, 1+r.IntN(8)))
	}
	for _, text := range texts {
		toks := analysis.Analyze(text)
		for j := range toks {
			for _, end := range []int{len(text), toks[j].End + 3} {
				gs, gp, gok := definingVerb(text, toks, j, end)
				ws, wp, wok := ref(text, toks, j, end)
				if gs != ws || gp != wp || gok != wok {
					t.Fatalf("definingVerb(%q, %d, %d) = %v %d %v, want %v %d %v", text, j, end, gs, gp, gok, ws, wp, wok)
				}
			}
		}
	}
}

// TestMayRequireMatchesLowerCasedSearch holds mayRequire's one pass to
// the search of the lower-cased sentence it replaced.
func TestMayRequireMatchesLowerCasedSearch(t *testing.T) {
	ref := func(s string) bool {
		var buf [512]byte
		if len(s) <= len(buf) && isASCII(s) {
			l := buf[:len(s)]
			for i := 0; i < len(s); i++ {
				c := s[i]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				l[i] = c
			}
			return bytes.Contains(l, []byte("requir")) || bytes.Contains(l, []byte("must")) || bytes.Contains(l, []byte("need")) ||
				bytes.Contains(l, []byte("has to")) || bytes.Contains(l, []byte("have to")) || bytes.Contains(l, []byte("only"))
		}
		l := strings.ToLower(s)
		return strings.Contains(l, "requir") || strings.Contains(l, "must") || strings.Contains(l, "need") ||
			strings.Contains(l, "has to") || strings.Contains(l, "have to") || strings.Contains(l, "only")
	}
	// Each word is among those its first letter, in either case, tries.
	for _, w := range requireWords {
		for _, c := range []byte{w[0], w[0] - ('a' - 'A')} {
			g := requireFirst[c]
			if !slices.Contains(requireWords[g.from:g.from+g.n], w) {
				t.Fatalf("%q is not tried at %q", w, c)
			}
		}
	}
	pieces := []string{"REQUIR", "requi", "Require", "r", "MUST", "mus", "t", "Need", "nee", "d", "HAS TO", "has", " to",
		"Have", "have to", "ha", "ve", " ", "ONLY", "onl", "y", "İ", "ı", "K", "x", "o", "n", "h", "m", "é", "\xff"}
	r := rand.New(rand.NewPCG(11, 12))
	n := 0
	for i := range 50000 {
		s := randText(r, pieces, i%12)
		if i%1000 == 0 {
			s += strings.Repeat("a", 600) // past the old stack buffer
		}
		got, want := mayRequire(s), ref(s)
		if got != want {
			t.Fatalf("mayRequire(%q) = %v, want %v", s, got, want)
		}
		if got {
			n++
		}
	}
	if n == 0 || n == 50000 {
		t.Fatalf("%d of 50000 made-up sentences may require: the test proves little", n)
	}
}

// TestSharedInMatchesStems holds sharedIn, which counts the shared stems
// of a span without gathering them, to sharedDefinitional of spanStems,
// and saysNothing to its reading on restatementStems, for every term's
// profile over every sentence and block of the bundled corpus.
func TestSharedInMatchesStems(t *testing.T) {
	g, facts := bundledBlocks(t)
	gp := ProfileOf(g)
	var tps []*TermProfile
	for _, term := range g.Terms {
		if tp := gp.Terms[term]; tp != nil {
			tps = append(tps, tp)
		}
	}
	n, shared, nothing := 0, 0, 0
	for _, df := range facts {
		for _, bf := range df.Blocks {
			var ranges [][2]int
			for _, s := range bf.Sentences {
				ranges = append(ranges, [2]int{s.Start, s.End}, [2]int{s.Start + 3, s.End + 5})
			}
			ranges = append(ranges, [2]int{0, len(bf.Block.Run.Text)})
			for _, rg := range ranges {
				stems, _ := spanStems(bf, rg[0], rg[1])
				for _, tp := range tps {
					got, want := sharedIn(tp, bf, rg[0], rg[1]), sharedDefinitional(tp, stems)
					if got != want {
						t.Fatalf("%s: sharedIn(%q, %d, %d) = %d, want %d", tp.term.ID, bf.Block.Run.Text, rg[0], rg[1], got, want)
					}
					if got > 0 {
						shared++
					}
					n++
					r := &Restatement{Term: tp.term, Block: bf, Start: rg[0], End: min(rg[1], len(bf.Block.Run.Text)), How: "table"}
					rstems, _ := restatementStems(r)
					if got, want := saysNothing(gp, r), len(stemSet(rstems, tp.own)) == 0; got != want {
						t.Fatalf("%s: saysNothing(%q) = %v, want %v", tp.term.ID, r.Text(), got, want)
					} else if got {
						nothing++
					}
				}
			}
		}
		for _, r := range df.Restatements {
			tp := gp.Terms[r.Term]
			stems, _ := restatementStems(r)
			want := len(stemSet(stems, tp.own)) == 0
			if got := saysNothing(gp, r); got != want {
				t.Fatalf("saysNothing(%q) = %v, want %v", r.Text(), got, want)
			}
		}
	}
	if shared == 0 || nothing == 0 || nothing == n {
		t.Fatalf("%d of %d sharing, %d saying nothing: the test tests too little", shared, n, nothing)
	}
	t.Logf("%d spans and terms, %d sharing, %d saying nothing", n, shared, nothing)
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// sharedDefinitional counts the distinct, non-generic stems shared with the
// definition: sharedIn on stems already gathered, as it was before
// sharedIn, which the tests hold to it.
func sharedDefinitional(tp *TermProfile, stems []string) int {
	// The shared stems are few: a slice on the stack tells them apart
	// without a map a call.
	var buf [16]string
	seen := buf[:0]
	for _, s := range stems {
		if tp.distinctive[s] && !slices.Contains(seen, s) {
			seen = append(seen, s)
		}
	}
	return len(seen)
}
