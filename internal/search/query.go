package search

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/unicode/norm"
)

// MaxQueryBytes bounds the length of a query string.
const MaxQueryBytes = 512

// DefaultLimit is the number of results returned when Query.Limit is 0.
const DefaultLimit = 10

// maxClauses bounds the parts of one query, each of which may scan the
// vocabulary (fuzzy words, wildcards).
const maxClauses = 32

// Query is one search.
//
// Text uses bleve's query-string syntax: words (any may match), "phrases",
// +required, -excluded, field:word (title, heading, body, summary, topic,
// file, terms and front matter keys), word~1 or word~2 (fuzzy), word* and
// other wildcards, /regexp/. Words without a field search title, heading and
// body. Prefixes, wildcards, regular expressions and fuzzy words are matched
// against the surface forms of the corpus (the words as written) and then
// mapped to their stems, at most MaxExpansions each.
//
// With Term, only sections that use that glossary term (Section.Terms) are
// found; with Term and no Text they are ranked by their use of the term.
//
// With Spelling, a plain word that matches nothing in the corpus is
// replaced by the nearest word that does (see spell.go), and Results say
// so. search.js does the same, over the spelling lists of the static index.
//
// Section citations ("s.4A", "section 4A") are rewritten before parsing
// (normalizeCitations).
type Query struct {
	Text     string
	Term     string // glossary id: only sections that use it
	Limit    int    // 0 means DefaultLimit; negative means no limit
	Spelling bool
}

// Results is the answer to a query. Its JSON form is the output of
// `concord search --format json`.
type Results struct {
	Results []Result `json:"results"`
	Total   int      `json:"total"` // matching sections, of which Results holds the best
	// Corrections are the words of the query that matched nothing and the
	// words searched for in their place (Query.Spelling).
	Corrections []Correction `json:"corrections,omitempty"`
}

// Correction is a word of a query replaced by the nearest word of the corpus.
type Correction struct {
	Word       string `json:"word"`       // as typed
	Suggestion string `json:"suggestion"` // as the corpus writes it, folded
}

// Result is one matching section.
type Result struct {
	File      string   `json:"file"`
	Title     string   `json:"title"`
	Section   string   `json:"section"` // heading; "" for the introduction
	Line      int      `json:"line"`
	Score     float64  `json:"score"`
	Fragments []string `json:"fragments"`      // HTML: escaped text, matches in <mark>…</mark>
	Kind      string   `json:"kind,omitempty"` // "glossary" for a glossary term's page; absent for guidance

	// For servers and sites; not part of the JSON contract.
	URL    string `json:"-"` // Doc.URL plus "#"+Anchor (no fragment for the introduction)
	Anchor string `json:"-"`
}

// QueryError reports a query that cannot be run: too long, not UTF-8, or not
// valid query-string syntax. The CLI treats it as a usage error.
type QueryError struct {
	Query string
	Msg   string
}

func (e *QueryError) Error() string {
	q := e.Query
	if len(q) > 60 {
		q = q[:57] + "..."
	}
	return fmt.Sprintf("invalid search query %q: %s", q, e.Msg)
}

const (
	occurShould = iota
	occurMust
	occurNot
)

// plan is a query compiled against the current corpus.
type plan struct {
	must, should, not []clause
	term              query.Query // the glossary term filter, or nil
	terms             []scoreTerm
	highlight         map[string]bool // stems to mark in fragments
	spelling          bool            // correct words that match nothing
	corrections       []Correction
}

// shown is how many of n results q shows: its Limit (DefaultLimit when
// 0, all when negative).
func (q Query) shown(n int) int {
	limit := q.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit > 0 && n > limit {
		return limit
	}
	return n
}

// Search runs q. Results are ordered by concord's score (see score.go), ties
// by file and line.
func (idx *Index) Search(q Query) (*Results, error) {
	return idx.SearchContext(context.Background(), q)
}

// SearchContext is Search that gives up when ctx is done, for servers with
// request timeouts. An index found damaged while searching (bleve panics on
// some damage its files do not show) is rebuilt from its documents and the
// search run again.
func (idx *Index) SearchContext(ctx context.Context, q Query) (*Results, error) {
	res, err := idx.searchContext(ctx, q)
	if errors.Is(err, errDamaged) {
		if rerr := idx.rebuild(); rerr != nil {
			return nil, fmt.Errorf("%w, and rebuilding it failed: %v", err, rerr)
		}
		res, err = idx.searchContext(ctx, q)
	}
	return res, err
}

