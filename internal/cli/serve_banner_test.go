package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/concord-guidance/concord/internal/browsertest"
)

// TestServeBannerInOpenPage opens a page of `concord serve` in chromium,
// breaks a document's front matter, and sees a banner appear in the open
// page naming the file, line and what is wrong, over the last good site;
// a page opened meanwhile shows it too; fixing the document reloads the
// page with the new text and no banner. serve builds the editors' view, so
// the page marks the document's finding.
func TestServeBannerInOpenPage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ctx := browsertest.New(t)
	dir := t.TempDir()
	good := "---\ntitle: Guide\n---\n\n## Law\n\nThe first version talks about domestic violence.\n"
	writeFiles(t, dir, map[string]string{
		"glossary/domestic-abuse.yaml": baselineGlossary,
		"corpus/guide.md":              good,
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
		done <- a.runServe(&serveOptions{listen: "127.0.0.1:0", editor: true, onListen: func(s string) { addrc <- s }, stop: stop})
	}()
	defer func() {
		close(stop)
		<-done
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, errb.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	page := "http://" + addr + "/docs/guide/"
	browsertest.Step(t, ctx, "open a document", chromedp.Navigate(page), chromedp.WaitReady("body"))
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("mark.flag").length`); n != 1 {
		t.Errorf("the editors' view marks %d sentences, want the one with deprecated wording", n)
	}
	// The live-reload stream is open before the document breaks.
	waitFor(t, ctx, `document.documentElement.getAttribute("data-concord-serve") === "live"`, "the reload stream")

	os.WriteFile("corpus/guide.md", []byte("---\ntitle: [Guide\n---\n\n## Law\n\nBroken.\n"), 0o644)
	waitFor(t, ctx, `!!document.getElementById("concord-build-error")`, "the banner after a broken document")
	banner := browsertest.Eval[string](t, ctx, `document.getElementById("concord-build-error").textContent`)
	for _, want := range []string{"could not be rebuilt", "corpus/guide.md:2:", "invalid front matter", "To fix:", "last good build"} {
		if !strings.Contains(banner, want) {
			t.Errorf("the banner reads %q, without %q", banner, want)
		}
	}
	if role := browsertest.Eval[string](t, ctx, `document.getElementById("concord-build-error").getAttribute("role")`); role != "alert" {
		t.Errorf("the banner's role is %q, want alert", role)
	}
	if body := browsertest.Eval[string](t, ctx, `document.querySelector("main").textContent`); !strings.Contains(body, "first version") {
		t.Error("the page no longer shows the last good build")
	}
	if shots := os.Getenv("CONCORD_SHOTS"); shots != "" {
		// For a person to look at: CONCORD_SHOTS=DIR go test -run TestServeBanner.
		for _, w := range []int64{1280, 375} {
			browsertest.Step(t, ctx, "viewport", chromedp.EmulateViewport(w, 700))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(shots, fmt.Sprintf("serve-banner-%d.png", w)), png, 0o644)
		}
		browsertest.Step(t, ctx, "viewport", chromedp.EmulateViewport(1280, 900))
	}
	// A page opened while the build is broken shows the banner too.
	browsertest.Step(t, ctx, "reload while broken", chromedp.Navigate(page), chromedp.WaitReady("body"))
	waitFor(t, ctx, `!!document.getElementById("concord-build-error")`, "the banner on a page opened while the build is broken")

	os.WriteFile("corpus/guide.md", []byte(strings.Replace(good, "first version", "second version", 1)), 0o644)
	waitFor(t, ctx, `document.body && document.body.textContent.includes("second version") && !document.getElementById("concord-build-error")`, "the fixed page without the banner")
}

// waitFor polls a JavaScript condition in the page for up to 30 seconds.
func waitFor(t *testing.T, ctx context.Context, cond, what string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(sctx, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no %s within 30 seconds", what)
}
