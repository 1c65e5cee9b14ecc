package search

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/concord-guidance/concord/internal/analysis"
)

// where lists results as file:line, in order.
func where(res *Results) []string {
	out := make([]string, len(res.Results))
	for i, r := range res.Results {
		out[i] = r.File + ":" + strconv.Itoa(r.Line)
	}
	return out
}

func search(t *testing.T, idx *Index, q Query) *Results {
	t.Helper()
	res, err := idx.Search(q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func TestSearchSyntax(t *testing.T) {
	idx := buildTest(t, testDocs())
	tests := []struct {
		name string
		q    Query
		want []string // exactly these sections, in any order
		not  []string // none of these
	}{
		{name: "stemming: stalked finds stalking", q: Query{Text: "stalked"},
			// The title "Stalking" counts for every section of its document.
			want: []string{"corpus/stalking.md:1", "corpus/stalking.md:7", "corpus/stalking.md:15", "corpus/restraining-orders.md:9", "corpus/harassment.md:6"}},
		{name: "stemming: victim finds victims'", q: Query{Text: "victim"},
			want: []string{"corpus/stalking.md:15", "corpus/restraining-orders.md:9"}},
		{name: "phrase", q: Query{Text: `"course of conduct"`},
			want: []string{"corpus/stalking.md:7", "corpus/harassment.md:6"}},
		{name: "phrase word order matters", q: Query{Text: `"conduct of course"`}, want: []string{}},
		{name: "fuzzy", q: Query{Text: "harasment~1"},
			want: []string{"corpus/restraining-orders.md:1", "corpus/harassment.md:1", "corpus/harassment.md:6"}},
		{name: "fuzzy too far", q: Query{Text: "harsment~1"}, want: []string{}},
		{name: "prefix expands surface forms", q: Query{Text: "restrain*"},
			want: []string{"corpus/restraining-orders.md:1", "corpus/restraining-orders.md:9", "corpus/restraining-orders.md:20"}},
		{name: "prefix maps to stems", q: Query{Text: "victims*"},
			want: []string{"corpus/stalking.md:15", "corpus/restraining-orders.md:9"}},
		{name: "required and excluded", q: Query{Text: "+stalking -harassment"},
			want: []string{"corpus/stalking.md:1", "corpus/stalking.md:7", "corpus/stalking.md:15", "corpus/restraining-orders.md:9"}},
		{name: "excluded only", q: Query{Text: "-stalking"},
			want: []string{"corpus/restraining-orders.md:1", "corpus/restraining-orders.md:20", "corpus/harassment.md:1"}},
		{name: "required unknown word finds nothing", q: Query{Text: "+zzzz stalking"}, want: []string{}},
		{name: "stop words alone find nothing", q: Query{Text: "the of"}, want: []string{}},
		{name: "title field", q: Query{Text: "title:harassment"},
			want: []string{"corpus/harassment.md:1", "corpus/harassment.md:6"}},
		{name: "heading field", q: Query{Text: "heading:breach"},
			want: []string{"corpus/restraining-orders.md:9"}},
		{name: "front matter field", q: Query{Text: "+owner:cps +victims"},
			want: []string{"corpus/stalking.md:15"}},
		{name: "topic field", q: Query{Text: "topic:orders"},
			want: []string{"corpus/restraining-orders.md:1", "corpus/restraining-orders.md:9", "corpus/restraining-orders.md:20"}},
		{name: "term filter", q: Query{Text: "conduct", Term: "course-of-conduct"},
			want: []string{"corpus/stalking.md:7", "corpus/harassment.md:6"}},
		{name: "term filter alone: the sections that use it", q: Query{Term: "restraining-order"},
			// The section on acquittals says "an order restraining", which
			// the glossary matcher does not count as the term.
			want: []string{"corpus/restraining-orders.md:1", "corpus/restraining-orders.md:9"}},
		{name: "legal reference part", q: Query{Text: "2a"}, want: []string{"corpus/stalking.md:15"}},
		{name: "glued reference whole", q: Query{Text: "4.2.1"}, want: []string{"corpus/stalking.md:15"}},
		{name: "glued reference part", q: Query{Text: "+4 +2"}, want: []string{"corpus/stalking.md:15"}},
		{name: "wildcard", q: Query{Text: "harass?ent"},
			want: []string{"corpus/restraining-orders.md:1", "corpus/harassment.md:1", "corpus/harassment.md:6"}},
		{name: "regexp", q: Query{Text: "/acquit+al/"},
			want: []string{"corpus/restraining-orders.md:20"}},
		{name: "file field", q: Query{Text: "file:corpus/harassment.md"},
			want: []string{"corpus/harassment.md:1", "corpus/harassment.md:6"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := search(t, idx, Query{Text: tc.q.Text, Term: tc.q.Term, Limit: -1})
			got := where(res)
			sort.Strings(got)
			want := append([]string{}, tc.want...)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
			if res.Total != len(tc.want) {
				t.Errorf("total = %d, want %d", res.Total, len(tc.want))
			}
		})
	}
}

func TestRankingPrefersHeadingsAndRareWords(t *testing.T) {
	idx := buildTest(t, testDocs())
	res := search(t, idx, Query{Text: "breach"})
	if len(res.Results) == 0 || res.Results[0].Section != "Breach of a restraining order" {
		t.Fatalf("breach: first result %v", where(res))
	}
	res = search(t, idx, Query{Text: "course conduct"})
	if got := where(res)[0]; got != "corpus/stalking.md:7" {
		t.Errorf("course conduct: first %s, want the section headed Course of conduct", got)
	}
	for i := 1; i < len(res.Results); i++ {
		if res.Results[i].Score > res.Results[i-1].Score {
			t.Errorf("results not in score order: %v", res.Results)
		}
	}
}

func TestFragmentsMarkMatches(t *testing.T) {
	idx := buildTest(t, testDocs())
	res := search(t, idx, Query{Text: "stalked", Limit: -1})
	var frag string
	for _, r := range res.Results {
		if r.File == "corpus/restraining-orders.md" {
			frag = strings.Join(r.Fragments, " | ")
		}
	}
	if want := "the victim was <mark>stalked</mark> by the defendant."; !strings.Contains(frag, want) {
		t.Errorf("fragment %q lacks %q", frag, want)
	}
	// Everything outside marks is escaped.
	d := testDocs()
	d[0].Sections[0].Text = `Stalking <script>alert("x")</script> & more`
	idx2 := buildTest(t, d)
	res = search(t, idx2, Query{Text: "alert"})
	if got, want := res.Results[0].Fragments[0], `Stalking &lt;script&gt;<mark>alert</mark>(&#34;x&#34;)&lt;/script&gt; &amp; more`; got != want {
		t.Errorf("fragment = %q, want %q", got, want)
	}
	// Glued tokens are marked once.
	res = search(t, idx, Query{Text: "4.2.1"})
	if f := res.Results[0].Fragments[0]; !strings.Contains(f, "paragraph <mark>4.2.1</mark>.") {
		t.Errorf("fragment = %q", f)
	}
}

func TestJSONShape(t *testing.T) {
	idx := buildTest(t, testDocs())
	res := search(t, idx, Query{Text: "fixated", Limit: 5})
	var buf bytes.Buffer
	if err := WriteJSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	var generic map[string]interface{}
	if err := json.Unmarshal(buf.Bytes(), &generic); err != nil {
		t.Fatal(err)
	}
	if len(generic) != 2 || generic["total"] != 1.0 {
		t.Fatalf("top level = %v", generic)
	}
	r := generic["results"].([]interface{})[0].(map[string]interface{})
	var keys []string
	for k := range r {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if want := []string{"file", "fragments", "line", "score", "section", "title"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("result keys = %v, want %v", keys, want)
	}
	if !strings.Contains(buf.String(), `<mark>fixated</mark>`) {
		t.Errorf("marks escaped in JSON: %s", buf.String())
	}
	// No results: an empty array, not null.
	res = search(t, idx, Query{Text: "qwertyuiop"})
	buf.Reset()
	_ = WriteJSON(&buf, res)
	if !strings.Contains(buf.String(), `"results": []`) {
		t.Errorf("empty results: %s", buf.String())
	}
}

func TestWriteText(t *testing.T) {
	idx := buildTest(t, testDocs())
	res := search(t, idx, Query{Text: "fixated"})
	var buf bytes.Buffer
	if err := WriteText(&buf, res, false); err != nil {
		t.Fatal(err)
	}
	want := "corpus/stalking.md:1  Stalking\n    Stalking is a pattern of [fixated], obsessive, unwanted and repeated behaviour.\n\n1 result\n"
	if buf.String() != want {
		t.Errorf("text =\n%s\nwant\n%s", buf.String(), want)
	}
	buf.Reset()
	_ = WriteText(&buf, res, true)
	if !strings.Contains(buf.String(), "\x1b[1mfixated\x1b[0m") {
		t.Errorf("color text = %q", buf.String())
	}
	res = search(t, idx, Query{Text: "stalking", Limit: 2})
	buf.Reset()
	_ = WriteText(&buf, res, false)
	if !strings.HasSuffix(buf.String(), "2 of 5 results\n") || !strings.Contains(buf.String(), "Stalking › Supporting victims") {
		t.Errorf("text =\n%s", buf.String())
	}
}

func TestBadQueries(t *testing.T) {
	idx := buildTest(t, testDocs())
	for _, q := range []string{
		strings.Repeat("a ", MaxQueryBytes),
		`"unterminated`,
		"title:",
		"harassment~9",
		"/[/",
		"\xff\xfe",
		"+",
		"^^^",
		"a:b:c:d",
	} {
		res, err := idx.Search(Query{Text: q})
		var qe *QueryError
		if err == nil {
			// Some odd strings are valid syntax; they must simply work.
			if res == nil {
				t.Errorf("%q: nil results without error", q)
			}
			continue
		}
		if !errors.As(err, &qe) {
			t.Errorf("%q: error %v is not a QueryError", q, err)
		}
		if !strings.HasPrefix(err.Error(), "invalid search query") {
			t.Errorf("%q: message %q", q, err)
		}
	}
	if _, err := idx.Search(Query{Text: strings.Repeat("x", MaxQueryBytes+1)}); err == nil || !strings.Contains(err.Error(), "longer than 512 bytes") {
		t.Errorf("long query: %v", err)
	}
}

// TestAnalyzerMatchesBleve checks that the statistics concord ranks with and
// exports come from exactly the analysis bleve indexes with.
func TestAnalyzerMatchesBleve(t *testing.T) {
	text := "The Council's stalked victims; s.2A, 4.2.1 and e.g. high-harm. Don't! Note:this 1,000 naïve Café 日本語 the of"
	checkAnalyzeText(t, text) // the same stems as bleve's analyzer
	var fromUs []string
	analyzeText(text, func(tk token) { fromUs = append(fromUs, tk.Stem) })
	want := []string{"council", "stalk", "victim", "s", "2a", "4.2.1", "4", "2", "1", "e.g", "e", "g", "high", "harm",
		"don't", "don", "t", "note:this", "note", "1,000", "1", "000", "naïv", "café", "日", "本", "語"}
	if !reflect.DeepEqual(fromUs, want) {
		t.Errorf("stems %q\nwant  %q", fromUs, want)
	}
	// The analyzer is the one the mapping uses for every text field.
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	var _ mapping.IndexMapping = m
	if m.DefaultAnalyzer != analysis.AnalyzerName {
		t.Errorf("default analyzer %q", m.DefaultAnalyzer)
	}
}

// TestStatsMatchBleveDictionary checks the exported postings against bleve's
// own term dictionary: same stems, same document frequencies, per field.
func TestStatsMatchBleveDictionary(t *testing.T) {
	idx := buildTest(t, syntheticDocs(20))
	ir, err := idx.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ir.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for f, field := range scoredFields {
		ours := map[string]int{}
		for stem, ps := range idx.stats.postings {
			for _, p := range ps {
				if p.tf[f] > 0 {
					ours[stem]++
				}
			}
		}
		theirs := map[string]int{}
		dict, err := r.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		for {
			de, err := dict.Next()
			if err != nil {
				t.Fatal(err)
			}
			if de == nil {
				break
			}
			theirs[de.Term] = int(de.Count)
		}
		dict.Close()
		if !reflect.DeepEqual(ours, theirs) {
			t.Errorf("%s: %d stems in concord's statistics, %d in bleve's dictionary", field, len(ours), len(theirs))
			for k, v := range ours {
				if theirs[k] != v {
					t.Errorf("%s %q: concord %d, bleve %d", field, k, v, theirs[k])
					break
				}
			}
		}
	}
}

// FuzzSearch: any query string gives results or a QueryError, never a panic
// or another error.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"stalked", `"course of conduct"`, "harasment~1", "restrain*", "+a -b", "title:x", "/re+/", `a\:b`, "x^2", "4.2.1", "-", "+", `"`, "~", "a:>5", `f:<="2020-01-01"`} {
		f.Add(s, "")
	}
	idx := buildTest(f, testDocs())
	f.Fuzz(func(t *testing.T, text, term string) {
		res, err := idx.Search(Query{Text: text, Term: term})
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("%q: %v", text, err)
			}
			return
		}
		if res.Total < len(res.Results) || res.Results == nil {
			t.Fatalf("%q: %+v", text, res)
		}
	})
}

func TestSearchContextCancelled(t *testing.T) {
	idx := buildTest(t, testDocs())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := idx.SearchContext(ctx, Query{Text: "stalking"})
	var qe *QueryError
	if !errors.Is(err, context.Canceled) || errors.As(err, &qe) {
		t.Errorf("cancelled search: %v", err)
	}
}
