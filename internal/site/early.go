package site

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/concord-guidance/concord/internal/fsguard"
)

// Early is a publish begun before the pages are rendered: the files known
// by then (the search shards, most of a site's files) are written into the
// new site's temporary folder in the background while the caller renders
// the rest, so that the file system's work overlaps the rendering's
// instead of following it. Only a build that writes into an empty folder
// starts early, one with no spare to start from (a first or --no-cache
// build); the others write few files.
type Early struct {
	tmp  string
	done chan struct{}
	// spareTmp, when set, is the next build's spare in the making: every
	// file written is hard-linked into it as soon as it is written, and
	// every folder made in it as the site's is, so that the spare is ready
	// when the site is (see finishSpare) rather than a tail of ten thousand
	// folders and twenty thousand links after it (copySite). Only a build
	// into a missing folder makes one: otherwise the replaced site becomes
	// the spare.
	spare, spareTmp string
	// mu guards written, dirs and spareBad: Write is called from every
	// core while the background writer runs.
	mu       sync.Mutex
	written  map[string][]byte // by slash path, what was written
	dirs     map[string]bool   // folders made, by full path
	spareBad bool              // a link or folder missing from spareTmp
}

// StartEarly begins publishing files to out, as PublishEarly will finish
// it, and returns nil (nothing begun) when the build will start from a
// spare or out may not be published to: the publish then runs whole, and
// reports any refusal, in PublishEarly.
func StartEarly(out string, g Guard, spare string, files []File) *Early {
	if spare != "" && isSite(spare) {
		return nil
	}
	real, exists, err := preflight(out, g)
	if err != nil {
		return nil
	}
	parent, base := filepath.Dir(real), filepath.Base(real)
	if os.MkdirAll(parent, 0o755) != nil {
		return nil
	}
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return nil
	}
	e := &Early{tmp: tmp, done: make(chan struct{}), written: map[string][]byte{}, dirs: map[string]bool{tmp: true}}
	if spare != "" && !exists {
		e.startSpare(spare)
	}
	// The marker first, as publish does, so an interrupted build's folder
	// is known as concord's.
	if writeNew(filepath.Join(tmp, markerName), markerText) != nil {
		os.RemoveAll(tmp)
		return nil
	}
	go func() {
		defer close(e.done)
		// One writer: the files share a few folders, whose locks
		// serialise their creation anyway, and the cores render.
		for _, f := range files {
			if checkSitePath(f.Path) != nil || hidden(f.Path) {
				continue // publish refuses it, with the reason
			}
			target := filepath.Join(tmp, filepath.FromSlash(f.Path))
			if !within(target, tmp) {
				continue
			}
			if !e.mkdirs(target) || createFile(target, f.Data) != nil {
				return // publish writes the rest, and reports what fails
			}
			e.link(f.Path, target)
			e.mu.Lock()
			e.written[f.Path] = f.Data
			e.mu.Unlock()
		}
	}()
	return e
}

// mkdirs makes the folders above target that are not made yet.
func (e *Early) mkdirs(target string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	var dirs []string
	for d := filepath.Dir(target); !e.dirs[d]; d = filepath.Dir(d) {
		dirs = append(dirs, d)
	}
	// Made one at a time, under the lock: folders made from two cores in
	// one parent folder have the second spin in the kernel on the
	// parent's lock.
	for i := len(dirs) - 1; i >= 0; i-- {
		if os.Mkdir(dirs[i], 0o755) != nil {
			return false
		}
		e.dirs[dirs[i]] = true
		if e.spareTmp != "" && !e.spareBad && os.Mkdir(e.inSpare(dirs[i]), 0o755) != nil {
			e.spareBad = true
		}
	}
	return true
}

// Write writes one page into the early publish as soon as it is rendered,
// from any goroutine, so that a large site is never all in memory; it
// reports whether it did. A page written is passed to PublishEarly with
// no data (Render does so with Input.Early), and one not written is
// passed whole and written there.
func (e *Early) Write(path string, data []byte) bool {
	if e == nil || checkSitePath(path) != nil || hidden(path) {
		return false
	}
	target := filepath.Join(e.tmp, filepath.FromSlash(path))
	if !within(target, e.tmp) || !e.mkdirs(target) || createFile(target, data) != nil {
		return false
	}
	e.link(path, target)
	e.mu.Lock()
	e.written[path] = nil
	e.mu.Unlock()
	return true
}

