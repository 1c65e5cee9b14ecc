//go:build unix

package run

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapSpill maps the first n bytes of f for reading, or returns nil where it
// cannot: the usage spill's reads then go through the file.
func mapSpill(f *os.File, n int64) []byte {
	if n <= 0 || int64(int(n)) != n {
		return nil
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(n), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil
	}
	return b
}

// unmapSpill undoes mapSpill.
func unmapSpill(b []byte) { unix.Munmap(b) }

// dropSpill lets go of the pages of b, a mapping, that the process holds:
// the file's are still in the system's cache, and are mapped again when
// read.
func dropSpill(b []byte) { unix.Madvise(b, unix.MADV_DONTNEED) }
