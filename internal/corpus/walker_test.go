package corpus

import (
	"strings"
	"testing"
	"unicode"
)

// anchorReference is Anchor as first written, kept to test the faster one
// against.
func anchorReference(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// FuzzAnchor checks Anchor against anchorReference on any text.
func FuzzAnchor(f *testing.F) {
	for _, s := range append(parseSeeds, " Héading “One” — İstanbul ΣΑΣ K\u212a  ", "a\u00a0b\u0085c\u2028d\xffe \t\v\f\r", "Ⱥ ȿ ß ǅ") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Anchor(s), anchorReference(s); got != want {
			t.Errorf("Anchor(%q) = %q, want %q", s, got, want)
		}
	})
}
