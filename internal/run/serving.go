package run

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/server"
	"github.com/concord-guidance/concord/internal/source"
)

// ServeOptions says how `concord serve` serves.
type ServeOptions struct {
	// Listen is the address, host:port (port 0 picks a free one). It is
	// used as given: refusing an address beyond loopback without --expose
	// is the caller's (server.IsLoopback).
	Listen string
	Editor bool // the editors' view
	Watch  bool // rebuild when the corpus, glossary or concord.yaml changes
	// Rebuilt, if set, is told about each rebuild a change set off: how
	// long it took and the new summary, or why it failed (the last good
	// site is still served, and open pages show the error in a banner).
	// It is called from another goroutine.
	Rebuilt func(took time.Duration, summary string, err error)
	// Settle is how long the files must stay unchanged before a rebuild
	// (editors write files in bursts); 0 means 200ms.
	Settle time.Duration
}

// ListenError is an address serve could not listen on.
type ListenError struct {
	Addr string
	Err  error
}

func (e *ListenError) Error() string { return fmt.Sprintf("cannot listen on %s: %v", e.Addr, e.Err) }

// Serving is a running `concord serve`: the site built into a temporary
// folder, the HTTP server answering from it, and the watcher rebuilding it.
// Close stops it all and removes the folder.
type Serving struct {
	b       *serveBuilder
	ln      net.Listener
	hs      *http.Server
	watcher *fsnotify.Watcher
	errc    chan error
	once    sync.Once
	closed  error
}

// StartServe builds the site, starts watching for changes (a watcher that
// cannot start is a warning, not an error) and starts the HTTP server
// (server.NewHTTPServer) on o.Listen.
func (a *Runner) StartServe(o ServeOptions) (_ *Serving, err error) {
	tmp, err := os.MkdirTemp("", "concord-serve-")
	if err != nil {
		return nil, err
	}
	srv := server.New()
	srv.AllowListenHost(o.Listen)
	s := &Serving{b: &serveBuilder{a: a, tmp: tmp, srv: srv, editor: o.Editor}}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if err := s.b.rebuild(); err != nil {
		return nil, err
	}
	if o.Watch {
		settle := o.Settle
		if settle == 0 {
			settle = 200 * time.Millisecond
		}
		w, werr := s.b.watch(settle, o.Rebuilt)
		if werr != nil {
			fmt.Fprintf(a.Stderr, "concord: not watching for changes: %v\n", werr)
		}
		s.watcher = w
	}
	s.ln, err = net.Listen("tcp", o.Listen)
	if err != nil {
		return nil, &ListenError{Addr: o.Listen, Err: err}
	}
	s.hs = server.NewHTTPServer(srv.Handler())
	s.hs.RegisterOnShutdown(srv.Stop)
	s.errc = make(chan error, 1)
	go func() { s.errc <- s.hs.Serve(s.ln) }()
	return s, nil
}

// Addr is the address the server listens on.
func (s *Serving) Addr() string { return s.ln.Addr().String() }

// Summary says what the last good build holds: its documents and findings.
func (s *Serving) Summary() string { return s.b.summaryNow() }

