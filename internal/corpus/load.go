package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/htmlin"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/source"
)

// Input names one file to load: where it is on disk, how to show it, and its
// path relative to the corpus root (which gives its slug and link targets).
type Input struct {
	Path    string
	Display string
	Rel     string
	// Err is a problem DiscoverWith met with this entry (a broken symbolic
	// link, an unreadable folder); LoadAll reports it in the document's
	// place, and the other documents are still read.
	Err error
}

// Options say how DiscoverWith lists a corpus.
type Options struct {
	// Exclude are patterns of files to leave out, matched against the
	// path below the root and against the file name.
	Exclude []string
	// FollowOutside reads files whose symbolic links lead outside the
	// root; without it they are refused (fsguard.Scope).
	FollowOutside bool
	// HTML lists saved web pages (.html, .htm) in folders too; a file
	// named on its own is read whatever its name.
	HTML bool
}

// DiscoverWith lists the Markdown files under root (a folder or a single
// file), skipping hidden folders and files whose name matches an
// opts.Exclude pattern. Symbolic links to folders are not followed, so a link
// loop cannot trap it, and a link to a file outside root is refused unless
// opts allow it. Only a missing or unreadable root is an error; a problem
// with one entry inside it comes back as an Input carrying Err.
func DiscoverWith(root, display string, opts Options) ([]Input, error) {
	exclude := opts.Exclude
	info, err := os.Stat(root)
	if err != nil {
		return nil, &source.Error{Pos: source.Position{File: display}, Msg: describe(err), Hint: "pass a file or folder that exists, or set corpus: in concord.yaml"}
	}
	if !info.IsDir() {
		return []Input{{Path: root, Display: display, Rel: path.Base(filepath.ToSlash(root))}}, nil
	}
	// Only links need resolving: the walk does not enter linked folders,
	// so every other entry is inside root.
	scope := fsguard.NewScope(root, display, opts.FollowOutside)
	var out []Input
	err = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			werr := &source.Error{Pos: source.Position{File: joinDisplay(display, root, p)}, Msg: describe(err), Hint: "check the folder's permissions"}
			if p == root {
				return werr
			}
			// One unreadable folder must not hide the rest of the corpus.
			rel, _ := filepath.Rel(root, p)
			out = append(out, Input{Path: p, Display: werr.Pos.File, Rel: filepath.ToSlash(rel), Err: werr})
			return nil
		}
		name := e.Name()
		if p != root && strings.HasPrefix(name, ".") {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if e.IsDir() || !(strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".markdown") || opts.HTML && IsHTML(name)) {
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
		in := Input{Path: p, Display: joinDisplay(display, root, p), Rel: rel}
		if e.Type()&fs.ModeSymlink != 0 {
			st, err := os.Stat(p)
			switch {
			case err != nil:
				// A link loop or a link to nothing: say so rather than
				// leave the document out without a word.
				_, in.Err = source.ReadOS(p, in.Display)
				if in.Err == nil {
					in.Err = &source.Error{Pos: source.Position{File: in.Display}, Msg: describe(err)}
				}
			case st.IsDir():
				return nil
			default:
				if err := scope.Check(p, in.Display); err != nil {
					in.Err = Problems(err, in.Display)[0]
				}
			}
		}
		out = append(out, in)
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
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error() // without Go's "lstat docs/x:" prefix
	}
	return err.Error()
}

// LoadAll reads and parses inputs on all cores. Documents come back in input
// order; a document that could not be read is left out and its error
// returned, while documents with recoverable problems are kept. Duplicate
// slugs are reported against the later file.
func LoadAll(inputs []Input) ([]*Document, source.Errors) {
	docs, all, _ := LoadSome(inputs, nil)
	var out []*Document
	for _, d := range docs {
		if d != nil {
			out = append(out, d)
		}
	}
	return out, all
}

// LoadSome is LoadAll for a caller that already has some of the documents
// (from a cache): have[i], when not "", is the slug of the document it has
// for inputs[i], which is not read. The documents come back by input, nil
// for those the caller has and those that could not be read; the problems
// are those LoadAll would report, slug clashes with the documents the
// caller has included. ok is false when such a clash is to be reported
// against a document the caller has (where its file sets the slug is not
// known without reading it): the caller must then LoadAll.
func LoadSome(inputs []Input, have []string) (docs []*Document, all source.Errors, ok bool) {
	docs = make([]*Document, len(inputs))
	errs := make([]error, len(inputs))
	kept := func(i int) bool { return have != nil && have[i] != "" }
	par.For(len(inputs), func(i int) {
		if !kept(i) {
			docs[i], errs[i] = loadOne(inputs[i])
		}
	})
	var slugs Slugs
	for i, d := range docs {
		all = append(all, Problems(errs[i], inputs[i].Display)...)
		slug, path := "", ""
		switch {
		case kept(i):
			slug, path = have[i], inputs[i].Display
		case d != nil:
			slug, path = d.Slug, d.Path
		default:
			continue
		}
		// A clash is an input error, but the document is still checked:
		// only publishing needs slugs to be unique.
		pos := func() source.Position { return frontKeyPos(d, "slug") }
		if kept(i) {
			pos = func() source.Position { return source.Position{} }
		}
		switch e := slugs.Claim(slug, path, pos); {
		case e == nil:
		case kept(i):
			return nil, nil, false
		default:
			all = append(all, e)
		}
	}
	return docs, all, true
}

