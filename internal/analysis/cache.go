package analysis

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
)

// entry is what Analyze makes of one word as the tokenizer cut it.
type entry struct {
	surface string // Fold(word)
	term    string // Stem(Fold(word))
	// surfaceID and termID number surface and term (see WordID); 0 for an
	// entry the cache had no room for.
	surfaceID, termID uint32
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
	if t := cache.read.Load(); t != nil {
		if e, ok := t.get(string(raw)); ok {
			return e
		}
	}
	return lookup(string(raw))
}

// wordCache is a table that readers use without locks or atomic writes: the
// checker looks words up from every core at once, and a shared lock's cache
// line (RWMutex, even sharded) or sync.Map's hash trie cost more than the
// lookup itself. In BenchmarkWordCache, from one goroutine and from two, a
// plain map read through an atomic pointer was about 1.5-2 times as fast as
// 64 RWMutex shards, 2-3 times as fast as sync.Map, and over 10 times as fast
// as folding and stemming every word (a cache per call is no better than
// none: a paragraph repeats few words). The immutable table read through the
// atomic pointer is now wordTable rather than a map (see there for why).
//
// New words go to dirty, under mu, and are published by replacing read with a
// merged copy once dirty has grown by a quarter of read, or once lookups
// that had to take the lock have paid for the copy. Growth is geometric, so
// the copying costs a few table writes per word in all.
type wordCache struct {
	read      atomic.Pointer[wordTable]
	full      atomic.Bool // read holds every entry there will ever be
	mu        sync.Mutex
	dirty     map[string]entry // entries not yet in read
	dirtyHits int              // lookups answered from dirty since the last copy
	ids       map[string]uint32
}

// maxWordIDs bounds the word numbers, as maxCacheEntries bounds the cache:
// every cached entry's two words and the words callers number for their
// tables (WordID) fit many times over.
const maxWordIDs = 1 << 21

// WordID returns the number that tokens carry for the analysed term or
// folded surface w (Token.TermID, Token.SurfaceID): one string, one number,
// whether it is a term or a surface. It numbers w if it has no number yet,
// so a table built from its own words can be indexed by tokens' numbers.
// It returns 0 once numbers have run out, and then no token will ever carry
// a number for w: a caller falls back to the string for a token numbered 0.
func WordID(w string) uint32 {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	return cache.id(w)
}

// id is WordID with c.mu held.
func (c *wordCache) id(w string) uint32 {
	if n, ok := c.ids[w]; ok {
		return n
	}
	if len(c.ids) >= maxWordIDs-1 {
		return 0
	}
	if c.ids == nil {
		c.ids = map[string]uint32{}
	}
	n := uint32(len(c.ids) + 1)
	c.ids[strings.Clone(w)] = n
	return n
}

// lookupMissed is lookup for a word of at most 16 bytes that the
// published table t does not hold: it asks t no second time, only a table
// published since, if any, and then the locked path.
func lookupMissed(raw string, t *wordTable) entry {
	if nt := cache.read.Load(); nt != t {
		return lookup(raw)
	}
	if e, ok := cache.loadDirty(raw); ok {
		return e
	}
	return cache.add(raw)
}

func (c *wordCache) load(raw string) (entry, bool) {
	if t := c.read.Load(); t != nil {
		if e, ok := t.get(raw); ok {
			return e, true
		}
	}
	return c.loadDirty(raw)
}

// loadDirty is load for a word that the published table does not hold.
func (c *wordCache) loadDirty(raw string) (entry, bool) {
	if c.full.Load() {
		return entry{}, false
	}
	c.mu.Lock()
	e, ok := c.dirty[raw]
	if ok {
		c.dirtyHits++
		if c.dirtyHits > 4*(c.read.Load().len()+64) {
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
	read := c.read.Load()
	if old, ok := read.get(key); ok {
		return old
	}
	if old, ok := c.dirty[key]; ok {
		return old
	}
	if c.full.Load() {
		return e
	}
	e.surfaceID, e.termID = c.id(e.surface), c.id(e.term)
	if c.dirty == nil {
		c.dirty = map[string]entry{}
	}
	c.dirty[key] = e
	switch n := read.len() + len(c.dirty); {
	case n >= maxCacheEntries:
		c.publish()
		c.full.Store(true)
	case len(c.dirty) > 64+read.len()/4:
		c.publish()
	}
	return e
}

// publish moves dirty into a new read table; c.mu must be held.
func (c *wordCache) publish() {
	c.read.Store(c.read.Load().merge(c.dirty))
	c.dirty = nil
	c.dirtyHits = 0
}

// wordTable is the published part of the word cache, never changed once
// published. Words of up to 16 bytes (nearly all of them) live in an
// open-addressing table whose slot holds the word itself, packed into two
// integers, beside its entry: a lookup hashes the two integers, which
// analyzeASCII loads straight from the text, and compares them, touching one
// slot and no key elsewhere in memory. A Go map hashes the string's bytes,
// then compares them through the stored key's pointer, a second cache miss
// for words outside the hot few. Longer words go to a map.
type wordTable struct {
	slots []slot // a power of two in length, at most half full
	seed  [2]uint64
	n     int              // words in slots
	long  map[string]entry // words longer than 16 bytes
}

type slot struct {
	k0, k1 uint64 // the word's bytes, little-endian, zero-padded
	n      uint64 // the word's length; 0 marks an empty slot
	// The entry makes the slot 64 bytes, which puts each slot in one cache
	// line, since slots, a power of two of at least 1 KiB, is allocated
	// 64-byte aligned. In cachegrind that cut the L1 read misses of
	// analysing a 1,000-document corpus by a third (it was padded to 64
	// before entries carried word numbers).
	e entry
}

// pack returns w, of at most 16 bytes, as the two integers of its slot.
func pack(w string) (k0, k1 uint64) {
	var b [16]byte
	copy(b[:], w)
	return binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])
}

