package cli

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServeRebuildsAndReloads starts concord serve on a free loopback port,
// fetches a page and a search, edits a document, and sees the reload event
// and the new text, then stops it cleanly.
func TestServeRebuildsAndReloads(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"glossary/domestic-abuse.yaml": baselineGlossary,
		"corpus/guide.md":              "---\ntitle: Guide\n---\n\n## Law\n\nThe first version talks about domestic abuse.\n",
	})
	wd, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(wd)

	var out, errb bytes.Buffer
	a := &app{stdout: &syncWriter{w: &out}, stderr: &syncWriter{w: &errb}, getenv: os.Getenv, isTerminal: isTerminal}
	addrc := make(chan string, 1)
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- a.runServe(&serveOptions{listen: "127.0.0.1:0", onListen: func(s string) { addrc <- s }, stop: stop})
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, errb.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	base := "http://" + addr
	body := fetch(t, base+"/docs/guide/")
	if !strings.Contains(body, "first version") || !strings.Contains(body, "/_concord/reload.js") {
		t.Fatalf("page: %.200s", body)
	}
	if s := fetch(t, base+"/api/search?q=versions"); !strings.Contains(s, `"url":"docs/guide/#law"`) {
		t.Errorf("search: %s", s)
	}
	// A page elsewhere that points its own name at this machine (DNS
	// rebinding) is refused.
	req, _ := http.NewRequest("GET", base+"/api/search?q=versions", nil)
	req.Host = "attacker.example"
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("Host attacker.example: %v %v, want 421", err, resp)
	} else {
		resp.Body.Close()
	}

	resp, err := http.Get(base + "/_concord/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := bufio.NewReader(resp.Body)
	events.ReadString('\n') // retry:
	os.WriteFile("corpus/guide.md", []byte("---\ntitle: Guide\n---\n\n## Law\n\nThe second version talks about domestic abuse.\n"), 0o644)
	got := make(chan string, 1)
	go func() {
		for {
			line, err := events.ReadString('\n')
			if err != nil {
				return
			}
			if strings.HasPrefix(line, "event: reload") {
				got <- line
				return
			}
		}
	}()
	select {
	case <-got:
	case <-time.After(30 * time.Second):
		t.Fatalf("no reload event after editing a document\nstdout: %s\nstderr: %s", out.String(), errb.String())
	}
	if body := fetch(t, base+"/docs/guide/"); !strings.Contains(body, "second version") {
		t.Errorf("page not rebuilt: %.200s", body)
	}
	close(stop)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeRefusesNonLoopbackWithoutExpose(t *testing.T) {
	_, stderr, code := runIn(t, t.TempDir(), "serve", "--listen", "0.0.0.0:8080")
	if code != 2 || !strings.Contains(stderr, "--expose") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func fetch(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// syncWriter lets the serve goroutines and the test share a buffer.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
