package site

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
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
// existing folder makes: with the folder times the build recorded, it
// stats every folder and reads the top and the few folders written in the
// build's last tick of the clock.
func BenchmarkForeign(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	files := siteFiles("one", 20000)
	for i := range files {
		files[i].Data = files[i].Data[:16]
	}
	stamps, err := PublishIncremental(out, files, Guard{}, "", nil)
	if err != nil {
		b.Fatal(err)
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	reuse := &Reuse{Stamps: stamps, Paths: paths}
	foreignReads.Store(0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if msg, err := foreign(out, out, reuse); msg != "" || err != nil {
			b.Fatal(msg, err)
		}
	}
	b.ReportMetric(float64(foreignReads.Load())/float64(b.N), "reads/op")
	b.ReportMetric(float64(len(stamps.Dirs)), "recorded")
}

// foreignSite publishes n pages at a fresh out the way an incremental build
// does and returns what the next build is given. The folder times are
// recorded again once the file system's clock has moved on, so that every
// folder is recorded (recordDirs leaves out those it cannot tell from a
// change made at the same tick); a file system whose clock does not move
// on in 50 ms skips the test.
func foreignSite(t *testing.T, n int) (string, []File, *Reuse) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	files := siteFiles("one", n)
	if _, err := PublishIncremental(out, files, Guard{}, "", nil); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	dirs := recordDirs(out, files)
	if len(dirs) != n+1 {
		t.Skipf("%d of %d folders recorded: the file system's clock is too coarse for this test", len(dirs), n+1)
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	return out, files, &Reuse{Stamps: Stamps{Out: stampOf(out), Dirs: dirs}, Paths: paths}
}

// TestForeignDeep: an entry concord did not make, however deep, is found
// by reading only the folders whose change time moved; the build is
// refused naming it and the planted entry stays where it was, with the
// site as it was.
func TestForeignDeep(t *testing.T) {
	tests := []struct {
		name  string
		plant func(out string) error
		want  string // the entry named, below out
	}{
		{"file in a page folder", func(out string) error {
			return os.WriteFile(filepath.Join(out, "docs/d0001/notes.txt"), []byte("mine"), 0o644)
		}, "docs/d0001/notes.txt"},
		{"folder in a page folder", func(out string) error {
			os.MkdirAll(filepath.Join(out, "docs/d0002/x"), 0o755)
			return os.WriteFile(filepath.Join(out, "docs/d0002/x/notes.txt"), []byte("mine"), 0o644)
		}, "docs/d0002/x"},
		{"hidden folder deep down", func(out string) error {
			os.MkdirAll(filepath.Join(out, "docs/d0003/.git/objects"), 0o755)
			return os.WriteFile(filepath.Join(out, "docs/d0003/.git/config"), []byte("mine"), 0o644)
		}, "docs/d0003/.git"},
		{"hidden file deep down", func(out string) error {
			return os.WriteFile(filepath.Join(out, "docs/d0004/.htaccess"), []byte("mine"), 0o644)
		}, "docs/d0004/.htaccess"},
		{"link in a page folder", func(out string) error {
			return os.Symlink("/etc/passwd", filepath.Join(out, "docs/d0005/passwd.html"))
		}, "docs/d0005/passwd.html"},
		{"page folder replaced by a link", func(out string) error {
			os.Rename(filepath.Join(out, "docs/d0006"), filepath.Join(filepath.Dir(out), "elsewhere"))
			return os.Symlink(filepath.Join(filepath.Dir(out), "elsewhere"), filepath.Join(out, "docs/d0006"))
		}, "docs/d0006"},
		{"file planted, folder time set back", func(out string) error {
			d := filepath.Join(out, "docs/d0007")
			st, err := os.Stat(d)
			if err != nil {
				return err
			}
			os.WriteFile(filepath.Join(d, "notes.txt"), []byte("mine"), 0o644)
			return os.Chtimes(d, st.ModTime(), st.ModTime())
		}, "docs/d0007/notes.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, reuse := foreignSite(t, 10)
			if err := tt.plant(out); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, out)
			foreignReads.Store(0)
			_, err := PublishIncremental(out, siteFiles("two", 10), Guard{}, "", reuse)
			want := "cannot publish to " + out + ": it holds " + out + "/" + tt.want + ", which concord did not make"
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("got %v\nwant %s", err, want)
			}
			if pe := (*PublishError)(nil); !errors.As(err, &pe) || !pe.Refused {
				t.Errorf("not a refusal: %#v", err)
			}
			// The top, docs and the changed page folder, or the planted
			// link's folder: never the other page folders.
			if n := foreignReads.Load(); n > 3 {
				t.Errorf("read %d folders to find it, want at most 3", n)
			}
			if after := snapshot(t, out); !reflect.DeepEqual(after, before) {
				t.Error("the site or the planted entry changed")
			}
		})
	}
}

// TestForeignUnchanged: a site as the last build left it passes, reading
// its top folder alone, and publishing over it works.
func TestForeignUnchanged(t *testing.T) {
	out, _, reuse := foreignSite(t, 50)
	foreignReads.Store(0)
	if msg, err := foreign(out, out, reuse); msg != "" || err != nil {
		t.Fatal(msg, err)
	}
	if n := foreignReads.Load(); n != 1 {
		t.Errorf("read %d folders of an unchanged site, want 1 (its top)", n)
	}
	if _, err := PublishIncremental(out, siteFiles("two", 50), Guard{}, "", reuse); err != nil {
		t.Fatal(err)
	}
	wantTree(t, out, siteFiles("two", 50))
}

// TestForeignRightAfterPublish: a file planted the moment a build ends,
// within the same tick of the file system's clock as the build's last
// write to its folder, is still found: such folders are not recorded. The
// clock is made to tick once a second, as on a coarse file system: on an
// exact one the plant always gets a later time.
func TestForeignRightAfterPublish(t *testing.T) {
	timeGrain = int64(time.Second)
	defer func() { timeGrain = 1 }()
	for i := 0; i < 20; i++ {
		out := filepath.Join(t.TempDir(), "public")
		files := siteFiles("one", 3)
		stamps, err := PublishIncremental(out, files, Guard{}, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(out, "docs/d0001/notes.txt"), []byte("mine"), 0o644)
		paths := make([]string, len(files))
		for i, f := range files {
			paths[i] = f.Path
		}
		msg, err := foreign(out, out, &Reuse{Stamps: stamps, Paths: paths})
		if err != nil || !strings.Contains(msg, out+"/docs/d0001/notes.txt") {
			t.Fatalf("round %d: got %q, %v", i, msg, err)
		}
	}
}

// snapshot returns every entry under dir, by slash path, with a regular
// file's content, a link's target or "folder": links are not followed.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case e.IsDir():
			got[rel] = "folder"
		case e.Type()&os.ModeSymlink != 0:
			to, err := os.Readlink(p)
			got[rel] = "link to " + to
			return err
		default:
			data, err := os.ReadFile(p)
			got[rel] = string(data)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}