// wrote says whether f was written early, with this content (a page
// Write wrote has none).
func (e *Early) wrote(f *File) bool {
	e.mu.Lock()
	data, ok := e.written[f.Path]
	e.mu.Unlock()
	return ok && bytes.Equal(data, f.Data)
}

// Abort removes what an early publish wrote, for a build that stops before
// publishing.
func (e *Early) Abort() {
	if e != nil {
		<-e.done
		os.RemoveAll(e.tmp)
		e.dropSpare()
	}
}

// PublishEarly publishes files from RenderIncremental: a file marked Same
// is carried over from the site at out, which must be the one reuse
// describes (CanReuse), by keeping the spare's copy when reuse shows it is
// the same or else by a hard link to the published file. Files are never
// changed in place, since the two folders may share them. It returns the
// stamps to give the next build's Reuse; when there was no spare to keep,
// it makes none, and the caller calls CopyForNext.
//
// early, if not nil, is the publish StartEarly began: files must hold every
// file, those written early among them, which are not written again.
func PublishEarly(early *Early, out string, files []File, g Guard, spare string, reuse *Reuse) (Stamps, error) {
	return publish(out, files, g, spare, reuse, true, &publishHooks{early: early})
}

// startSpare begins the spare, beside it in concord's own folder, as
// copySite would make it.
func (e *Early) startSpare(spare string) {
	parent := filepath.Dir(spare)
	if fsguard.CheckOwnDir(parent) != nil || os.MkdirAll(parent, 0o755) != nil {
		return // publish refuses it, or the spare is left to CopyForNext
	}
	removeStale(parent, filepath.Base(spare))
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(spare)+".tmp-")
	if err == nil {
		e.spare, e.spareTmp = spare, tmp
	}
}

// inSpare is where the site's file or folder at target (in e.tmp) goes in
// the spare.
func (e *Early) inSpare(target string) string {
	return filepath.Join(e.spareTmp, target[len(e.tmp):])
}

// link makes the spare's copy of the file just written at target, by a
// hard link; a failure leaves the spare to CopyForNext.
func (e *Early) link(rel, target string) {
	if e.spareTmp == "" {
		return
	}
	if os.Link(target, e.inSpare(target)) != nil {
		e.mu.Lock()
		e.spareBad = true
		e.mu.Unlock()
	}
}

// relink makes the spare's copy of a file publish wrote at target, in
// place of any the early publish linked there.
func (e *Early) relink(target string) {
	if e == nil || e.spareTmp == "" {
		return
	}
	to := e.inSpare(target)
	err := os.Remove(to)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		if err = os.Link(target, to); errors.Is(err, fs.ErrNotExist) {
			if err = os.MkdirAll(filepath.Dir(to), 0o755); err == nil {
				err = os.Link(target, to)
			}
		}
	}
	if err != nil {
		e.mu.Lock()
		e.spareBad = true
		e.mu.Unlock()
	}
}

// finishSpare makes the spare, once the site it copies is published: its
// own marker last, as copySite does, since a folder without one is not
// taken as a spare. It reports whether it did.
func (e *Early) finishSpare() bool {
	if e == nil || e.spareTmp == "" {
		return false
	}
	e.mu.Lock()
	bad := e.spareBad
	e.mu.Unlock()
	if bad || writeNew(filepath.Join(e.spareTmp, markerName), markerText) != nil || os.Rename(e.spareTmp, e.spare) != nil {
		e.dropSpare()
		return false
	}
	e.spareTmp = ""
	return true
}

// dropSpare removes the spare in the making, for a build that fails or
// keeps the replaced site as its spare instead.
func (e *Early) dropSpare() {
	if e != nil && e.spareTmp != "" {
		os.RemoveAll(e.spareTmp)
		e.spareTmp = ""
	}
}
