package rules

// The near-miss search as it was before its pre-filters, kept as the
// reference FuzzFindVariants compares findVariants with. It shares compare,
// which says what a near miss is; what it keeps is the plain search for
// the windows compare is asked about.

import (
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/testload"
)

func (ix *variantIndex) stemIDOld(stem string) int32 {
	if id, ok := ix.stemIDs[stem]; ok {
		return id
	}
	return -1
}

func (ix *variantIndex) findVariantsOld(b *BlockFacts) []variantHit {
	toks := b.Tokens
	text := b.Block.Run.Text
	if len(toks) == 0 {
		return nil
	}
	scratch := variantScratchPool.Get().(*variantScratch)
	defer variantScratchPool.Put(scratch)
	// What the matcher already knows: each token's match, if any.
	cover := slices.Grow(scratch.cover[:0], len(toks))[:len(toks)]
	scratch.cover = cover
	for i := range cover {
		cover[i] = -1
	}
	ids := slices.Grow(scratch.ids[:0], len(toks))[:len(toks)]
	scratch.ids = ids
	for i, t := range toks {
		ids[i] = ix.stemIDOld(t.Term)
	}
	for mi, m := range b.Matches {
		for i := m.First; i < m.Last && i < len(toks); i++ {
			cover[i] = mi
		}
	}
	var hits []variantHit
	for j := range toks {
		if ids[j] < 0 {
			continue
		}
		refs := ix.refsByID[ids[j]]
		// Windows with a word in its place: evaluated once, at their
		// first content word that is in place.
		for _, ref := range refs.refs {
			ve := ix.entries[ref.entry]
			i := j - ref.pos
			if i < 0 || i+len(ve.stems) > len(toks) || ve.inPlaceBefore(ids, i, ref.pos) {
				continue
			}
			if !ve.fixed && ve.contentBefore[ref.pos] > 1 {
				// The content words before this one are all out of
				// place: more than the one slip compare allows.
				continue
			}
			if h, ok := ix.compare(ve, text, toks, ids, b.Matches, cover, i); ok {
				hits = append(hits, h)
			}
		}
		// Fixed phrases with every word out of place start at one of
		// their words.
		for _, st := range refs.starts {
			e := st.entry
			ve := ix.entries[e]
			if j+len(ve.stems) > len(toks) || ve.inPlaceBefore(ids, j, len(ve.stems)) {
				continue
			}
			if h, ok := ix.compare(ve, text, toks, ids, b.Matches, cover, j); ok {
				hits = append(hits, h)
			}
		}
	}
	// Of overlapping near misses keep the shortest: it names the term the
	// slip is in ("Stalking Protecton Order", not the breach offence around it).
	slices.SortStableFunc(hits, func(a, b variantHit) int {
		if d := (a.last - a.first) - (b.last - b.first); d != 0 {
			return d
		}
		return a.first - b.first
	})
	taken := slices.Grow(scratch.taken[:0], len(toks))[:len(toks)]
	scratch.taken = taken
	clear(taken)
	var out []variantHit
	for _, h := range hits {
		if slices.Contains(taken[h.first:h.last], true) {
			continue
		}
		for i := h.first; i < h.last; i++ {
			taken[i] = true
		}
		out = append(out, h)
	}
	// Single distinctive words on their own.
	for j, tk := range toks {
		if taken[j] || cover[j] >= 0 {
			continue
		}
		w := tk.Surface
		n := utf8.RuneCountInString(w)
		if n < 7 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		var best *distinctWord
		bestD := 3
		wordOK := 0 // misspelt's tests of w alone: 0 not made yet, 1 passed, -1 failed
		cands := ix.distinctFor(r)
		for k := range cands {
			dw := &cands[k]
			if n < dw.runes-2 || n > dw.runes+2 {
				continue
			}
			limit, ok := misspeltShape(w, tk.Term, dw.word, dw.stem)
			if !ok {
				continue
			}
			if wordOK == 0 {
				wordOK = -1
				if isLetters(w) && !ix.real(w, tk.Term) {
					wordOK = 1
				}
			}
			if wordOK < 0 {
				break
			}
			if !misspeltWithin(w, tk.Term, dw.word, dw.stem, limit) {
				continue
			}
			if d := distanceWithin(w, dw.word, bestD-1); d < bestD {
				best, bestD = dw, d
			}
		}
		if best != nil {
			out = append(out, variantHit{kind: variantMisspelt, word: best, first: j, last: j + 1, at: j})
		}
	}
	slices.SortFunc(out, func(a, b variantHit) int { return a.first - b.first })
	return out
}