func (idx *Index) searchContext(ctx context.Context, q Query) (res *Results, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, &QueryError{Query: q.Text, Msg: fmt.Sprint(r)}
		}
	}()
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	if idx.bi == nil {
		return nil, fmt.Errorf("search: index is closed")
	}
	p, err := idx.compile(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &Results{Results: []Result{}}
	var bq query.Query
	if len(p.must)+len(p.should)+len(p.not) > 0 {
		bq = query.NewBooleanQuery(bleveClauses(p.must), bleveClauses(p.should), bleveClauses(p.not))
	}
	if p.term != nil {
		if bq == nil {
			bq = p.term
		} else {
			bq = query.NewConjunctionQuery([]query.Query{bq, p.term})
		}
	}
	if bq == nil {
		return out, nil
	}
	n := len(idx.stats.sections)
	req := bleve.NewSearchRequestOptions(bq, n+1, 0, false)
	req.Score = "none"
	sr, err := searchBleve(ctx, idx.bi, req)
	if errors.Is(err, errDamaged) {
		return nil, err
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("search: %w", ctx.Err())
		}
		return nil, &QueryError{Query: q.Text, Msg: err.Error()}
	}

	type hit struct {
		sid   int32
		score float64
	}
	var tr *termRanking
	if q.Term != "" {
		tr = idx.termRanking(q.Term)
	}
	hits := make([]hit, 0, len(sr.Hits))
	for i, h := range sr.Hits {
		if i%64 == 63 && ctx.Err() != nil {
			return nil, fmt.Errorf("search: %w", ctx.Err())
		}
		sid, ok := idx.byID[h.ID]
		if !ok {
			continue // cannot happen: the index and the stats are updated together
		}
		score := 0.0
		if tr != nil {
			// The index knows which documents use the term; which of
			// their sections do is kept beside it.
			use := idx.termUse(sid, q.Term)
			if use == nil {
				continue
			}
			if len(p.terms) == 0 {
				score = tr.score(sid, use)
			}
		}
		if len(p.terms) > 0 {
			score = idx.stats.score(sid, p.terms)
		}
		hits = append(hits, hit{sid, score})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].sid < hits[j].sid
	})
	out.Total = len(hits)
	out.Corrections = p.corrections
	hits = hits[:q.shown(len(hits))]
	for _, h := range hits {
		r := idx.stats.sections[h.sid]
		d := &idx.docs[r.doc]
		s := &d.Sections[r.sec]
		url := d.URL
		if s.Anchor != "" {
			url += "#" + s.Anchor
		}
		marks := p.highlight
		if tr != nil {
			marks = withTermWords(marks, idx.termUse(h.sid, q.Term))
		}
		out.Results = append(out.Results, Result{
			File: d.File, Title: d.Title, Section: s.Heading, Line: s.Line,
			Score: h.score, Fragments: fragments(s.Text, marks), Kind: d.Kind,
			URL: url, Anchor: s.Anchor,
		})
	}
	return out, nil
}

// searchBleve runs req, turning a panic inside bleve into errDamaged: the
// query was compiled and checked already, so what fails is the index.
func searchBleve(ctx context.Context, bi bleve.Index, req *bleve.SearchRequest) (sr *bleve.SearchResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			sr, err = nil, fmt.Errorf("%w: %v", errDamaged, r)
		}
	}()
	return bi.SearchInContext(ctx, req)
}

// bleveClauses returns the bleve queries of cs, nil for none.
func bleveClauses(cs []clause) []query.Query {
	if len(cs) == 0 {
		return nil
	}
	qs := make([]query.Query, len(cs))
	for i, c := range cs {
		qs[i] = c.query()
	}
	return qs
}

// clause is one part of a compiled query. Most are terms: any of stems in
// the scored fields of mask, or in the text field other, which the static
// index can answer too (StaticSearch) when other is "". The rest (phrases,
// keyword fields, ranges) are bleve queries only the bleve index runs.
type clause struct {
	stems []string
	mask  uint8
	other string
	bleve query.Query // when not nil, the clause is this query
}

func (c *clause) query() query.Query {
	if c.bleve != nil {
		return c.bleve
	}
	return termsQuery(c.stems, c.mask, c.other)
}

// bleveOnly is a clause only the bleve index can run.
func bleveOnly(q query.Query) *clause { return &clause{bleve: q} }

// compile parses q.Text with bleve's query-string parser and rewrites each
// clause so that it means the same in Go and in search.js: words on scored
// fields become term queries on the stems concord's analysis gives, and
// prefixes, wildcards, regular expressions and fuzzy words are expanded
// through the surface vocabulary (SEARCH-NOTES pitfall 3).
func (idx *Index) compile(ctx context.Context, q Query) (*plan, error) {
	return compileQuery(ctx, idx.stats.lexicon(), q)
}

