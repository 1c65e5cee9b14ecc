package server

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concord-guidance/concord/internal/search"
)

// loadCorpus makes a corpus with a large vocabulary, so that every wildcard
// expands as far as it may: docs documents of sections sections, their words
// made of random syllables.
func loadCorpus(docs, sections int) []search.Doc {
	rng := rand.New(rand.NewPCG(1, 2))
	syl := []string{"ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "qui", "ro", "su", "ta", "ve", "wi", "xo", "ya", "ze"}
	word := func() string {
		var b strings.Builder
		for n := 2 + rng.IntN(3); n > 0; n-- {
			b.WriteString(syl[rng.IntN(len(syl))])
		}
		return b.String()
	}
	out := make([]search.Doc, docs)
	for d := range out {
		doc := search.Doc{File: fmt.Sprintf("corpus/d%04d.md", d), URL: fmt.Sprintf("docs/d%04d/", d), Title: word() + " " + word()}
		for s := 0; s < sections; s++ {
			words := make([]string, 100)
			for i := range words {
				words[i] = word()
			}
			doc.Sections = append(doc.Sections, search.Section{Anchor: fmt.Sprintf("s%d", s), Heading: word(), Line: 1 + 10*s, Text: strings.Join(words, " ") + "."})
		}
		out[d] = doc
	}
	return out
}

// expensiveQuery is about as costly a query as the search limits allow (a
// query may examine the vocabulary four times over): two wildcards that
// scan the whole vocabulary and 30 that each scan the words beginning with
// one letter (1.4 times the vocabulary in all), all expanding to as many
// stems as they may.
func expensiveQuery(i int) string {
	letters := "abcdefghijklmnopqrstuvwxyz"
	var parts []string
	for j := 0; j < 2; j++ {
		parts = append(parts, "*"+string(letters[(i+j)%26])+"*")
	}
	for j := 0; j < 30; j++ {
		parts = append(parts, string(letters[(i+j)%26])+"*")
	}
	return strings.Join(parts, " ")
}

// TestLoadExpensiveSearches sends 1,000 expensive searches at once. Every one
// is answered within its timeout, with results or with 503 and Retry-After;
// no more than Limits.Searches run at once; the heap stays bounded and no
// search goes on running once its client has its answer. Figures go to the
// test log.
func TestLoadExpensiveSearches(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	idx, err := search.Build(loadCorpus(150, 3), "")
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<html><body>home</body></html>"), 0o644)
	// The timeout is longer than serve's 2 s so that the one search run
	// alone below finishes on a loaded CI machine too; what is tested is
	// that every request is answered within whatever the timeout is.
	limits := Limits{Searches: 2, SearchQueue: 8, SearchTimeout: 3 * SearchTimeout}
	s := NewWithLimits(limits)
	s.Publish(site, idx)
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.Config = NewHTTPServer(s.Handler())
	ts.Start()
	defer ts.Close()

	// One query on its own, to know what it costs.
	var m0 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	one := time.Now()
	status, body := get(t, ts.URL+"/api/search?q="+url.QueryEscape(expensiveQuery(0)))
	if status != 200 {
		t.Fatalf("one expensive search = %d %.200s", status, body)
	}
	t.Logf("one expensive search alone: %v", time.Since(one).Round(time.Millisecond))

	const clients = 1000
	// The client's timeout is the server's, with room for a loaded machine
	// to schedule the reply: a server that went on searching past its
	// timeout (the attack's 4.6 s median for a 2 s timeout) fails here.
	tr := &http.Transport{MaxIdleConnsPerHost: clients, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: limits.SearchTimeout + 6*time.Second}

	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	g0 := runtime.NumGoroutine()
	var ok, busy, noRetry, failed atomic.Int64
	var firstFailure atomic.Value
	var wg sync.WaitGroup
	start := make(chan struct{})
	began := time.Now()
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			resp, err := client.Get(ts.URL + "/api/search?q=" + url.QueryEscape(expensiveQuery(i)))
			if err != nil {
				failed.Add(1)
				firstFailure.CompareAndSwap(nil, err.Error())
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			switch resp.StatusCode {
			case http.StatusOK:
				ok.Add(1)
			case http.StatusServiceUnavailable:
				busy.Add(1)
				if resp.Header.Get("Retry-After") == "" {
					noRetry.Add(1)
				}
			default:
				failed.Add(1)
				firstFailure.CompareAndSwap(nil, resp.Status)
			}
		}(i)
	}
	close(start)
	wg.Wait()
	elapsed := time.Since(began)
	close(stop)
	<-sampled
	// A search whose context has ended stops at its next check; on a
	// loaded machine that may take a moment after the last reply. One that
	// ignores its context goes on for its whole cost and fails here.
	running := len(s.running)
	for wait := time.Now(); running != 0 && time.Since(wait) < limits.SearchTimeout; running = len(s.running) {
		time.Sleep(10 * time.Millisecond)
	}

	st := s.SearchStats()
	t.Logf("%d concurrent expensive searches (limits: %d at once, %d waiting, %v timeout) in %v: %d results, %d busy (503: %d refused a turn, %d stopped at the timeout), %d failed; heap %d MB before, peak %d MB; goroutines %d",
		clients, limits.Searches, limits.SearchQueue, limits.SearchTimeout, elapsed.Round(time.Millisecond),
		ok.Load(), busy.Load(), st.Refused, st.TimedOut, failed.Load(), m0.HeapAlloc>>20, peak.Load()>>20, g0)
	if f := failed.Load(); f > 0 {
		t.Errorf("%d of %d requests got neither results nor 503 within the timeout (first: %v)", f, clients, firstFailure.Load())
	}
	if ok.Load()+busy.Load() != clients {
		t.Errorf("answered %d + %d of %d", ok.Load(), busy.Load(), clients)
	}
	if n := noRetry.Load(); n > 0 {
		t.Errorf("%d responses 503 without Retry-After", n)
	}
	// The first to arrive take the turns there are (whether they finish
	// before the timeout depends on the machine's load, so it is not
	// asserted); the rest are refused. The one search run alone before
	// counts as started too.
	if st.Started-1 < int64(limits.Searches) || st.Started-1+st.Refused != clients {
		t.Errorf("searches: %d started, %d refused, of %d", st.Started-1, st.Refused, clients)
	}
	if st.TimedOut > 0 && st.TimedOut != st.Started-1-ok.Load() {
		t.Errorf("%d timed out, %d of %d started gave results", st.TimedOut, ok.Load(), st.Started-1)
	}
	if running != 0 {
		t.Errorf("%d searches still running after every client had its answer", running)
	}
	// Once the storm is over, the server answers again at once.
	if status, body := get(t, ts.URL+"/api/search?q="+url.QueryEscape(expensiveQuery(1))); status != 200 {
		t.Errorf("after the storm, a search = %d %.200s", status, body)
	}
	// The attack took the heap from 1 to 5 GB. 1,000 connections cost a
	// few tens of MB in buffers; the searches, bounded to 2 at a time, a
	// few more.
	if grew := int64(peak.Load()) - int64(m0.HeapAlloc); grew > 192<<20 {
		t.Errorf("heap grew by %d MB under load", grew>>20)
	}
}
