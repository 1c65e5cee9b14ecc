package site

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
	"sync/atomic"

	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/par"
)

// markerName is the file that marks a folder as one concord build made.
// concord replaces such a folder whole; it refuses to touch any other
// non-empty folder.
const markerName = ".concord-site"

var markerText = []byte("This folder was made by `concord build`, which replaces it whole on every build.\nFiles put here by hand are lost at the next build.\n")

// Protected is a folder the output must keep clear of.
type Protected struct {
	Path string
	What string // "the corpus folder", for messages
}

// Guard says where the site may not be written.
type Guard struct {
	// Keep are folders the output may not be, be inside, or contain: the
	// corpus and the glossary.
	Keep []Protected
	// Roots are folders the output may sit inside but may not be or
	// contain, since publishing replaces the output folder whole: the
	// working directory and the folder holding concord.yaml.
	Roots []Protected
}

// PublishError is a refusal to publish, or a failure while publishing; the
// previous site, if any, is untouched.
type PublishError struct {
	Out string
	Msg string
	Err error
	// Refused is set when concord would not write there at all, as
	// opposed to a failure part way through.
	Refused bool
}

func (e *PublishError) Error() string {
	s := "cannot publish to " + e.Out + ": " + e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *PublishError) Unwrap() error { return e.Err }

// Publish writes files to the folder out so that out is, at every moment,
// either the previous site whole or the new site whole. The files go into a
// temporary sibling folder (.OUT.tmp-*) that is swapped in only when
// complete: on Linux with one atomic rename(2) exchange, elsewhere with two
// renames through a sibling backup. A failed or killed build leaves the last
// good site in place; the temporary folders it leaves are removed by the next
// build. Publish refuses an out that is not a folder concord made (one with a
// .concord-site file) unless it is empty or missing, and one the guard
// forbids.
//
// With spare set, the replaced site is not deleted but moved to spare (when
// spare is on the same file system), and the next build starts from it:
// rather than writing every file into an empty folder and deleting the old
// site, it rewrites only the files whose content changed and removes only
// those that are gone. Whatever spare holds, the published folder ends up
// with exactly files: every file kept is compared byte for byte.
func Publish(out string, files []File, g Guard, spare string) error {
	_, err := publish(out, files, g, spare, nil, false, nil)
	return err
}

// Refusal returns the error Publish would refuse out with (a *PublishError
// with Refused set), or nil, writing nothing: so a command can refuse a
// build before it spends time on it or writes its caches.
func Refusal(out string, g Guard) error {
	_, _, err := preflight(out, g)
	return err
}

// preflight resolves out and checks that it may be published to: it is not
// the root, the guard allows it, and it is missing, empty or a site
// concord made. It writes nothing.
func preflight(out string, g Guard) (real string, exists bool, err error) {
	fail := func(msg string, err error) error { return &PublishError{Out: out, Msg: msg, Err: err} }
	refuse := func(msg string) error { return &PublishError{Out: out, Msg: msg, Refused: true} }
	if strings.TrimSpace(out) == "" {
		return "", false, refuse("no output folder given")
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", false, fail("cannot resolve the path", err)
	}
	real, err = realPath(abs)
	if err != nil {
		return "", false, fail("cannot resolve the path", err)
	}
	parent, base := filepath.Dir(real), filepath.Base(real)
	if parent == real || base == "." || base == string(filepath.Separator) {
		return "", false, refuse("refusing to replace the root of the file system")
	}
	if msg := g.check(real); msg != "" {
		return "", false, refuse(msg)
	}
	switch st, err := os.Lstat(real); {
	case err == nil && !st.IsDir():
		return "", false, refuse("it exists and is not a folder")
	case err == nil:
		if _, err := os.Stat(filepath.Join(real, markerName)); err != nil {
			entries, rerr := os.ReadDir(real)
			if rerr != nil {
				return "", false, fail("cannot read it", rerr)
			}
			if len(entries) > 0 {
				return "", false, refuse("it is not empty and concord did not make it (no " + markerName + " file); choose another --out or empty it first")
			}
		}
		return real, true, nil
	case errors.Is(err, fs.ErrNotExist):
		return real, false, nil
	default:
		return "", false, fail("cannot inspect it", err)
	}
}

