package rules

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
)

// suggestDocEveryName is suggestDoc as it was before the names were sorted
// by length: every document compared. suggestDoc must agree with it.
func suggestDocEveryName(rel string, byRel map[string]*corpus.Document) string {
	best, bestD := "", 1<<30
	for r := range byRel {
		if abs(len(r)-len(rel)) > len(rel)/2 {
			continue
		}
		if dd := distance(rel, r); dd < bestD || (dd == bestD && r < best) {
			best, bestD = r, dd
		}
	}
	if best == "" || bestD > len(rel)/2 {
		return "check the file name"
	}
	return best
}

func checkSuggestDoc(t *testing.T, rel string, names []string) string {
	t.Helper()
	byRel := map[string]*corpus.Document{}
	for _, n := range names {
		byRel[n] = &corpus.Document{Rel: n}
	}
	got := suggestDoc(rel, sortedNames(names))
	if want := suggestDocEveryName(rel, byRel); got != want {
		t.Fatalf("suggestDoc(%q, %q) = %q, comparing every name gives %q", rel, names, got, want)
	}
	return got
}

func TestSuggestDoc(t *testing.T) {
	names := []string{"stalking.md", "stalkers.md", "harassment.md", "a.md", "guidance/youths.md", "ab.md", "ba.md"}
	for _, tc := range []struct{ rel, want string }{
		{"stalkng.md", "stalking.md"},
		{"harasment.md", "harassment.md"},
		{"guidance/youth.md", "guidance/youths.md"},
		{"zzzzz.md", "check the file name"},
		{"b.md", "a.md"}, // a tie: the first alphabetically
		{"archived-guidance-0460240.md", "check the file name"},
		{"", "check the file name"},
	} {
		if got := checkSuggestDoc(t, tc.rel, names); got != tc.want {
			t.Errorf("suggestDoc(%q) = %q, want %q", tc.rel, got, tc.want)
		}
	}
}

// FuzzSuggestDoc compares suggestDoc with comparing every name, on names
// made of a few letters so that many are near one another.
func FuzzSuggestDoc(f *testing.F) {
	f.Add("stalkng.md", "stalking.md/stalkers.md/harassment.md/a.md")
	f.Add("ab", "ba/ab/abc/b/ca/ac")
	f.Add("é.md", "e.md/ée.md/x.md")
	f.Fuzz(func(t *testing.T, rel, names string) {
		checkSuggestDoc(t, rel, strings.Split(names, "/"))
	})
}

func TestSuggestDocRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	word := func() string {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteByte("abcde-."[r.IntN(7)])
		}
		return b.String()
	}
	for range 300 {
		names := make([]string, r.IntN(60))
		for i := range names {
			names[i] = word()
		}
		checkSuggestDoc(t, word(), names)
	}
}

// BenchmarkSuggestDoc looks for a missing name among 10,000 generated ones.
func BenchmarkSuggestDoc(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	slugs := []string{"stalking", "harassment-in-the-workplace", "youth-cases-questions-and-answers", "bail-and-remand"}
	var docs []*corpus.Document
	for i := range 10000 {
		docs = append(docs, &corpus.Document{Rel: fmt.Sprintf("%s-%07d.md", slugs[i%len(slugs)], r.IntN(1e7))})
	}
	rels := make([]string, len(docs))
	for i, d := range docs {
		rels[i] = d.Rel
	}
	names := sortedNames(rels)
	if !slices.IsSorted(names.runes) {
		b.Fatal("names not sorted by length")
	}
	// A link to a name no document comes near compares every name of a
	// length within reach; a slip of one edit, the usual broken link, only
	// the names of about its own length.
	b.Run("no-near-name", func(b *testing.B) {
		for b.Loop() {
			suggestDoc("archived-guidance-0460240.md", names)
		}
	})
	slip := strings.Replace(docs[0].Rel, "-", "_", 1)
	b.Run("one-edit-slip", func(b *testing.B) {
		for b.Loop() {
			if got := suggestDoc(slip, names); got != docs[0].Rel {
				b.Fatalf("suggestDoc(%q) = %q", slip, got)
			}
		}
	})
}
