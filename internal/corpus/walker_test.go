package corpus

import (
	"math/rand/v2"
	"strconv"
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

// anchorsReference is Anchors as first written, with two maps, kept to
// test the one that starts with a short slice against.
type anchorsReference struct {
	used map[string]bool
	next map[string]int
}

func (a *anchorsReference) Next(text string) string {
	base := anchorReference(text)
	if base == "" {
		base = "section"
	}
	if a.used == nil {
		a.used, a.next = map[string]bool{}, map[string]int{}
	}
	id := base
	if a.used[id] {
		n := a.next[base]
		for {
			n++
			id = base + "-" + strconv.Itoa(n)
			if !a.used[id] {
				break
			}
		}
		a.next[base] = n
	}
	a.used[id] = true
	return id
}

func (a *anchorsReference) Reserve(id string) {
	if a.used == nil {
		a.used, a.next = map[string]bool{}, map[string]int{}
	}
	a.used[id] = true
}

// TestAnchorsMatchReference hands out anchors for pages of random
// headings, repeated, suffixed and reserved, short and past fewAnchors,
// and wants those of anchorsReference.
func TestAnchorsMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"Law", "law", "Law 1", "law-1", "law-2", "Charging", "", "  ", "Café", "section", "section-1", "A_b", "x!"}
	for page := range 2000 {
		var got Anchors
		var want anchorsReference
		for i := range r.IntN(3 * fewAnchors) {
			w := words[r.IntN(len(words))]
			if r.IntN(4) == 0 {
				w += " " + strconv.Itoa(r.IntN(4))
			}
			if r.IntN(10) == 0 {
				got.Reserve(Anchor(w))
				want.Reserve(anchorReference(w))
				continue
			}
			if g, x := got.Next(w), want.Next(w); g != x {
				t.Fatalf("page %d, heading %d %q: anchor %q, want %q", page, i, w, g, x)
			}
		}
	}
}