// Stamps identify the folders a publish left behind (see stampOf): the site
// at out and the spare. SpareSame says the spare holds exactly the site's
// files (it was made as a copy of it), rather than the site before.
//
// Dirs are the change times (dirTime) of the site's folders below its top,
// by slash path, as publish left them: foreign reads only the folders whose
// time differs. A folder whose time could not be told apart from a change
// made just after it was looked at is left out, and so read in full.
type Stamps struct {
	Out, Spare string
	SpareSame  bool
	Dirs       map[string]int64
}

// Reuse is what the previous build left that lets Publish carry files over
// (File.Same) instead of writing them.
type Reuse struct {
	Stamps Stamps
	// Written are the files the previous build wrote (State.Written): in
	// the spare, which holds the site before it, only those can differ.
	Written map[string]bool
	// Paths are every file the previous build published and, Gone, those
	// the build before it published that the previous one did not: what
	// the spare may hold.
	Paths, Gone []string
}

// CanReuse says whether out is the site a build that left reuse published,
// so that files can be carried over from it.
func CanReuse(out string, reuse *Reuse) bool {
	if reuse == nil || reuse.Stamps.Out == "" {
		return false
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return false
	}
	real, err := realPath(abs)
	return err == nil && stampOf(real) == reuse.Stamps.Out
}

// publishHooks carry a publish begun early (StartEarly), and let tests
// slow a build down or make it fail part way.
type publishHooks struct {
	early     *Early
	afterFile func(i int) error
}

