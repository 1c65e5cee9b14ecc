package restate_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/testload"
)

// Attack 8 of issue 17: a 16 MB paragraph spent 85% of its time finding
// the sentence of each term use, one linear scan per use, so n uses in n
// sentences took n² steps. The rules' run over one long paragraph of
// sentences that each use a term now looks at O(log n) sentences a use:
// the count of sentences looked at stays under uses × (log₂ sentences + 2),
// and doubling the paragraph a little more than doubles it.
func TestSentenceLookupsPerUse(t *testing.T) {
	g := testload.Glossary(t)
	probes := func(sentences int) (probes, uses int) {
		var b strings.Builder
		b.WriteString("# Notes\n\n")
		for i := range sentences {
			fmt.Fprintf(&b, "Domestic violence and stalking were noted on visit %s. ", nonce(i))
		}
		b.WriteString("\n")
		d := testload.Doc(t, "long.md", b.String())
		df := restate.Analyse(g, d)
		for _, bf := range df.Blocks {
			uses += len(bf.Matches)
		}
		probes = restate.CountSentenceProbes(func() {
			rules.Run(rules.Input{Glossary: g, Docs: []*corpus.Document{d}})
		})
		return probes, uses
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

// nonce spells i in letters, a word no two sentences share.
func nonce(i int) string {
	s := []byte{'z'}
	for ; i > 0 || len(s) == 1; i /= 26 {
		s = append(s, byte('a'+i%26))
	}
	return string(s)
}
