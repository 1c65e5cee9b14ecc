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

// plainByte is true of the ASCII bytes that are not white space.
var plainByte = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = !asciiSpace(byte(c))
	}
	return t
}()
