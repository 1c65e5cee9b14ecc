package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A user's file that is a symbolic link is written where it leads, as
// os.WriteFile would, the link stays a link and the file keeps its mode.
func TestWriteThroughLink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.txt")
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink("real.txt", link); err != nil {
		t.Skip(err)
	}
	if err := Write(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, real); got != "new" {
		t.Errorf("the link's file holds %q", got)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", st.Mode(), err)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o640 {
		t.Errorf("permissions %v, want 0640 kept", st.Mode().Perm())
	}
	if err := Write(dir, []byte("x")); err == nil {
		t.Error("writing over a folder succeeded")
	}
	noTemporaries(t, dir)
}

// A new user's file is readable by others (0644), not the 0600 of a
// temporary file, which a baseline written by rename used to keep.
func TestWriteNewFileMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "baseline.json")
	if err := Write(p, []byte("{}\n")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	if got := read(t, p); got != "{}\n" {
		t.Errorf("holds %q", got)
	}
}

// An error names the file asked for, never the temporary file.
func TestWriteErrorNamesTheFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "missing", "a.md")
	err := Write(p, []byte("new"))
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != p || strings.Contains(err.Error(), ".concord-") {
		t.Fatalf("error %v; want a path error naming %s", err, p)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v; want no such file or directory underneath", err)
	}
}

// A cache file replaces a link at its path rather than writing where the
// link leads, gets mode 0644, and an encoder's failure leaves the old file
// and no temporary file, with the encoder's own error. The encoder can
// write at an offset, as binenc needs to stream a large cache.
func TestWriteCache(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside.txt")
	if err := os.WriteFile(outside, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, "cache")
	if err := os.Symlink("outside.txt", cache); err != nil {
		t.Skip(err)
	}
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error {
			for _, c := range []byte(s) { // many small writes
				if _, err := w.Write([]byte{c}); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if err := WriteCache(cache, write("state")); err != nil {
		t.Fatal(err)
	}
	if err := WriteCache(filepath.Join(dir, "at"), func(w io.Writer) error {
		if _, ok := w.(io.WriterAt); !ok {
			t.Errorf("the encoder is given a %T, which cannot write at an offset", w)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, outside); got != "keep" {
		t.Errorf("the link's target was written: %q", got)
	}
	st, err := os.Lstat(cache)
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 {
		t.Fatalf("cache is %v, %v; want a regular 0644 file", st.Mode(), err)
	}
	if got := read(t, cache); got != "state" {
		t.Errorf("cache holds %q", got)
	}
	boom := errors.New("encoder failed")
	err = WriteCache(cache, func(w io.Writer) error {
		w.Write([]byte("half"))
		return boom
	})
	if !errors.Is(err, boom) || err.Error() != "write "+cache+": encoder failed" {
		t.Errorf("error %v; want the encoder's, naming the cache file", err)
	}
	if got := read(t, cache); got != "state" {
		t.Errorf("a failed write changed the cache to %q", got)
	}
	noTemporaries(t, dir)
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// noTemporaries fails if a write left its temporary file in dir or below.
func noTemporaries(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && strings.Contains(e.Name(), ".concord-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}
