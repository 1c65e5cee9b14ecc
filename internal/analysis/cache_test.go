package analysis

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"
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
		e := c.add(w)
		if e.surface != w || e.term != w {
			t.Fatalf("add(%q) = %+v", w, e)
		}
		// A kept entry is numbered; one past the bound is not, so no
		// number is ever given that WordID would not give.
		if kept := i < maxCacheEntries; kept != (e.termID != 0) || e.termID != e.surfaceID {
			t.Fatalf("add(%q) = %+v, numbered %v", w, e, !kept)
		}
	}
	if !c.full.Load() {
		t.Errorf("cache not marked full")
	}
	if n := c.size(); n != maxCacheEntries {
		t.Errorf("cache holds %d words, want %d", n, maxCacheEntries)
	}
	// Words added after it filled are answered, not kept.
	w := "w" + strconv.Itoa(maxCacheEntries+1)
	if _, ok := c.load(w); ok {
		t.Errorf("%s kept after the cache filled", w)
	}
	if e, ok := c.load("w1"); !ok || e.term != "w1" || e.termID != c.ids["w1"] {
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

// TestWordTable checks the packed table against a map: words of every
// length around the 8- and 16-byte limits, words that differ only by
// trailing zero bytes (the packing pads with zeros), the empty word, and
// words read in place from a text at every distance from its end.
func TestWordTable(t *testing.T) {
	if n := unsafe.Sizeof(slot{}); n != 64 {
		t.Errorf("a slot takes %d bytes, not one cache line", n)
	}
	var all []string
	for n := 0; n <= 20; n++ {
		all = append(all, strings.Repeat("a", n), strings.Repeat("b", n)+"\x00", "z"+strings.Repeat("\x00", n))
		if n > 0 {
			all = append(all, strings.Repeat("a", n-1)+"B", "é"+strings.Repeat("c", n))
		}
	}
	want := map[string]entry{}
	var tab *wordTable
	// In batches, so that merging into an existing table is tested too.
	for i, w := range all {
		want[w] = entry{surface: "s" + w, term: "t" + w}
		if i%7 == 6 || i == len(all)-1 {
			batch := map[string]entry{}
			for _, w := range all[:i+1] {
				if _, ok := tab.get(w); !ok {
					batch[w] = want[w]
				}
			}
			tab = tab.merge(batch)
		}
	}
	if tab.len() != len(want) {
		t.Errorf("table holds %d words, want %d", tab.len(), len(want))
	}
	for w, e := range want {
		if got, ok := tab.get(w); !ok || got != e {
			t.Errorf("get(%q) = %+v, %v; want %+v", w, got, ok, e)
		}
	}
	for _, w := range []string{"aaaaaaaaaaaaaaaaaaaaa", "c", "aaaaaaaaaaaaaaab", "a\x00\x00"} {
		if _, ok := want[w]; !ok {
			if got, ok := tab.get(w); ok {
				t.Errorf("get(%q) = %+v for a word never added", w, got)
			}
		}
	}
	for _, w := range all {
		if w == "" || len(w) > 16 {
			continue
		}
		for pad := 0; pad <= 20; pad++ {
			text := "x " + w + strings.Repeat(" y", pad)
			got := tab.getAt(text, 2, 2+len(w))
			if e := want[w]; got == nil || *got != e {
				t.Errorf("getAt(%q, 2, %d) = %+v; want %+v", text, 2+len(w), got, e)
			}
		}
	}
}

// size is the number of words cached; c.mu must be held.
func (c *wordCache) size() int { return c.read.Load().len() + len(c.dirty) }
