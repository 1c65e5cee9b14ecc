package rules

import (
	"encoding/binary"
	"math"
	"slices"
	"unicode/utf8"
)

// distance is glossary.Distance, the optimal string alignment distance
// between the runes of a and b, computed faster: broken-link compares a
// link with the path of every document, and variant-wording every long word
// of every document with glossary words.
func distance(a, b string) int { return distanceWithin(a, b, math.MaxInt-1) }

// distanceWithin is distance(a, b) when that is at most bound, and some
// larger number otherwise: words whose lengths differ by more than the bound
// need no table at all.
func distanceWithin(a, b string, bound int) int {
	var abuf, bbuf [64]rune
	ra, rb := appendRunes(abuf[:0], a), appendRunes(bbuf[:0], b)
	if len(ra) == 0 {
		return len(rb)
	}
	if len(rb) == 0 {
		return len(ra)
	}
	// Every edit changes the length by at most one.
	if d := len(ra) - len(rb); d > bound || -d > bound {
		return bound + 1
	}
	// The distance is symmetric, so either string can be the one whose
	// positions are bits of a word.
	switch {
	case len(ra) <= 64:
		return osaBits(ra, rb)
	case len(rb) <= 64:
		return osaBits(rb, ra)
	}
	return osaTable(ra, rb, bound)
}

// osaBits is the optimal string alignment distance of pattern p (1 to 64
// runes) and text t by Hyyrö's bit-vector algorithm ("A bit-vector algorithm
// for computing Levenshtein and Damerau edit distances", 2003): one column
// of the table is a machine word of differences, so each rune of t costs a
// dozen word operations instead of a pass over p.
func osaBits(p, t []rune) int {
	var m osaMasks
	m.init(p)
	return m.distance(t)
}

// osaMasks are the positions in a pattern of each of its runes, as bits.
type osaMasks struct {
	n     int                   // the pattern's length in runes, 1 to 64
	ascii [utf8.RuneSelf]uint64 // positions of each ASCII rune
	wide  [64]osaWide           // positions of each other rune
	nwide int
}

type osaWide struct {
	r    rune
	mask uint64
}

func (m *osaMasks) init(p []rune) {
	m.n = len(p)
	for i, r := range p {
		if r >= 0 && r < utf8.RuneSelf {
			m.ascii[r] |= 1 << i
			continue
		}
		k := 0
		for k < m.nwide && m.wide[k].r != r {
			k++
		}
		if k == m.nwide {
			m.wide[k].r = r
			m.nwide++
		}
		m.wide[k].mask |= 1 << i
	}
}

// osaState is one column of the table: its differences and its last row.
type osaState struct {
	vp, vn, d0, pm uint64
	dist           int
}

// distance is osaBits of the pattern and t.
func (m *osaMasks) distance(t []rune) int {
	s := m.start()
	m.columns(&s, t, nil)
	return s.dist
}

// start is the column for the empty text.
func (m *osaMasks) start() osaState {
	return osaState{vp: ^uint64(0), dist: m.n}
}

// columns advances s, a column of the table, over text t, and stores the
// column after each rune of t in out when out is not nil (len(out) >= len(t)).
// The column stays in registers: copying it through memory at each rune
// costs more than the step itself.
func (m *osaMasks) columns(s *osaState, t []rune, out []osaState) {
	vp, vn, d0, pmOld, dist := s.vp, s.vn, s.d0, s.pm, s.dist
	wide := m.wide[:m.nwide]
	last := uint64(1) << (m.n - 1)
	for i, r := range t {
		var pm uint64
		if r >= 0 && r < utf8.RuneSelf {
			pm = m.ascii[r]
		} else {
			for _, w := range wide {
				if w.r == r {
					pm = w.mask
					break
				}
			}
		}
		tr := ((^d0 & pm) << 1) & pmOld // transpositions
		d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr
		hp := vn | ^(d0 | vp)
		hn := d0 & vp
		if hp&last != 0 {
			dist++
		} else if hn&last != 0 {
			dist--
		}
		hp = hp<<1 | 1
		hn <<= 1
		vp = hn | ^(d0 | hp)
		vn = hp & d0
		pmOld = pm
		if out != nil {
			out[i] = osaState{vp: vp, vn: vn, d0: d0, pm: pm, dist: dist}
		}
	}
	*s = osaState{vp: vp, vn: vn, d0: d0, pm: pmOld, dist: dist}
}

