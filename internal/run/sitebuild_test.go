package run

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/concord-guidance/concord/internal/site"
)

// TestBuildStateRoundTrip saves a build state and loads it back; a state of
// another key, an older format, or a damaged or cut file loads as none (the
// build then starts afresh), and saving removes the chunks it does not name.
func TestBuildStateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	st := &site.State{
		Records: map[string]*site.Record{"a.md": {Rel: "a.md", Path: "docs/a/", Title: "A", Anchors: []string{"x"}}},
		Hashes:  map[string]string{"a.md": "h1"},
		Keys:    map[string]site.Key{"docs/a/index.html": {1, 2, 3}},
		Written: map[string]bool{"docs/a/index.html": true},
		Gone:    []string{"docs/b/index.html"},
		Stamps:  site.Stamps{Out: "1:2", Dirs: map[string]int64{"docs": 5}},
	}
	names := []string{"c000-00000001-9", "c001-00000002-9"}
	for _, n := range append([]string{"c002-stale-1"}, names...) {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := saveBuildState(dir, &buildState{Key: "k1", Site: st}, []byte("head"), names); err != nil {
		t.Fatal(err)
	}
	got := loadBuildState(dir, "k1")
	if got == nil {
		t.Fatal("the state saved was not loaded")
	}
	if got.Key != "k1" || string(got.SearchHead) != "head" || !reflect.DeepEqual(got.chunks, names) || got.dir != dir {
		t.Errorf("loaded key %q, head %q, chunks %v, dir %q", got.Key, got.SearchHead, got.chunks, got.dir)
	}
	if !reflect.DeepEqual(got.Site.Keys, st.Keys) || !reflect.DeepEqual(got.Site.Hashes, st.Hashes) || !reflect.DeepEqual(got.Site.Stamps, st.Stamps) ||
		!reflect.DeepEqual(got.Site.Written, st.Written) || !reflect.DeepEqual(got.Site.Gone, st.Gone) || got.Site.Records["a.md"].Title != "A" {
		t.Errorf("the site's state differs after a round trip: %+v", got.Site)
	}
	if _, err := os.Stat(filepath.Join(dir, "c002-stale-1")); !os.IsNotExist(err) {
		t.Error("a chunk the state does not name was kept")
	}
	if loadBuildState(dir, "k2") != nil {
		t.Error("a state saved under another key was loaded")
	}
	data, err := os.ReadFile(filepath.Join(dir, "state"))
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{
		"cut":          data[:len(data)-1],
		"damaged":      append(bytes.Clone(data[:len(data)/2]), append([]byte{data[len(data)/2] ^ 0x55}, data[len(data)/2+1:]...)...),
		"older format": []byte("concord build state 2\n\x02k1"),
	}
	for name, b := range bad {
		if err := os.WriteFile(filepath.Join(dir, "state"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if loadBuildState(dir, "k1") != nil {
			t.Errorf("a %s state was loaded", name)
		}
	}
}
