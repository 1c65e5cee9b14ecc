package rules

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
)

// variantsDoc is one file of n paragraphs each saying "Stalking means" with
// words of its own, so every one is a different description of the term.
func variantsDoc(n int) string {
	var b strings.Builder
	for i := range n {
		w := nonce(i)
		fmt.Fprintf(&b, "Stalking means %sa %sbe and %sco towards %sdu.\n\n", w, w, w, w)
	}
	return b.String()
}

// nonce spells i in letters, a stem no two paragraphs share.
func nonce(i int) string {
	s := []byte{'z'}
	for ; i > 0 || len(s) == 1; i /= 26 {
		s = append(s, byte('a'+i%26))
	}
	return string(s)
}

// Attack 6 of issue 17: each finding about one of n different descriptions
// listed every other one, so output and memory grew with n squared (2,000
// paragraphs gave 324 MB of output). A finding now names and relates a
// bounded number of the others and counts the rest.
func TestManyVariantsOutputIsLinear(t *testing.T) {
	size := func(n int) (findings, bytes int) {
		fs := runWith(t, "inconsistent-description", nil, variantsDoc(n))
		for _, f := range fs {
			if len(f.Related) > maxRelated {
				t.Fatalf("n=%d: a finding relates %d places, more than %d", n, len(f.Related), maxRelated)
			}
			if !strings.Contains(f.Message, " more") {
				t.Errorf("n=%d: message does not count the variants it leaves out: %.300s", n, f.Message)
				break
			}
		}
		out, err := json.Marshal(fs)
		if err != nil {
			t.Fatal(err)
		}
		return len(fs), len(out)
	}
	f1, b1 := size(100)
	f2, b2 := size(200)
	if f1 < 90 || f2 < 190 {
		t.Fatalf("want a finding for nearly every description: %d of 100, %d of 200", f1, f2)
	}
	t.Logf("100 descriptions: %d findings, %d bytes of JSON; 200: %d findings, %d bytes", f1, b1, f2, b2)
	if float64(b2) > 2.2*float64(b1) {
		t.Errorf("doubling the descriptions multiplied the output by %.2f (%d -> %d bytes); want at most 2.2", float64(b2)/float64(b1), b1, b2)
	}
}

// Attack 8 of issue 17: SentenceAt was a linear scan, called for every term
// use, so a 16 MB paragraph spent 85% of its time there. It is now a binary
// search; this holds it to the linear definition, including offsets between
// sentences, past the last one and blocks with none.
func TestSentenceAtMatchesLinearScan(t *testing.T) {
	linear := func(b *BlockFacts, i int) int {
		for k, s := range b.Sentences {
			if i < s.End || k == len(b.Sentences)-1 {
				return k
			}
		}
		return 0
	}
	for _, n := range []int{0, 1, 2, 7, 100} {
		b := &BlockFacts{}
		for k := range n {
			b.Sentences = append(b.Sentences, corpus.Sentence{Start: 10 * k, End: 10*k + 8})
		}
		for i := -1; i <= 10*n+5; i++ {
			if got, want := b.SentenceAt(i), linear(b, i); got != want {
				t.Fatalf("%d sentences: SentenceAt(%d) = %d, want %d", n, i, got, want)
			}
		}
	}
}

// Attack 8 of issue 17: a 16 MB paragraph spent 85% of its time finding
// the sentence of each term use, one linear scan per use, so n uses in n
// sentences took n² steps. The rules' run over one long paragraph of
// sentences that each use a term now looks at O(log n) sentences a use:
// the count of sentences looked at stays under uses × (log₂ sentences + 2),
// and doubling the paragraph a little more than doubles it.
func TestSentenceLookupsPerUse(t *testing.T) {
	g := bundledGlossary(t)
	probes := func(sentences int) (probes, uses int) {
		var b strings.Builder
		b.WriteString("# Notes\n\n")
		for i := range sentences {
			fmt.Fprintf(&b, "Domestic violence and stalking were noted on visit %s. ", nonce(i))
		}
		b.WriteString("\n")
		d := parseDoc(t, "long.md", b.String())
		df := analyse(d, g)
		for _, bf := range df.Blocks {
			uses += len(bf.Matches)
		}
		countSentenceProbes, sentenceProbes = true, 0
		defer func() { countSentenceProbes = false }()
		Run(Input{Glossary: g, Docs: []*corpus.Document{d}})
		return sentenceProbes, uses
	}
	p1, u1 := probes(5000)
	p2, u2 := probes(10000)
	t.Logf("5,000 sentences, %d uses: %d sentences looked at; 10,000, %d uses: %d", u1, p1, u2, p2)
	if p1 == 0 {
		t.Fatal("no sentence lookups counted: the paragraph used no term")
	}
	for _, c := range []struct{ sentences, uses, probes int }{{5000, u1, p1}, {10000, u2, p2}} {
		// Every rule may look up each use's sentence a few times.
		limit := 8 * c.uses * (bitsLen(c.sentences) + 2)
		if c.probes > limit {
			t.Errorf("%d sentences, %d uses: %d sentences looked at, more than %d (linear scans?)", c.sentences, c.uses, c.probes, limit)
		}
	}
	if float64(p2) > 2.3*float64(p1) {
		t.Errorf("doubling the paragraph multiplied the sentences looked at by %.2f (%d -> %d); want about 2", float64(p2)/float64(p1), p1, p2)
	}
}

func bitsLen(n int) int {
	k := 0
	for ; n > 0; n >>= 1 {
		k++
	}
	return k
}
