package source

import (
	"strings"
	"testing"
)

// TestCompact holds a compact file to the whole file's answers for every
// offset in the lines it keeps (wide characters, a byte-order mark, a line
// longer than the column checkpoints' spacing), and to much less text.
func TestCompact(t *testing.T) {
	long := strings.Repeat("ab𝄞é ", 2*markEvery/8)
	raw := "\xef\xbb\xbfStalking — “fear” 𝄞 line one\r\nplain two\nthree é\n" + long + "\nfive\n" + strings.Repeat("filler line\n", 200) + "last 𝄞 line"
	f, err := New("a.md", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	text := string(f.Text)
	lineAt := func(s string) (int, int) {
		i := strings.Index(text, s)
		return i, i + len(s)
	}
	a0, a1 := lineAt("“fear”")
	b0, b1 := lineAt("three é\n" + long[:10])
	c0, c1 := lineAt("last 𝄞")
	c := f.Compact([][2]int{{a0, a1}, {b0, b1}, {c0, c1}})
	if c.Text != nil {
		t.Fatal("a compact file holds the whole text")
	}
	kept := 0
	for _, l := range c.kept {
		kept += len(l.text)
	}
	// Lines 1, 3 and 4 and the last, with their line breaks.
	if want := len(text) - len("plain two\n") - len("five\n") - 200*len("filler line\n"); kept != want {
		t.Errorf("the compact file keeps %d of %d bytes, want %d", kept, len(text), want)
	}
	if c.LineCount() != f.LineCount() || c.LineStart(4) != f.LineStart(4) || c.Line(4) != f.Line(4) || c.Line(1) != f.Line(1) {
		t.Error("the compact file's lines differ")
	}
	// Every offset of the kept lines: line 1, lines 3 and 4 (the range runs
	// into the long line), and the last line.
	var offs []int
	for _, n := range []int{1, 3, 4, f.LineCount()} {
		end := len(text)
		if n < f.LineCount() {
			end = f.LineStart(n + 1)
		}
		for off := f.LineStart(n); off <= end; off++ {
			offs = append(offs, off)
		}
	}
	for _, off := range offs {
		if got, want := c.Position(off), f.Position(off); got != want {
			t.Fatalf("offset %d: compact %+v, whole %+v", off, got, want)
		}
	}
	for _, r := range [][2]int{{a0, a1}, {b0, b1}, {c0, c1}, {0, f.LineStart(2)}} {
		if got, want := c.Slice(r[0], r[1]), text[r[0]:r[1]]; got != want {
			t.Errorf("Slice(%d, %d) = %q, want %q", r[0], r[1], got, want)
		}
	}
	if c.Position(len(text)+5) != f.Position(len(text)+5) {
		t.Error("an offset past the end is not clamped as in the whole file")
	}
}
