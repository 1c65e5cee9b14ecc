// Package server serves a built site for `concord serve`: static files from
// the current build, the search API from its index (search.Searcher), and a reload
// channel that tells open pages to refresh after a rebuild. It is built to
// hold on a person's machine: loopback by default (the CLI decides), bounded
// requests and queries, timeouts on every connection, no path outside the
// site. It does not build sites or watch files; the caller swaps in new
// builds with Publish.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concord-guidance/concord/internal/search"
)

// Limits keep one client from tying up the server.
const (
	MaxQueryBytes  = 512
	MaxHeaderBytes = 16 << 10
	MaxResults     = 50
	SearchTimeout  = 2 * time.Second
	ReadTimeout    = 10 * time.Second
	WriteTimeout   = 30 * time.Second
	IdleTimeout    = 60 * time.Second
	reloadPath     = "/_concord/reload.js"
	bannerCSSPath  = "/_concord/serve.css"
	eventsPath     = "/_concord/events"
)

// Limits bounds the work the server takes on at once. The zero value of a
// field means its default (see DefaultLimits).
type Limits struct {
	// Searches is how many searches run at once; SearchQueue how many more
	// may wait for a turn. A search beyond both is refused at once with 503
	// and Retry-After, as is one whose turn does not come before its
	// SearchTimeout: a client is always answered within the timeout, and
	// the work in progress never exceeds Searches.
	Searches      int
	SearchQueue   int
	SearchTimeout time.Duration
	// EventClients caps the live-reload streams; a new one evicts the
	// oldest, so open pages never lock out new ones. EventLifetime ends a
	// stream after that long (the browser's EventSource reconnects by
	// itself, and is told of any rebuild it missed meanwhile), so a stream
	// nobody reads does not stay open for ever. EventWriteTimeout drops a
	// client that stops reading. EventKeepAlive is the comment sent to keep
	// proxies from closing a quiet stream.
	EventClients      int
	EventLifetime     time.Duration
	EventWriteTimeout time.Duration
	EventKeepAlive    time.Duration
}

// DefaultLimits are the limits New uses.
func DefaultLimits() Limits {
	return Limits{
		Searches:          max(2, runtime.GOMAXPROCS(0)),
		SearchQueue:       32,
		SearchTimeout:     SearchTimeout,
		EventClients:      64,
		EventLifetime:     5 * time.Minute,
		EventWriteTimeout: 10 * time.Second,
		EventKeepAlive:    25 * time.Second,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.Searches <= 0 {
		l.Searches = d.Searches
	}
	if l.SearchQueue < 0 {
		l.SearchQueue = 0
	} else if l.SearchQueue == 0 {
		l.SearchQueue = d.SearchQueue
	}
	for _, f := range []struct{ v, d *time.Duration }{{&l.SearchTimeout, &d.SearchTimeout}, {&l.EventLifetime, &d.EventLifetime}, {&l.EventWriteTimeout, &d.EventWriteTimeout}, {&l.EventKeepAlive, &d.EventKeepAlive}} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	if l.EventClients <= 0 {
		l.EventClients = d.EventClients
	}
	return l
}

// Server serves one site at a time.
type Server struct {
	mu      sync.RWMutex
	dir     string
	index   search.Searcher
	version int
	// failure is the last rebuild's error while no good build has
	// followed it; failed counts failures, so a page hears of each.
	failure *Failure
	failed  int
	subs    map[*subscriber]struct{}
	nextSub uint64
	done    chan struct{}
	once    sync.Once

	limits  Limits
	running chan struct{} // a token per search running
	waiting chan struct{} // a token per search waiting for its turn
	hosts   hostPolicy
	stats   struct{ started, refused, timedOut atomic.Int64 }
}

// subscriber is one open live-reload stream.
type subscriber struct {
	seq     uint64        // arrival order: the lowest is evicted first
	version chan int      // new builds
	failure chan Failure  // failed rebuilds
	evicted chan struct{} // closed when a newer stream needs its place
}

// New makes a server with DefaultLimits that answers only to loopback host
// names; call Publish before serving, and AllowListenHost for a --listen
// address of another name.
func New() *Server { return NewWithLimits(Limits{}) }

// NewWithLimits is New with other limits.
func NewWithLimits(l Limits) *Server {
	l = l.withDefaults()
	return &Server{
		subs:    map[*subscriber]struct{}{},
		done:    make(chan struct{}),
		limits:  l,
		running: make(chan struct{}, l.Searches),
		waiting: make(chan struct{}, l.SearchQueue),
		hosts:   hostPolicy{names: map[string]bool{}},
	}
}

// Stop ends the open reload streams, which would otherwise hold a graceful
// shutdown until its deadline. Register it with http.Server.RegisterOnShutdown.
func (s *Server) Stop() { s.once.Do(func() { close(s.done) }) }

// Publish switches to a newly built site folder and index and tells open
// pages to reload. The previous index is returned for the caller to close
// once in-flight searches are done.
func (s *Server) Publish(dir string, idx search.Searcher) (old search.Searcher) {
	s.mu.Lock()
	old, s.index = s.index, idx
	s.dir = dir
	s.failure = nil
	s.version++
	v := s.version
	for sub := range s.subs {
		select {
		case sub.version <- v:
		default:
			// A reload is already pending: it reloads to the newest build.
		}
	}
	s.mu.Unlock()
	return old
}

// Failure is a rebuild that failed, as open pages show it: the place (File
// may be empty when the error names none) and what to fix.
type Failure struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// Fail tells open pages that a rebuild failed: each shows a banner with
// the error over the last good site it still shows, and pages opened
// later show it too, until Publish brings a good build (whose reload
// clears it).
func (s *Server) Fail(f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failure = &f
	s.failed++
	for sub := range s.subs {
		select {
		case <-sub.failure:
			// Replace an unsent failure with the newest.
		default:
		}
		select {
		case sub.failure <- f:
		default:
		}
	}
}

func (s *Server) current() (string, search.Searcher) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.dir, s.index
}