func publish(out string, files []File, g Guard, spare string, reuse *Reuse, copyLater bool, h *publishHooks) (stamps Stamps, err error) {
	fail := func(msg string, err error) error { return &PublishError{Out: out, Msg: msg, Err: err} }
	refuse := func(msg string) error { return &PublishError{Out: out, Msg: msg, Refused: true} }
	var early *Early
	if h != nil && h.early != nil {
		early = h.early
		<-early.done
		defer func() {
			if err != nil {
				os.RemoveAll(early.tmp)
				early.dropSpare()
			}
		}()
	}
	if spare != "" {
		// The kept site lives in concord's own folder: never through a
		// link, which would carry its writes and deletes elsewhere.
		if err := fsguard.CheckOwnDir(filepath.Dir(spare)); err != nil {
			return stamps, refuse(err.Error())
		}
	}
	real, exists, err := preflight(out, g)
	if err != nil {
		return stamps, err
	}
	parent, base := filepath.Dir(real), filepath.Base(real)
	if exists {
		// The replaced site becomes the spare (swap).
		early.dropSpare()
		// A site concord made may still hold what it did not make (a .git
		// someone put there): refuse rather than carry it forward or
		// publish it.
		if _, err := os.Stat(filepath.Join(real, markerName)); err == nil {
			if msg, err := foreign(out, real, reuse); err != nil {
				return stamps, fail("cannot read it", err)
			} else if msg != "" {
				return stamps, refuse(msg)
			}
		}
	} else {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return stamps, fail("cannot create its parent folder", err)
		}
	}
	var tmp string
	if early != nil && filepath.Dir(early.tmp) == parent && strings.HasPrefix(filepath.Base(early.tmp), "."+base+".tmp-") {
		tmp = early.tmp
	} else {
		if early != nil {
			os.RemoveAll(early.tmp)
			early.dropSpare()
			early = nil
		}
		removeStale(parent, base)
		if tmp, err = os.MkdirTemp(parent, "."+base+".tmp-"); err != nil {
			return stamps, fail("cannot create a temporary folder beside it", err)
		}
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	// Files marked Same come from the site at out, which must be the one
	// the caller's state describes.
	carry := false
	for _, f := range files {
		if f.Same {
			carry = true
			break
		}
	}
	if carry && (!exists || reuse == nil || stampOf(real) != reuse.Stamps.Out) {
		return stamps, fail("cannot carry files over", errors.New("the published site is not the one the last build left; delete .concord and build again"))
	}
	// The spare, when there is a good one, takes the temporary folder's
	// name (os.Rename will not replace a folder, even an empty one): an
	// interrupted build then leaves it where removeStale finds it. A spare
	// whose stamp is the one the last build recorded holds exactly the
	// site before the last build's changes, so it needs no inspection.
	var have map[string]int64
	trusted := false
	if early == nil && spare != "" && isSite(spare) && os.Remove(tmp) == nil {
		trusted = reuse != nil && reuse.Stamps.Spare != "" && stampOf(spare) == reuse.Stamps.Spare
		if rerr := os.Rename(spare, tmp); rerr != nil {
			trusted = false
			if err := os.Mkdir(tmp, 0o700); err != nil {
				return stamps, fail("cannot create a temporary folder beside it", err)
			}
		} else if trusted {
			if err := pruneSpare(tmp, files, reuse); err != nil {
				return stamps, fail("cannot reuse the previous site", err)
			}
		} else if have, err = prepareSpare(tmp, files); err != nil {
			return stamps, fail("cannot reuse the previous site", err)
		}
	}
	// The marker goes first, so an interrupted build's folder is known as
	// concord's and cleaned up by the next build.
	if err := writeNew(filepath.Join(tmp, markerName), markerText); err != nil {
		return stamps, fail("cannot write", err)
	}
	// Every path is checked and every folder made before any file is
	// written, so that the files can then be written from all cores: the
	// kernel's work of creating 20,000 files was a serial tail of the build.
	targets := make([]string, len(files))
	made := map[string]bool{tmp: true}
	var dirs []string
	for i, f := range files {
		if err := checkSitePath(f.Path); err != nil {
			return stamps, fail("refusing a file", err)
		}
		if hidden(f.Path) {
			// What foreign takes for another tool's must never be ours.
			return stamps, fail("refusing a file", fmt.Errorf("%s: concord never publishes hidden names", f.Path))
		}
		target := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if !within(target, tmp) {
			return stamps, fail("refusing a file", fmt.Errorf("%s would be written outside the output folder", f.Path))
		}
		targets[i] = target
		if trusted {
			continue // folders are made as files need them
		}
		for d := filepath.Dir(target); !made[d]; d = filepath.Dir(d) {
			made[d] = true
			if early != nil && early.dirs[d] {
				continue
			}
			if _, ok := have[filepath.ToSlash(strings.TrimPrefix(d, tmp+string(filepath.Separator)))+"/"]; !ok {
				dirs = append(dirs, d)
			}
		}
	}
	if err := makeDirs(dirs); err != nil {
		return stamps, fail("cannot write", err)
	}
	// A failure stops the writing; the first file's failure, in order, is
	// the one reported.
	type failure struct {
		msg string
		err error
	}
	failures := make([]*failure, len(files))
	var stop atomic.Bool
	par.ForN(len(files), par.IO, func(i int) {
		if stop.Load() {
			return
		}
		f := &files[i]
		var err error
		wroteEarly := early != nil && early.wrote(f)
		switch {
		case wroteEarly:
			// Written while the pages rendered.
		case f.Same && trusted && !reuse.Written[f.Path]:
			// The spare's copy is the published one.
		case f.Same:
			err = linkFrom(filepath.Join(real, filepath.FromSlash(f.Path)), targets[i], trusted)
		case trusted:
			err = writeNew(targets[i], f.Data)
		default:
			err = writeUnlessSame(targets[i], f.Data, have, f.Path)
		}
		if err == nil && early != nil && !wroteEarly {
			early.relink(targets[i])
		}
		if err != nil {
			failures[i] = &failure{"cannot write", err}
		} else if h != nil && h.afterFile != nil {
			if err := h.afterFile(i); err != nil {
				failures[i] = &failure{"build stopped", err}
			}
		}
		if failures[i] != nil {
			stop.Store(true)
		}
	})
	for _, f := range failures {
		if f != nil {
			return stamps, fail(f.msg, f.err)
		}
	}
	stamps.Dirs = recordDirs(tmp, files)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return stamps, fail("cannot write", err)
	}
	if !exists {
		if err := os.Rename(tmp, real); err != nil {
			return stamps, fail("cannot move the new site into place", err)
		}
		stamps.SpareSame = early.finishSpare()
	} else if err := swap(tmp, real, spare); err != nil {
		return stamps, fail("cannot swap the new site into place", err)
	}
	stamps.Out = stampOf(real)
	if spare != "" {
		if copyLater {
			stamps.Spare = stampOf(spare)
			return stamps, nil
		}
		stamps = CopyForNext(out, files, spare, stamps)
	}
	return stamps, nil
}

