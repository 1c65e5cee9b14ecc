// Package server serves a built site for `concord serve`: static files from
// the current build, the search API from the bleve index, and a reload
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
	"strings"
	"sync"
	"time"

	"github.com/concord-guidance/concord/internal/search"
)

// Limits keep one client from tying up the server.
const (
	MaxQueryBytes   = 512
	MaxHeaderBytes  = 16 << 10
	MaxResults      = 50
	SearchTimeout   = 2 * time.Second
	ReadTimeout     = 10 * time.Second
	WriteTimeout    = 30 * time.Second
	IdleTimeout     = 60 * time.Second
	reloadPath      = "/_concord/reload.js"
	eventsPath      = "/_concord/events"
	maxEventClients = 64
)

// Server serves one site at a time.
type Server struct {
	mu      sync.RWMutex
	dir     string
	index   *search.Index
	version int
	subs    map[chan int]bool
	done    chan struct{}
	once    sync.Once
}

// New makes a server; call Publish before serving.
func New() *Server { return &Server{subs: map[chan int]bool{}, done: make(chan struct{})} }

// Stop ends the open reload streams, which would otherwise hold a graceful
// shutdown until its deadline. Register it with http.Server.RegisterOnShutdown.
func (s *Server) Stop() { s.once.Do(func() { close(s.done) }) }

// Publish switches to a newly built site folder and index and tells open
// pages to reload. The previous index is returned for the caller to close
// once in-flight searches are done.
func (s *Server) Publish(dir string, idx *search.Index) (old *search.Index) {
	s.mu.Lock()
	old, s.index = s.index, idx
	s.dir = dir
	s.version++
	v := s.version
	for c := range s.subs {
		select {
		case c <- v:
		default:
		}
	}
	s.mu.Unlock()
	return old
}

func (s *Server) current() (string, *search.Index) {
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
	mux.HandleFunc("/", s.file)
	return limitMethods(mux)
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
	_, idx := s.current()
	if idx == nil {
		jsonError(w, http.StatusServiceUnavailable, "index not ready")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), SearchTimeout)
	defer cancel()
	res, err := idx.SearchContext(ctx, search.Query{Text: q, Term: term, Limit: limit})
	var qe *search.QueryError
	switch {
	case errors.As(err, &qe):
		jsonError(w, http.StatusBadRequest, qe.Error())
		return
	case errors.Is(err, context.DeadlineExceeded):
		jsonError(w, http.StatusGatewayTimeout, "search took too long")
		return
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

func jsonError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// events is a server-sent event stream that says "reload" after each new
// build. Clients are bounded so a tab storm cannot exhaust the server.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan int, 1)
	s.mu.Lock()
	if len(s.subs) >= maxEventClients {
		s.mu.Unlock()
		http.Error(w, "too many open pages", http.StatusServiceUnavailable)
		return
	}
	s.subs[c] = true
	v := s.version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, c)
		s.mu.Unlock()
	}()
	// The stream outlives WriteTimeout by design; extend this response's deadline.
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, "retry: 1000\ndata: %d\n\n", v)
	fl.Flush()
	tick := time.NewTicker(25 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case nv := <-c:
			fmt.Fprintf(w, "event: reload\ndata: %d\n\n", nv)
			fl.Flush()
		case <-tick.C:
			io.WriteString(w, ": keep-alive\n\n")
			fl.Flush()
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

const reloadScript = `// concord serve: reload this page when the site is rebuilt.
(function () {
  if (!window.EventSource) return;
  var es = new EventSource("/_concord/events");
  es.addEventListener("reload", function () { window.location.reload(); });
})();
`
