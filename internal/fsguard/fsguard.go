// Package fsguard holds the one rule for what concord may touch on disk.
//
// Reading: a file is opened only when it is a regular file (never a named
// pipe, a device or a socket, which can block an open or a read forever),
// and a file found inside a folder (the corpus, the glossary) is read only
// when it resolves, through any symbolic links, to a place inside that
// folder, unless the user explicitly allows links out of it.
//
// Writing: concord's own folders (.concord/ and what it keeps there) must be
// real folders holding real files, never symbolic links that would carry a
// write or a delete somewhere else; and a file concord is asked to write
// (baseline -o) must not be one of its inputs or anything but a regular
// file.
//
// The package knows nothing of Markdown, YAML or concord's commands; its
// errors carry a message and a hint for the caller to position.
package fsguard

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Kinds of refusal, for errors.Is.
var (
	// ErrNotRegular: the path is a folder, a named pipe, a device or a
	// socket rather than a regular file.
	ErrNotRegular = errors.New("not a regular file")
	// ErrOutside: a symbolic link leads outside the folder it was found in.
	ErrOutside = errors.New("symbolic link leads outside its folder")
	// ErrLink: a symbolic link where concord keeps its own files.
	ErrLink = errors.New("symbolic link in concord's own folder")
	// ErrInput: a file to be written is one of concord's inputs.
	ErrInput = errors.New("would overwrite an input")
)

// Error is a refusal to touch a path: what is wrong and what to do.
type Error struct {
	Path string
	Msg  string
	Hint string
	Kind error
}

func (e *Error) Error() string {
	s := e.Path + ": " + e.Msg
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Kind }

// FollowHint is how a user allows links out of the corpus or glossary.
const FollowHint = "copy the file into the folder, or pass --follow-symlinks-outside to read it anyway"

// kindOf names what a file that is not a regular file is.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

func notRegular(path string, m fs.FileMode) *Error {
	if m.IsDir() {
		return &Error{Path: path, Msg: "is a directory, not a file", Kind: ErrNotRegular}
	}
	return &Error{Path: path, Msg: "is " + kindOf(m) + ", not a regular file", Hint: "concord reads only regular files; remove it or replace it with the file itself", Kind: ErrNotRegular}
}

// Open opens the regular file at name for reading. It looks before it
// opens (a stat never blocks), opens without waiting (O_NONBLOCK, so a
// pipe swapped in after the look cannot hang the open) and without taking
// a terminal as its own (O_NOCTTY), and checks again what it opened. An
// error it returns for the file itself is an *Error (ErrNotRegular); one
// from the operating system is returned as is, for the caller to word.
// OpenRegular opens a file the same way, for a caller that reads it whole.
func Open(name string) (*os.File, error) {
	if err := look(name); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, notRegular(name, st.Mode())
	}
	return f, nil
}

// look is the look before an open: a stat never blocks, and a folder, a
// pipe or a device found here is never opened at all.
func look(name string) error {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return notRegular(name, st.Mode())
	}
	return nil
}