// FuzzFindVariants checks findVariants against the reference on arbitrary
// Markdown: the same near misses, in the same order.
func FuzzFindVariants(f *testing.F) {
	for _, c := range variantCases() {
		f.Add(c)
	}
	g := testload.Glossary(f)
	ix := variantIndexFor(g)
	f.Fuzz(func(t *testing.T, md string) {
		src, err := source.New("f.md", []byte(md))
		if err != nil {
			return
		}
		d, err := corpus.Parse(src, "f.md")
		if err != nil {
			return
		}
		facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
		for _, b := range facts.get(d, g).Blocks {
			got, want := ix.findVariants(b), ix.findVariantsOld(b)
			if !slices.Equal(got, want) {
				t.Fatalf("block %q:\n got %+v\nwant %+v", b.Block.Run.Text, got, want)
			}
		}
	})
}

// variantCases are seeds: the rule's examples and near misses of many kinds.
func variantCases() []string {
	out := []string{
		"A restrainig order was made on conviction. The restraining ordr protects the victim.\n",
		"The offence of coercive or controlling behaviour came into force in 2015; controlling or coercive behaviour.\n",
		"Use Fixated, Obsessive, Unwanted, Relentless to spot stalking. Fixated Obsessive Unwanted Repeated.\n",
		"Repeated harrassment of a neighbour; Harasment online; Cyberstalkng; cyberstalkers; harassing; harassment.\n",
		"He breached the non-molestation ordre and the Stalking Protecton Order; a stalking prevention order.\n",
		"high-harm, high-risk repeat offending; high-risk, high-harm repeat offending; repeat high-risk high-harm offending.\n",
		"Protection from Harassment Act 1997, Harassment from Protection Act; the Crown Prosecution Servise.\n",
		"# Harasment\n\n- restrainng order\n- órder restraining\n\n| stalking protection | order |\n",
		"Controlling and coercive behaviour; coercive and controlling behaviour and more; the Joint Domestic Abuse Justice Plan; a joint domestic abuse justice plan.\n",
		"A Stalking Protective Order; an Independant Domestic Violence Adviser; stalking involving fear of violence or serious alarm and distress; harassment and stalking.\n",
	}
	// Paragraphs of the bundled corpus: the glossary's wordings in use.
	paths, _ := filepath.Glob("../../corpus/*.md")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for k, para := range strings.Split(string(b), "\n\n") {
			if k%7 == 3 && len(para) > 80 {
				out = append(out, para+"\n")
			}
		}
	}
	for _, r := range All() {
		if r.ID == "variant-wording" {
			for _, e := range r.Examples {
				out = append(out, e.Markdown)
			}
		}
	}
	return out
}

// FuzzRuneMaskBound checks the bound mayBeWithin rests on: each of two
// strings' rune masks has at most as many bits the other lacks as the
// distance between them.
func FuzzRuneMaskBound(f *testing.F) {
	f.Add("harassment", "harrasment")
	f.Add("stalking", "stalkign")
	f.Add("é\xffa", "eÿa")
	f.Fuzz(func(t *testing.T, a, b string) {
		d := distance(a, b)
		ma, mb := runeMask(a), runeMask(b)
		if n := bits.OnesCount64(ma &^ mb); n > d {
			t.Fatalf("%q has %d bits %q lacks, at distance %d", a, n, b, d)
		}
		if n := bits.OnesCount64(mb &^ ma); n > d {
			t.Fatalf("%q has %d bits %q lacks, at distance %d", b, n, a, d)
		}
	})
}

