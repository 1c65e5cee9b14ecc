package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// collapseSpace is strings.Join(strings.Fields(text), " "), without making
// a slice of the words, and without a copy when the text has no run of
// white space, nor any at its ends, nor any but single spaces: most
// paragraphs (every section's text is collapsed for the index).
func collapseSpace(text string) string {
	if spacedSingly(text) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		n := spaceAt(text, i)
		if n > 0 {
			i += n
			continue
		}
		start := i
		for i < len(text) && spaceAt(text, i) == 0 {
			if text[i] < utf8.RuneSelf {
				i++
			} else {
				_, w := utf8.DecodeRuneInString(text[i:])
				i += w
			}
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(text[start:i])
	}
	return b.String()
}

// spacedSingly reports whether collapseSpace would leave text as it is.
func spacedSingly(text string) bool {
	prevSpace := true // a space first would be one at the start
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			sp := asciiSpace(c)
			if sp && (c != ' ' || prevSpace) {
				return false
			}
			prevSpace = sp
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += w
	}
	return !prevSpace || text == ""
}

// spaceAt returns the length of the white space character at text[i], or 0
// when there is none there, as strings.Fields tells white space.
func spaceAt(text string, i int) int {
	if c := text[i]; c < utf8.RuneSelf {
		if asciiSpace(c) {
			return 1
		}
		return 0
	}
	r, w := utf8.DecodeRuneInString(text[i:])
	if unicode.IsSpace(r) {
		return w
	}
	return 0
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// appendSectionText appends sectionText(text) to dst, collapsing the white
// space as it copies, and only as far as the cut needs: NewEntry writes
// every section's text straight into the buffer it compresses, where
// sectionText made a string of each, most of them copies, to be copied
// again.
func appendSectionText(dst []byte, text string) []byte {
	start := len(dst)
	// wordEnd reads the text up to the byte at maxSectionText, no further.
	dst = appendCollapsed(dst, text, start+maxSectionText+1)
	if len(dst)-start <= maxSectionText {
		return dst
	}
	cut := sectionText(string(dst[start:]))
	return append(dst[:start], cut...)
}

// appendCollapsed appends collapseSpace(text) to dst, or as much of it as
// takes dst to limit bytes or beyond. Words and the single spaces between
// them are copied a run at a time: most of a paragraph is one run.
func appendCollapsed(dst []byte, text string, limit int) []byte {
	start := len(dst)
	space := false // white space since the last word
	for i := 0; i < len(text) && len(dst) < limit; {
		j := i
		for j < len(text) {
			// Eight bytes at a time where they are words and single
			// spaces: most of a paragraph.
			if j+8 <= len(text) && (j > i || text[j] != ' ') && text[j+7] != ' ' && singlySpaced8(load64(text, j)) {
				j += 8
				continue
			}
			if c := text[j]; plainByte[c] {
				j++
			} else if c == ' ' && j > i && j+1 < len(text) && plainByte[text[j+1]] {
				j += 2
			} else {
				break
			}
		}
		if j == i {
			// White space, or a character outside ASCII.
			if c := text[i]; c < utf8.RuneSelf {
				space = true
				i++
				continue
			}
			r, w := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				space = true
				i += w
				continue
			}
			j = i + w
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, text[i:j]...)
		i = j
	}
	return dst
}

// singlySpaced8 reports whether the eight bytes of x are ASCII, none of
// them white space but ' ', and no two spaces side by side. Within a run
// of appendCollapsed, after a byte that is not white space (or at its
// start, when the first byte is no space), and with the last byte no
// space, such bytes are copied as they are.
func singlySpaced8(x uint64) bool {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	// Bytes below ' ' (the other white space among them) or above 0x7f.
	if x&highs != 0 || (x-0x20*ones)&^x&highs != 0 {
		return false
	}
	// The spaces' high bits, exactly: a byte of y is 0 where x has ' '.
	y := x ^ 0x20*ones
	sp := ^((y&lows + lows) | y) & highs
	return sp&(sp<<8) == 0
}

// plainByte is true of the ASCII bytes that are not white space.
var plainByte = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = !asciiSpace(byte(c))
	}
	return t
}()

// load64 is text[i:i+8] little-endian; the compiler makes it one load.
func load64(text string, i int) uint64 {
	b := text[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}
