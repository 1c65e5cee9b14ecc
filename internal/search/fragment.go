package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	fragmentChars = 160 // about how long one fragment is, in bytes of text
	fragmentLead  = 50  // how much text to keep before the first match in it
	maxFragments  = 3
)

// fragments returns up to maxFragments pieces of text around the words whose
// stems are in stems, HTML-escaped, with each match in <mark>…</mark>, and "…"
// where text was cut. With no match it returns the start of the text, and
// nothing for empty text.
func fragments(text string, stems map[string]bool) []string {
	type span struct{ start, end int }
	var marks []span
	if len(stems) > 0 {
		analyzeText(text, func(t token) {
			if !stems[t.Stem] {
				return
			}
			// Glued tokens report each part with the whole token's offsets.
			if n := len(marks); n > 0 && marks[n-1].start == t.Start {
				return
			}
			marks = append(marks, span{t.Start, t.End})
		})
	}
	if strings.TrimSpace(text) == "" {
		return []string{}
	}
	if len(marks) == 0 {
		end := wordEnd(text, fragmentChars)
		return []string{ellipsis(text, 0, end, clean(text[:end]))}
	}
	var out []string
	for i := 0; i < len(marks) && len(out) < maxFragments; {
		start := wordStart(text, marks[i].start-fragmentLead)
		end := max(wordEnd(text, start+fragmentChars), marks[i].end)
		var in []span
		for ; i < len(marks) && marks[i].end <= end; i++ {
			in = append(in, marks[i])
		}
		var b strings.Builder
		pos := start
		for _, m := range in {
			b.WriteString(clean(text[pos:m.start]))
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(text[m.start:m.end]))
			b.WriteString("</mark>")
			pos = m.end
		}
		b.WriteString(clean(text[pos:end]))
		out = append(out, ellipsis(text, start, end, b.String()))
	}
	return out
}

func ellipsis(text string, start, end int, s string) string {
	s = strings.TrimSpace(s)
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}

// clean escapes text for HTML and collapses runs of white space.
func clean(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return html.EscapeString(b.String())
}

// wordStart moves i (which may be negative) forward to the start of a word.
func wordStart(text string, i int) int {
	if i <= 0 {
		return 0
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	if j := strings.IndexFunc(text[i:], unicode.IsSpace); j >= 0 && j < fragmentLead {
		return i + j
	}
	return i
}

// wordEnd moves i back to the end of a word, or returns len(text).
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	if j := strings.LastIndexFunc(text[:i], unicode.IsSpace); j > 0 && i-j < fragmentLead {
		return j
	}
	return i
}
