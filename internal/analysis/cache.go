package analysis

import (
	"strings"
	"sync"
	"sync/atomic"
)

// entry is what Analyze makes of one word as the tokenizer cut it.
type entry struct {
	surface string // Fold(word)
	term    string // Stem(Fold(word))
}

// maxCacheEntries bounds the word cache. Real text's vocabulary is small and
// Zipfian, so this holds every word of a large corpus, while a long-running
// server fed endless new words stops growing at a few tens of megabytes.
const maxCacheEntries = 200_000

// cache maps a word as written to its entry. Folding and stemming cost more
// than the tokenizer, and most words repeat.
var cache wordCache

// lookup returns the entry for raw, an ASCII or non-ASCII word.
func lookup(raw string) entry {
	if e, ok := cache.load(raw); ok {
		return e
	}
	return cache.add(raw)
}

func lookupBytes(raw []byte) entry {
	// Indexing with string(raw) does not copy raw.
	if m := cache.read.Load(); m != nil {
		if e, ok := (*m)[string(raw)]; ok {
			return e
		}
	}
	return lookup(string(raw))
}

// wordCache is a map that readers use without locks or atomic writes: the
// checker looks words up from every core at once, and a shared lock's cache
// line (RWMutex, even sharded) or sync.Map's hash trie cost more than the
// lookup itself. In BenchmarkWordCache, from one goroutine and from two, a
// plain map read through an atomic pointer was about 1.5-2 times as fast as
// 64 RWMutex shards, 2-3 times as fast as sync.Map, and over 10 times as fast
// as folding and stemming every word (a cache per call is no better than
// none: a paragraph repeats few words).
//
// New words go to dirty, under mu, and are published by replacing read with a
// merged copy once dirty has grown by a quarter of read, or once lookups
// that had to take the lock have paid for the copy. Growth is geometric, so
// the copying costs a few map writes per word in all.
type wordCache struct {
	read      atomic.Pointer[map[string]entry]
	full      atomic.Bool // read holds every entry there will ever be
	mu        sync.Mutex
	dirty     map[string]entry // entries not yet in read
	dirtyHits int              // lookups answered from dirty since the last copy
}

func (c *wordCache) load(raw string) (entry, bool) {
	if m := c.read.Load(); m != nil {
		if e, ok := (*m)[raw]; ok {
			return e, true
		}
	}
	if c.full.Load() {
		return entry{}, false
	}
	c.mu.Lock()
	e, ok := c.dirty[raw]
	if ok {
		c.dirtyHits++
		if c.dirtyHits > 4*(len(c.readMap())+64) {
			c.publish()
		}
	}
	c.mu.Unlock()
	return e, ok
}

// add computes raw's entry and remembers it while the cache has room.
func (c *wordCache) add(raw string) entry {
	// The cache must not keep the caller's text alive through substrings of
	// it, and tokens must not either (as before the cache), so the entry is
	// made from a copy of the word.
	key := strings.Clone(raw)
	surface := Fold(key)
	e := entry{surface: surface, term: stem(surface)}
	if c.full.Load() {
		return e
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	read := c.readMap()
	if _, ok := read[key]; ok || c.full.Load() {
		return e
	}
	if c.dirty == nil {
		c.dirty = map[string]entry{}
	}
	c.dirty[key] = e
	switch n := len(read) + len(c.dirty); {
	case n >= maxCacheEntries:
		c.publish()
		c.full.Store(true)
	case len(c.dirty) > 64+len(read)/4:
		c.publish()
	}
	return e
}

func (c *wordCache) readMap() map[string]entry {
	if m := c.read.Load(); m != nil {
		return *m
	}
	return nil
}

// publish moves dirty into a new read map; c.mu must be held.
func (c *wordCache) publish() {
	read := c.readMap()
	m := make(map[string]entry, len(read)+len(c.dirty))
	for k, v := range read {
		m[k] = v
	}
	for k, v := range c.dirty {
		m[k] = v
	}
	c.read.Store(&m)
	c.dirty = nil
	c.dirtyHits = 0
}
