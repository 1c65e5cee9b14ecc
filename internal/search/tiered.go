package search

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Searcher answers queries for a server: an Index, or a Tiered.
type Searcher interface {
	SearchContext(ctx context.Context, q Query) (*Results, error)
	Close() error
}

var errClosed = errors.New("search: index closed")

// Tiered answers each query from a static index where that answers it
// exactly as the bleve index would (StaticSearch), and from a bleve index
// where it cannot (phrases, the glossary term filter). The bleve index is
// made the first time a query needs it, not before: most queries never do,
// and at 10,000 documents it costs about 20 s and 2 GB to make. Queries
// that need it while it is being made wait for it, or for their context.
type Tiered struct {
	static *StaticSearch
	build  func() (*Index, error)

	mu     sync.Mutex
	done   chan struct{} // closed once build has returned; nil before it is called
	idx    *Index
	err    error
	closed bool
}

// NewTiered answers from static, and from the index build returns once a
// query needs it; with static nil, from that index alone.
func NewTiered(static *StaticSearch, build func() (*Index, error)) *Tiered {
	return &Tiered{static: static, build: build}
}

// SearchContext runs q as Index.SearchContext would on the same corpus.
func (t *Tiered) SearchContext(ctx context.Context, q Query) (*Results, error) {
	if t.static != nil {
		res, err := t.static.SearchContext(ctx, q)
		if !errors.Is(err, ErrNotStatic) {
			return res, err
		}
	}
	idx, err := t.full(ctx)
	if err != nil {
		return nil, err
	}
	return idx.SearchContext(ctx, q)
}

// full returns the bleve index, starting to make it if no query has yet.
// The making goes on when ctx ends first, for the next query that needs it.
func (t *Tiered) full(ctx context.Context) (*Index, error) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil, errClosed
	}
	if t.done == nil {
		t.done = make(chan struct{})
		go t.makeFull()
	}
	done := t.done
	t.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, fmt.Errorf("search: %w", ctx.Err())
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err != nil {
		return nil, t.err
	}
	if t.idx == nil {
		return nil, errClosed
	}
	return t.idx, nil
}

func (t *Tiered) makeFull() {
	idx, err := t.build()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed && idx != nil {
		// Closed while it was being made: nothing will use it.
		idx.Close()
		idx = nil
	}
	t.idx, t.err = idx, err
	close(t.done)
}

// Close releases the bleve index, if one was made; one still being made is
// released when it is done, without waiting for it here.
func (t *Tiered) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	if t.idx == nil {
		return nil
	}
	idx := t.idx
	t.idx = nil
	return idx.Close()
}