// Wait returns nil once stop is closed, or the server's error if it
// stops first.
func (s *Serving) Wait(stop <-chan struct{}) error {
	select {
	case <-stop:
		return nil
	case err := <-s.errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// Close shuts the server down, letting requests in flight finish for up to
// five seconds, stops watching, closes the search index and removes the
// built sites. It returns the shutdown's error; calls after the first do
// nothing.
func (s *Serving) Close() error {
	s.once.Do(func() {
		if s.hs != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			s.closed = s.hs.Shutdown(ctx)
			cancel()
		}
		if s.watcher != nil {
			s.watcher.Close()
		}
		s.b.close()
		os.RemoveAll(s.b.tmp)
	})
	return s.closed
}

// serveBuilder rebuilds the site into fresh folders under tmp and hands
// each finished build to the server.
type serveBuilder struct {
	a       *Runner
	tmp     string
	srv     *server.Server
	mu      sync.Mutex
	n       int
	dirs    []string
	index   *search.Tiered
	summary string
	watched []string
	editor  bool
}

func (b *serveBuilder) rebuild() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	// The first build starts from the index the last build, search or
	// serve left in .concord/ (BuildServeSite).
	built, err := b.a.BuildServeSite(b.n == 0, b.editor)
	if err != nil {
		return err
	}
	p, findings, idx := built.Project, built.Findings, built.Index
	b.n++
	dir := filepath.Join(b.tmp, fmt.Sprintf("build-%d", b.n))
	if err := built.Publish(dir); err != nil {
		return err
	}
	if old := b.srv.Publish(dir, idx); old != nil {
		// Give in-flight searches a moment before closing the old index.
		go func() { time.Sleep(3 * time.Second); old.Close() }()
	}
	b.dirs = append(b.dirs, dir)
	for len(b.dirs) > 2 {
		os.RemoveAll(b.dirs[0])
		b.dirs = b.dirs[1:]
	}
	b.index = idx
	b.summary = fmt.Sprintf("%s (%s)", count(len(p.Docs), "document"), count(len(findings), "finding"))
	b.watched = []string{p.Cfg.Corpus, p.Cfg.Glossary}
	if p.Cfg.File != "" {
		b.watched = append(b.watched, p.Cfg.File)
	}
	return nil
}

func (b *serveBuilder) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.index != nil {
		b.index.Close()
	}
}

// watch rebuilds once changes have settled for settle, telling rebuilt.
func (b *serveBuilder) watch(settle time.Duration, rebuilt func(time.Duration, string, error)) (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	for _, p := range b.watched {
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		if !st.IsDir() {
			w.Add(filepath.Dir(p))
			continue
		}
		filepath.WalkDir(p, func(path string, e os.DirEntry, err error) error {
			if err == nil && e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				w.Add(path)
			}
			return nil
		})
	}
	go func() {
		var timer *time.Timer
		for {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if !relevant(ev.Name) {
					continue
				}
				if timer != nil {
					timer.Stop()
				}
				timer = time.AfterFunc(settle, func() {
					start := time.Now()
					err := b.rebuild()
					if rebuilt != nil {
						rebuilt(time.Since(start), b.summaryNow(), err)
					}
					if err != nil {
						b.srv.Fail(buildFailure(err))
					}
				})
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				fmt.Fprintf(b.a.Stderr, "concord: watch: %v\n", err)
			}
		}
	}()
	return w, nil
}

func (b *serveBuilder) summaryNow() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.summary
}

// relevant is whether a change to the file name can change the site:
// Markdown and YAML, not editors' hidden and backup files.
func relevant(name string) bool {
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") {
		return false
	}
	switch filepath.Ext(base) {
	case ".md", ".markdown", ".yaml", ".yml":
		return true
	}
	return false
}

// buildFailure is what the banner in open pages says about a failed
// rebuild: the first positioned error's file, line and column and its
// message with the hint, or the error's text when it names no place.
func buildFailure(err error) server.Failure {
	var se *source.Error
	var errs source.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		f := buildFailure(errs[0])
		if len(errs) > 1 {
			f.Message += fmt.Sprintf(" (and %d more problems; the terminal lists them)", len(errs)-1)
		}
		return f
	}
	if errors.As(err, &se) {
		msg := se.Msg
		if se.Key != "" {
			msg = se.Key + ": " + msg
		}
		return server.Failure{File: se.Pos.File, Line: se.Pos.Line, Column: se.Pos.Column, Message: msg, Hint: se.Hint}
	}
	var ie *InputError
	if errors.As(err, &ie) && ie.Err != nil {
		return buildFailure(ie.Err)
	}
	return server.Failure{Message: err.Error()}
}
