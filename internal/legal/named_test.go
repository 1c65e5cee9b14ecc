package legal

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/glossary"
)

// TestNamedAfter holds the index's table of names to the test
// citation-mismatch made of every owner of a provision, lower-casing both
// names each time: o != t and o's name holds t's as words, or o's summary
// calls it a t offence. It also asks of terms the table does not hold.
func TestNamedAfter(t *testing.T) {
	sub, _ := fs.Sub(concord.Glossary, "glossary")
	g, err := glossary.Load(sub, ".", "glossary")
	if err != nil {
		t.Fatal(err)
	}
	ix := IndexFor(g)
	stray := []*glossary.Term{
		{Term: "Stalking"}, {Term: "stalking involving fear of violence"}, {Term: ""},
		{Term: "Other", Summary: "The either-way STALKING offence"},
	}
	terms := append(append([]*glossary.Term(nil), g.Terms...), stray...)
	holds := 0
	for _, o := range terms {
		for _, tm := range terms {
			want := o != tm && wordsIn(strings.ToLower(o.Term), strings.ToLower(tm.Term)) || strings.Contains(strings.ToLower(o.Summary), strings.ToLower(tm.Term)+" offence")
			na := ix.NamedAfter(o, tm)
			if got := o != tm && na.Name || na.Summary; got != want {
				t.Errorf("NamedAfter(%q, %q) = %+v, want %v", o.Term, tm.Term, na, want)
			}
			if want {
				holds++
			}
		}
	}
	if holds == 0 {
		t.Fatal("no term is named after another: the test tests nothing")
	}
}

// wordsIn is the test as citation-mismatch wrote it: the words of needle
// in order, as whole words, in hay.
func wordsIn(hay, needle string) bool {
	h, n := strings.Fields(hay), strings.Fields(needle)
	if len(n) == 0 {
		return false
	}
	for i := 0; i+len(n) <= len(h); i++ {
		if strings.Join(h[i:i+len(n)], " ") == strings.Join(n, " ") {
			return true
		}
	}
	return false
}
