package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPublishRefusesForeignEntries: an output folder concord made that now
// holds entries it did not make is not replaced, and they are untouched.
func TestPublishRefusesForeignEntries(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	files := siteFiles("one", 3)
	if err := Publish(out, files, Guard{}, ""); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(out, ".git/objects"), 0o755)
	os.WriteFile(filepath.Join(out, "docs/.DS_Store"), []byte("x"), 0o644)
	os.Symlink("/etc/passwd", filepath.Join(out, "docs/link.html"))
	err := Publish(out, siteFiles("two", 3), Guard{}, "")
	want := "cannot publish to " + out + ": it holds " + out + "/.git, " + out + "/docs/.DS_Store and 1 more, which concord did not make"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if st, err := os.Stat(filepath.Join(out, ".git/objects")); err != nil || !st.IsDir() {
		t.Errorf(".git lost: %v", err)
	}
	if isTree(t, out, siteFiles("two", 3)) {
		t.Error("published anyway")
	}
	// A site file with a hidden name is never written.
	os.RemoveAll(out)
	if err := Publish(out, []File{{Path: "docs/.git/config", Data: []byte("x")}}, Guard{}, ""); err == nil {
		t.Error("published a hidden name")
	}
}

// BenchmarkForeign measures the look through a published site of 20,000
// pages for entries concord did not make, which every build into an
// existing folder now makes.
func BenchmarkForeign(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	files := siteFiles("one", 20000)
	for i := range files {
		files[i].Data = files[i].Data[:16]
	}
	if err := Publish(out, files, Guard{}, ""); err != nil {
		b.Fatal(err)
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	reuse := &Reuse{Stamps: Stamps{Out: stampOf(out)}, Paths: paths}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if msg, err := foreign(out, out, reuse); msg != "" || err != nil {
			b.Fatal(msg, err)
		}
	}
}
