package run

import (
	"bytes"
	"embed"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/atomicfile"

	"github.com/concord-guidance/concord"
)

//go:embed scaffold
var scaffold embed.FS

// ignored are the .gitignore lines init makes sure of: what concord
// writes and no one should commit (its caches and the built site, whose
// folder is output: in the starter concord.yaml).
var ignored = []string{"/.concord/", "/public/"}

// Scaffolded is what Init wrote: the starter files, each as its path
// joined to the project's folder, in the order written, and what it did to
// the .gitignore.
type Scaffolded struct {
	Wrote     []string
	Gitignore IgnoreChange
}

// IgnoreChange is what Init added to a .gitignore: nothing (Added empty)
// when it ignored concord's folders already.
type IgnoreChange struct {
	Path  string   // the .gitignore, joined to the project's folder
	Added []string // the lines added
	Fresh bool     // the file was missing or empty: all of it is concord's
}

// Init writes a new project's starter files into dir: concord.yaml (its
// site titled after the folder), a glossary entry and schema.json, a page
// and the CI examples, then makes sure .gitignore ignores .concord/ and
// public/. It checks before it writes: without force, a starter file that
// exists already is a *Refused and nothing is written. A write that fails
// part way returns what was written before it with the error.
func Init(dir string, force bool) (*Scaffolded, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(scaffold, "scaffold", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := scaffold.ReadFile(p)
		if err != nil {
			return err
		}
		files[strings.TrimPrefix(p, "scaffold/")] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	schema, err := fs.ReadFile(concord.Glossary, "glossary/schema.json")
	if err != nil {
		return nil, err
	}
	files["glossary/schema.json"] = schema
	files["concord.yaml"] = bytes.Replace(files["concord.yaml"], []byte("{{title}}"), []byte(projectTitle(dir)), 1)
	var names []string
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	if !force {
		for _, name := range names {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return nil, &Refused{Paths: []string{filepath.Join(dir, name)}}
			}
		}
	}
	res := &Scaffolded{}
	for _, name := range names {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return res, err
		}
		if err := atomicfile.Write(p, files[name]); err != nil {
			return res, err
		}
		res.Wrote = append(res.Wrote, p)
	}
	res.Gitignore, err = gitignore(filepath.Join(dir, ".gitignore"))
	return res, err
}

// projectTitle names a new project's site after its folder, as a person
// would write it ("dv-guidance" gives "Dv guidance"): a folder name that is
// not made of words (a temporary folder, "001") gives the neutral
// "Guidance". The result is safe inside a double-quoted YAML string.
func projectTitle(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "Guidance"
	}
	name := strings.Join(strings.FieldsFunc(filepath.Base(abs), func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' }), " ")
	letters := 0
	for _, r := range name {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r) || r == ' ':
		default:
			return "Guidance"
		}
	}
	if letters < 2 || len(name) > 80 {
		return "Guidance"
	}
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}

// gitignore adds the lines of ignored that path lacks, creating the file
// if need be. A line that already ignores the folder in another spelling
// (.concord, /.concord, .concord/) counts.
func gitignore(path string) (IgnoreChange, error) {
	ch := IgnoreChange{Path: path}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return ch, err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(old), "\n") {
		have[strings.Trim(strings.TrimSpace(l), "/")] = true
	}
	var add []string
	for _, l := range ignored {
		if !have[strings.Trim(l, "/")] {
			add = append(add, l)
		}
	}
	if len(add) == 0 {
		return ch, nil
	}
	var out bytes.Buffer
	out.Write(old)
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		out.WriteByte('\n')
	}
	out.WriteString("# concord: its cache and the built site\n")
	for _, l := range add {
		out.WriteString(l + "\n")
	}
	if err := atomicfile.Write(path, out.Bytes()); err != nil {
		return ch, err
	}
	ch.Added, ch.Fresh = add, len(old) == 0
	return ch, nil
}
