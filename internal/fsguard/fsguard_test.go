package fsguard

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

func write(t *testing.T, p, text string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skip(err)
	}
}

func TestOpenOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.md"), "text")
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Skip(err)
	}
	link(t, "pipe", filepath.Join(dir, "to-pipe"))
	cases := []struct{ name, want string }{
		{filepath.Join(dir, "a.md"), ""},
		{filepath.Join(dir, "pipe"), "is a named pipe (FIFO), not a regular file"},
		{filepath.Join(dir, "to-pipe"), "is a named pipe (FIFO), not a regular file"},
		{dir, "is a directory, not a file"},
		{"/dev/null", "is a character device, not a regular file"},
	}
	// Open and OpenRegular refuse the same files in the same words.
	opens := map[string]func(string) (io.Closer, error){
		"Open":        func(name string) (io.Closer, error) { return Open(name) },
		"OpenRegular": func(name string) (io.Closer, error) { return OpenRegular(name) },
	}
	for oname, open := range opens {
		for _, c := range cases {
			f, err := open(c.name)
			if c.want == "" {
				if err != nil {
					t.Errorf("%s %s: %v", oname, c.name, err)
					continue
				}
				f.Close()
				continue
			}
			var ge *Error
			if !errors.As(err, &ge) || ge.Msg != c.want || !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s %s: got %v, want %q", oname, c.name, err, c.want)
			}
			if f != nil && !reflect.ValueOf(f).IsNil() {
				t.Errorf("%s %s: opened", oname, c.name)
			}
		}
		if _, err := open(filepath.Join(dir, "missing.md")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s missing: %v", oname, err)
		}
	}
}

// TestOpenRegularInfo holds what OpenRegular's check after the open finds
// to what os.Stat says of the file.
func TestOpenRegularInfo(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	write(t, p, "some text")
	when := time.Date(2021, 3, 4, 5, 6, 7, 891011, time.UTC)
	if err := os.Chtimes(p, when, when); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o640)
	want, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenRegular(p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := r.Info()
	if got.Name() != want.Name() || got.Size() != want.Size() || got.Mode() != want.Mode() || !got.ModTime().Equal(want.ModTime()) || got.IsDir() {
		t.Errorf("Info: %s %d %v %v, os.Stat: %s %d %v %v", got.Name(), got.Size(), got.Mode(), got.ModTime(), want.Name(), want.Size(), want.Mode(), want.ModTime())
	}
}

// TestRegularReadAll reads files whole, and files that change between the
// check after the open and the read: whatever they hold when read, up to
// the limit and a byte more.
func TestRegularReadAll(t *testing.T) {
	dir := t.TempDir()
	const limit = 1000
	cases := []struct {
		name, text string
		change     func(f *os.File) // after the open, before the read
		buf        int              // capacity of the buffer given
		want       string           // "" for text
	}{
		{name: "empty"},
		{name: "short", text: "text\n"},
		{name: "at the limit", text: strings.Repeat("a", limit)},
		{name: "over the limit", text: strings.Repeat("b", limit+500), want: strings.Repeat("b", limit+1)},
		{name: "into a buffer", text: "text\n", buf: 64},
		{name: "into a small buffer", text: strings.Repeat("c", 600), buf: 8},
		{name: "grown", text: "text\n", change: func(f *os.File) { f.WriteString(strings.Repeat("more\n", 300)) }, want: "text\n" + strings.Repeat("more\n", 199) + "m"},
		{name: "grown a little", text: "text\n", change: func(f *os.File) { f.WriteString("more\n") }, want: "text\nmore\n"},
		{name: "shrunk", text: "text\nmore\n", change: func(f *os.File) { f.Truncate(5) }, want: "text\n"},
		{name: "emptied", text: "text\n", change: func(f *os.File) { f.Truncate(0) }, want: "-"},
	}
	for _, c := range cases {
		p := filepath.Join(dir, c.name)
		write(t, p, c.text)
		r, err := OpenRegular(p)
		if err != nil {
			t.Fatal(err)
		}
		if c.change != nil {
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			c.change(f)
			f.Close()
		}
		buf := make([]byte, 0, c.buf)
		got, err := r.ReadAll(buf, limit)
		r.Close()
		want := c.want
		switch want {
		case "":
			want = c.text
		case "-":
			want = ""
		}
		if err != nil || string(got) != want {
			t.Errorf("%s: got %d bytes %.20q, %v; want %d bytes %.20q", c.name, len(got), got, err, len(want), want)
		}
		if c.buf > len(want) && len(got) > 0 && &got[0] != &buf[:1][0] {
			t.Errorf("%s: not read into the buffer given", c.name)
		}
	}
}

