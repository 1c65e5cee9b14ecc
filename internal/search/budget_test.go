package search

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A query may examine the vocabulary at most four times over to expand its
// wildcards, regular expressions and fuzzy words: 32 leading wildcards (the
// attack that kept a server busy for seconds per query) are refused as a
// query error, while four, or 32 wildcards that begin with letters, run.
func TestExpansionBudget(t *testing.T) {
	idx := buildTest(t, testDocs())
	many := func(n int, format string) string {
		var parts []string
		for i := 0; i < n; i++ {
			parts = append(parts, fmt.Sprintf(format, string(rune('a'+i%26))))
		}
		return strings.Join(parts, " ")
	}
	cases := []struct {
		q     string
		broad bool
	}{
		{many(4, "*%s*"), false},
		{many(32, "%s*"), false},
		{many(5, "*%s*"), true},
		{many(32, "*%s*"), true},
		{many(5, "/.*%s.*/"), true},
		{many(3, "*%s*") + " " + many(2, "/%s.*/"), true},
		{"stalking~2 harassment~2 conduct~2 fear~2", false},
		{"stalking~2 harassment~2 conduct~2 fear~2 alarm~2", true},
	}
	for _, c := range cases {
		_, err := idx.Search(Query{Text: c.q})
		var qe *QueryError
		switch {
		case c.broad && !(errors.As(err, &qe) && strings.Contains(err.Error(), "too broad")):
			t.Errorf("%q: err = %v, want a query error saying it is too broad", c.q, err)
		case !c.broad && err != nil:
			t.Errorf("%q: %v", c.q, err)
		}
	}
}

// A search whose context has ended stops, with the context's error (not a
// query error, which a server reports as the client's fault).
func TestSearchStopsWithItsContext(t *testing.T) {
	idx := buildTest(t, testDocs())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, q := range []string{"stalking", "*a* *e* *i*", "harassment~2"} {
		_, err := idx.SearchContext(ctx, Query{Text: q})
		var qe *QueryError
		if !errors.Is(err, context.Canceled) || errors.As(err, &qe) {
			t.Errorf("%q with an ended context: err = %v, want context.Canceled", q, err)
		}
	}
}
