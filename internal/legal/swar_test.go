package legal

import (
	"encoding/binary"
	"testing"
)

// TestPairAt holds pairAt to two little-endian loads of eight bytes, at
// every offset of a text of bytes of every value.
func TestPairAt(t *testing.T) {
	var buf [40]byte
	for i := range buf {
		buf[i] = byte(i*37 + 201)
	}
	s := string(buf[:])
	for i := 0; i+9 <= len(s); i++ {
		x, x1 := pairAt(s, i)
		if want := binary.LittleEndian.Uint64(buf[i:]); x != want {
			t.Errorf("pairAt(s, %d) x = %#x, want %#x", i, x, want)
		}
		if want := binary.LittleEndian.Uint64(buf[i+1:]); x1 != want {
			t.Errorf("pairAt(s, %d) x1 = %#x, want %#x", i, x1, want)
		}
	}
}
