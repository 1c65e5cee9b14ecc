package search

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// staticOf builds the static index of docs as a build keeps it (encoded
// in chunks and read back) and a searcher over it.
func staticOf(t testing.TB, docs []Doc) *StaticSearch {
	t.Helper()
	entries := make([]*Entry, len(docs))
	texts := map[string][]string{}
	for i, d := range docs {
		entries[i] = NewEntry(d)
		for _, s := range d.Sections {
			texts[d.File] = append(texts[d.File], s.Text)
		}
	}
	s, err := BuildStatic(entries)
	if err != nil {
		t.Fatal(err)
	}
	head, chunks := s.EncodeChunked()
	s, err = DecodeChunked(head, func(i int) ([]byte, error) { return chunks[i], nil })
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewStaticSearch(s, func(file string) ([]string, error) {
		if ts, ok := texts[file]; ok {
			return ts, nil
		}
		return nil, fmt.Errorf("no document %s", file)
	})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// staticParityQueries are queries of every kind: those the static index
// answers must give what the bleve index gives, to the byte; the others it
// must refuse.
var staticParityQueries = []string{
	"stalked", "stalking", "victim", "victims'", "restraining order breach",
	"harassment", "Harassment", "HARASSMENT", "the", "the of", "of stalking",
	"+stalking -harassment", "-stalking", "-stalking -harassment", "+zzzz stalking",
	"+zzz", "zzz", "+stalking +victims", "+stalking victims", "stalking -victims",
	"title:harassment", "heading:breach", "body:breach", "title:stalking victims",
	"+heading:breach +body:excuse", "heading:zzzz",
	"harasment", "harasment order", "stalkng", "restrainig", "victms", "ordr", "xyzzy",
	"harasment~1", "harsment~1", "harasment~2", "order~1",
	"restrain*", "victims*", "harass?ent", "v*", "*ing", "re*ing", "zzz*",
	"/acquit+al/", "/harass.*/", "/[a-c]+/",
	"2a", "s.2A", "section 2A", "4.2.1", "+4 +2", "s 4A PHA 1997", "1997",
	"course of conduct", "course-of-conduct", "high-harm", "High-harm cases",
	"fear violence", "+fear -violence occasions", "breach^2 order",
	// Left to bleve.
	`"course of conduct"`, `"conduct of course"`, "topic:orders", "+owner:cps +victims",
	"file:corpus/harassment.md", "summary:orders", "updated:>2020",
	// Not queries at all.
	`"unterminated`, "title:", "harassment~9", "/[/", "+", "^^^", "a:b:c:d",
	strings.Repeat("a ", MaxQueryBytes),
}

func TestStaticSearchMatchesBleve(t *testing.T) {
	for _, set := range []struct {
		name string
		docs []Doc
	}{{"fixture", testDocs()}, {"synthetic", syntheticDocs(60)}} {
		idx := buildTest(t, set.docs)
		x := staticOf(t, set.docs)
		queries := append([]string{}, staticParityQueries...)
		if set.name == "synthetic" {
			// Words of the synthetic corpus, and misspellings of them.
			for _, w := range strings.Fields(set.docs[3].Sections[2].Text)[:12] {
				queries = append(queries, w, w+"s", "+"+w, "-"+w+" "+w[:len(w)/2+1]+"*", w[1:], w[:1]+w[2:]+"~1")
			}
		}
		static := 0
		for _, q := range queries {
			for _, limit := range []int{0, 3, -1} {
				for _, spelling := range []bool{true, false} {
					query := Query{Text: q, Limit: limit, Spelling: spelling}
					want, werr := idx.Search(query)
					got, gerr := x.Search(query)
					if errors.Is(gerr, ErrNotStatic) {
						continue
					}
					name := fmt.Sprintf("%s: %q limit %d spelling %v", set.name, q, limit, spelling)
					if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
						t.Errorf("%s: error %v, want %v", name, gerr, werr)
						continue
					}
					if werr != nil {
						continue
					}
					static++
					var wj, gj, wt, gt bytes.Buffer
					WriteJSON(&wj, want)
					WriteJSON(&gj, got)
					WriteText(&wt, want, false)
					WriteText(&gt, got, false)
					if wj.String() != gj.String() || wt.String() != gt.String() {
						t.Errorf("%s:\n%s\nwant\n%s", name, gj.String(), wj.String())
					}
					for i := range want.Results {
						if want.Results[i].URL != got.Results[i].URL {
							t.Errorf("%s: result %d URL %q, want %q", name, i, got.Results[i].URL, want.Results[i].URL)
						}
					}
				}
			}
		}
		t.Logf("%s: %d of %d searches answered by the static index", set.name, static, 6*len(queries))
		if static < len(queries) {
			t.Errorf("%s: the static index answered only %d of %d searches", set.name, static, 6*len(queries))
		}
	}
}

func TestStaticSearchRefuses(t *testing.T) {
	x := staticOf(t, testDocs())
	for _, q := range []Query{
		{Text: `"course of conduct"`}, {Text: "stalking topic:orders"}, {Text: "file:corpus/harassment.md"},
		{Text: "conduct", Term: "course-of-conduct"}, {Term: "stalking"}, {Text: "-stalking \"fear of violence\""},
	} {
		if _, err := x.Search(q); !errors.Is(err, ErrNotStatic) {
			t.Errorf("%+v: %v, want ErrNotStatic", q, err)
		}
	}
}
