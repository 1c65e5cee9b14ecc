package analysis

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
)

func TestWordCacheBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("adds a quarter of a million words")
	}
	var c wordCache
	for i := range maxCacheEntries + 5000 {
		w := "w" + strconv.Itoa(i)
		if e, ok := c.load(w); ok {
			t.Fatalf("%s cached before it was added: %+v", w, e)
		}
		if e := c.add(w); e.surface != w || e.term != w {
			t.Fatalf("add(%q) = %+v", w, e)
		}
	}
	if !c.full.Load() {
		t.Errorf("cache not marked full")
	}
	if n := len(c.readMap()) + len(c.dirty); n != maxCacheEntries {
		t.Errorf("cache holds %d words, want %d", n, maxCacheEntries)
	}
	// Words added after it filled are answered, not kept.
	w := "w" + strconv.Itoa(maxCacheEntries+1)
	if _, ok := c.load(w); ok {
		t.Errorf("%s kept after the cache filled", w)
	}
	if e, ok := c.load("w1"); !ok || e.term != "w1" {
		t.Errorf("w1 lost: %+v %v", e, ok)
	}
}

// TestAnalyzeConcurrent is for the race detector: goroutines analysing
// overlapping new vocabulary at once must all see the reference's tokens.
func TestAnalyzeConcurrent(t *testing.T) {
	var texts []string
	for i := range 300 {
		texts = append(texts, fmt.Sprintf("The Council's %dth stalked Victims' case%d of s.%dA, and ‘quoted%d’ words", i%37, i%53, i, i%11))
	}
	want := make([][]Token, len(texts))
	for i, s := range texts {
		want[i] = refAnalyze(s)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range texts {
				i := (k*7 + g*13) % len(texts)
				if d := diffTokens(Analyze(texts[i]), want[i]); d != "" {
					t.Errorf("Analyze(%q): %s", texts[i], d)
					return
				}
			}
		})
	}
	wg.Wait()
}
