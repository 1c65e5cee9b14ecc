package search

import (
	"reflect"
	"strings"
	"testing"
)

func TestSpellingFallback(t *testing.T) {
	idx := buildTest(t, testDocs())
	for _, tc := range []struct {
		text string
		want []Correction // nil: the query is run as typed
		as   string       // the query whose results it must give
	}{
		{"harasment", []Correction{{"harasment", "harassment"}}, "harassment"},
		{"Harasment", []Correction{{"Harasment", "harassment"}}, "harassment"},
		{"stalkign", []Correction{{"stalkign", "stalking"}}, "stalking"}, // two letters swapped: one edit
		{"victmis", []Correction{{"victmis", "victims"}}, "victims"},
		{"+breech -harasment", []Correction{{"breech", "breach"}, {"harasment", "harassment"}}, "+breach -harassment"},
		{"harasment conduct", []Correction{{"harasment", "harassment"}}, "harassment conduct"},
		{"harassment", nil, "harassment"},
		{"zzzzzz", nil, "zzzzzz"},                                            // nothing near
		{"harsment", []Correction{{"harsment", "harassment"}}, "harassment"}, // two edits
		{"hrsment", nil, "hrsment"},                                          // three edits: too far
		{"ordr", []Correction{{"ordr", "order"}}, "order"},
		{"ordxx", nil, "ordxx"}, // up to five letters one edit only: ordxx is two from order
		{"fer", nil, "fer"},     // below four letters nothing is corrected
		{"2b", nil, "2b"},       // references are not words
		{"owner:cpx", nil, "owner:cpx"},
		{"harasment~1", nil, "harasment~1"}, // the user asked for fuzziness already
	} {
		t.Run(tc.text, func(t *testing.T) {
			got := search(t, idx, Query{Text: tc.text, Spelling: true, Limit: -1})
			if !reflect.DeepEqual(got.Corrections, tc.want) {
				t.Errorf("corrections %+v, want %+v", got.Corrections, tc.want)
			}
			as := search(t, idx, Query{Text: tc.as, Limit: -1})
			if !reflect.DeepEqual(where(got), where(as)) {
				t.Errorf("results %q, want those of %q: %q", where(got), tc.as, where(as))
			}
			if tc.want != nil && len(got.Results) == 0 {
				t.Errorf("a corrected query found nothing")
			}
			// Without Spelling the query is run as typed.
			plain := search(t, idx, Query{Text: tc.text, Limit: -1})
			if plain.Corrections != nil {
				t.Errorf("corrections without Spelling: %+v", plain.Corrections)
			}
		})
	}
}

// TestSpellingPrefersFrequentWords: of two words one edit away, the one
// more sections use wins, whichever sorts first.
func TestSpellingPrefersFrequentWords(t *testing.T) {
	doc := func(stalked, stalker int) []Doc {
		var secs []Section
		for range stalked {
			secs = append(secs, Section{Line: len(secs) + 1, Text: "She was stalked."})
		}
		for range stalker {
			secs = append(secs, Section{Line: len(secs) + 1, Text: "The stalker waited."})
		}
		return []Doc{{File: "a.md", Title: "A", Sections: secs}}
	}
	for _, tc := range []struct {
		stalked, stalker int
		want             string
	}{
		{3, 1, "stalked"},
		{1, 3, "stalker"},
		{2, 2, "stalked"}, // a tie: the first alphabetically
	} {
		idx := buildTest(t, doc(tc.stalked, tc.stalker))
		got := search(t, idx, Query{Text: "stalkex", Spelling: true})
		if len(got.Corrections) != 1 || got.Corrections[0].Suggestion != tc.want {
			t.Errorf("stalked in %d sections, stalker in %d: corrections %+v, want %s", tc.stalked, tc.stalker, got.Corrections, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"a", "", 1}, {"harasment", "harassment", 1}, {"stalkign", "stalking", 1},
		{"ab", "ba", 1}, {"abc", "ca", 3}, {"kitten", "sitting", 3}, {"été", "ete", 2},
	} {
		if got := editDistance([]rune(tc.a), []rune(tc.b), 5); got != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
		if got := editDistance([]rune(tc.a), []rune(tc.b), tc.d-1); tc.d > 0 && got <= tc.d-1 {
			t.Errorf("editDistance(%q, %q) within %d = %d: the limit must be exceeded", tc.a, tc.b, tc.d-1, got)
		}
	}
}

// TestTermRanksSectionsByUse: with a term and no words, only the sections
// that use the term are found, the one that names it in its heading and
// uses it most first, whatever the file order.
func TestTermRanksSectionsByUse(t *testing.T) {
	docs := []Doc{
		{File: "a.md", Title: "A", Terms: []string{"stalking"}, Sections: []Section{
			{Line: 1, Text: "Bail conditions and remand. A note in passing that stalking cases need care, among many other kinds of case that a court hears on a busy day.",
				Terms: []SectionTerm{{ID: "stalking", Body: 1, Words: []string{"stalking"}}}},
			{Anchor: "costs", Heading: "Costs", Line: 5, Text: "Nothing about the term here."},
		}},
		{File: "b.md", Title: "B", Terms: []string{"stalking"}, Sections: []Section{
			{Anchor: "what", Heading: "What is stalking?", Line: 3, Text: "Stalking is a course of conduct. Stalking is an offence. Stalking harms.",
				Terms: []SectionTerm{{ID: "stalking", Heading: 1, Body: 3, Words: []string{"stalking"}}}},
		}},
		{File: "c.md", Title: "C", Sections: []Section{{Line: 1, Text: "Unrelated."}}},
	}
	idx := buildTest(t, docs)
	res := search(t, idx, Query{Term: "stalking"})
	if got, want := where(res), []string{"b.md:3", "a.md:1"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if res.Results[0].Score <= res.Results[1].Score || res.Results[1].Score <= 0 {
		t.Errorf("scores %v, %v", res.Results[0].Score, res.Results[1].Score)
	}
	if f := res.Results[1].Fragments; len(f) == 0 || !strings.Contains(f[0], "<mark>stalking</mark>") {
		t.Errorf("fragment does not mark the term: %q", f)
	}
}
