package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/source"
)

// Input names one file to load: where it is on disk, how to show it, and its
// path relative to the corpus root (which gives its slug and link targets).
type Input struct {
	Path    string
	Display string
	Rel     string
}

// Discover lists the Markdown files under root (a folder or a single file),
// skipping hidden folders and files whose name matches an exclude pattern.
// Symbolic links to folders are not followed, so a link loop cannot trap it.
func Discover(root, display string, exclude []string) ([]Input, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, &source.Error{Pos: source.Position{File: display}, Msg: describe(err), Hint: "pass a file or folder that exists, or set corpus: in concord.yaml"}
	}
	if !info.IsDir() {
		return []Input{{Path: root, Display: display, Rel: path.Base(filepath.ToSlash(root))}}, nil
	}
	var out []Input
	err = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return &source.Error{Pos: source.Position{File: joinDisplay(display, root, p)}, Msg: describe(err), Hint: "check the folder's permissions"}
		}
		name := e.Name()
		if p != root && strings.HasPrefix(name, ".") {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if e.IsDir() || !(strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".markdown")) {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		for _, pat := range exclude {
			if ok, _ := path.Match(pat, rel); ok {
				return nil
			}
			if ok, _ := path.Match(pat, name); ok {
				return nil
			}
		}
		if e.Type()&fs.ModeSymlink != 0 {
			if st, err := os.Stat(p); err != nil || st.IsDir() {
				return nil
			}
		}
		out = append(out, Input{Path: p, Display: joinDisplay(display, root, p), Rel: rel})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Display < out[j].Display })
	return out, nil
}

func joinDisplay(display, root, p string) string {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return path.Join(display, filepath.ToSlash(rel))
}

func describe(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// LoadAll reads and parses inputs on all cores. Documents come back in input
// order; a document that could not be read is left out and its error
// returned, while documents with recoverable problems are kept. Duplicate
// slugs are reported against the later file.
func LoadAll(inputs []Input) ([]*Document, source.Errors) {
	docs := make([]*Document, len(inputs))
	errs := make([]error, len(inputs))
	var wg sync.WaitGroup
	next := make(chan int)
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				docs[i], errs[i] = loadOne(inputs[i])
			}
		}()
	}
	for i := range inputs {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []*Document
	var all source.Errors
	slugs := map[string]string{}
	for i, d := range docs {
		if errs[i] != nil {
			var se *source.Error
			if errors.As(errs[i], &se) {
				all = append(all, se)
			} else {
				all = append(all, &source.Error{Pos: source.Position{File: inputs[i].Display}, Msg: errs[i].Error()})
			}
		}
		if d == nil {
			continue
		}
		if prev, ok := slugs[d.Slug]; ok {
			all = append(all, &source.Error{Pos: source.Position{File: d.Path, Line: 1, Column: 1}, Key: "slug", Msg: fmt.Sprintf("slug %q is already used by %s", d.Slug, prev), Hint: "give one of them a different slug: in its front matter"})
			continue
		}
		slugs[d.Slug] = d.Path
		out = append(out, d)
	}
	return out, all
}

func loadOne(in Input) (d *Document, err error) {
	defer func() {
		// A parser panic on hostile input must cost one document, not the run.
		if r := recover(); r != nil {
			d, err = nil, &source.Error{Pos: source.Position{File: in.Display}, Msg: fmt.Sprintf("internal error while parsing: %v", r), Hint: "please report this file to the concord maintainers"}
		}
	}()
	f, err := source.ReadOS(in.Path, in.Display)
	if err != nil {
		return nil, err
	}
	d, err = Parse(f, in.Rel)
	d.Disk = in.Path
	return d, err
}
