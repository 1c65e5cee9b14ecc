package fix

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// ErrChanged: the file's bytes are no longer those the edits were planned
// on (someone saved it in between).
var ErrChanged = errors.New("file changed since it was read")

// Apply makes the edits to raw, the file's own bytes, which must normalise
// (byte-order mark dropped, CRLF and CR made LF) to the text the edits were
// planned on. Every byte outside the edited spans is kept: the byte-order
// mark, CRLF line endings, and the line breaks inside a span that runs over
// lines, so that line numbers do not move.
func Apply(raw []byte, normalised []byte, edits []Edit) ([]byte, error) {
	m, text := newRawMap(raw)
	if !bytes.Equal(text, normalised) {
		return nil, ErrChanged
	}
	var out bytes.Buffer
	out.Grow(len(raw) + 64*len(edits))
	last := 0
	for _, e := range edits {
		rs, re := m.at(e.Start), m.at(e.End)
		if rs < last || re < rs {
			return nil, fmt.Errorf("overlapping edits at offset %d", e.Start)
		}
		out.Write(raw[last:rs])
		out.WriteString(withBreaks(string(raw[rs:re]), e.New))
		last = re
	}
	out.Write(raw[last:])
	return out.Bytes(), nil
}

// rawMap maps offsets in the normalised text onto the raw bytes: within a
// line they are the same bytes, so the start of each line is enough.
type rawMap struct {
	norm, raw []int // start of each line in both
}

func newRawMap(raw []byte) (rawMap, []byte) {
	var m rawMap
	start := 0
	if bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		start = 3
	}
	text := make([]byte, 0, len(raw))
	m.norm, m.raw = append(m.norm, 0), append(m.raw, start)
	for r := start; r < len(raw); r++ {
		c := raw[r]
		if c == '\r' {
			if r+1 < len(raw) && raw[r+1] == '\n' {
				r++
			}
			c = '\n'
		}
		text = append(text, c)
		if c == '\n' {
			m.norm, m.raw = append(m.norm, len(text)), append(m.raw, r+1)
		}
	}
	return m, text
}

func (m rawMap) at(n int) int {
	lo, hi := 0, len(m.norm)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if m.norm[mid] <= n {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return m.raw[lo] + n - m.norm[lo]
}

// withBreaks writes repl's words in place of old's, keeping each stretch
// of white space in old that holds a line break (with the indentation
// after it) after the same word, or as near as repl's words allow.
func withBreaks(old, repl string) string {
	words := strings.Fields(repl)
	type brk struct {
		after int // number of old words before the break
		ws    string
	}
	var breaks []brk
	n, i := 0, 0
	for i < len(old) {
		if isSpace(old[i]) {
			j := i
			for j < len(old) && isSpace(old[j]) {
				j++
			}
			if ws := old[i:j]; strings.ContainsAny(ws, "\r\n") {
				breaks = append(breaks, brk{after: n, ws: ws})
			}
			i = j
			continue
		}
		for i < len(old) && !isSpace(old[i]) {
			i++
		}
		n++
	}
	if len(breaks) == 0 || len(breaks) >= len(words) {
		return strings.Join(words, " ")
	}
	sep := make([]string, len(words)) // sep[k] follows words[k]
	prev := 0
	for k, b := range breaks {
		at := max(prev+1, min(b.after, len(words)-len(breaks)+k))
		sep[at-1] = b.ws
		prev = at
	}
	var out strings.Builder
	for k, w := range words {
		out.WriteString(w)
		if k < len(words)-1 {
			if sep[k] != "" {
				out.WriteString(sep[k])
			} else {
				out.WriteByte(' ')
			}
		}
	}
	return out.String()
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// UnifiedDiff is the difference between old and new, the bytes of one file
// named name, as a unified diff with three lines of context (the form git
// diff and patch read). Fixes never add or remove lines, so lines pair up
// one for one; a line's own terminator (CRLF or LF) is not shown.
func UnifiedDiff(name string, old, new []byte) string {
	a, b := splitLines(old), splitLines(new)
	if len(a) != len(b) {
		// Not produced by Apply; show the whole file rather than guess.
		return wholeDiff(name, a, b)
	}
	var changed []int
	for i := range a {
		if a[i] != b[i] {
			changed = append(changed, i)
		}
	}
	if len(changed) == 0 {
		return ""
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", name, name)
	const ctx = 3
	for k := 0; k < len(changed); {
		from := max(changed[k]-ctx, 0)
		to := min(changed[k]+ctx+1, len(a))
		k++
		for k < len(changed) && changed[k]-ctx <= to {
			to = min(changed[k]+ctx+1, len(a))
			k++
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(from, to), hunkRange(from, to))
		out.WriteString(hunkBody(a, b, from, to))
	}
	return out.String()
}

// hunkBody writes lines [from, to): equal lines as context, each run of
// changed lines as its removals followed by its additions.
func hunkBody(a, b []string, from, to int) string {
	var out strings.Builder
	for i := from; i < to; {
		if a[i] == b[i] {
			out.WriteString(" " + a[i] + "\n")
			i++
			continue
		}
		j := i
		for j < to && a[j] != b[j] {
			j++
		}
		for k := i; k < j; k++ {
			out.WriteString("-" + a[k] + "\n")
		}
		for k := i; k < j; k++ {
			out.WriteString("+" + b[k] + "\n")
		}
		i = j
	}
	return out.String()
}

func hunkRange(from, to int) string {
	n := to - from
	if n == 1 {
		return fmt.Sprintf("%d", from+1)
	}
	return fmt.Sprintf("%d,%d", from+1, n)
}

func wholeDiff(name string, a, b []string) string {
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n@@ -1,%d +1,%d @@\n", name, name, len(a), len(b))
	for _, l := range a {
		out.WriteString("-" + l + "\n")
	}
	for _, l := range b {
		out.WriteString("+" + l + "\n")
	}
	return out.String()
}

// splitLines splits the file's bytes into lines without their terminators
// or a leading byte-order mark.
func splitLines(raw []byte) []string {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	s := strings.ReplaceAll(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\r", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Inserted is the text that replaces the span in the normalised text: New,
// with the span's own line breaks (LF) and indentation kept, as Apply
// writes it. SARIF fixes and editors' text edits insert this.
func (e Edit) Inserted() string { return withBreaks(e.Old, e.New) }
