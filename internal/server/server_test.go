package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/concord-guidance/concord/internal/search"
)

func testSite(t *testing.T) (*Server, *httptest.Server, string) {
	t.Helper()
	return testSiteWith(t, New())
}

// testSiteWith publishes a small site with s and serves it.
func testSiteWith(t *testing.T, s *Server) (*Server, *httptest.Server, string) {
	t.Helper()
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	os.MkdirAll(filepath.Join(site, "docs", "a"), 0o755)
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<html><body>home</body></html>"), 0o644)
	os.WriteFile(filepath.Join(site, "404.html"), []byte("<html><body>missing</body></html>"), 0o644)
	os.WriteFile(filepath.Join(site, "docs", "a", "index.html"), []byte("<html><body>doc a</body></html>"), 0o644)
	os.WriteFile(filepath.Join(site, ".concord-site"), []byte("marker"), 0o644)
	os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o644)
	os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(site, "link.txt"))
	idx, err := search.Build([]search.Doc{{File: "a.md", URL: "docs/a/", Title: "Stalking", Sections: []search.Section{{Anchor: "law", Heading: "The law", Line: 3, Text: "Stalking is a course of conduct."}}}}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	s.Publish(site, idx)
	ts := httptest.NewServer(s.Handler())
	// Close the streams first: httptest's Close waits for every request.
	t.Cleanup(func() { s.Stop(); ts.Close() })
	return s, ts, dir
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServesPagesAndNothingOutside(t *testing.T) {
	_, ts, _ := testSite(t)
	cases := []struct {
		path   string
		status int
		has    string
	}{
		{"/", 200, "home"},
		{"/docs/a/", 200, "doc a"},
		{"/docs/a/", 200, `<script src="/_concord/reload.js" defer></script>`},
		{"/../secret.txt", 404, "missing"},
		{"/%2e%2e/secret.txt", 404, "missing"},
		{"/docs/../../secret.txt", 404, "missing"},
		{"/link.txt", 404, "missing"},
		{"/.concord-site", 404, "missing"},
		{"/nope/", 404, "missing"},
		{"/_concord/reload.js", 200, "EventSource"},
	}
	for _, c := range cases {
		status, body := get(t, ts.URL+c.path)
		if status != c.status || !strings.Contains(body, c.has) {
			t.Errorf("GET %s = %d %q, want %d containing %q", c.path, status, body, c.status, c.has)
		}
		if strings.Contains(body, "secret") {
			t.Errorf("GET %s leaked a file outside the site", c.path)
		}
	}
	resp, _ := http.Post(ts.URL+"/", "text/plain", strings.NewReader("x"))
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST = %d, want 405", resp.StatusCode)
	}
}

func TestSearchAPI(t *testing.T) {
	_, ts, _ := testSite(t)
	status, body := get(t, ts.URL+"/api/search?q=stalked")
	if status != 200 || !strings.Contains(body, `"url":"docs/a/#law"`) || !strings.Contains(body, "<mark>Stalking</mark>") {
		t.Errorf("search = %d %s", status, body)
	}
	status, _ = get(t, ts.URL+"/api/search?q="+strings.Repeat("a", MaxQueryBytes+1))
	if status != http.StatusRequestEntityTooLarge && status != http.StatusRequestURITooLong {
		t.Errorf("long query = %d", status)
	}
	status, body = get(t, ts.URL+"/api/search?q=%22unclosed")
	if status != 400 || !strings.Contains(body, "error") {
		t.Errorf("bad query = %d %s", status, body)
	}
	status, _ = get(t, ts.URL+"/api/search")
	if status != 400 {
		t.Errorf("missing q = %d", status)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:80": true, "0.0.0.0:80": false, ":80": false, "192.168.1.2:80": false} {
		if IsLoopback(addr) != want {
			t.Errorf("IsLoopback(%q) != %v", addr, want)
		}
	}
}

