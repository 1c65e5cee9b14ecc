package source

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestYAMLErrorLines holds YAMLError to the line a person would look at,
// for yaml.v3's parser errors (which count lines from 0), its scanner
// errors (from 1), errors on the first line (no line at all) and errors
// with no position (control characters, unknown anchors).
func TestYAMLErrorLines(t *testing.T) {
	cases := []struct {
		text      string
		line, col int // col 0: only the line is known
		msg       string
	}{
		{":", 1, 0, "did not find expected key"},
		{"a: b: c", 1, 0, "mapping values are not allowed in this context"},
		{"id: x\na: b: c\n", 2, 0, "mapping values are not allowed in this context"},
		{"id: x\nterm: [a, b\n", 2, 0, "did not find expected ',' or ']'"},
		{"id: [\n", 1, 0, "did not find expected node content"},
		{"id: x\nt: \"unterm\n", 2, 0, "found unexpected end of stream"},
		{"a:\n  b: c\n d: e\n", 3, 0, "did not find expected key"},
		{"- a\nb: c\n", 2, 0, "did not find expected '-' indicator"},
		{"id: x\nterm: y\ndefinition: >\n  ok\n bad: x\n", 5, 0, "did not find expected key"},
		{"%YAML 1.1\n%YAML 1.1\n---\na: b\n", 2, 0, "found duplicate %YAML directive"},
		{"id: x\nterm: !foo!bar y\n", 2, 0, "found undefined tag handle"},
		{"id: x\nterm: y\n@bad\n", 3, 0, "found character that cannot start any token"},
		{"id: x\nterm: ab\x01c\n", 2, 9, "control character U+0001 is not allowed"},
		{"id: x\nterm: é\u0085ok\u0080\n", 2, 11, "control character U+0080 is not allowed"},
		{"id: x\nnotes: *nope\n", 2, 8, "unknown anchor 'nope' referenced"},
	}
	for _, c := range cases {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(c.text), &n)
		if err == nil {
			t.Errorf("%q: no error", c.text)
			continue
		}
		line, off, msg := YAMLError([]byte(c.text), err)
		col := 0
		if off >= 0 {
			f, _ := New("x.yaml", []byte(c.text))
			p := f.Position(off)
			if p.Line != line {
				t.Errorf("%q: offset %d is on line %d, not %d", c.text, off, p.Line, line)
			}
			col = p.Column
		}
		if line != c.line || col != c.col || msg != c.msg {
			t.Errorf("%q (%v)\n got %d:%d %q\nwant %d:%d %q", c.text, err, line, col, msg, c.line, c.col, c.msg)
		}
	}
}

// TestByteColumnCountsTheBOM: character columns leave the byte-order mark
// out, as editors do; byte columns count the file's own bytes.
func TestByteColumnCountsTheBOM(t *testing.T) {
	f, err := New("a.md", []byte("\ufeffCafé x\nCafé y\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p := f.Position(6); p.Line != 1 || p.Column != 6 || p.ByteColumn != 10 || p.UTF16Column != 6 {
		t.Errorf("line 1: %+v, want 1:6, byte column 10", p)
	}
	if p := f.Position(14); p.Line != 2 || p.Column != 6 || p.ByteColumn != 7 {
		t.Errorf("line 2: %+v, want 2:6, byte column 7", p)
	}
}

func TestNewRefusesBinary(t *testing.T) {
	for _, c := range []struct {
		raw, want string
	}{
		{"ok\r\nab\x00", "a.md:2:3: file contains a NUL byte (binary content?) (save the file as UTF-8 text)"},
		{"\ufeffok\rcaf\xe9", "a.md:2:4: file is not valid UTF-8 (re-save the file with UTF-8 encoding)"},
	} {
		f, err := New("a.md", []byte(c.raw))
		var e *Error
		if !errors.As(err, &e) || err.Error() != c.want || f == nil {
			t.Errorf("New(%q) = %v, want %s", c.raw, err, c.want)
		}
	}
}

// TestCheckOSAgreesWithReadOS holds CheckOS to ReadOS's answer on files
// it reads whole and on those it refuses, since a check decides from it
// which documents exist; and a File it keeps to ReadOS's File.
func TestCheckOSAgreesWithReadOS(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"ok.md":   "# Title\n\nText.\n",
		"crlf.md": "\ufeffone\r\ntwo\rthree\r\n",
		"nul.md":  "ok\r\nab\x00",
		"bad.md":  "caf\xe9\r\n",
		"cr.md":   "caf\xc3\r\xa9",
		"empty":   "",
		"big.md":  strings.Repeat("x", MaxFileSize+1),
		"max.md":  strings.Repeat("y", MaxFileSize),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	keeps := map[string]func(int64) bool{
		"nil":    nil,
		"none":   func(int64) bool { return false },
		"all":    func(int64) bool { return true },
		"<= 100": func(size int64) bool { return size <= 100 },
	}
	// Twice, so the second round reads into buffers the first has left
	// in the pool, some larger than the file.
	for round := range 2 {
		for kname, keep := range keeps {
			for _, name := range []string{"ok.md", "crlf.md", "nul.md", "bad.md", "cr.md", "empty", "big.md", "max.md", "dir.md", "missing.md"} {
				path := filepath.Join(dir, name)
				wantF, want := ReadOS(path, name)
				f, info, got := CheckOS(path, name, keep)
				at := fmt.Sprintf("round %d, keep %s: %s", round, kname, name)
				if (got == nil) != (want == nil) || got != nil && got.Error() != want.Error() {
					t.Errorf("%s: CheckOS = %v, ReadOS's error %v", at, got, want)
				}
				if got != nil {
					if f != nil || info != nil {
						t.Errorf("%s: refused, yet returned %v, %v", at, f, info)
					}
					continue
				}
				if info.Size() != int64(len(files[name])) {
					t.Errorf("%s: CheckOS's size %d, want %d", at, info.Size(), len(files[name]))
				}
				if kept := keep != nil && keep(info.Size()); kept != (f != nil) {
					t.Errorf("%s: kept the File %v, want %v", at, f != nil, kept)
				} else if kept && (!bytes.Equal(f.Text, wantF.Text) || f.Path != wantF.Path || f.LineCount() != wantF.LineCount() || f.Position(len(f.Text)) != wantF.Position(len(wantF.Text))) {
					t.Errorf("%s: kept File differs from ReadOS's", at)
				}
			}
		}
	}
}
