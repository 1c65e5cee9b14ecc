package site

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestPublishEarlySpare: a build into a missing folder that starts early
// makes the next build's spare as it writes: when published, the spare
// holds exactly the site (a page written as it rendered, a shard written
// early, a file written only at publishing and an early file rewritten
// there), each file shared with the site by a hard link; a build that
// fails leaves neither a site nor a spare in the making.
func TestPublishEarlySpare(t *testing.T) {
	dir := t.TempDir()
	out, spare := filepath.Join(dir, "site"), filepath.Join(dir, "cache", "spare")
	shards := []File{{Path: "search/i/a.js", Data: []byte("a")}, {Path: "search/index.html", Data: []byte("old")}}
	e := StartEarly(out, Guard{}, spare, shards)
	if e == nil {
		t.Fatal("an empty output did not start early")
	}
	pages := siteFiles("one", 5)
	for i := 1; i < len(pages); i++ {
		if !e.Write(pages[i].Path, pages[i].Data) {
			t.Fatalf("%s not written early", pages[i].Path)
		}
	}
	files := []File{pages[0]}
	for _, p := range pages[1:] {
		files = append(files, File{Path: p.Path})
	}
	files = append(files, shards[0], File{Path: "search/index.html", Data: []byte("new")}, File{Path: "theme/a/b.css", Data: []byte("b")})
	stamps, err := PublishEarly(e, out, files, Guard{}, spare, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]File{}, pages...), shards[0], File{Path: "search/index.html", Data: []byte("new")}, File{Path: "theme/a/b.css", Data: []byte("b")})
	wantTree(t, out, want)
	wantTree(t, spare, want)
	if !stamps.SpareSame {
		t.Error("the spare made while writing is not marked the site's copy")
	}
	if got := CopyForNext(out, files, spare, stamps); !got.SpareSame || got.Spare != stampOf(spare) {
		t.Errorf("CopyForNext after an early spare gave %+v", got)
	}
	for _, f := range want {
		a, errA := os.Stat(filepath.Join(out, f.Path))
		b, errB := os.Stat(filepath.Join(spare, f.Path))
		if errA != nil || errB != nil || !os.SameFile(a, b) {
			t.Errorf("%s: the spare's copy is not the site's file (%v, %v)", f.Path, errA, errB)
		}
	}
	if l := leftovers(t, spare); len(l) > 0 {
		t.Errorf("left %v beside the spare", l)
	}

	// A build that fails part way leaves no spare in the making.
	other, otherSpare := filepath.Join(dir, "other"), filepath.Join(dir, "cache", "other")
	e = StartEarly(other, Guard{}, otherSpare, shards)
	injected := errors.New("injected")
	_, err = publish(other, want, Guard{}, otherSpare, nil, true, &publishHooks{early: e, afterFile: func(int) error { return injected }})
	if !errors.Is(err, injected) {
		t.Fatalf("got %v, want the injected failure", err)
	}
	for _, p := range []string{other, otherSpare} {
		if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a failed build left %s (%v)", p, err)
		}
		if l := leftovers(t, p); len(l) > 0 {
			t.Errorf("a failed build left %v", l)
		}
	}
	StartEarly(other, Guard{}, otherSpare, shards).Abort()
	if l := leftovers(t, otherSpare); len(l) > 0 {
		t.Errorf("Abort left %v", l)
	}

	// Over a site already there, the replaced site is the spare, as
	// before: none is made while writing.
	e = StartEarly(out, Guard{}, filepath.Join(dir, "cache", "third"), shards)
	if e.spareTmp != "" {
		t.Error("made a spare while writing over a site that becomes the spare")
	}
	e.Abort()
}
