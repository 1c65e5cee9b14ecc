package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/run"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/server"
	"github.com/concord-guidance/concord/internal/source"
)

type serveOptions struct {
	listen   string
	exposed  bool
	noWatch  bool
	editor   bool
	onListen func(addr string) // for tests
	stop     <-chan struct{}   // for tests; nil means Ctrl-C
}

func (a *app) serveCommand() *cobra.Command {
	o := &serveOptions{}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the site locally, rebuilding and reloading on change",
		Long: `Build the site into a temporary folder and serve it, with the search API at
/api/search?q=. When a document, the glossary or concord.yaml changes, the
site is rebuilt and open pages reload. A rebuild that fails keeps the last
good site and shows the error (file, line and what to fix) in a banner at
the top of every open page, until a rebuild succeeds.

serve builds the editors' view, with the consistency report and every
finding marked in its sentence; --editor=false serves the site as readers
will see it.

The server listens on 127.0.0.1 only. To listen on another address (a
container, a shared machine) give it with --listen and add --expose, which
says you mean it. Ctrl-C stops it cleanly.

It answers only requests addressed to the names it listens on (localhost,
127.0.0.1, ::1 and the --listen host; any IP address when listening on all
of them), so a web page elsewhere cannot reach it by pointing its own name
at this machine (421 Misdirected Request). Searches take turns, a few at a
time; one that cannot start within 2 seconds is answered 503 with
Retry-After.

` + exitHelp("stopped by Ctrl-C"),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return a.runServe(o) },
	}
	f := c.Flags()
	f.StringVar(&o.listen, "listen", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	f.BoolVar(&o.exposed, "expose", false, "allow --listen on an address other than loopback")
	f.BoolVar(&o.noWatch, "no-watch", false, "do not rebuild when files change")
	f.BoolVar(&o.editor, "editor", true, "serve the editors' view (findings marked in the text, the consistency report); --editor=false for the readers' view")
	return c
}

func (a *app) runServe(o *serveOptions) error {
	if !server.IsLoopback(o.listen) && !o.exposed {
		return usageErr("--listen %s is not a loopback address; add --expose to serve beyond this machine", o.listen)
	}
	tmp, err := os.MkdirTemp("", "concord-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	srv := server.New()
	srv.AllowListenHost(o.listen)
	b := &serveBuilder{a: a, tmp: tmp, srv: srv, editor: o.editor}
	if err := b.rebuild(); err != nil {
		return err
	}
	defer b.close()

	var watcher *fsnotify.Watcher
	if !o.noWatch {
		watcher, err = b.watch()
		if err != nil {
			fmt.Fprintf(a.stderr, "concord: not watching for changes: %v\n", err)
		} else {
			defer watcher.Close()
		}
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return usageErr("cannot listen on %s: %v", o.listen, err)
	}
	hs := server.NewHTTPServer(srv.Handler())
	hs.RegisterOnShutdown(srv.Stop)
	fmt.Fprintf(a.stdout, "serving %s on http://%s/ (Ctrl-C to stop)\n", b.summary, ln.Addr())
	if o.onListen != nil {
		o.onListen(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()

	stop := o.stop
	if stop == nil {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(sig)
		ch := make(chan struct{})
		go func() { <-sig; close(ch) }()
		stop = ch
	}
	select {
	case <-stop:
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	fmt.Fprintln(a.stdout, "stopping")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return hs.Shutdown(ctx)
}

// serveBuilder rebuilds the site into fresh folders under tmp and hands
// each finished build to the server.
type serveBuilder struct {
	a       *app
	tmp     string
	srv     *server.Server
	mu      sync.Mutex
	n       int
	dirs    []string
	index   *search.Index
	summary string
	watched []string
	editor  bool
}

func (b *serveBuilder) rebuild() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	// The first build starts from the index the last build, search or
	// serve left in .concord/ (run.Runner.BuildServeSite).
	built, err := b.a.runner().BuildServeSite(b.n == 0, b.editor)
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

// watch rebuilds after changes settle (editors write files in bursts).
func (b *serveBuilder) watch() (*fsnotify.Watcher, error) {
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
				timer = time.AfterFunc(200*time.Millisecond, func() {
					start := time.Now()
					if err := b.rebuild(); err != nil {
						printError(b.a.stderr, fmt.Errorf("rebuild failed, still serving the last good site: %w", err))
						b.srv.Fail(buildFailure(err))
						return
					}
					fmt.Fprintf(b.a.stdout, "rebuilt in %v: %s\n", time.Since(start).Round(time.Millisecond), b.summary)
				})
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				fmt.Fprintf(b.a.stderr, "concord: watch: %v\n", err)
			}
		}
	}()
	return w, nil
}

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
	var ee *exitError
	if errors.As(err, &ee) && ee.err != nil {
		return buildFailure(ee.err)
	}
	var ie *run.InputError
	if errors.As(err, &ie) && ie.Err != nil {
		return buildFailure(ie.Err)
	}
	return server.Failure{Message: err.Error()}
}
