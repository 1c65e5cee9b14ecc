package restate

import (
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
)

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
