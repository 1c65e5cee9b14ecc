package legal

import "encoding/binary"

// pairAt returns the eight bytes of s from i, as a little-endian word,
// and the eight from i+1: the bytes and the byte after each, which the
// prefilters (mayState, mayNameJurisdiction) test eight at a time. s must
// hold i+9 bytes. One load of eight bytes and one of a byte, where two
// loads of eight (binary.LittleEndian.Uint64 on two slices of s) cost
// twice the bounds checks; this is most of a prefilter's work.
func pairAt(s string, i int) (x, x1 uint64) {
	w := s[i : i+9]
	x = binary.LittleEndian.Uint64([]byte(w[:8]))
	return x, x>>8 | uint64(w[8])<<56
}
