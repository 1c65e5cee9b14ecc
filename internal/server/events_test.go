package server

import (
	"bufio"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openStream opens a live-reload stream and reads its first message.
func openStream(t *testing.T, client *http.Client, url string, header map[string]string) (*http.Response, *bufio.Reader, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url+eventsPath, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		resp.Body.Close()
		t.Fatalf("events = %d, want 200", resp.StatusCode)
	}
	r := bufio.NewReader(resp.Body)
	return resp, r, readMessage(t, r)
}

// readMessage reads one server-sent event (up to its blank line).
func readMessage(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		b.WriteString(line)
		if err != nil || line == "\n" {
			return b.String()
		}
	}
}

// ended reports whether the stream ends (the server closed it) before the
// client's timeout.
func ended(r *bufio.Reader) bool {
	_, err := io.Copy(io.Discard, r)
	return err == nil // EOF: closed by the server; a timeout is an error
}

// TestEventStreamsAreCappedOldestFirst: open pages beyond the cap never lock
// new pages out of live reload (the attack kept 64 idle streams and new
// pages got 503); the oldest stream gives way, and pages themselves are
// served all along.
func TestEventStreamsAreCappedOldestFirst(t *testing.T) {
	s := NewWithLimits(Limits{EventClients: 4})
	_, ts, _ := testSiteWith(t, s)
	client := &http.Client{Timeout: 10 * time.Second}
	var streams []*bufio.Reader
	var bodies []io.Closer
	defer func() {
		for _, b := range bodies {
			b.Close()
		}
	}()
	for i := 0; i < 12; i++ {
		resp, r, first := openStream(t, client, ts.URL, nil)
		bodies = append(bodies, resp.Body)
		streams = append(streams, r)
		if !strings.Contains(first, "data: 1") {
			t.Errorf("stream %d began with %q", i, first)
		}
		if n := s.EventClients(); n > 4 {
			t.Errorf("%d streams open, cap 4", n)
		}
		if status, body := get(t, ts.URL+"/"); status != 200 || !strings.Contains(body, "home") {
			t.Errorf("with %d streams opened, GET / = %d", i+1, status)
		}
	}
	// The first eight were evicted, oldest first: each was told to wait
	// longer before coming back, then closed.
	for i := 0; i < 8; i++ {
		msg := readMessage(t, streams[i])
		if !strings.Contains(msg, "retry: 10000") || !ended(streams[i]) {
			t.Errorf("evicted stream %d: %q, not ended", i, msg)
		}
	}
	// The newest four hear of a rebuild.
	s.Publish(s.dir, s.index)
	for i := 8; i < 12; i++ {
		if msg := readMessage(t, streams[i]); !strings.Contains(msg, "event: reload") || !strings.Contains(msg, "id: 2") {
			t.Errorf("stream %d after a rebuild: %q", i, msg)
		}
	}
}

// TestEventStreamsEnd: a stream ends after its lifetime, so idle ones do not
// stay for ever; a page that comes back having missed a rebuild (its
// Last-Event-ID is older) reloads at once.
func TestEventStreamsEnd(t *testing.T) {
	s := NewWithLimits(Limits{EventLifetime: 200 * time.Millisecond, EventKeepAlive: 50 * time.Millisecond})
	_, ts, _ := testSiteWith(t, s)
	client := &http.Client{Timeout: 10 * time.Second}
	resp, r, first := openStream(t, client, ts.URL, nil)
	defer resp.Body.Close()
	if !strings.Contains(first, "id: 1") {
		t.Errorf("first message %q has no id", first)
	}
	if !ended(r) {
		t.Errorf("an idle stream did not end after its lifetime")
	}
	if n := s.EventClients(); n != 0 {
		t.Errorf("%d streams still counted after they ended", n)
	}
	s.Publish(s.dir, s.index)
	resp2, _, first := openStream(t, client, ts.URL, map[string]string{"Last-Event-ID": "1"})
	defer resp2.Body.Close()
	if !strings.Contains(first, "event: reload") || !strings.Contains(first, "id: 2") {
		t.Errorf("a page that missed a rebuild got %q, want a reload", first)
	}
	resp3, _, first := openStream(t, client, ts.URL, map[string]string{"Last-Event-ID": "2"})
	defer resp3.Body.Close()
	if strings.Contains(first, "reload") {
		t.Errorf("an up-to-date page was told to reload: %q", first)
	}
}

// TestFailureBanner: a failed rebuild reaches open pages as a failure
// event with the place and message as JSON (markup in them stays text for
// the script to set), pages opened meanwhile get it at once, and the next
// good build clears it and reloads them.
func TestFailureBanner(t *testing.T) {
	s := New()
	_, ts, dir := testSiteWith(t, s)
	client := &http.Client{Timeout: 10 * time.Second}
	resp, r, _ := openStream(t, client, ts.URL, nil)
	defer resp.Body.Close()
	s.Fail(Failure{File: "corpus/a.md", Line: 2, Column: 1, Message: `invalid front matter: <script>"x"</script>`, Hint: "fix it"})
	msg := readMessage(t, r)
	want := `event: failure` + "\n" + `data: {"file":"corpus/a.md","line":2,"column":1,"message":"invalid front matter: \u003cscript\u003e\"x\"\u003c/script\u003e","hint":"fix it"}` + "\n\n"
	if msg != want {
		t.Errorf("failure event:\n%q\nwant\n%q", msg, want)
	}
	// A page opened while the build is broken hears of it after the hello.
	late, lr, _ := openStream(t, client, ts.URL, nil)
	defer late.Body.Close()
	if msg := readMessage(t, lr); !strings.HasPrefix(msg, "event: failure\n") {
		t.Errorf("a page opened later got %q, not the failure", msg)
	}
	if f := s.Failed(); f == nil || f.File != "corpus/a.md" {
		t.Errorf("Failed() = %+v", f)
	}
	site := filepath.Join(dir, "site")
	// The same site again, as a good rebuild gives it.
	_, idx := s.current()
	s.Publish(site, idx)
	if msg := readMessage(t, r); !strings.HasPrefix(msg, "id: ") || !strings.Contains(msg, "event: reload") {
		t.Errorf("after a good build: %q, want a reload", msg)
	}
	if f := s.Failed(); f != nil {
		t.Errorf("Failed() after a good build = %+v", f)
	}
	// The script and its stylesheet are served, and set the message as text.
	script := fetchBody(t, client, ts.URL+reloadPath)
	if strings.Contains(script, "innerHTML") || !strings.Contains(script, "textContent") {
		t.Error("the reload script may parse the failure as HTML")
	}
	if css := fetchBody(t, client, ts.URL+bannerCSSPath); !strings.Contains(css, ".concord-build-error") {
		t.Errorf("banner stylesheet: %.80q", css)
	}
}

func fetchBody(t *testing.T, client *http.Client, url string) string {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
