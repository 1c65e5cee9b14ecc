package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/concord-guidance/concord/internal/par"
)

// check returns why out may not be published to, or "".
func (g Guard) check(out string) string {
	for _, p := range g.Roots {
		rp, ok := resolve(p.Path)
		if !ok {
			continue
		}
		switch {
		case out == rp:
			return "it is " + p.What + ", which publishing would replace"
		case within(rp, out):
			return "it holds " + p.What + " (" + p.Path + "), which publishing would delete"
		}
	}
	for _, p := range g.Keep {
		rp, ok := resolve(p.Path)
		if !ok {
			continue
		}
		switch {
		case out == rp:
			return "it is " + p.What
		case within(out, rp):
			return "it is inside " + p.What + " (" + p.Path + ")"
		case within(rp, out):
			return "it holds " + p.What + " (" + p.Path + "), which publishing would delete"
		}
	}
	return ""
}

func resolve(p string) (string, bool) {
	if strings.TrimSpace(p) == "" {
		return "", false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", false
	}
	r, err := realPath(abs)
	if err != nil {
		return "", false
	}
	return r, true
}

// realPath resolves symbolic links in the longest part of abs that exists,
// so that a link cannot disguise the corpus as another folder.
func realPath(abs string) (string, error) {
	abs = filepath.Clean(abs)
	var rest []string
	p := abs
	for {
		r, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(p)
		if parent == p {
			return abs, nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}

// within reports whether child is strictly inside parent.
func within(child, parent string) bool {
	rel, err := filepath.Rel(parent, child)
	if err != nil || rel == "." {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// foreign says, for the published site real (shown as out), which entries
// in it concord did not make, as a refusal to replace it, or "" when there
// are none. Replacing the folder would otherwise move them away with the
// old site, and the next build, starting from that old site, would publish
// them again: a .git folder put in the output, gone from one build and
// published by the next. Like git clean, which skips nested repositories,
// concord will not delete what is not its own; unlike Hugo, which keeps
// hidden folders in its output, it will not leave them in a folder whose
// every file it publishes either. The user moves them out.
//
// An entry is foreign when it has a hidden name (concord publishes none,
// and its marker is the one exception), when it is neither a regular file
// nor a folder (concord makes no links, pipes or devices), and, when reuse
// describes this very site, when it is a file or folder the last build did
// not publish. Without that record a file added by hand cannot be told
// from a page the last build published and this one drops; it is replaced
// with the rest, as the marker file says.
//
// Every level is looked at, but with the record not every folder is read:
// reading all 20,000 page folders of a large site took longer than an
// incremental build. Adding, removing or renaming an entry renews its
// folder's change time, so a folder whose time is the one the record holds
// (Stamps.Dirs) still holds what the last build left; only the top, the
// folders whose time differs and those the record does not know are read.
// Without the record the whole tree is read.
func foreign(out, real string, reuse *Reuse) (string, error) {
	var found []string
	var err error
	if reuse != nil && reuse.Stamps.Out != "" && stampOf(real) == reuse.Stamps.Out {
		found, err = foreignKnown(real, reuse)
	} else {
		found, err = foreignWalk(real)
	}
	if err != nil || len(found) == 0 {
		return "", err
	}
	sort.Strings(found)
	for i, rel := range found {
		found[i] = path.Join(filepath.ToSlash(out), rel)
	}
	list := strings.Join(found, " and ")
	if len(found) > 2 {
		list = fmt.Sprintf("%s, %s and %d more", found[0], found[1], len(found)-2)
	}
	return "it holds " + list + ", which concord did not make; a build replaces the folder whole and would lose them (move them out, keeping a deployment repository elsewhere and copying the site into it, or delete them)", nil
}

// foreignWalk reads the whole site at real for entries with hidden names
// and entries that are neither regular files nor folders, and returns them
// by slash path.
func foreignWalk(real string) ([]string, error) {
	var found []string
	err := filepath.WalkDir(real, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == real {
			return nil
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, real+string(filepath.Separator)))
		t := e.Type()
		switch {
		case rel == markerName && t.IsRegular():
		case strings.HasPrefix(e.Name(), "."), !t.IsDir() && !t.IsRegular():
			found = append(found, rel)
			if t.IsDir() {
				return filepath.SkipDir
			}
		}
		return nil
	})
	return found, err
}

// foreignKnown looks through the site at real, which reuse describes, for
// entries the last build did not publish, reading only the top and the
// folders whose change time is not the recorded one, and returns them by
// slash path.
func foreignKnown(real string, reuse *Reuse) ([]string, error) {
	files := make(map[string]bool, len(reuse.Paths))
	dirs := map[string]bool{}
	for _, p := range reuse.Paths {
		files[p] = true
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	// A folder gone or replaced by something else is not read here: its
	// parent's time changed with it, and the parent's reading finds it.
	times := statDirs(real, list)
	todo := []string{"."}
	for i, d := range list {
		if t, ok := reuse.Stamps.Dirs[d]; times[i] >= 0 && (!ok || t != times[i]) {
			todo = append(todo, d)
		}
	}
	type result struct {
		found []string
		err   error
	}
	results := make([]result, len(todo))
	par.ForN(len(todo), par.IO, func(i int) {
		d, r := todo[i], &results[i]
		foreignReads.Add(1)
		entries, err := os.ReadDir(filepath.Join(real, filepath.FromSlash(d)))
		if errors.Is(err, fs.ErrNotExist) && d != "." {
			return
		}
		r.err = err
		for _, e := range entries {
			rel := path.Join(d, e.Name())
			t := e.Type()
			switch {
			case rel == markerName && t.IsRegular():
			case strings.HasPrefix(e.Name(), "."),
				t.IsDir() && !dirs[rel],
				t.IsRegular() && !files[rel],
				!t.IsDir() && !t.IsRegular():
				r.found = append(r.found, rel)
			}
		}
	})
	var found []string
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		found = append(found, r.found...)
	}
	return found, nil
}

// folderTime is dirTime rounded down to timeGrain nanoseconds: 1 but in
// tests, which stand for a file system whose clock ticks coarsely (FAT's
// 2 s, a scheduler tick on kernels before 6.13) on one that is exact.
func folderTime(fi fs.FileInfo) int64 {
	t := dirTime(fi)
	return t - t%timeGrain
}

var timeGrain int64 = 1

// foreignReads counts the folders foreignKnown reads, for tests.
var foreignReads atomic.Int64

// recordDirs returns the change times of the folders below the top of the
// site just written at dir, for the next build's foreign (Stamps.Dirs). A
// change made after a folder is looked at may, on a coarse clock, give it
// the very time it had; so first the marker is written again, taking the
// file system's time, and only folders whose time is before it are
// recorded: a change after that moment gets a later time (as git's index
// treats "racily clean" entries). The rest are read by the next build.
func recordDirs(dir string, files []File) map[string]int64 {
	marker := filepath.Join(dir, markerName)
	if err := os.WriteFile(marker, markerText, 0o644); err != nil {
		return nil
	}
	st, err := os.Lstat(marker)
	if err != nil {
		return nil
	}
	now := folderTime(st)
	seen := map[string]bool{}
	var list []string
	for _, f := range files {
		for d := path.Dir(f.Path); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			list = append(list, d)
		}
	}
	times := statDirs(dir, list)
	out := make(map[string]int64, len(list))
	for i, d := range list {
		if times[i] >= 0 && times[i] < now {
			out[d] = times[i]
		}
	}
	return out
}

// hidden reports whether a slash path has a segment with a hidden name.
func hidden(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}
