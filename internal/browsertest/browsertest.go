// Package browsertest starts Debian's chromium, headless, for tests that
// check what a reader's browser does with concord's pages. It is imported
// only by tests. Without chromium the tests skip, except under CI (env CI
// set), where a missing browser fails the run.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Need skips the test, or fails it under CI, when a tool is missing.
func Need(t testing.TB, what, hint string) {
	t.Helper()
	msg := fmt.Sprintf("%s is not installed (%s)", what, hint)
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI must install it")
	}
	t.Skip(msg)
}

// ChromiumPath finds the browser: $CONCORD_CHROMIUM, else chromium on PATH.
func ChromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CONCORD_CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	Need(t, "chromium", "apt-get install chromium")
	return ""
}

// New starts headless chromium with a fresh profile and the flags this
// machine needs (no background networking), and returns a context for one
// tab. The browser stops when the test ends.
func New(t testing.TB) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// Start the browser now, on a context without a deadline (a deadline
	// on the first run would end the browser with it).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Step runs browser actions with a time limit, failing the test on error.
func Step(t testing.TB, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// Eval evaluates a JavaScript expression (awaiting a promise) and returns
// its value.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.60q: %v", expr, err)
	}
	return v
}

// BypassCSP turns the page's Content-Security-Policy off or on, so tests can
// inject axe-core or prove that markup cannot run even without the policy.
func BypassCSP(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: on})
		return err
	})
}