// Problems lists the problems in an error from reading or parsing the
// document shown as display, each with its position.
func Problems(err error, display string) source.Errors {
	if err == nil {
		return nil
	}
	var se *source.Error
	var ses source.Errors
	var ge *fsguard.Error
	switch {
	case errors.As(err, &ses):
		return ses
	case errors.As(err, &se):
		return source.Errors{se}
	case errors.As(err, &ge):
		return source.Errors{{Pos: source.Position{File: display}, Msg: ge.Msg, Hint: ge.Hint}}
	}
	return source.Errors{&source.Error{Pos: source.Position{File: display}, Msg: err.Error()}}
}

// frontKeyPos finds the line where front matter sets key, or the top of the
// document when it does not.
func frontKeyPos(d *Document, key string) source.Position {
	if d.File == nil {
		return source.Position{File: d.Path, Line: 1, Column: 1}
	}
	fm := d.File.Text[:min(d.Front.End, len(d.File.Text))]
	for off := 0; off < len(fm); {
		line := fm[off:]
		if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		if rest, ok := bytes.CutPrefix(line, []byte(key)); ok && bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte(":")) {
			return d.File.Position(off)
		}
		off += len(line) + 1
	}
	return d.File.Position(0)
}

func loadOne(in Input) (*Document, error) {
	f, err := ReadInput(in)
	if err != nil {
		return nil, err
	}
	return ParseInput(f, in)
}

// ReadInput reads a discovered document, for callers that look at its text
// before deciding to parse it (the check cache compares content hashes).
func ReadInput(in Input) (*source.File, error) {
	if in.Err != nil {
		return nil, in.Err
	}
	return source.ReadOS(in.Path, in.Display)
}

// CheckInput returns the error ReadInput would, and what opening the
// file found of it, for a caller that reads the document again before
// parsing it, or, when keep says to keep a file of that size, holds the
// File ReadInput would return until then (see source.CheckOS).
func CheckInput(in Input, keep func(size int64) bool) (*source.File, fs.FileInfo, error) {
	if in.Err != nil {
		return nil, nil, in.Err
	}
	return source.CheckOS(in.Path, in.Display, keep)
}

// ParseInput parses a document read by ReadInput. Like LoadAll, it may
// return a document together with the recoverable problems found in it.
func ParseInput(f *source.File, in Input) (d *Document, err error) {
	defer func() {
		// A parser panic on hostile input must cost one document, not the
		// run. It is still a bug: the fuzz targets look for these.
		if r := recover(); r != nil {
			msg, _, _ := strings.Cut(fmt.Sprint(r), "\n")
			d, err = nil, &source.Error{Pos: source.Position{File: in.Display}, Msg: "internal error while parsing: " + msg, Hint: "please report this file to the concord maintainers"}
		}
	}()
	if IsHTML(in.Path) {
		d, err = ParseHTML(f, in.Rel, htmlin.Options{})
	} else {
		d, err = Parse(f, in.Rel)
	}
	if d != nil {
		d.Disk = in.Path
	}
	return d, err
}

// SlugPos is where d's front matter sets its slug, or its top line.
func SlugPos(d *Document) source.Position { return frontKeyPos(d, "slug") }

// Slugs finds documents whose slugs clash: the same slug, or slugs that
// differ only in case, which on macOS and Windows file systems are one
// folder, so one page would be written over the other (the go command
// refuses such module paths for the same reason). The zero value is ready.
type Slugs struct{ by map[string]slugUser }

type slugUser struct{ slug, path string }

// Claim records that the document shown as path uses slug, or returns the
// clash, at pos(), with the document that claimed it first.
func (s *Slugs) Claim(slug, path string, pos func() source.Position) *source.Error {
	key := strings.ToLower(slug)
	prev, clash := s.by[key]
	if !clash {
		if s.by == nil {
			s.by = map[string]slugUser{}
		}
		s.by[key] = slugUser{slug, path}
		return nil
	}
	e := SlugClash(pos(), slug, prev.path)
	if prev.slug != slug {
		e.Msg = fmt.Sprintf("slug %q differs only in case from %q, used by %s: file systems that ignore case (macOS, Windows) would write one page over the other", slug, prev.slug, prev.path)
	}
	return e
}

// SlugClash is the problem of a document, whose slug is set at pos, reusing
// the slug of the document at prevPath.
func SlugClash(pos source.Position, slug, prevPath string) *source.Error {
	return &source.Error{Pos: pos, Key: "slug", Msg: fmt.Sprintf("slug %q is already used by %s", slug, prevPath), Hint: "give one of them a different slug: in its front matter"}
}
