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