// TestVariantRefPrefilter checks findVariants' tests of a window before
// compare (dead refs left out, ruledOut's probes) against the plain
// search, on every wording of the glossary written right and with one or
// two of its words changed, dropped, misspelt or swapped: each window
// they pass by is one compare rejects or inPlaceBefore leaves to another
// token, and the near misses found are the reference's.
func TestVariantRefPrefilter(t *testing.T) {
	g := testload.Glossary(t)
	ix := variantIndexFor(g)
	var paras []string
	for _, ve := range ix.entries {
		w := ve.raw
		variants := [][]string{w}
		for a := range w {
			misspelt := slices.Clone(w)
			if len(w[a]) > 3 {
				misspelt[a] = w[a][:1] + w[a][2:]
			}
			dropped := slices.Delete(slices.Clone(w), a, a+1)
			variants = append(variants, misspelt, dropped)
			for b := a + 1; b < len(w); b++ {
				two := slices.Clone(w)
				two[a], two[b] = "various", "things"
				swapped := slices.Clone(w)
				swapped[a], swapped[b] = swapped[b], swapped[a]
				one := slices.Clone(w)
				one[b] = "other"
				variants = append(variants, two, swapped, one)
			}
		}
		for _, v := range variants {
			paras = append(paras, "The "+strings.Join(v, " ")+" and the "+strings.Join(w[:len(w)/2], " ")+" was served.")
		}
	}
	md := strings.Join(paras, "\n\n") + "\n"
	src, err := source.New("f.md", []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse(src, "f.md")
	if err != nil {
		t.Fatal(err)
	}
	facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
	passed, windows := 0, 0
	for _, b := range facts.get(d, g).Blocks {
		got, want := ix.findVariants(b), ix.findVariantsOld(b)
		if !slices.Equal(got, want) {
			t.Fatalf("block %q:\n got %+v\nwant %+v", b.Block.Run.Text, got, want)
		}
		toks := b.Tokens
		ids := make([]int32, len(toks))
		cover := make([]int, len(toks))
		for i := range toks {
			ids[i], cover[i] = ix.stemIDOld(toks[i].Term), -1
		}
		for mi, m := range b.Matches {
			for i := m.First; i < m.Last; i++ {
				cover[i] = mi
			}
		}
		for j := range toks {
			if ids[j] < 0 {
				continue
			}
			refs := ix.refsByID[ids[j]]
			for k := range refs.refs {
				ref := &refs.refs[k]
				ve := ix.entries[ref.entry]
				i := j - ref.pos
				if i < 0 || i+len(ve.stems) > len(toks) || ref.n != len(ve.stems) {
					continue
				}
				windows++
				if live := k < refs.live; live == ref.dead {
					t.Fatalf("ref %+v of %q: live %v", *ref, ve.label, live)
				}
				if !ref.dead && !ref.ruledOut(ids, i) {
					continue
				}
				passed++
				if ve.inPlaceBefore(ids, i, ref.pos) {
					continue
				}
				if _, ok := ix.compare(ve, b.Block.Run.Text, toks, ids, b.Matches, cover, i); ok {
					t.Fatalf("block %q: window at %d of %s passed by (dead %v), but compare finds a near miss", b.Block.Run.Text, i, ve.label, ref.dead)
				}
			}
		}
	}
	if passed == 0 || passed == windows {
		t.Fatalf("%d of %d windows passed by: the test tries too little", passed, windows)
	}
	t.Logf("%d of %d windows passed by", passed, windows)
}

// holds is holdsToken as it was, by the token's stem alone.
func (ve *variantEntry) holds(st string, id int32) bool {
	if id >= 0 {
		return ve.idMask&(1<<(id%64)) != 0
	}
	return slices.Contains(ve.noID, st) || ve.andForOr && st == "and"
}

// TestVariantHoldsToken holds holdsToken to holds, and holdsMasks to
// being false only when holdsToken is, for every entry of the glossary's
// index and every token of the fuzz seeds (the bundled corpus among them),
// with its TermID and without (a token made elsewhere carries none), and
// for the stems without a number and "and" written alone.
func TestVariantHoldsToken(t *testing.T) {
	g := testload.Glossary(t)
	ix := variantIndexFor(g)
	var toks []analysis.Token
	for _, c := range variantCases() {
		toks = append(toks, analysis.Analyze(c)...)
	}
	for _, ve := range ix.entries {
		for _, st := range append(slices.Clone(ve.noID), "and", "or", "the") {
			toks = append(toks, analysis.Analyze(st)...)
		}
	}
	n := len(toks)
	for i := range n {
		tk := toks[i]
		tk.TermID = 0
		toks = append(toks, tk)
	}
	checked, held, passed := 0, 0, 0
	for _, ve := range ix.entries {
		for i := range toks {
			tk := &toks[i]
			id := ix.tokenStemID(tk)
			want := ve.holds(tk.Term, id)
			if got := ve.holdsToken(tk, id); got != want {
				t.Fatalf("entry %q, token %+v (stem id %d): holdsToken %v, holds %v", ve.label, *tk, id, got, want)
			}
			m := holdsMasks(ve.idMask, ve.noIDMask, tk, id)
			if want && !m {
				t.Fatalf("entry %q, token %+v (stem id %d): holdsMasks false, holds true", ve.label, *tk, id)
			}
			checked++
			if want {
				held++
			}
			if !m {
				passed++
			}
		}
	}
	if held == 0 || passed == 0 {
		t.Fatalf("%d tests: %d held, %d passed by on the masks", checked, held, passed)
	}
	t.Logf("%d tests: %d held, %d passed by on the masks", checked, held, passed)
}