// compileQuery is compile over any lexicon: the bleve index's statistics
// or the build's static index, which give the same plan for the same
// corpus.
func compileQuery(ctx context.Context, lx *lexicon, q Query) (*plan, error) {
	qe := func(format string, a ...interface{}) error {
		return &QueryError{Query: q.Text, Msg: fmt.Sprintf(format, a...)}
	}
	if len(q.Text) > MaxQueryBytes {
		return nil, qe("longer than %d bytes", MaxQueryBytes)
	}
	if !utf8.ValidString(q.Text) {
		return nil, qe("not valid UTF-8")
	}
	if len(q.Term) > MaxQueryBytes {
		return nil, qe("term longer than %d bytes", MaxQueryBytes)
	}
	p := &plan{highlight: map[string]bool{}, spelling: q.Spelling}
	if strings.TrimSpace(q.Text) != "" {
		parsed, err := query.NewQueryStringQuery(normalizeCitations(q.Text)).Parse()
		if err != nil {
			return nil, qe("%s", strings.ReplaceAll(err.Error(), "\n", "; "))
		}
		bq, ok := parsed.(*query.BooleanQuery)
		if !ok {
			return nil, qe("unexpected query shape %T", parsed)
		}
		groups := []struct {
			occur int
			q     query.Query
		}{{occurMust, bq.Must}, {occurShould, bq.Should}, {occurNot, bq.MustNot}}
		n := 0
		for _, g := range groups {
			n += len(clausesOf(g.q))
		}
		if n > maxClauses {
			return nil, qe("more than %d words or phrases", maxClauses)
		}
		budget := newScanBudget(ctx, func() int { surfaces, _ := lx.forms(); return len(surfaces) })
		for _, g := range groups {
			for _, c := range clausesOf(g.q) {
				rq, terms, err := lx.rewrite(c, p, budget)
				if cerr := ctx.Err(); cerr != nil {
					return nil, fmt.Errorf("search: %w", cerr)
				}
				if err != nil {
					return nil, qe("%s", err)
				}
				if rq == nil {
					continue // only stop words: dropped, as bleve does
				}
				switch g.occur {
				case occurMust:
					p.must = append(p.must, *rq)
				case occurShould:
					p.should = append(p.should, *rq)
				case occurNot:
					p.not = append(p.not, *rq)
				}
				if g.occur != occurNot {
					p.terms = append(p.terms, terms...)
					for _, t := range terms {
						p.highlight[t.Stem] = true
					}
				}
			}
		}
	}
	if q.Term != "" {
		tq := query.NewTermQuery(q.Term)
		tq.SetField(fieldTerms)
		p.term = tq
	}
	p.terms = normalizeTerms(p.terms)
	return p, nil
}

func clausesOf(q query.Query) []query.Query {
	switch q := q.(type) {
	case *query.ConjunctionQuery:
		return q.Conjuncts
	case *query.DisjunctionQuery:
		return q.Disjuncts
	case nil:
		return nil
	}
	return []query.Query{q}
}

// fieldScope says where a clause's field points: the scored fields (mask),
// another text field (name), or a keyword field, left to bleve.
func fieldScope(field string) (mask uint8, other string, keyword bool) {
	switch field {
	case "", "_all":
		return allFields, "", false
	case fieldFile, fieldTerms:
		return 0, field, true
	}
	if i := scoredFieldIndex(field); i >= 0 {
		return 1 << i, "", false
	}
	return 0, field, false
}

// matchNothing is a clause that matches no section but, unlike bleve's
// MatchNoneQuery, is not dropped from a boolean query: "+zzz" finds nothing.
func matchNothing() query.Query { return query.NewDocIDQuery([]string{}) }

// termsQuery matches any of stems in the fields of mask, or in field other.
func termsQuery(stems []string, mask uint8, other string) query.Query {
	var qs []query.Query
	for _, s := range stems {
		if other != "" {
			tq := query.NewTermQuery(s)
			tq.SetField(other)
			qs = append(qs, tq)
			continue
		}
		for f := 0; f < numScored; f++ {
			if mask&(1<<f) != 0 {
				tq := query.NewTermQuery(s)
				tq.SetField(scoredFields[f])
				qs = append(qs, tq)
			}
		}
	}
	if len(qs) == 0 {
		return matchNothing()
	}
	return query.NewDisjunctionQuery(qs)
}

func rankTerms(stems []string, mask uint8) []scoreTerm {
	if mask == 0 {
		return nil
	}
	out := make([]scoreTerm, len(stems))
	for i, s := range stems {
		out[i] = scoreTerm{Stem: s, Mask: mask}
	}
	return out
}

