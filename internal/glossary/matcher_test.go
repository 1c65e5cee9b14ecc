package glossary

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/concord-guidance/concord/internal/analysis"
)

var (
	bundledOnce    sync.Once
	bundledMatcher *Matcher
	sampleParas    []string
)

// bundledSample loads the repository's glossary, and its guidance split into
// the paragraphs the checker matches one block at a time.
func bundledSample(tb testing.TB) (*Matcher, []string) {
	bundledOnce.Do(func() {
		g, err := Load(os.DirFS("../../glossary"), ".", "glossary")
		if err != nil {
			return
		}
		bundledMatcher = g.Matcher
		files, _ := filepath.Glob("../../corpus/*.md")
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			for _, p := range strings.Split(string(data), "\n\n") {
				if p = strings.TrimSpace(p); p != "" {
					sampleParas = append(sampleParas, p)
				}
			}
		}
	})
	if bundledMatcher == nil || len(sampleParas) == 0 {
		tb.Skip("no bundled glossary or corpus/*.md sample")
	}
	return bundledMatcher, sampleParas
}

// refFind is Find as it was before the first-stem filters, kept verbatim.
func (m *Matcher) refFind(text string, toks []analysis.Token) []Match {
	var out []Match
	for i := 0; i < len(toks); {
		best, bestLast := (*Entry)(nil), 0
		n := m.root
		for j := i; j < len(toks) && n != nil; j++ {
			n = n.next.Stem(toks[j].Term)
			if n == nil {
				break
			}
			for _, e := range n.entries {
				if e.fits(text, toks[i:j+1]) && (best == nil || j+1 > bestLast || (j+1 == bestLast && e.Kind < best.Kind)) {
					best, bestLast = e, j+1
				}
			}
		}
		if best == nil {
			i++
			continue
		}
		out = append(out, Match{Entry: best, First: i, Last: bestLast, Start: toks[i].Start, End: toks[bestLast-1].End})
		i = bestLast
	}
	return out
}

func checkFind(t *testing.T, m *Matcher, text string) {
	t.Helper()
	toks := analysis.Analyze(text)
	// DeepEqual also tells nil from empty, as callers may.
	want := m.refFind(text, toks)
	if got := m.Find(text, toks); !reflect.DeepEqual(got, want) {
		t.Fatalf("Find(%q):\n got %+v\nwant %+v", text, got, want)
	}
	// Tokens the analysis did not number are matched by their strings.
	for i := range toks {
		toks[i].TermID, toks[i].SurfaceID = 0, 0
	}
	if got := m.Find(text, toks); !reflect.DeepEqual(got, want) {
		t.Fatalf("Find(%q) of unnumbered tokens:\n got %+v\nwant %+v", text, got, want)
	}
}

func TestFindMatchesReference(t *testing.T) {
	m, paras := bundledSample(t)
	matched := 0
	for _, p := range paras {
		checkFind(t, m, p)
		matched += len(m.Find(p, analysis.Analyze(p)))
	}
	if matched == 0 {
		t.Fatal("the sample matches no wording: the test tests nothing")
	}
}

func FuzzFindMatchesReference(f *testing.F) {
	m, paras := bundledSample(f)
	for _, p := range paras[:min(len(paras), 200)] {
		f.Add(p)
	}
	f.Add("FOUR four Four. stalking, stalked; (harassment) course of conduct")
	f.Fuzz(func(t *testing.T, text string) {
		checkFind(t, m, text)
	})
}

// BenchmarkFind matches the bundled glossary in the repository's guidance a
// paragraph at a time, as the checker does for each block.
func BenchmarkFind(b *testing.B) {
	m, paras := bundledSample(b)
	toks := make([][]analysis.Token, len(paras))
	var n int64
	for i, p := range paras {
		toks[i] = analysis.Analyze(p)
		n += int64(len(p))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for i, p := range paras {
			m.Find(p, toks[i])
		}
	}
}