// Handler is the HTTP handler: site files, /api/search and the reload
// channel.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/search", s.search)
	mux.HandleFunc(eventsPath, s.events)
	mux.HandleFunc(reloadPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, reloadScript)
	})
	mux.HandleFunc(bannerCSSPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, bannerCSS)
	})
	mux.HandleFunc("/", s.file)
	return s.checkHost(limitMethods(mux))
}

func limitMethods(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if len(r.URL.RawQuery) > 4*MaxQueryBytes {
			http.Error(w, "query string too long", http.StatusRequestURITooLong)
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}

// file serves a file of the current build. Paths are cleaned and resolved
// inside the site folder; nothing outside it, no hidden file, no symbolic
// link out of it is ever served.
func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	dir, _ := s.current()
	if dir == "" {
		http.Error(w, "the site is being built; reload in a moment", http.StatusServiceUnavailable)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") {
			s.notFound(w, dir)
			return
		}
	}
	full := filepath.Join(dir, filepath.FromSlash(p))
	if !inside(dir, full) {
		s.notFound(w, dir)
		return
	}
	st, err := os.Stat(full)
	if err == nil && st.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		full = filepath.Join(full, "index.html")
		st, err = os.Stat(full)
	}
	if err != nil || st.IsDir() {
		s.notFound(w, dir)
		return
	}
	if real, err := filepath.EvalSymlinks(full); err != nil || !inside(mustEval(dir), real) {
		s.notFound(w, dir)
		return
	}
	if strings.HasSuffix(full, ".html") {
		s.serveHTML(w, r, full, http.StatusOK)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFile(w, r, full)
}

