package termsafe

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
)

func TestString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain text, with tabs\tand lines\n", "plain text, with tabs\tand lines\n"},
		{"stalking \x1b[2J\x1b[H cleared", `stalking \x1b[2J\x1b[H cleared`},
		{"title \x1b]0;pwned\x07 set", `title \x1b]0;pwned\x07 set`},
		{"hidden \x1b[8mtext\x1b[0m", `hidden \x1b[8mtext\x1b[0m`},
		{"over\rwritten", `over\x0dwritten`},
		{"bell\x07 nul\x00 del\x7f", `bell\x07 nul\x00 del\x7f`},
		{"c1 \u009b31m csi and \u0085 nel", `c1 \u009b31m csi and \u0085 nel`},
		{"bidi \u202eevil\u202c and \u2066isolate\u2069 \u200f", `bidi \u202eevil\u202c and \u2066isolate\u2069 \u200f`},
		{"invalid \xff\xfe bytes", `invalid \xff\xfe bytes`},
		{"accents é, quotes “ ”, section § and emoji 🙂 stay", "accents é, quotes “ ”, section § and emoji 🙂 stay"},
	}
	for _, c := range cases {
		if got := String(c.in); got != c.want {
			t.Errorf("String(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Colors pass only when allowed, and then only concord's own: a document's
// sequence that hides text or clears the screen is still escaped.
func TestColors(t *testing.T) {
	in := "\x1b[1mcorpus/a.md:3\x1b[0m \x1b[31merror\x1b[0m \x1b[8mhidden\x1b[2J"
	var b bytes.Buffer
	w := NewWriter(&b)
	w.AllowColor(true)
	w.Write([]byte(in))
	w.Flush()
	if want := "\x1b[1mcorpus/a.md:3\x1b[0m \x1b[31merror\x1b[0m \\x1b[8mhidden\\x1b[2J"; b.String() != want {
		t.Errorf("with color: %q, want %q", b.String(), want)
	}
	b.Reset()
	w.AllowColor(false)
	w.Write([]byte(in))
	if strings.Contains(b.String(), "\x1b") {
		t.Errorf("without color a raw escape got through: %q", b.String())
	}
}

// Sequences split across writes (bufio writes in chunks) are escaped the
// same as whole ones, whatever the split.
func TestSplitWrites(t *testing.T) {
	in := "a\x1b[31mred\x1b[0m \u202e é 🙂 \x1b[2J \u0085 \xff end\x1b["
	for _, color := range []bool{false, true} {
		var whole bytes.Buffer
		w := NewWriter(&whole)
		w.AllowColor(color)
		w.Write([]byte(in))
		w.Flush()
		for n := 1; n <= 4; n++ {
			var split bytes.Buffer
			w := NewWriter(&split)
			w.AllowColor(color)
			r := iotest.HalfReader(strings.NewReader(in))
			buf := make([]byte, n)
			for {
				k, err := r.Read(buf)
				w.Write(buf[:k])
				if err != nil {
					break
				}
			}
			w.Flush()
			if split.String() != whole.String() {
				t.Errorf("color %v, writes of %d bytes: %q, want %q", color, n, split.String(), whole.String())
			}
		}
	}
}

func TestRaw(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	w.SetRaw(true)
	in := "{\"message\": \"\u202e\x1b\"}\n"
	w.Write([]byte(in))
	w.Flush()
	if b.String() != in {
		t.Errorf("raw: %q", b.String())
	}
}

// Writes from several goroutines (serve's rebuild messages) each arrive
// whole and escaped.
func TestConcurrentWrites(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				w.Write([]byte("rebuilt \x1b[2J\n"))
			}
		}()
	}
	wg.Wait()
	w.Flush()
	if got, want := b.String(), strings.Repeat(`rebuilt \x1b[2J`+"\n", 800); got != want {
		t.Errorf("concurrent writes: %d bytes, want %d", len(got), len(want))
	}
}

// String escapes s as a Writer without colors does.
func String(s string) string {
	out, _ := (&Writer{}).escape(nil, []byte(s), true)
	return string(out)
}
