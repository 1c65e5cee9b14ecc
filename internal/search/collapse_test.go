package search

import (
	"strings"
	"testing"
)

// collapseSpace must give what strings.Fields and Join give: the snippets
// the site's shards hold are made with it.
func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{
		"", " ", "a", " a", "a ", "a b", "a  b", "a\tb", "a\nb\n", "\u00a0x\u00a0", "x\u0085y",
		"caf\u00e9 na\u00efve", "\u3000\u6771\u4eac\u3000", "a \xff b", "\xff", "a\u2028b", "end. \r\n next",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
		if got, want := string(appendSectionText([]byte("x"), s)), "x"+sectionText(s); got != want {
			t.Fatalf("appendSectionText(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestAppendSectionTextCut: a section's text cut as sectionText cuts it,
// however long the text and wherever its white space falls.
func TestAppendSectionTextCut(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("stalking ", 2000),
		strings.Repeat("a\u00a0b\t\n", 3000),
		strings.Repeat("x", maxSectionText) + " tail",
		strings.Repeat("y", maxSectionText-1) + "\u00e9\u00e9 end",
		"  " + strings.Repeat("caf\u00e9  ", 1500) + "  ",
	} {
		if got, want := string(appendSectionText(nil, s)), sectionText(s); got != want {
			t.Errorf("appendSectionText(%.40q…) = …%q, want …%q", s, got[max(0, len(got)-40):], want[max(0, len(want)-40):])
		}
	}
}

// BenchmarkSectionText collapses the section texts of the synthetic corpus
// (1,000 documents) as NewEntry does.
func BenchmarkSectionText(b *testing.B) {
	var texts []string
	for _, d := range syntheticDocs(1000) {
		for _, s := range d.Sections {
			texts = append(texts, s.Text)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			_ = sectionText(t)
		}
	}
}

// TestSinglySpaced8 against its definition, byte by byte, on every
// eight-byte window of texts with each kind of byte.
func TestSinglySpaced8(t *testing.T) {
	ref := func(b string) bool {
		for k := 0; k < 8; k++ {
			if c := b[k]; c >= 0x80 || c < ' ' || c == ' ' && k > 0 && b[k-1] == ' ' {
				return false
			}
		}
		return true
	}
	texts := []string{"stalking and harassment, s.2A", "a  b c\td\ne\rf\vg\fh", "\x00\x1f\x20\x21\x7e\x7f\x80\xff!  !",
		" lead", "trail ", "x y z w v u t s r q", "caf\u00e9 na\u00efve\u2028", "        ", "!!!!!!!! ! ! ! ! !"}
	for _, s := range texts {
		for i := 0; i+8 <= len(s); i++ {
			if got, want := singlySpaced8(load64(s, i)), ref(s[i:i+8]); got != want {
				t.Errorf("singlySpaced8(%q) = %v, want %v", s[i:i+8], got, want)
			}
		}
	}
	for c := 0; c < 256; c++ {
		for k := 0; k < 8; k++ {
			b := []byte("abcdefgh")
			b[k] = byte(c)
			for _, s := range []string{string(b), strings.Replace(string(b), "d", " ", 1)} {
				if got, want := singlySpaced8(load64(s, 0)), ref(s); got != want {
					t.Errorf("singlySpaced8(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}
