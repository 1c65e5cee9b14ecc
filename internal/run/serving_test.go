package run

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type rebuildReport struct {
	summary string
	err     error
}

// TestServeRebuildsOnChange serves a project from a temporary folder,
// changes a document and sees the rebuilt page served; a change that
// breaks the document is reported, the last good site is still served,
// and Close removes the built sites.
func TestServeRebuildsOnChange(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	page := func(text string) string { return "---\ntitle: Guide\n---\n\n## Law\n\n" + text + "\n" }
	if err := os.MkdirAll("corpus", 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join("corpus", "guide.md"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(page("The first version talks about stalking."))
	var stderr strings.Builder
	r := &Runner{GlossaryDir: "builtin", Stderr: &stderr, Getenv: func(string) string { return "" }}
	rebuilt := make(chan rebuildReport, 8)
	s, err := r.StartServe(ServeOptions{Listen: "127.0.0.1:0", Watch: true, Settle: 20 * time.Millisecond,
		Rebuilt: func(_ time.Duration, summary string, err error) { rebuilt <- rebuildReport{summary, err} }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Summary() != "1 document (0 findings)" {
		t.Errorf("summary %q", s.Summary())
	}
	get := func() string {
		t.Helper()
		resp, err := http.Get("http://" + s.Addr() + "/docs/guide/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	// waitFor waits for a rebuild that ok accepts: one write may set off
	// more than one rebuild, the earlier ones seeing the file half
	// written. The deadline only keeps a broken watcher from hanging the
	// test.
	waitFor := func(ok func(rebuildReport) bool) {
		t.Helper()
		deadline := time.After(60 * time.Second)
		for {
			select {
			case r := <-rebuilt:
				if ok(r) {
					return
				}
			case <-deadline:
				t.Fatalf("no such rebuild; stderr: %s", stderr.String())
			}
		}
	}
	if !strings.Contains(get(), "first version") {
		t.Fatal("the first build is not served")
	}

	write(page("The second version talks about a stalking prevention order."))
	waitFor(func(r rebuildReport) bool { return r.err == nil && r.summary == "1 document (1 finding)" })
	if !strings.Contains(get(), "second version") {
		t.Fatal("the rebuilt page is not served")
	}

	write("---\ntitle: [\n---\nbroken\n")
	waitFor(func(r rebuildReport) bool { return r.err != nil })
	if !strings.Contains(get(), "second version") {
		t.Fatal("the last good site is not served after a failed rebuild")
	}

	tmp := s.b.tmp
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the built sites were left in %s", tmp)
	}
}

// TestServeListenError: an address serve cannot listen on is a
// ListenError, and nothing is left behind.
func TestServeListenError(t *testing.T) {
	t.Chdir(t.TempDir())
	os.MkdirAll("corpus", 0o755)
	os.WriteFile("corpus/a.md", []byte("# A\n\nText.\n"), 0o644)
	r := &Runner{GlossaryDir: "builtin", Stderr: io.Discard, Getenv: func(string) string { return "" }}
	_, err := r.StartServe(ServeOptions{Listen: "127.0.0.1:-1"})
	if _, ok := err.(*ListenError); !ok {
		t.Fatalf("got %v, want a ListenError", err)
	}
}