// osaTable is the distance by the table, as glossary.Distance computes it,
// for two strings too long for osaBits; it stops once the bound is passed.
func osaTable(ra, rb []rune, bound int) int {
	w := len(rb) + 1
	rows := make([]int, 3*w)
	prev2, prev, cur := rows[:w], rows[w:2*w], rows[2*w:3*w]
	for j := range prev {
		prev[j] = j
	}
	prevMin := 0
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			c := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		// An alignment visits one of any two consecutive rows (a
		// transposition skips at most one) and never gets cheaper along
		// the way, so two rows over the bound put the answer over it.
		if rowMin > bound && prevMin > bound {
			return bound + 1
		}
		prevMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// osaPattern is distanceWithin with the first string fixed, for comparing
// one string with many (broken-link compares a missing path with the path
// of every document of about its length): its runes and masks are made
// once, and the columns of the table for the prefix the next string shares
// with the last are not computed again, so sorted names that differ only
// at the end cost a few steps each.
type osaPattern struct {
	s     string
	runes []rune
	masks osaMasks // when the pattern has 1 to 64 runes

	last   string     // the last string whose columns were computed
	states []osaState // the columns for each prefix of last, in runes, from the empty one
	buf    []rune
}

func newOSAPattern(s string) *osaPattern {
	p := &osaPattern{s: s, runes: []rune(s)}
	if len(p.runes) > 0 && len(p.runes) <= 64 {
		p.masks.init(p.runes)
		p.states = []osaState{p.masks.start()}
	}
	return p
}

// within is distanceWithin(p.s, b, bound).
func (p *osaPattern) within(b string, bound int) int {
	ra := p.runes
	if len(ra) == 0 || len(ra) > 64 {
		return distanceWithin(p.s, b, bound)
	}
	n := utf8.RuneCountInString(b) // counts as appendRunes decodes
	if n == 0 {
		return len(ra)
	}
	if d := len(ra) - n; d > bound || -d > bound {
		return bound + 1
	}
	// The bytes b shares with the last string, back to a rune boundary.
	kb := 0
	for kb < len(b) && kb < len(p.last) && b[kb] == p.last[kb] {
		kb++
	}
	for kb > 0 && (kb < len(b) && !utf8.RuneStart(b[kb]) || kb < len(p.last) && !utf8.RuneStart(p.last[kb])) {
		kb--
	}
	k := utf8.RuneCountInString(b[:kb])
	p.buf = appendRunes(p.buf[:0], b[kb:])
	p.last = b
	if cap(p.states) <= n {
		p.states = append(p.states[:cap(p.states)], make([]osaState, n+1-cap(p.states))...)
	}
	p.states = p.states[:n+1]
	s := p.states[k]
	p.masks.columns(&s, p.buf, p.states[k+1:])
	return s.dist
}

// osaShared is distanceWithin with the first string fixed, its masks made
// once: unlike osaPattern it keeps nothing of the strings it is compared
// with, so any number of goroutines can use one.
type osaShared struct {
	s     string
	n     int       // s's length in runes
	masks *osaMasks // when s has 1 to 64 runes
}

func newOSAShared(s string) osaShared {
	p := osaShared{s: s, n: utf8.RuneCountInString(s)}
	if p.n > 0 && p.n <= 64 {
		p.masks = new(osaMasks)
		p.masks.init([]rune(s))
	}
	return p
}

// within is distanceWithin(p.s, b, bound).
func (p *osaShared) within(b string, bound int) int {
	if p.masks == nil {
		return distanceWithin(p.s, b, bound)
	}
	var buf [64]rune
	rb := appendRunes(buf[:0], b)
	if len(rb) == 0 {
		return p.n
	}
	if d := p.n - len(rb); d > bound || -d > bound {
		return bound + 1
	}
	st := p.masks.start()
	p.masks.columns(&st, rb, nil)
	return st.dist
}

// runeCount is utf8.RuneCountInString, eight bytes at a time while they
// are ASCII: findVariants counts the runes of most long words it meets.
func runeCount(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64([]byte(s[i:i+8]))&0x8080808080808080 != 0 {
			break
		}
	}
	return i + utf8.RuneCountInString(s[i:])
}

// appendRunes is append(buf, []rune(s)...) without the intermediate slice.
func appendRunes(buf []rune, s string) []rune {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			buf = append(buf, rune(c))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		buf = append(buf, r)
		i += n
	}
	return buf
}

// stemFilter is a one-hash Bloom filter of a set of strings, for the index
// lookups made with every token of every document: most tokens are words
// the index does not hold, and testing a bit is far cheaper than a map
// lookup that finds nothing.
type stemFilter [stemFilterBits / 64]uint64

const stemFilterBits = 1 << 16

// stemFilterBit hashes a string's length and three of its bytes.
func stemFilterBit(s string) uint32 {
	n := uint32(len(s))
	if n == 0 {
		return 0
	}
	h := n*0x9E3779B1 ^ uint32(s[0])*0x85EBCA77 ^ uint32(s[n/2])*0xC2B2AE3D ^ uint32(s[n-1])*0x27D4EB2F
	return (h ^ h>>15) % stemFilterBits
}

func (f *stemFilter) add(s string) {
	b := stemFilterBit(s)
	f[b/64] |= 1 << (b % 64)
}

// mayHold is false when s was never added.
func (f *stemFilter) mayHold(s string) bool {
	b := stemFilterBit(s)
	return f[b/64]&(1<<(b%64)) != 0
}

// appendNew appends x unless xs holds it.
func appendNew[T comparable](xs []T, x T) []T {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
