package search

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
)

func TestCacheReusesAndUpdates(t *testing.T) {
	cache := t.TempDir()
	docs := testDocs()

	idx, err := Build(docs, cache)
	if err != nil {
		t.Fatal(err)
	}
	if idx.Dir() != filepath.Join(cache, "index-"+FormatKey()) {
		t.Errorf("index in %q", idx.Dir())
	}
	want := where(search(t, idx, Query{Text: "stalked", Limit: -1}))
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(idx.Dir(), cacheManifestName)
	before, err := os.Stat(manifest)
	if err != nil {
		t.Fatal(err)
	}

	// Unchanged documents: the cached index is opened as it is.
	idx, err = Build(docs, cache)
	if err != nil {
		t.Fatal(err)
	}
	if got := where(search(t, idx, Query{Text: "stalked", Limit: -1})); !reflect.DeepEqual(got, want) {
		t.Errorf("reopened: %v, want %v", got, want)
	}
	if after, _ := os.Stat(manifest); !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("manifest rewritten for an unchanged corpus")
	}
	idx.Close()

	// One document changed, one removed, one added: only they are
	// re-indexed, and searches see exactly the new contents.
	docs[0].Sections[0].Text = "Stalking is now described as persistent pursuit."
	docs = append(docs[:1], docs[2:]...) // drop restraining-orders.md
	docs = append(docs, Doc{File: "corpus/new.md", Title: "New", Sections: []Section{{Line: 1, Text: "A persistent stalker."}}})
	idx, err = Build(docs, cache)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if got, want := where(search(t, idx, Query{Text: "persistent", Limit: -1})), []string{"corpus/new.md:1", "corpus/stalking.md:1"}; !sameSet(got, want) {
		t.Errorf("persistent: %v, want %v", got, want)
	}
	if got := search(t, idx, Query{Text: "fixated"}); got.Total != 0 {
		t.Errorf("old text still found: %v", where(got))
	}
	if got := search(t, idx, Query{Text: "restraining"}); got.Total != 0 {
		t.Errorf("removed document still found: %v", where(got))
	}
	// The bleve index agrees with the statistics: no stale sections.
	n, err := idx.bi.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	if int(n) != idx.Sections() {
		t.Errorf("bleve holds %d sections, concord %d", n, idx.Sections())
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return len(a) == len(b)
}

func TestCacheRecoversFromDamage(t *testing.T) {
	cache := t.TempDir()
	idx, err := Build(testDocs(), cache)
	if err != nil {
		t.Fatal(err)
	}
	dir := idx.Dir()
	idx.Close()
	// A stale folder of another format is removed; a damaged index is rebuilt.
	stale := filepath.Join(cache, "index-000000000000")
	if err := os.MkdirAll(stale, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	idx, err = Build(testDocs(), cache)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale index folder kept")
	}
	if res := search(t, idx, Query{Text: "stalked"}); res.Total == 0 {
		t.Errorf("rebuilt index finds nothing")
	}
}

func TestLockedCacheFallsBackToMemory(t *testing.T) {
	cache := t.TempDir()
	first, err := Build(testDocs(), cache)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := Build(testDocs(), cache)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if second.Dir() != "" {
		t.Errorf("second index opened the locked folder %s", second.Dir())
	}
	if res := search(t, second, Query{Text: "stalked"}); res.Total == 0 {
		t.Errorf("in-memory fallback finds nothing")
	}
}

func TestUpdateInPlace(t *testing.T) {
	idx := buildTest(t, testDocs())
	docs := testDocs()
	docs[2].Sections[1].Text += " Persistent fixation."
	if err := idx.Update(docs); err != nil {
		t.Fatal(err)
	}
	if got := where(search(t, idx, Query{Text: "persistent"})); !reflect.DeepEqual(got, []string{"corpus/harassment.md:6"}) {
		t.Errorf("after Update: %v", got)
	}
	if err := idx.Update(append(docs, docs[0])); err == nil {
		t.Errorf("duplicate file accepted")
	}
}

func TestSearchDuringUpdate(t *testing.T) {
	idx := buildTest(t, testDocs())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 20; i++ {
			docs := testDocs()
			docs[0].Summary = "revision " + strconv.Itoa(i)
			if err := idx.Update(docs); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for {
		select {
		case <-done:
			return
		default:
		}
		if res, err := idx.Search(Query{Text: "stalked"}); err != nil || res.Total != 5 {
			t.Fatalf("during update: %v %v", res, err)
		}
	}
}

// Changes reach bleve in batches; an index built and updated batch by
// batch answers exactly as one built in one go.
func TestBatchedUpdatesAnswerTheSame(t *testing.T) {
	docs := append(testDocs(), syntheticDocs(12)...)
	defer func(n int) { batchSections = n }(batchSections)
	batchSections = 5
	cache := t.TempDir()
	idx, err := Build(docs[:8], cache)
	if err != nil {
		t.Fatal(err)
	}
	idx.Close()
	// Removals, changes and additions, over several batches.
	docs[3].Sections[0].Text = "Changed text about a restraining order."
	want := answers(t, buildTest(t, docs))
	idx, err = Build(docs, cache)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if got := answers(t, idx); got != want {
		t.Errorf("batched build answers\n%s\nwant\n%s", got, want)
	}
	if err := idx.Update(docs[2:]); err != nil {
		t.Fatal(err)
	}
	if got, want := answers(t, idx), answers(t, buildTest(t, docs[2:])); got != want {
		t.Errorf("batched update answers\n%s\nwant\n%s", got, want)
	}
}
