// Package par runs independent pieces of work on all cores. Results land
// by index, so output never depends on scheduling.
package par

import (
	"runtime"
	"sync"
)

// For calls f(0), ..., f(n-1) on GOMAXPROCS goroutines and returns when all
// have returned.
func For(n int, f func(i int)) { ForN(n, runtime.GOMAXPROCS(0), f) }

// IO is how many goroutines ForN is given for file system work: creating a
// file or folder waits on the disk more than it uses a core, and many in
// flight at once finish several times sooner than one per core.
const IO = 8

// ForN is For with workers goroutines.
func ForN(n, workers int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(workers, max(n, 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// Map returns f(0), ..., f(n-1), computed as For does.
func Map[T any](n int, f func(i int) T) []T {
	out := make([]T, n)
	For(n, func(i int) { out[i] = f(i) })
	return out
}