// CopyForNext leaves the next build a folder to start from when publishing
// kept none: spare becomes a copy of the site just published at out, made
// of hard links (see copySite). It returns stamps updated with the spare's.
// PublishIncremental leaves this to its caller, which does it while saving
// what the next build needs: both wait on the file system more than on a
// core.
func CopyForNext(out string, files []File, spare string, stamps Stamps) Stamps {
	if spare == "" {
		return stamps
	}
	if !isSite(spare) {
		if real, err := realPath(absPath(out)); err == nil && copySite(real, spare, files) == nil {
			stamps.SpareSame = true
		}
	}
	stamps.Spare = stampOf(spare)
	return stamps
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// pruneSpare removes from a spare whose content reuse describes the files
// that files do not have, and the folders that leaves empty.
func pruneSpare(dir string, files []File, reuse *Reuse) error {
	want := make(map[string]bool, len(files))
	for _, f := range files {
		want[f.Path] = true
	}
	var remove []string
	for _, list := range [][]string{reuse.Paths, reuse.Gone} {
		for _, p := range list {
			if !want[p] && p != markerName && checkSitePath(p) == nil {
				remove = append(remove, p)
			}
		}
	}
	errs := par.Map(len(remove), func(i int) error {
		err := os.Remove(filepath.Join(dir, filepath.FromSlash(remove[i])))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// Deepest first, so a folder emptied of folders goes too; a folder
	// that still holds something is left.
	var dirs []string
	for _, p := range remove {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			dirs = append(dirs, d)
		}
	}
	sort.Slice(dirs, func(i, j int) bool { return strings.Count(dirs[i], "/") > strings.Count(dirs[j], "/") })
	for _, d := range dirs {
		os.Remove(filepath.Join(dir, filepath.FromSlash(d)))
	}
	return nil
}

// writeNew writes data to a new file at target, replacing whatever is
// there: the file may be shared, by a hard link, with the published site,
// so it is unlinked, never truncated. Most targets are new, and cost one
// creation and one write (createFile); the folder is made when missing.
func writeNew(target string, data []byte) error {
	err := createFile(target, data)
	if errors.Is(err, fs.ErrExist) {
		if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		err = createFile(target, data)
	}
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		err = createFile(target, data)
	}
	return err
}

// linkFrom makes target the published file from, by a hard link, or a copy
// where links are refused.
func linkFrom(from, target string, mkdir bool) error {
	if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	err := os.Link(from, target)
	if errors.Is(err, fs.ErrNotExist) && mkdir {
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		err = os.Link(from, target)
	}
	if err == nil {
		return nil
	}
	data, rerr := os.ReadFile(from)
	if rerr != nil {
		return rerr
	}
	return writeNew(target, data)
}

// copySite makes spare a copy of the site just published at out, by hard
// links, so that the next build has a folder to start from even when there
// was no previous site to keep: making ten thousand folders costs more than
// a small rebuild. It gives up, removing what it made, where links are
// refused (another file system).
func copySite(out, spare string, files []File) (err error) {
	if err := os.MkdirAll(filepath.Dir(spare), 0o755); err != nil {
		return err
	}
	// A copy an interrupted build left is of no use.
	removeStale(filepath.Dir(spare), filepath.Base(spare))
	tmp, err := os.MkdirTemp(filepath.Dir(spare), "."+filepath.Base(spare)+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	made := map[string]bool{tmp: true}
	var dirs []string
	targets := make([]string, len(files))
	for i, f := range files {
		targets[i] = filepath.Join(tmp, filepath.FromSlash(f.Path))
		for d := filepath.Dir(targets[i]); !made[d]; d = filepath.Dir(d) {
			made[d] = true
			dirs = append(dirs, d)
		}
	}
	if err := makeDirs(dirs); err != nil {
		return err
	}
	errs := make([]error, len(files))
	par.ForN(len(files), par.IO, func(i int) {
		errs[i] = os.Link(filepath.Join(out, filepath.FromSlash(files[i].Path)), targets[i])
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// Its own marker, last: a folder without one is not taken as a spare.
	if err := os.WriteFile(filepath.Join(tmp, markerName), markerText, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, spare)
}

// isSite reports whether dir is a real folder (not a link to one) holding
// concord's marker file.
func isSite(dir string) bool {
	st, err := os.Lstat(dir)
	if err != nil || !st.IsDir() {
		return false
	}
	m, err := os.Lstat(filepath.Join(dir, markerName))
	return err == nil && m.Mode().IsRegular()
}

// prepareSpare makes the previous site in dir ready to become files: it
// removes everything files do not have (and anything that is neither a
// regular file nor a folder, and whatever stands where a folder must be)
// and returns the regular files left, by slash path, with their sizes, and
// the folders, by slash path with a trailing slash.
func prepareSpare(dir string, files []File) (map[string]int64, error) {
	wantFile := make(map[string]bool, len(files))
	wantDir := map[string]bool{}
	for _, f := range files {
		wantFile[f.Path] = true
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			wantDir[d] = true
		}
	}
	have := map[string]int64{}
	var remove []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		switch {
		case e.IsDir() && wantDir[rel]:
			have[rel+"/"] = 0
			return nil
		case e.Type().IsRegular() && (wantFile[rel] || rel == markerName):
			info, err := e.Info()
			if err != nil {
				return err
			}
			have[rel] = info.Size()
			return nil
		}
		remove = append(remove, p)
		if e.IsDir() {
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	errs := par.Map(len(remove), func(i int) error { return os.RemoveAll(remove[i]) })
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return have, nil
}

// writeUnlessSame writes data to target unless the previous site's file
// there (have, by slash path rel) already holds exactly data.
func writeUnlessSame(target string, data []byte, have map[string]int64, rel string) error {
	if size, ok := have[rel]; ok && size == int64(len(data)) {
		if old, err := os.ReadFile(target); err == nil && bytes.Equal(old, data) {
			return nil
		}
	}
	return writeNew(target, data)
}

// makeDirs makes the folders dirs, whose parents either exist or are in dirs,
// parents first, each level from all cores.
func makeDirs(dirs []string) error {
	depth := func(d string) int { return strings.Count(d, string(filepath.Separator)) }
	sort.Slice(dirs, func(i, j int) bool {
		if a, b := depth(dirs[i]), depth(dirs[j]); a != b {
			return a < b
		}
		return dirs[i] < dirs[j]
	})
	for lo := 0; lo < len(dirs); {
		hi := lo + 1
		for hi < len(dirs) && depth(dirs[hi]) == depth(dirs[lo]) {
			hi++
		}
		level := dirs[lo:hi]
		errs := make([]error, len(level))
		par.ForN(len(level), par.IO, func(i int) { errs[i] = os.Mkdir(level[i], 0o755) })
		if err := errors.Join(errs...); err != nil {
			return err
		}
		lo = hi
	}
	return nil
}

// swap puts the complete new site at tmp in place of the old one at out,
// and moves the old one to spare, or deletes it when that cannot be done.
func swap(tmp, out, spare string) error {
	if err := exchange(tmp, out); err == nil {
		// tmp now holds the old site.
		return keepOrRemove(tmp, spare)
	}
	backup, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".old-")
	if err != nil {
		return err
	}
	if err := os.Remove(backup); err != nil {
		return err
	}
	if err := os.Rename(out, backup); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		if rerr := os.Rename(backup, out); rerr != nil {
			return fmt.Errorf("%w (and restoring the previous site from %s failed: %v)", err, backup, rerr)
		}
		return err
	}
	return keepOrRemove(backup, spare)
}

// keepOrRemove moves the replaced site old to spare, for the next build to
// start from, or deletes it.
func keepOrRemove(old, spare string) error {
	if spare != "" {
		if os.MkdirAll(filepath.Dir(spare), 0o755) == nil {
			os.RemoveAll(spare) // a spare that was not ours to take
			if os.Rename(old, spare) == nil {
				return nil
			}
		}
	}
	return os.RemoveAll(old)
}

// removeStale removes temporary and backup folders that interrupted builds
// left beside out. A folder is removed only if its name is exactly one
// os.MkdirTemp gave a build of this output (".OUT.tmp-" or ".OUT.old-"
// followed by digits); its marker may be missing, since a build can be
// killed before writing it or while deleting the old site. Two builds into
// one folder at the same moment are not supported.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		for _, prefix := range []string{"." + base + ".tmp-", "." + base + ".old-"} {
			rest, ok := strings.CutPrefix(e.Name(), prefix)
			if ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
				os.RemoveAll(filepath.Join(parent, e.Name()))
			}
		}
	}
}
