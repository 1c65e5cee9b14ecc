package par

import (
	"sync/atomic"
	"testing"
)

func TestMapKeepsOrderAndRunsEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 1000} {
		var calls atomic.Int64
		got := Map(n, func(i int) int { calls.Add(1); return i * i })
		if len(got) != n || calls.Load() != int64(n) {
			t.Fatalf("n=%d: %d results, %d calls", n, len(got), calls.Load())
		}
		for i, v := range got {
			if v != i*i {
				t.Fatalf("n=%d: result %d is %d", n, i, v)
			}
		}
	}
}

func TestForNRunsEachIndexOnceWhateverTheWorkers(t *testing.T) {
	for _, workers := range []int{-1, 0, 1, 2, 3, IO, 100} {
		for _, n := range []int{0, 1, 5, 1000} {
			seen := make([]atomic.Int32, n)
			ForN(n, workers, func(i int) { seen[i].Add(1) })
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Fatalf("workers=%d n=%d: index %d ran %d times", workers, n, i, c)
				}
			}
		}
	}
}

// The workers must run at once: each waits for another to start, which
// never happens if ForN runs them one after the other.
func TestForNRunsWorkersConcurrently(t *testing.T) {
	started := make(chan struct{})
	var once atomic.Bool
	ForN(2, 2, func(i int) {
		if once.CompareAndSwap(false, true) {
			<-started
			return
		}
		close(started)
	})
}

// BenchmarkFor measures what For costs per piece of work, with pieces as
// small as a check's (a document's rules take tens of microseconds).
func BenchmarkFor(b *testing.B) {
	out := make([]int, 10000)
	for b.Loop() {
		For(len(out), func(i int) {
			x := i
			for k := 0; k < 2000; k++ {
				x = x*31 + k
			}
			out[i] = x
		})
	}
}
