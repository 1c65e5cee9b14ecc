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
	})
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
