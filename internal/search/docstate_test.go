package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/concord-guidance/concord/internal/binenc"
)

// answers runs queries of every kind and returns the results as JSON, for
// comparing two indexes.
func answers(t *testing.T, idx *Index) string {
	t.Helper()
	var b bytes.Buffer
	for _, q := range []Query{
		{Text: "stalking", Limit: -1}, {Text: "restraining order", Limit: -1}, {Text: `"course of conduct"`, Limit: -1},
		{Text: "harass*", Limit: -1}, {Text: "stalkr~1", Limit: -1}, {Text: "title:harassment", Limit: -1},
		{Text: "+victim -acquittal", Limit: -1}, {Term: "course-of-conduct", Limit: -1}, {Text: "persistent", Limit: -1},
		{Text: "conduct", Term: "stalking", Limit: 2},
	} {
		res, err := idx.Search(q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		json.NewEncoder(&b).Encode(res)
	}
	return b.String()
}

func TestOpenReturnsWhatBuildWithLeft(t *testing.T) {
	cache := t.TempDir()
	docs := append(testDocs(), Doc{File: "corpus/empty.md", Title: "Front matter only"})
	o := Options{Tool: "tool-1", Corpus: "corpus-1"}

	if idx, _, err := Open(cache, o); idx != nil || err != nil {
		t.Fatalf("Open of an empty cache: %v, %v", idx, err)
	}
	idx, err := BuildWith(docs, cache, o)
	if err != nil {
		t.Fatal(err)
	}
	want := answers(t, idx)
	idx.Close()
	if fresh := buildTest(t, docs); answers(t, fresh) != want {
		t.Fatal("BuildWith answers differently from an index built in memory")
	}

	idx, _, err = Open(cache, o)
	if err != nil || idx == nil {
		t.Fatalf("Open after BuildWith: %v, %v", idx, err)
	}
	if got := answers(t, idx); got != want {
		t.Errorf("the reopened index answers\n%s\nwant\n%s", got, want)
	}
	if idx.Sections() != 8 {
		t.Errorf("reopened with %d sections, want 8", idx.Sections())
	}
	if idx.stats.analysed != 0 {
		t.Errorf("Open analysed %d sections again, want none", idx.stats.analysed)
	}
	idx.Close()

	for name, other := range map[string]Options{
		"another corpus key":   {Tool: "tool-1", Corpus: "corpus-2"},
		"another tool":         {Tool: "tool-2", Corpus: "corpus-1"},
		"no corpus key":        {Tool: "tool-1"},
		"no tool":              {Corpus: "corpus-1"},
		"nothing":              {},
		"corpus key as a tool": {Tool: "corpus-1", Corpus: "tool-1"},
	} {
		if idx, _, err := Open(cache, other); idx != nil || err != nil {
			t.Errorf("%s: Open gave %v, %v; want nothing", name, idx, err)
			if idx != nil {
				idx.Close()
			}
		}
	}

	// What cannot be opened is handed back as kept documents, under the
	// same tool only.
	if _, k, _ := Open(cache, Options{Tool: "tool-1", Corpus: "corpus-2"}); k == nil {
		t.Error("another corpus key: the kept documents were not handed back")
	} else if _, ok := k.Doc(docs[0].File, ""); ok {
		t.Error("a document kept without a stamp was handed back")
	}
	if _, k, _ := Open(cache, Options{Tool: "tool-2", Corpus: "corpus-1"}); k != nil {
		t.Error("another tool: kept documents were handed back")
	}

	// A changed corpus, under a new key: the old key opens nothing, the
	// new one what this build holds.
	docs[0].Sections[0].Text = "Stalking is persistent pursuit."
	o2 := Options{Tool: "tool-1", Corpus: "corpus-2"}
	idx, err = BuildWith(docs, cache, o2)
	if err != nil {
		t.Fatal(err)
	}
	want2 := answers(t, idx)
	if idx.stats.analysed != len(docs[0].Sections) {
		t.Errorf("BuildWith analysed %d sections after a one-document edit, want that document's %d", idx.stats.analysed, len(docs[0].Sections))
	}
	idx.Close()
	if want2 == want {
		t.Fatal("the edit changed no answer")
	}
	if fresh := buildTest(t, docs); answers(t, fresh) != want2 {
		t.Fatal("BuildWith reusing kept analyses answers differently from an index built in memory")
	}
	if idx, _, _ := Open(cache, o); idx != nil {
		idx.Close()
		t.Error("the old corpus key still opens the index")
	}
	idx, _, err = Open(cache, o2)
	if err != nil || idx == nil {
		t.Fatalf("Open under the new key: %v, %v", idx, err)
	}
	if got := answers(t, idx); got != want2 {
		t.Errorf("reopened after the edit:\n%s\nwant\n%s", got, want2)
	}

	// An Update (concord serve) changes the index but not the kept
	// documents: Open must not trust them after it.
	docs[1].Sections[0].Text = "A restraining order protects a person from persistent harassment."
	if err := idx.Update(docs); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	if idx, _, _ := Open(cache, o2); idx != nil {
		idx.Close()
		t.Error("Open trusted kept documents older than the index")
	}
	// BuildWith then repairs it.
	idx, err = BuildWith(docs, cache, o2)
	if err != nil {
		t.Fatal(err)
	}
	want3 := answers(t, idx)
	idx.Close()
	if idx, _, _ = Open(cache, o2); idx == nil {
		t.Fatal("Open after the repairing BuildWith gave nothing")
	}
	defer idx.Close()
	if got := answers(t, idx); got != want3 {
		t.Errorf("reopened after the repair:\n%s\nwant\n%s", got, want3)
	}
}

// A damaged file of kept documents is never trusted: Open gives nothing and
// BuildWith builds as if it were absent.
func TestDamagedDocsStateIsIgnored(t *testing.T) {
	cache := t.TempDir()
	docs := testDocs()
	o := Options{Tool: "t", Corpus: "c"}
	idx, err := BuildWith(docs, cache, o)
	if err != nil {
		t.Fatal(err)
	}
	want := answers(t, idx)
	file := filepath.Join(idx.Dir(), docsStateName)
	idx.Close()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x40
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if idx, _, _ := Open(cache, o); idx != nil {
		idx.Close()
		t.Fatal("Open trusted a damaged file")
	}
	idx, err = BuildWith(docs, cache, o)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if got := answers(t, idx); got != want {
		t.Errorf("after a damaged file:\n%s\nwant\n%s", got, want)
	}
}

// stateOf is the docsState BuildWith would keep for docs, with each
// document's analysis made afresh.
func stateOf(t testing.TB, docs []Doc) (*docsState, map[string]docState) {
	t.Helper()
	sorted, err := normalizeDocs(docs)
	if err != nil {
		t.Fatal(err)
	}
	hashes := map[string]docState{}
	for i := range sorted {
		hashes[sorted[i].File] = docState{Hash: docHash(&sorted[i]), Sections: len(sorted[i].Sections)}
	}
	_, analysed := computeStats(sorted, hashes, nil)
	st := &docsState{tool: "tool", corpus: "corpus", docs: sorted}
	for i := range sorted {
		h := hashes[sorted[i].File].Hash
		st.hashes = append(st.hashes, h)
		st.stamps = append(st.stamps, fmt.Sprintf("stamp-%d", i%3))
		st.analysed = append(st.analysed, analysed[h])
	}
	return st, hashes
}

func TestDocsStateRoundTrip(t *testing.T) {
	docs := append(testDocs(), syntheticDocs(20)...)
	docs = append(docs, Doc{File: "corpus/zz-empty.md", Fields: map[string]string{}})
	st, _ := stateOf(t, docs)
	b := encodeDocsState(st)
	got, err := decodeDocsState(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The numbering decoding adds is checked against the words it
	// numbers, then set aside for the comparison.
	for i := range got.analysed {
		for k := range got.analysed[i] {
			st := &got.analysed[i][k]
			words := *st.words
			for j, id := range st.ids {
				if words[id] != st.stems[j] {
					t.Fatalf("doc %d section %d: stem %d numbered %d, which is %q", i, k, j, id, words[id])
				}
			}
			for j, f := range st.forms {
				if words[st.formIDs[2*j]] != f.surface || words[st.formIDs[2*j+1]] != f.stem {
					t.Fatalf("doc %d section %d: form %d misnumbered", i, k, j)
				}
			}
			st.words, st.ids, st.formIDs = nil, nil, nil
		}
	}
	for i := range got.docs {
		if got.docs[i].Fields == nil {
			got.docs[i].Fields = map[string]string{}
		}
		if st.docs[i].Fields == nil {
			st.docs[i].Fields = map[string]string{}
		}
	}
	if !reflect.DeepEqual(got, st) {
		t.Fatal("decoded state differs from the encoded one")
	}
	if !bytes.Equal(encodeDocsState(got), b) {
		t.Error("encoding is not deterministic")
	}
	// Every truncation and every flipped byte is refused, never a panic.
	for n := 0; n < len(b); n += 1 + n/50 {
		if _, err := decodeDocsState(b[:n], nil); err == nil {
			t.Fatalf("truncated to %d bytes: decoded", n)
		}
	}
	for i := 0; i < len(b); i += 1 + i/40 {
		c := bytes.Clone(b)
		c[i] ^= 0x01
		if _, err := decodeDocsState(c, nil); err == nil {
			t.Fatalf("byte %d flipped: decoded", i)
		}
	}
}

func FuzzDecodeDocsState(f *testing.F) {
	st, _ := stateOf(f, testDocs())
	// Past the header: what a state damaged in a way the checksum misses,
	// or written by a buggy concord, would hold.
	r, err := binenc.Open(encodeDocsState(st), docsStateMagic, staticVersion)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(r.Data())
	f.Fuzz(func(t *testing.T, b []byte) {
		r := binenc.NewReader(b)
		got, err := decodeDocsPayload(&r, nil)
		if err != nil {
			return
		}
		// What decodes encodes back to the same bytes: nothing is lost
		// or invented on the way.
		again, err := binenc.Open(encodeDocsState(got), docsStateMagic, staticVersion)
		if err != nil || !bytes.Equal(again.Data(), b) {
			t.Fatalf("decoded state re-encodes differently")
		}
	})
}

// Statistics merged from decoded, numbered analyses are those of analysing
// the documents afresh.
func TestNumberedMergeMatches(t *testing.T) {
	st, hashes := stateOf(t, append(testDocs(), syntheticDocs(60)...))
	fresh, _ := computeStats(st.docs, hashes, nil)
	dec, err := decodeDocsState(encodeDocsState(st), nil)
	if err != nil {
		t.Fatal(err)
	}
	reuse := map[string][]sectionTerms{}
	for i, h := range dec.hashes {
		reuse[h] = dec.analysed[i]
	}
	if sharedWords(dec.analysed[0]) == nil {
		t.Fatal("decoded analyses are not numbered in one table")
	}
	merged, _ := computeStats(dec.docs, hashes, reuse)
	if merged.analysed != 0 {
		t.Fatalf("%d sections analysed again", merged.analysed)
	}
	merged.analysed, fresh.analysed = 0, 0
	if !reflect.DeepEqual(merged, fresh) {
		t.Error("numbered merge differs from a fresh analysis")
	}
}

// keptIn is what Open hands back of the documents kept under tool when it
// cannot open the index (here: no corpus key).
func keptIn(cache, tool string) *Kept {
	_, k, _ := Open(cache, Options{Tool: tool})
	return k
}

// Kept hands back a kept document only under the stamp it was kept with.
func TestKeptDocsByStamp(t *testing.T) {
	cache := t.TempDir()
	docs := testDocs()
	stamps := map[string]string{docs[0].File: "s0", docs[1].File: "s1"} // docs[2] has none
	idx, err := BuildWith(docs, cache, Options{Tool: "t", Stamps: stamps})
	if err != nil {
		t.Fatal(err)
	}
	idx.Close()
	if keptIn(cache, "other tool") != nil {
		t.Error("documents kept by another tool were handed back")
	}
	k := keptIn(cache, "t")
	if d, ok := k.Doc(docs[0].File, "s0"); !ok || !reflect.DeepEqual(d, docs[0]) {
		t.Errorf("Doc(%s, s0) = %+v, %v", docs[0].File, d, ok)
	}
	for _, c := range []struct{ file, stamp string }{
		{docs[0].File, "s1"}, {docs[0].File, ""}, {docs[2].File, ""}, {"corpus/none.md", "s0"},
	} {
		if _, ok := k.Doc(c.file, c.stamp); ok {
			t.Errorf("Doc(%s, %q) handed back a document", c.file, c.stamp)
		}
	}
	// A build given the kept documents and new stamps keeps the new ones.
	stamps[docs[1].File] = "s1b"
	idx, err = BuildWith(docs, cache, Options{Tool: "t", Stamps: stamps, Kept: k})
	if err != nil {
		t.Fatal(err)
	}
	idx.Close()
	k = keptIn(cache, "t")
	if _, ok := k.Doc(docs[1].File, "s1b"); !ok {
		t.Error("the new stamp was not kept")
	}
	if _, ok := k.Doc(docs[1].File, "s1"); ok {
		t.Error("the old stamp still hands back the document")
	}
}
