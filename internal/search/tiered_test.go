package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// A Tiered answers every query as the bleve index would, makes that index
// only for the first query the static index cannot answer, and makes it
// once however many such queries come at once.
func TestTieredAnswersAsBleve(t *testing.T) {
	docs := syntheticDocs(40)
	idx := buildTest(t, docs)
	made := 0
	var mu sync.Mutex
	tiered := NewTiered(staticOf(t, docs), func() (*Index, error) {
		mu.Lock()
		made++
		mu.Unlock()
		return Build(docs, "")
	})
	defer tiered.Close()
	var static, full []string
	x := staticOf(t, docs)
	for _, q := range staticParityQueries {
		if _, err := x.Search(Query{Text: q}); errors.Is(err, ErrNotStatic) {
			full = append(full, q)
		} else {
			static = append(static, q)
		}
	}
	if len(full) == 0 || len(static) == 0 {
		t.Fatalf("%d static and %d bleve queries: the test needs both", len(static), len(full))
	}
	check := func(q string) {
		want, werr := idx.Search(Query{Text: q, Limit: 5})
		got, gerr := tiered.SearchContext(context.Background(), Query{Text: q, Limit: 5})
		if fmt.Sprint(werr) != fmt.Sprint(gerr) {
			t.Errorf("%q: error %v, want %v", q, gerr, werr)
			return
		}
		if werr != nil {
			return
		}
		var wj, gj bytes.Buffer
		WriteJSON(&wj, want)
		WriteJSON(&gj, got)
		if wj.String() != gj.String() {
			t.Errorf("%q:\n%s\nwant\n%s", q, gj.String(), wj.String())
		}
	}
	var wg sync.WaitGroup
	for _, q := range static {
		wg.Add(1)
		go func() { defer wg.Done(); check(q) }()
	}
	wg.Wait()
	if tiered.Full() || made != 0 {
		t.Fatalf("queries the static index answers made the bleve index (%d times)", made)
	}
	for _, q := range append(full, static...) {
		wg.Add(1)
		go func() { defer wg.Done(); check(q) }()
	}
	wg.Wait()
	if made != 1 {
		t.Fatalf("the bleve index was made %d times, want once", made)
	}
}

// A query waiting for the bleve index gives up when its context ends; the
// index goes on being made for the next one, and closing the Tiered while
// it is made releases it once done.
func TestTieredWaitsWithinItsContext(t *testing.T) {
	docs := testDocs()
	release := make(chan struct{})
	var made *Index
	tiered := NewTiered(staticOf(t, docs), func() (*Index, error) {
		<-release
		idx, err := Build(docs, "")
		made = idx
		return idx, err
	})
	phrase := Query{Text: `"course of conduct"`}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := tiered.SearchContext(ctx, phrase); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a phrase while the index is made: %v, want the deadline", err)
	}
	close(release)
	res, err := tiered.SearchContext(context.Background(), phrase)
	if err != nil || res.Total == 0 {
		t.Fatalf("the phrase once the index is made: %v, %v", res, err)
	}
	tiered.Close()
	if _, err := tiered.SearchContext(context.Background(), phrase); !errors.Is(err, errClosed) {
		t.Fatalf("after Close: %v, want errClosed", err)
	}
	if _, err := made.Search(phrase); err == nil {
		t.Fatal("Close left the bleve index open")
	}

	// Closed while the index is being made: it is closed once made.
	release = make(chan struct{})
	tiered = NewTiered(staticOf(t, docs), func() (*Index, error) {
		<-release
		idx, err := Build(docs, "")
		made = idx
		return idx, err
	})
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	tiered.SearchContext(ctx, phrase) // starts the making
	tiered.Close()
	close(release)
	for !tiered.isDone() {
		time.Sleep(time.Millisecond)
	}
	if _, err := made.Search(phrase); err == nil {
		t.Fatal("an index made after Close was left open")
	}
}

func (t *Tiered) isDone() bool {
	t.mu.Lock()
	done := t.done
	t.mu.Unlock()
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// Full reports whether the bleve index has been made.
func (t *Tiered) Full() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.idx != nil
}
