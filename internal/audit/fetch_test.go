package audit

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// site is a test server that counts what it is asked for.
type site struct {
	mu   sync.Mutex
	hits map[string]int
	srv  *httptest.Server
}

func newSite(t *testing.T) *site {
	s := &site{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n\nUser-agent: concord\nDisallow: /no-concord/\nAllow: /no-concord/open\n")
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<main><p>Stalking is a crime.</p></main>")
	})
	mux.HandleFunc("/no-concord/open", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<p>open</p>")
	})
	mux.HandleFunc("/no-concord/closed", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<p>closed</p>") })
	mux.HandleFunc("/private/x", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<p>x</p>") })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, strings.Repeat("<p>a</p>", 1000))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		if ua := r.Header.Get("User-Agent"); ua != UserAgent {
			t.Errorf("request for %s with User-Agent %q", r.URL.Path, ua)
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// fetcher returns a Fetcher on a fake clock that records its sleeps.
func fetcher(t *testing.T) (*Fetcher, *[]time.Duration) {
	f := NewFetcher(t.TempDir())
	f.Client.Timeout = 300 * time.Millisecond
	f.MaxBytes = 4000
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var slept []time.Duration
	f.Now = func() time.Time { return now }
	f.Sleep = func(d time.Duration) { slept = append(slept, d); now = now.Add(d) }
	return f, &slept
}

func TestFetchFailuresAreReported(t *testing.T) {
	s := newSite(t)
	f, _ := fetcher(t)
	for _, tc := range []struct{ path, want string }{
		{"/no-concord/closed", "robots.txt does not allow concord to fetch /no-concord/closed"},
		{"/missing", "404 Not Found"},
		{"/slow", "no complete answer within the timeout"},
		{"/big", "more than the 4000-byte limit"},
		{"/loop", "redirects (a redirect loop?)"},
	} {
		_, err := f.Fetch(context.Background(), s.srv.URL+tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.path, err, tc.want)
		}
	}
	if n := s.count("/no-concord/closed"); n != 0 {
		t.Errorf("pages robots.txt refuses were requested %d times", n)
	}
	if n := s.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt read %d times in one run, want 1", n)
	}
	if n := s.count("/loop") + s.count("/loop2"); n != 6 {
		t.Errorf("redirect loop followed for %d requests, want 6 (the first and 5 redirects)", n)
	}
	// The group naming concord is the one that applies to it: its Allow
	// opens what its Disallow closes.
	// and the "*" group does not apply to concord at all (RFC 9309).
	for _, p := range []string{"/no-concord/open", "/private/x"} {
		if _, err := f.Fetch(context.Background(), s.srv.URL+p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if s.count("/no-concord/open") != 1 || s.count("/private/x") != 1 {
		t.Errorf("pages concord's robots.txt group allows were not fetched")
	}
}

func TestFetchConditionalAndOffline(t *testing.T) {
	s := newSite(t)
	f, slept := fetcher(t)
	f.Delay = 2 * time.Second
	u := s.srv.URL + "/page"
	first, err := f.Fetch(context.Background(), u)
	if err != nil || first.Status != Fetched {
		t.Fatalf("first fetch: %v, %+v", err, first)
	}
	// A second run (a new Fetcher on the same cache) asks conditionally and
	// is answered 304: the cached body is used, nothing downloaded again.
	g, _ := fetcher(t)
	g.Cache = f.Cache
	second, err := g.Fetch(context.Background(), u)
	if err != nil || second.Status != NotModified || string(second.Body) != string(first.Body) {
		t.Fatalf("second fetch: %v, %+v", err, second)
	}
	if n := s.count("/page"); n != 2 {
		t.Errorf("/page requested %d times, want 2 (one fetch, one conditional check)", n)
	}
	// Offline: the cache alone, no request at all.
	h, _ := fetcher(t)
	h.Cache, h.Offline = f.Cache, true
	before := s.count("/page") + s.count("/robots.txt")
	third, err := h.Fetch(context.Background(), u)
	if err != nil || third.Status != Cached || string(third.Body) != string(first.Body) {
		t.Fatalf("offline fetch: %v, %+v", err, third)
	}
	if after := s.count("/page") + s.count("/robots.txt"); after != before || h.Requests != 0 {
		t.Errorf("--offline made %d requests", after-before)
	}
	if _, err := h.Fetch(context.Background(), s.srv.URL+"/never-fetched"); err == nil || !strings.Contains(err.Error(), "not in the cache") {
		t.Errorf("offline fetch of an uncached page: %v", err)
	}
	// The first fetcher read robots.txt and the page from one host: the
	// second request waited out the delay.
	if len(*slept) != 1 || (*slept)[0] != 2*time.Second {
		t.Errorf("slept %v between two requests to one host, want [2s]", *slept)
	}
}

func TestRobotsMatch(t *testing.T) {
	r := parseRobots(strings.NewReader("User-agent: *\nDisallow: /*.pdf$\nDisallow: /search\nAllow: /search/help\n"))
	for path, want := range map[string]bool{
		"/a.pdf": false, "/a.pdf?x": true, "/search": false, "/search?q=x": false,
		"/search/help": true, "/guidance": true,
	} {
		if got := r.allows(path); got != want {
			t.Errorf("allows(%q) = %v, want %v", path, got, want)
		}
	}
}