func TestScope(t *testing.T) {
	root := t.TempDir()
	corpus, outside := filepath.Join(root, "corpus"), filepath.Join(root, "outside")
	write(t, filepath.Join(corpus, "a.md"), "a")
	write(t, filepath.Join(outside, "s.md"), "s")
	link(t, "a.md", filepath.Join(corpus, "in.md"))
	link(t, "../outside/s.md", filepath.Join(corpus, "out.md"))
	link(t, filepath.Join(outside, "s.md"), filepath.Join(corpus, "abs.md"))
	link(t, "out.md", filepath.Join(corpus, "chain.md")) // inside, then out
	link(t, "/proc/self/fd/0", filepath.Join(corpus, "fd.md"))
	link(t, "missing.md", filepath.Join(corpus, "dangling.md"))
	link(t, "../outside/missing.md", filepath.Join(corpus, "dangling-out.md"))
	s := NewScope(corpus, "corpus", false)
	for name, want := range map[string]string{
		"a.md": "", "in.md": "", "dangling.md": "",
		"out.md":          `symbolic link to "../outside/s.md", which leads outside corpus`,
		"abs.md":          `symbolic link to "` + filepath.Join(outside, "s.md") + `", which leads outside corpus`,
		"chain.md":        `symbolic link to "out.md", which leads outside corpus`,
		"fd.md":           `symbolic link to "/proc/self/fd/0", which leads outside corpus`,
		"dangling-out.md": `symbolic link to "../outside/missing.md", which leads outside corpus`,
	} {
		err := s.Check(filepath.Join(corpus, name), "corpus/"+name)
		var ge *Error
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case want != "" && (!errors.As(err, &ge) || ge.Msg != want || !errors.Is(err, ErrOutside)):
			t.Errorf("%s: got %v, want %q", name, err, want)
		}
	}
	if err := NewScope(corpus, "corpus", true).Check(filepath.Join(corpus, "out.md"), "out.md"); err != nil {
		t.Errorf("followed on request: %v", err)
	}
	// The file system view refuses the same link when opened.
	if _, err := NewScope(corpus, "corpus", false).FS().Open("out.md"); !errors.Is(err, ErrOutside) {
		t.Errorf("FS opened a link out: %v", err)
	}
	if f, err := NewScope(corpus, "corpus", false).FS().Open("in.md"); err != nil {
		t.Errorf("FS: %v", err)
	} else {
		f.Close()
	}
}

func TestCheckOwnDir(t *testing.T) {
	root := t.TempDir()
	own := filepath.Join(root, ".concord")
	if err := CheckOwnDir(own); err != nil {
		t.Errorf("missing folder: %v", err)
	}
	write(t, filepath.Join(own, "check-cache"), "x")
	os.MkdirAll(filepath.Join(own, "build-1"), 0o755)
	if err := CheckOwnDir(own); err != nil {
		t.Errorf("real folder: %v", err)
	}
	link(t, root, filepath.Join(own, "build-2"))
	if err := CheckOwnDir(own); !errors.Is(err, ErrLink) || !strings.Contains(err.Error(), "build-2: is a symbolic link") {
		t.Errorf("entry link: %v", err)
	}
	os.Remove(filepath.Join(own, "build-2"))
	syscall.Mkfifo(filepath.Join(own, "state"), 0o644)
	if err := CheckOwnDir(own); !errors.Is(err, ErrNotRegular) {
		t.Errorf("pipe entry: %v", err)
	}
	other := filepath.Join(root, "other")
	link(t, own, other)
	if err := CheckOwnDir(other); !errors.Is(err, ErrLink) {
		t.Errorf("folder link: %v", err)
	}
}

func TestCheckOutput(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "corpus/a.md")
	write(t, in, "a")
	write(t, filepath.Join(root, "old.json"), "{}")
	link(t, in, filepath.Join(root, "soft.json"))
	os.Link(in, filepath.Join(root, "hard.json"))
	syscall.Mkfifo(filepath.Join(root, "pipe"), 0o644)
	for name, want := range map[string]error{
		"new.json": nil, "old.json": nil,
		"corpus/a.md": ErrInput, "soft.json": ErrInput, "hard.json": ErrInput,
		"pipe": ErrNotRegular, "corpus": ErrNotRegular,
	} {
		err := CheckOutput(filepath.Join(root, name), name, []string{in})
		if !errors.Is(err, want) || (want == nil) != (err == nil) {
			t.Errorf("%s: got %v, want %v", name, err, want)
		}
	}
	if err := CheckOutput("/dev/null", "/dev/null", nil); !errors.Is(err, ErrNotRegular) {
		t.Errorf("/dev/null: %v", err)
	}
}