// ReadFile reads the regular file at name, as os.ReadFile does, through
// Open.
func ReadFile(name string) ([]byte, error) {
	f, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// Resolve is the absolute path of p with every symbolic link resolved.
func Resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// Within reports whether path is root or inside it; both must be clean
// absolute paths.
func Within(path, root string) bool {
	if path == root {
		return true
	}
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Scope is a folder whose files are read only when they resolve to a place
// inside it.
type Scope struct {
	root    string // as given, for opening
	real    string // resolved, for comparing; "" when it cannot be resolved
	display string // for messages
	follow  bool
}

// NewScope confines reads to the folder root, shown as display in
// messages. With followOutside, links out of it are followed: the user
// asked for that by name.
func NewScope(root, display string, followOutside bool) *Scope {
	s := &Scope{root: root, display: display, follow: followOutside}
	if r, err := Resolve(root); err == nil {
		s.real = r
	}
	return s
}

// Check returns an *Error (ErrOutside) when name, a path inside the
// scope's folder, resolves to a place outside it. A link that cannot be
// resolved (it leads nowhere, or round in a loop) is left to the open to
// report; shown is the name to give in the message.
func (s *Scope) Check(name, shown string) error {
	if s.follow || s.real == "" {
		return nil
	}
	target, lerr := os.Readlink(name)
	r, err := Resolve(name)
	if err != nil {
		// Unresolvable (a link to nothing, a loop, or a name such as
		// /proc/self/fd/1 that resolves to no path): judge the link by
		// where it says it goes.
		if lerr != nil {
			return nil
		}
		abs, aerr := filepath.Abs(filepath.Join(filepath.Dir(name), target))
		if filepath.IsAbs(target) {
			abs, aerr = filepath.Clean(target), nil
		}
		rootAbs, rerr := filepath.Abs(s.root)
		if aerr != nil || rerr != nil || Within(abs, rootAbs) || Within(abs, s.real) {
			return nil
		}
	} else if Within(r, s.real) {
		return nil
	}
	if lerr != nil {
		target = r // a folder on the way is the link
	}
	return &Error{Path: shown, Msg: fmt.Sprintf("symbolic link to %q, which leads outside %s", target, s.display), Hint: FollowHint, Kind: ErrOutside}
}

// FS is the scope's folder as a file system whose files are opened by Open
// after Check: the glossary is read through it.
func (s *Scope) FS() fs.FS { return scopeFS{s: s, dir: os.DirFS(s.root)} }

type scopeFS struct {
	s   *Scope
	dir fs.FS
}

func (f scopeFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	full := filepath.Join(f.s.root, filepath.FromSlash(name))
	if st, err := os.Stat(full); err == nil && st.IsDir() {
		if err := f.s.Check(full, name); err != nil {
			return nil, err
		}
		return f.dir.Open(name)
	}
	if err := f.s.Check(full, name); err != nil {
		return nil, err
	}
	return Open(full)
}

func (f scopeFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.dir, name) }

// CheckOwnDir checks a folder concord keeps its own files in (.concord/,
// and the folders it keeps there): it must be a real folder, not a
// symbolic link, and each entry directly in it must be a regular file or a
// real folder. A missing folder is fine (concord makes it).
func CheckOwnDir(dir string) error {
	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case st.Mode()&fs.ModeSymlink != 0:
		return ownLink(dir)
	case !st.IsDir():
		return &Error{Path: filepath.ToSlash(dir), Msg: "is " + kindOf(st.Mode()) + ", not the folder concord keeps its caches in", Hint: "remove it; concord makes the folder", Kind: ErrNotRegular}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch t := e.Type(); {
		case t&fs.ModeSymlink != 0:
			return ownLink(p)
		case !t.IsDir() && !t.IsRegular():
			return &Error{Path: filepath.ToSlash(p), Msg: "is " + kindOf(t) + ", which concord never makes here", Hint: "remove it (deleting " + filepath.ToSlash(dir) + " is always safe)", Kind: ErrNotRegular}
		}
	}
	return nil
}

func ownLink(p string) *Error {
	return &Error{Path: filepath.ToSlash(p), Msg: "is a symbolic link, where concord keeps its own files; concord would write and delete through it", Hint: "remove the link (deleting .concord/ is always safe) and keep .concord/ out of version control", Kind: ErrLink}
}

// CheckOutput checks a file concord is asked to write (replace) at name,
// shown as shown in messages: when it exists, it must be a regular file
// (after resolving links) and must not be the same file as any of inputs,
// the files concord reads (its configuration, glossary and documents).
func CheckOutput(name, shown string, inputs []string) error {
	st, err := os.Stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if lst, lerr := os.Lstat(name); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			return &Error{Path: shown, Msg: "is a symbolic link to nothing", Hint: "remove the link or write elsewhere", Kind: ErrNotRegular}
		}
		return nil
	case err != nil:
		return err
	case !st.Mode().IsRegular():
		return &Error{Path: shown, Msg: "is " + kindOf(st.Mode()) + ", not a regular file; concord will not write over it", Hint: "name a regular file, such as .concord-baseline.json", Kind: ErrNotRegular}
	}
	for _, in := range inputs {
		if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
			return &Error{Path: shown, Msg: "is " + filepath.ToSlash(in) + ", which concord reads as input; writing there would destroy it", Hint: "name another file, such as .concord-baseline.json", Kind: ErrInput}
		}
	}
	return nil
}
