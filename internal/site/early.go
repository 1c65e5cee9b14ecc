package site

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
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
	// mu guards written and dirs: Write is called from every core while
	// the background writer runs.
	mu      sync.Mutex
	written map[string][]byte // by slash path, what was written
	dirs    map[string]bool   // folders made, by full path
}

// StartEarly begins publishing files to out, as PublishEarly will finish
// it, and returns nil (nothing begun) when the build will start from a
// spare or out may not be published to: the publish then runs whole, and
// reports any refusal, in PublishEarly.
func StartEarly(out string, g Guard, spare string, files []File) *Early {
	if spare != "" && isSite(spare) {
		return nil
	}
	real, _, err := preflight(out, g)
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
	for i := len(dirs) - 1; i >= 0; i-- {
		if os.Mkdir(dirs[i], 0o755) != nil {
			return false
		}
		e.dirs[dirs[i]] = true
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
