package rx

import "math/bits"

// minScanLits is the fewest literals worth one pass over the text: with
// fewer, a search for each (strings.IndexByte's vector code) is quicker.
const minScanLits = 4

// litScan finds any of up to 64 literals in one pass. Each literal is
// keyed by two of its bytes in a row, its anchor, chosen to be rare in
// English (not a space, not "e"), so that few positions of a sentence
// need a literal compared.
type litScan struct {
	lits []string
	fold bool
	// at[c] has bit k set when byte c can be the first byte of literal
	// k's anchor, next[c] when it can be the second (both cases of a
	// letter when fold).
	at, next [256]uint64
	// off[k] is literal k's anchor's offset in it.
	off []int
	// minLen is the shortest literal's length.
	minLen int
}

// newLitScan returns a scanner for lits, or nil when a search per literal
// is as quick.
func newLitScan(lits []string, fold bool) *litScan {
	if len(lits) < minScanLits || len(lits) > 64 {
		return nil
	}
	ls := &litScan{lits: lits, fold: fold, off: make([]int, len(lits)), minLen: len(lits[0])}
	for k, l := range lits {
		o := 0
		for j := 1; j+1 < len(l); j++ {
			if commonness(l[j])+commonness(l[j+1]) < commonness(l[o])+commonness(l[o+1]) {
				o = j
			}
		}
		ls.off[k] = o
		ls.minLen = min(ls.minLen, len(l))
		ls.at[l[o]] |= 1 << k
		ls.next[l[o+1]] |= 1 << k
		if fold {
			if c := l[o]; 'a' <= c && c <= 'z' {
				ls.at[c-'a'+'A'] |= 1 << k
			}
			if c := l[o+1]; 'a' <= c && c <= 'z' {
				ls.next[c-'a'+'A'] |= 1 << k
			}
		}
	}
	return ls
}

// commonness ranks a byte by how often it is in English prose, from
// letter frequencies: 0 for the rarest, up to 27 for the space.
func commonness(c byte) int {
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	const byFrequency = "zqxjkvbpygfwmucldrhsnioate " // rarest first
	for i := 0; i < len(byFrequency); i++ {
		if byFrequency[i] == c {
			return i + 1
		}
	}
	return 0
}

// in reports whether s holds one of the literals (in either case of its
// ASCII letters when fold).
func (ls *litScan) in(s string) bool {
	if len(s) < ls.minLen {
		return false
	}
	for i := 0; i+1 < len(s); i++ {
		m := ls.at[s[i]] & ls.next[s[i+1]]
		for m != 0 {
			k := bits.TrailingZeros64(m)
			m &= m - 1
			l := ls.lits[k]
			j := i - ls.off[k]
			if j < 0 || j+len(l) > len(s) {
				continue
			}
			if ls.fold {
				if equalFoldASCII(s[j:j+len(l)], l) {
					return true
				}
			} else if s[j:j+len(l)] == l {
				return true
			}
		}
	}
	return false
}
