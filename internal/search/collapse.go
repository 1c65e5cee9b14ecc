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