// packAt is pack(text[s:e]) for e-s <= 16, loading the bytes directly when
// text has 16 bytes from s.
func packAt(text string, s, e int) (k0, k1 uint64) {
	if s+16 > len(text) {
		return pack(text[s:e])
	}
	k0, k1 = load64(text, s), load64(text, s+8)
	// Shifts of 64 or more give 0 in Go, so n of 8 and 16 need no cases.
	n := uint(e - s)
	if n < 8 {
		return k0 & (1<<(8*n) - 1), 0
	}
	return k0, k1 & (1<<(8*(n-8)) - 1)
}

// load64 is text[i:i+8] little-endian; the compiler makes it one load.
func load64(text string, i int) uint64 {
	b := text[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func (t *wordTable) hash(k0, k1, n uint64) uint64 {
	hi, lo := bits.Mul64(k0^t.seed[0], k1^t.seed[1]^n)
	return hi ^ lo
}

func (t *wordTable) len() int {
	if t == nil {
		return 0
	}
	return t.n + len(t.long)
}

// find looks up the packed word of length n (1 to 16), returning its
// entry in place (entries are never changed once published), or nil. A
// pointer rather than a copy keeps getAt small enough to inline into
// analyzeASCII's loop.
func (t *wordTable) find(k0, k1, n uint64) *entry {
	mask := uint64(len(t.slots) - 1)
	for i := t.hash(k0, k1, n) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.k0 == k0 && s.k1 == k1 && s.n == n {
			return &s.e
		}
		if s.n == 0 {
			return nil
		}
	}
}

func (t *wordTable) get(w string) (entry, bool) {
	switch {
	case t == nil:
		return entry{}, false
	case len(w) > 16 || len(w) == 0: // n 0 marks empty slots
		e, ok := t.long[w]
		return e, ok
	}
	k0, k1 := pack(w)
	if en := t.find(k0, k1, uint64(len(w))); en != nil {
		return *en, true
	}
	return entry{}, false
}

// getAt is get(text[s:e]) for an ASCII word of at most 16 bytes, without
// the copy of the word, and of the entry: nil for a word not in t. It is
// small enough to inline into analyzeASCII's loop.
func (t *wordTable) getAt(text string, s, e int) *entry {
	if t == nil {
		return nil
	}
	k0, k1 := packAt(text, s, e)
	return t.find(k0, k1, uint64(e-s))
}

// merge returns a new table with t's words and those of add.
func (t *wordTable) merge(add map[string]entry) *wordTable {
	nt := &wordTable{long: map[string]entry{}}
	short := 0
	if t != nil {
		nt.seed = t.seed
		short = t.n
	} else {
		// Seeded at random, so that no fixed set of words probes long.
		nt.seed = [2]uint64{rand.Uint64(), rand.Uint64()}
	}
	for w := range add {
		if len(w) <= 16 {
			short++
		}
	}
	size := 16
	for size < 2*short {
		size *= 2
	}
	nt.slots = make([]slot, size)
	if t != nil {
		for i := range t.slots {
			if s := &t.slots[i]; s.n != 0 {
				nt.put(s.k0, s.k1, s.n, s.e)
			}
		}
		for w, e := range t.long {
			nt.long[w] = e
		}
	}
	for w, e := range add {
		if len(w) > 16 || len(w) == 0 {
			nt.long[w] = e
			continue
		}
		k0, k1 := pack(w)
		nt.put(k0, k1, uint64(len(w)), e)
	}
	return nt
}

// put adds a packed word to a table being built.
func (t *wordTable) put(k0, k1, n uint64, e entry) {
	mask := uint64(len(t.slots) - 1)
	i := t.hash(k0, k1, n) & mask
	for ; t.slots[i].n != 0; i = (i + 1) & mask {
		if s := &t.slots[i]; s.k0 == k0 && s.k1 == k1 && s.n == n {
			s.e = e
			return
		}
	}
	t.slots[i] = slot{k0: k0, k1: k1, n: n, e: e}
	t.n++
}