// queryStems analyses query text as the index analysed the documents.
func queryStems(text string) []string {
	var out []string
	seen := map[string]bool{}
	analyzeText(text, func(t token) {
		if !seen[t.Stem] {
			seen[t.Stem] = true
			out = append(out, t.Stem)
		}
	})
	return out
}

// foldPattern lower-cases and NFC-normalises a wildcard or fuzzy word the way
// analysis.Fold does, without removing a possessive.
func foldPattern(s string) string { return norm.NFC.String(strings.ToLower(s)) }

// rewrite turns one parsed clause into the clause to run and its ranking
// terms. A nil clause means the clause is dropped.
func (lx *lexicon) rewrite(c query.Query, p *plan, budget *scanBudget) (*clause, []scoreTerm, error) {
	switch c := c.(type) {
	case *query.MatchQuery:
		mask, other, keyword := fieldScope(c.FieldVal)
		if keyword {
			return bleveOnly(c), nil, nil
		}
		if c.Fuzziness > 2 || c.Fuzziness < 0 {
			return nil, nil, fmt.Errorf("fuzziness must be 1 or 2, not %d", c.Fuzziness)
		}
		if c.Fuzziness > 0 {
			var words []string
			for _, t := range wordTokenizer.Tokenize([]byte(c.Match)) {
				if isWordType(t.Type) {
					words = append(words, foldPattern(string(t.Term)))
				}
			}
			if len(words) == 0 {
				return nil, nil, nil
			}
			set := map[string]bool{}
			for _, w := range words {
				stems, err := lx.expandFuzzy(w, c.Fuzziness, budget)
				if err != nil {
					return nil, nil, err
				}
				for _, s := range stems {
					set[s] = true
				}
			}
			stems := sortExpansion(set)
			return &clause{stems: stems, mask: mask, other: other}, rankTerms(stems, mask), nil
		}
		stems := queryStems(c.Match)
		if len(stems) == 0 {
			return nil, nil, nil
		}
		if p.spelling && other == "" && len(stems) == 1 && lx.df(stems[0]) == 0 {
			if w, ok := lx.nearestWord(foldPattern(c.Match)); ok {
				_, stemOf := lx.forms()
				p.corrections = append(p.corrections, Correction{Word: c.Match, Suggestion: w})
				stems = []string{stemOf[w]}
			}
		}
		return &clause{stems: stems, mask: mask, other: other}, rankTerms(stems, mask), nil

	case *query.MatchPhraseQuery:
		mask, other, keyword := fieldScope(c.FieldVal)
		if keyword || other != "" {
			return bleveOnly(c), nil, nil
		}
		stems := queryStems(c.MatchPhrase)
		if len(stems) == 0 {
			return nil, nil, nil
		}
		var qs []query.Query
		for f := 0; f < numScored; f++ {
			if mask&(1<<f) != 0 {
				pq := query.NewMatchPhraseQuery(c.MatchPhrase)
				pq.SetField(scoredFields[f])
				qs = append(qs, pq)
			}
		}
		return bleveOnly(query.NewDisjunctionQuery(qs)), rankTerms(stems, mask), nil

	case *query.WildcardQuery:
		mask, other, keyword := fieldScope(c.FieldVal)
		if keyword {
			return bleveOnly(c), nil, nil
		}
		stems, err := lx.expandPattern(foldPattern(c.Wildcard), budget)
		if err != nil {
			return nil, nil, err
		}
		return &clause{stems: stems, mask: mask, other: other}, rankTerms(stems, mask), nil

	case *query.RegexpQuery:
		mask, other, keyword := fieldScope(c.FieldVal)
		if keyword {
			return bleveOnly(c), nil, nil
		}
		re, err := regexp.Compile("^(?:" + c.Regexp + ")$")
		if err != nil {
			return nil, nil, fmt.Errorf("regular expression /%s/: %v", c.Regexp, err)
		}
		stems, err := lx.expandRegexp(re, budget)
		if err != nil {
			return nil, nil, err
		}
		return &clause{stems: stems, mask: mask, other: other}, rankTerms(stems, mask), nil

	case *query.DisjunctionQuery:
		// A bare number: a match on its text or a numeric range. concord
		// has no numeric fields, so only the match counts.
		for _, d := range c.Disjuncts {
			if m, ok := d.(*query.MatchQuery); ok {
				return lx.rewrite(m, p, budget)
			}
		}
		return bleveOnly(c), nil, nil
	}
	// Ranges on front matter fields and anything else: bleve decides.
	return bleveOnly(c), nil, nil
}
