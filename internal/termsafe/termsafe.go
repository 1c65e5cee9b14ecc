// Package termsafe makes text safe to show on a terminal: control
// characters from the corpus or the glossary (escape sequences that move the
// cursor, clear the screen, set the window title or hide text; carriage
// returns that overwrite a line; bidirectional overrides that reorder it)
// are written as visible escapes such as \x1b or \u202e instead of being
// obeyed. It knows nothing of reports or formats: the command line wraps
// its output streams in a Writer for people and leaves machine formats
// (JSON, SARIF, XML), which escape by their own rules, alone.
package termsafe

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// colors are the SGR sequences concord's own text output uses; with color
// allowed they pass, and nothing else does. Text cannot tell them from the
// same bytes in a document, but all they do is color: none hides text
// (SGR 8), moves the cursor or talks to the terminal.
var colors = [][]byte{
	[]byte("\x1b[0m"), []byte("\x1b[1m"), []byte("\x1b[2m"),
	[]byte("\x1b[31m"), []byte("\x1b[32m"), []byte("\x1b[33m"), []byte("\x1b[36m"),
}

const maxColorLen = len("\x1b[31m")

// Writer escapes control characters in what it writes to w. A write that
// ends inside a UTF-8 sequence or a color sequence keeps that tail until the
// next write or Flush. It is safe for concurrent use (serve reports
// rebuilds from another goroutine).
type Writer struct {
	mu      sync.Mutex
	w       io.Writer
	color   bool
	raw     bool
	pending []byte
	buf     []byte
}

// NewWriter returns a Writer escaping everything, colors included.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// AllowColor lets concord's own color sequences through, for a terminal
// that is to show colors.
func (w *Writer) AllowColor(on bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.color = on
}

// SetRaw passes everything through unchanged, for machine-readable output.
func (w *Writer) SetRaw(on bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.raw = on
}

// Unwrap returns the underlying writer (to ask whether it is a terminal).
func (w *Writer) Unwrap() io.Writer { return w.w }

// Write escapes p and writes it. It reports len(p) on success.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.raw && len(w.pending) == 0 {
		return w.w.Write(p)
	}
	data := p
	if len(w.pending) > 0 {
		data = append(w.pending, p...)
		w.pending = nil
	}
	if w.raw {
		if _, err := w.w.Write(data); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	out, rest := w.escape(w.buf[:0], data, false)
	w.buf = out[:0]
	w.pending = append(w.pending[:0], rest...)
	if len(out) > 0 {
		if _, err := w.w.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes a kept tail, escaped as it stands.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) == 0 {
		return nil
	}
	var out []byte
	if w.raw {
		out = w.pending
	} else {
		out, _ = w.escape(nil, w.pending, true)
	}
	w.pending = nil
	_, err := w.w.Write(out)
	return err
}

// escape appends p to out with its control characters escaped. Unless final,
// an incomplete sequence at the end of p is returned as rest.
func (w *Writer) escape(out, p []byte, final bool) (_, rest []byte) {
	start := 0 // of the run of bytes copied as they are
	for i := 0; i < len(p); {
		c := p[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			i++
			continue
		}
		if c == 0x1b && w.color {
			if n, partial := colorAt(p[i:]); n > 0 {
				i += n
				continue
			} else if partial && !final {
				return append(out, p[start:i]...), p[i:]
			}
		}
		if c < 0x80 {
			out = append(out, p[start:i]...)
			out = fmt.Appendf(out, `\x%02x`, c)
			i++
			start = i
			continue
		}
		if !final && !utf8.FullRune(p[i:]) {
			return append(out, p[start:i]...), p[i:]
		}
		r, size := utf8.DecodeRune(p[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, p[start:i]...)
			out = fmt.Appendf(out, `\x%02x`, c)
		case unsafeRune(r):
			out = append(out, p[start:i]...)
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(out, p[start:]...), nil
}

// colorAt reports the length of an allowed color sequence at the start of
// p, or whether p is the beginning of one.
func colorAt(p []byte) (n int, partial bool) {
	for _, c := range colors {
		if bytes.HasPrefix(p, c) {
			return len(c), false
		}
		if len(p) < len(c) && bytes.HasPrefix(c, p) {
			partial = true
		}
	}
	return 0, partial && len(p) < maxColorLen
}

// unsafeRune reports the characters that change how a terminal shows what
// follows without being seen: the C1 controls and the bidirectional
// formatting characters (the "Trojan Source" set).
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