func mustEval(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

func inside(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func (s *Server) notFound(w http.ResponseWriter, dir string) {
	p := filepath.Join(dir, "404.html")
	if _, err := os.Stat(p); err == nil {
		s.serveHTML(w, nil, p, http.StatusNotFound)
		return
	}
	http.Error(w, "not found", http.StatusNotFound)
}

// serveHTML adds the reload script before </body>. It is a same-origin
// script file, so the pages' Content-Security-Policy allows it.
func (s *Server) serveHTML(w http.ResponseWriter, r *http.Request, file string, status int) {
	data, err := os.ReadFile(file)
	if err != nil {
		http.Error(w, "cannot read page", http.StatusInternalServerError)
		return
	}
	tag := []byte(`<script src="` + reloadPath + `" defer></script>`)
	if i := bytes.LastIndex(data, []byte("</body>")); i >= 0 {
		data = append(data[:i:i], append(tag, data[i:]...)...)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	if r == nil || r.Method != http.MethodHead {
		w.Write(data)
	}
}

// apiResult is one search result for the browser: the CLI's fields plus the
// page address relative to the site root.
type apiResult struct {
	search.Result
	URL string `json:"url"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	term := r.URL.Query().Get("term")
	if len(q) > MaxQueryBytes || len(term) > 128 {
		jsonError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("query longer than %d bytes", MaxQueryBytes))
		return
	}
	if strings.TrimSpace(q) == "" && term == "" {
		jsonError(w, http.StatusBadRequest, "missing q")
		return
	}
	limit := 10
	if n := r.URL.Query().Get("limit"); n != "" {
		fmt.Sscan(n, &limit)
		limit = max(1, min(limit, MaxResults))
	}
	if _, idx := s.current(); idx == nil {
		jsonError(w, http.StatusServiceUnavailable, "index not ready")
		return
	}
	// The timeout covers the wait for a turn as well as the search, so a
	// client hears back within it whatever the load.
	ctx, cancel := context.WithTimeout(r.Context(), s.limits.SearchTimeout)
	defer cancel()
	release, ok := s.admit(ctx)
	if !ok {
		s.stats.refused.Add(1)
		busy(w, "too many searches at once; try again in a moment")
		return
	}
	s.stats.started.Add(1)
	// The index may have been swapped while this search waited.
	_, idx := s.current()
	res, err := idx.SearchContext(ctx, search.Query{Text: q, Term: term, Limit: limit})
	// The turn ends with the work, before the answer is written: once a
	// client has its answer, its search holds nothing.
	release()
	var qe *search.QueryError
	switch {
	case errors.As(err, &qe):
		jsonError(w, http.StatusBadRequest, qe.Error())
		return
	case errors.Is(err, context.DeadlineExceeded):
		s.stats.timedOut.Add(1)
		busy(w, "search took too long; try a narrower query or again in a moment")
		return
	case errors.Is(err, context.Canceled):
		return // the client has gone
	case err != nil:
		jsonError(w, http.StatusInternalServerError, "search failed")
		return
	}
	out := struct {
		Results []apiResult `json:"results"`
		Total   int         `json:"total"`
	}{Results: []apiResult{}, Total: res.Total}
	for _, x := range res.Results {
		out.Results = append(out.Results, apiResult{Result: x, URL: x.URL})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	// Fragments are already HTML with <mark>; the JSON is served with
	// nosniff, so there is no need to escape them again.
	enc.SetEscapeHTML(false)
	enc.Encode(out)
}

// admit waits for a turn to search: at once when fewer than Limits.Searches
// run, in the queue when it has room, until ctx is done. It reports false
// when the queue is full or ctx ended first.
func (s *Server) admit(ctx context.Context) (release func(), ok bool) {
	release = func() { <-s.running }
	select {
	case s.running <- struct{}{}:
		return release, true
	default:
	}
	select {
	case s.waiting <- struct{}{}:
	default:
		return nil, false
	}
	defer func() { <-s.waiting }()
	select {
	case s.running <- struct{}{}:
		return release, true
	case <-ctx.Done():
		return nil, false
	}
}

// busy answers 503 with Retry-After, which browsers and HTTP clients
// understand as "the server is fine, come back shortly".
func busy(w http.ResponseWriter, msg string) {
	w.Header().Set("Retry-After", "1")
	jsonError(w, http.StatusServiceUnavailable, msg)
}

func jsonError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// events is a server-sent event stream that says "reload" after each new
// build. Streams are capped (the oldest gives way to a new one), end after
// Limits.EventLifetime (EventSource reconnects by itself, sending the last
// build it saw as Last-Event-ID, so no rebuild is missed) and are dropped
// when a write does not complete within Limits.EventWriteTimeout.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if _, ok := w.(http.Flusher); !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	sub := &subscriber{version: make(chan int, 1), failure: make(chan Failure, 1), evicted: make(chan struct{})}
	s.mu.Lock()
	for len(s.subs) >= s.limits.EventClients {
		var oldest *subscriber
		for o := range s.subs {
			if oldest == nil || o.seq < oldest.seq {
				oldest = o
			}
		}
		delete(s.subs, oldest)
		close(oldest.evicted)
	}
	s.nextSub++
	sub.seq = s.nextSub
	s.subs[sub] = struct{}{}
	v := s.version
	failing := s.failure
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, sub)
		s.mu.Unlock()
	}()
	rc := http.NewResponseController(w)
	send := func(msg string) bool {
		// Each write has its own deadline in place of the server's
		// WriteTimeout, which a stream outlives by design.
		rc.SetWriteDeadline(time.Now().Add(s.limits.EventWriteTimeout))
		if _, err := io.WriteString(w, msg); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	// A page that reconnects after a rebuild it did not hear of reloads now.
	var seen int
	if _, err := fmt.Sscan(r.Header.Get("Last-Event-ID"), &seen); err == nil && seen < v {
		if !send(fmt.Sprintf("retry: 1000\nid: %d\nevent: reload\ndata: %d\n\n", v, v)) {
			return
		}
	} else if !send(fmt.Sprintf("retry: 1000\nid: %d\ndata: %d\n\n", v, v)) {
		return
	}
	// A page opened, or reloaded, while the last rebuild has failed shows
	// the failure at once.
	if failing != nil && !send(failureEvent(*failing)) {
		return
	}
	life := time.NewTimer(s.limits.EventLifetime)
	defer life.Stop()
	tick := time.NewTicker(s.limits.EventKeepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-sub.evicted:
			// Wait longer before coming back: the page was pushed out by a
			// newer one.
			send("retry: 10000\n\n")
			return
		case <-life.C:
			return
		case f := <-sub.failure:
			if !send(failureEvent(f)) {
				return
			}
		case nv := <-sub.version:
			if !send(fmt.Sprintf("id: %d\nevent: reload\ndata: %d\n\n", nv, nv)) {
				return
			}
		case <-tick.C:
			if !send(": keep-alive\n\n") {
				return
			}
		}
	}
}

// NewHTTPServer wraps a handler with the timeouts and limits concord serves
// with.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}

// IsLoopback reports whether a listen address binds only to this machine.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// failureEvent is a failed rebuild as a server-sent event: one line of
// JSON (json.Marshal escapes line breaks), read by the reload script.
func failureEvent(f Failure) string {
	data, _ := json.Marshal(f)
	return "event: failure\ndata: " + string(data) + "\n\n"
}

// reloadScript reloads the page after each good build, and shows a failed
// rebuild in a banner at the top of the page. The error's text comes from
// the corpus and the glossary (a key, a quoted value), so it is only ever
// set as text, never parsed as HTML.
const reloadScript = `// concord serve: reload this page when the site is rebuilt, and show a
// failed rebuild in a banner until the next good one.
(function () {
  if (!window.EventSource) return;
  var es = new EventSource("/_concord/events");
  es.addEventListener("reload", function () { window.location.reload(); });
  // Says the page is listening, for tools (and tests) that wait for it.
  es.addEventListener("open", function () {
    document.documentElement.setAttribute("data-concord-serve", "live");
  });

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function show(f) {
    if (!document.getElementById("concord-serve-css")) {
      var css = document.createElement("link");
      css.id = "concord-serve-css";
      css.rel = "stylesheet";
      css.href = "/_concord/serve.css";
      document.head.appendChild(css);
    }
    var old = document.getElementById("concord-build-error");
    if (old) old.parentNode.removeChild(old);
    var box = el("div", "concord-build-error");
    box.id = "concord-build-error";
    box.setAttribute("role", "alert");
    var inner = el("div", "concord-build-error__inner");
    inner.appendChild(el("p", "concord-build-error__title", "The site could not be rebuilt. This page is the last good build."));
    var what = el("p", "concord-build-error__message");
    if (f.file) {
      var where = f.file;
      if (f.line) where += ":" + f.line;
      if (f.line && f.column) where += ":" + f.column;
      what.appendChild(el("code", "concord-build-error__where", where));
      what.appendChild(document.createTextNode(" "));
    }
    what.appendChild(document.createTextNode(String(f.message || "")));
    inner.appendChild(what);
    if (f.hint) inner.appendChild(el("p", "concord-build-error__hint", "To fix: " + f.hint));
    inner.appendChild(el("p", "concord-build-error__next", "Save the fix and this page reloads by itself."));
    box.appendChild(inner);
    var skip = document.querySelector(".skip-link");
    if (skip && skip.parentNode === document.body) {
      document.body.insertBefore(box, skip.nextSibling);
    } else {
      document.body.insertBefore(box, document.body.firstChild);
    }
  }

  es.addEventListener("failure", function (event) {
    try {
      show(JSON.parse(event.data));
    } catch (e) {
      // A message we cannot read: the terminal has it.
    }
  });
})();
`

// bannerCSS styles the failed-rebuild banner: GOV.UK's error summary,
// black on white with a red border, so the text keeps its contrast.
const bannerCSS = `.concord-build-error {
  border-bottom: 5px solid #d4351c;
  background: #ffffff;
  color: #0b0c0c;
  padding: 15px 0;
  font-size: 1rem;
}
.concord-build-error__inner {
  max-width: 960px;
  margin: 0 15px;
  padding-left: 15px;
  border-left: 5px solid #d4351c;
  overflow-wrap: anywhere;
}
@media (min-width: 40.0625em) {
  .concord-build-error__inner {
    margin: 0 30px;
  }
}
@media (min-width: 1020px) {
  .concord-build-error__inner {
    margin: 0 auto;
  }
}
.concord-build-error p {
  margin: 0 0 5px;
}
.concord-build-error__title {
  font-weight: 700;
  font-size: 1.1875rem;
}
.concord-build-error__where {
  font-weight: 700;
}
`