// TestBoundedLoad sends a bounded number of requests from Go's own client
// over loopback, pages and searches mixed, and checks there are no errors
// and no growth in memory or goroutines. Figures go to the test log.
func TestBoundedLoad(t *testing.T) {
	_, ts, _ := testSite(t)
	client := &http.Client{Timeout: 5 * time.Second}
	const workers, perWorker = 8, 250
	run := func() (errs int, elapsed time.Duration) {
		start := time.Now()
		var mu sync.Mutex
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < perWorker; i++ {
					url := ts.URL + "/docs/a/"
					if i%2 == 1 {
						url = ts.URL + fmt.Sprintf("/api/search?q=stalk*+%d", i%7)
					}
					resp, err := client.Get(url)
					if err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
					if err != nil || resp.StatusCode != 200 {
						mu.Lock()
						errs++
						mu.Unlock()
					}
				}
			}(w)
		}
		wg.Wait()
		return errs, time.Since(start)
	}
	run() // warm up
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	g0 := runtime.NumGoroutine()
	errs, elapsed := run()
	runtime.GC()
	runtime.ReadMemStats(&m1)
	g1 := runtime.NumGoroutine()
	n := workers * perWorker
	t.Logf("load: %d requests (half pages, half searches) in %v: %.0f req/s, %d errors; heap %d KB → %d KB; goroutines %d → %d",
		n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), errs, m0.HeapAlloc>>10, m1.HeapAlloc>>10, g0, g1)
	if errs > 0 {
		t.Errorf("%d of %d requests failed", errs, n)
	}
	if m1.HeapAlloc > m0.HeapAlloc+32<<20 {
		t.Errorf("heap grew from %d to %d bytes over one round", m0.HeapAlloc, m1.HeapAlloc)
	}
	if g1 > g0+workers*2+10 {
		t.Errorf("goroutines grew from %d to %d", g0, g1)
	}
}

// TestHostNames: a page on another site that points its name at 127.0.0.1
// (DNS rebinding) sends that name as Host; the server refuses it with 421,
// whatever the path, and answers the names it listens for, with a port or
// without.
func TestHostNames(t *testing.T) {
	s, ts, _ := testSite(t)
	s.AllowListenHost("concord.test:8080")
	port := ts.URL[strings.LastIndex(ts.URL, ":"):]
	cases := []struct {
		host   string
		status int
	}{
		{"127.0.0.1" + port, 200},
		{"127.0.0.1", 200},
		{"localhost" + port, 200},
		{"LOCALHOST.", 200},
		{"[::1]" + port, 200},
		{"[::1]", 200},
		{"concord.test" + port, 200},
		{"concord.test", 200},
		{"attacker.example" + port, 421},
		{"attacker.example", 421},
		{"localhost.attacker.example", 421},
		{"127.0.0.1.nip.io", 421},
		{"192.168.1.2" + port, 421},
	}
	for _, c := range cases {
		for _, path := range []string{"/", "/api/search?q=stalking", "/_concord/reload.js", "/docs/a/"} {
			req, _ := http.NewRequest("GET", ts.URL+path, nil)
			req.Host = c.host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Errorf("Host %s GET %s = %d, want %d", c.host, path, resp.StatusCode, c.status)
			}
			if c.status == 421 && (strings.Contains(string(b), "Stalking") || strings.Contains(string(b), "home")) {
				t.Errorf("Host %s GET %s leaked the site: %s", c.host, path, b)
			}
		}
	}
}

// A server listening on every address answers any IP address, since the
// machine is reached by its own, but still no unknown name.
func TestHostNamesListeningEverywhere(t *testing.T) {
	for _, listen := range []string{"0.0.0.0:8080", ":8080", "[::]:8080"} {
		s := New()
		s.AllowListenHost(listen)
		for host, want := range map[string]bool{"192.168.1.2:8080": true, "[fe80::1]:8080": true, "localhost:8080": true, "attacker.example:8080": false, "": false} {
			if got := s.hosts.allows(host); got != want {
				t.Errorf("listening on %s: Host %q allowed = %v, want %v", listen, host, got, want)
			}
		}
	}
}
