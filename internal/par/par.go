// Package par runs independent pieces of work on all cores. Results land
// by index, so output never depends on scheduling.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(0), ..., f(n-1) on GOMAXPROCS goroutines and returns when all
// have returned.
func For(n int, f func(i int)) { ForN(n, runtime.GOMAXPROCS(0), f) }

// IO is how many goroutines ForN is given for file system work: creating a
// file or folder waits on the disk more than it uses a core, and many in
// flight at once finish several times sooner than one per core.
const IO = 8

// ForN is For with workers goroutines.
//
// The workers take the next index from a shared counter rather than from a
// channel fed by the caller: with a feeder, every piece of work is a
// hand-off that readies the feeder on the worker's core, and a worker that
// finishes first waits, its core idle, until the feeder is stolen back
// (on 2 cores that cost a tenth of a whole check).
func ForN(n, workers int, f func(i int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < min(max(workers, 1), n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// Map returns f(0), ..., f(n-1), computed as For does.
func Map[T any](n int, f func(i int) T) []T {
	out := make([]T, n)
	For(n, func(i int) { out[i] = f(i) })
	return out
}
