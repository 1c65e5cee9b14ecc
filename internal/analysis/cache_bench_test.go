package analysis

import (
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// The word cache's design was chosen with these benchmarks: each variant
// looks up every word of the sample in order, as Analyze does, from one
// goroutine and from GOMAXPROCS goroutines at once.

type cacheVariant interface {
	load(string) (entry, bool)
	add(string) entry
}

func computeEntry(raw string) *entry {
	key := strings.Clone(raw)
	surface := Fold(key)
	return &entry{surface: surface, term: stem(surface)}
}

// A map per shard behind a read-write lock.
type shardedVariant struct {
	seed   maphash.Seed
	n      atomic.Int64
	shards [64]struct {
		mu sync.RWMutex
		m  map[string]entry
		_  [64]byte // keep shards' locks on separate cache lines
	}
}

func newSharded() *shardedVariant {
	c := &shardedVariant{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = map[string]entry{}
	}
	return c
}

func (c *shardedVariant) load(raw string) (entry, bool) {
	s := &c.shards[maphash.String(c.seed, raw)&63]
	s.mu.RLock()
	e, ok := s.m[raw]
	s.mu.RUnlock()
	return e, ok
}

func (c *shardedVariant) add(raw string) entry {
	e := computeEntry(raw)
	if c.n.Load() < maxCacheEntries {
		s := &c.shards[maphash.String(c.seed, raw)&63]
		s.mu.Lock()
		s.m[strings.Clone(raw)] = *e
		s.mu.Unlock()
		c.n.Add(1)
	}
	return *e
}

// sync.Map.
type syncMapVariant struct {
	m sync.Map
	n atomic.Int64
}

func (c *syncMapVariant) load(raw string) (entry, bool) {
	v, ok := c.m.Load(raw)
	if !ok {
		return entry{}, false
	}
	return *v.(*entry), true
}

func (c *syncMapVariant) add(raw string) entry {
	e := computeEntry(raw)
	if c.n.Load() < maxCacheEntries {
		if _, loaded := c.m.LoadOrStore(strings.Clone(raw), e); !loaded {
			c.n.Add(1)
		}
	}
	return *e
}

// No cache: fold and stem every word.
type noCacheVariant struct{}

func (noCacheVariant) load(string) (entry, bool) { return entry{}, false }
func (noCacheVariant) add(raw string) entry      { return *computeEntry(raw) }

func sampleWords(b *testing.B) [][]string {
	paras, _ := benchSample(b)
	out := make([][]string, len(paras))
	for i, p := range paras {
		for _, b := range words(p, [][2]int(nil)) {
			out[i] = append(out[i], p[b[0]:b[1]])
		}
	}
	return out
}

func lookupAll(c cacheVariant, words []string) {
	for _, w := range words {
		if _, ok := c.load(w); !ok {
			c.add(w)
		}
	}
}

// perCallAll is a cache that lives for one Analyze call.
func perCallAll(words []string) {
	m := make(map[string]entry, len(words))
	for _, w := range words {
		if _, ok := m[w]; !ok {
			m[w] = *computeEntry(w)
		}
	}
}

func BenchmarkWordCache(b *testing.B) {
	paras := sampleWords(b)
	_, n := benchSample(b)
	variants := []struct {
		name string
		new  func() cacheVariant
	}{
		{"none", func() cacheVariant { return noCacheVariant{} }},
		{"syncmap", func() cacheVariant { return &syncMapVariant{} }},
		{"sharded", func() cacheVariant { return newSharded() }},
		{"snapshot", func() cacheVariant { return &wordCache{} }}, // the one in use
	}
	for _, v := range variants {
		for _, par := range []bool{false, true} {
			name := v.name + "/serial"
			if par {
				name = v.name + "/parallel"
			}
			b.Run(name, func(b *testing.B) {
				c := v.new()
				for _, p := range paras {
					lookupAll(c, p)
				}
				b.SetBytes(n)
				b.ReportAllocs()
				b.ResetTimer()
				if !par {
					for b.Loop() {
						for _, p := range paras {
							lookupAll(c, p)
						}
					}
					return
				}
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						for _, p := range paras {
							lookupAll(c, p)
						}
					}
				})
			})
		}
	}
	for _, par := range []bool{false, true} {
		name := "percall/serial"
		if par {
			name = "percall/parallel"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			if !par {
				for b.Loop() {
					for _, p := range paras {
						perCallAll(p)
					}
				}
				return
			}
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					for _, p := range paras {
						perCallAll(p)
					}
				}
			})
		})
	}
}
