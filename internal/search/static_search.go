package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// StaticSearch answers `concord search` from the static index a build left
// (Static), without bleve, for the queries it can answer exactly as the
// bleve index would: words, +required and -excluded words, title:, heading:
// and body: words, prefixes and other wildcards, regular expressions, fuzzy
// words and the spelling fallback. All of these are terms on the scored
// fields, which the static postings hold per field with the same impacts
// concord's ranking reads (score.go), and the vocabulary holds every surface
// form with its stem; the plan is compiled by the same code (compileQuery).
// What it cannot answer (phrases, which need positions; other fields; the
// glossary term filter, whose uses the static index does not keep) it
// refuses with ErrNotStatic, for the caller to ask the bleve index.
//
// Fragments are cut from each result's whole section text, which the
// static index does not keep (it keeps a shortened copy for the browser):
// texts gives it, by File, one string per section.
//
// A StaticSearch may answer several queries at once (concord serve): mu
// guards what it reads lazily; texts must be safe to call concurrently.
type StaticSearch struct {
	s     *Static
	texts func(file string) ([]string, error)
	base  []int32 // the section id of each document's first section
	n     int     // sections

	mu       sync.Mutex
	shards   map[int]map[string][]byte // postings shards read, by number
	lists    map[string]*stemList
	surfaces []string
	stemOf   map[string]string
	err      error // the first damage found reading the index
}

// ErrNotStatic is the answer of StaticSearch to a query it cannot answer
// exactly as the bleve index would.
var ErrNotStatic = errors.New("search: the static index cannot answer this query as the full index would")

// NewStaticSearch returns a searcher over s (which it reads, never
// changes); texts gives a document's whole section texts.
func NewStaticSearch(s *Static, texts func(file string) ([]string, error)) (*StaticSearch, error) {
	x := &StaticSearch{s: s, texts: texts, base: make([]int32, len(s.docs)), shards: map[int]map[string][]byte{}, lists: map[string]*stemList{}}
	for i := range s.docs {
		x.base[i] = int32(x.n)
		n := s.docs[i].sections()
		if n < 0 || n >= sectionsPerDoc {
			return nil, errCorrupt
		}
		x.n += n
	}
	if x.n != s.nsec {
		return nil, errCorrupt
	}
	return x, nil
}

// Len is the number of documents the index holds (guidance and glossary).
func (x *StaticSearch) Len() int { return len(x.s.docs) }

// stemList is one stem's postings: the sections holding it, in order, with
// their impacts per scored field.
type stemList struct {
	df   int
	sids []int32
	q    [][numScored]uint8
}

// fail records err; x.mu is held.
func (x *StaticSearch) fail(err error) {
	if x.err == nil {
		x.err = err
	}
}

// damage is the first damage found reading the index, if any.
func (x *StaticSearch) damage() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.err
}

// list returns stem's postings (empty when no section holds it). The list
// is not changed once returned.
func (x *StaticSearch) list(stem string) *stemList {
	x.mu.Lock()
	defer x.mu.Unlock()
	if l, ok := x.lists[stem]; ok {
		return l
	}
	l := &stemList{}
	x.lists[stem] = l
	if len(x.s.posts) == 0 {
		return l
	}
	i := x.s.shardOf(stem)
	shard, ok := x.shards[i]
	if !ok {
		values, err := parsePostShard(x.s.posts[i].file)
		if err != nil {
			x.fail(err)
			return l
		}
		shard = make(map[string][]byte, len(values))
		for _, v := range values {
			shard[v.stem] = v.value
		}
		x.shards[i] = shard
	}
	value, ok := shard[stem]
	if !ok {
		return l
	}
	df, fields, err := parsePostingValue(value)
	if err != nil {
		x.fail(err)
		return l
	}
	at := map[int32][numScored]uint8{}
	for f, b := range fields {
		doc := 0
		for pos := 0; pos < len(b); {
			d, n, err := readVarint(b[pos:])
			if err != nil {
				x.fail(err)
				return l
			}
			sec, m, err := readVarint(b[pos+n:])
			end := pos + n + m + 1
			if err != nil || end > len(b) || digitOf[b[end-1]] < 1 {
				x.fail(errCorrupt)
				return l
			}
			doc += d
			if doc >= len(x.base) || sec >= x.s.docs[doc].sections() {
				x.fail(errCorrupt)
				return l
			}
			sid := x.base[doc] + int32(sec)
			q := at[sid]
			q[f] = uint8(digitOf[b[end-1]])
			at[sid] = q
			pos = end
		}
	}
	if len(at) != df {
		x.fail(errCorrupt)
		return l
	}
	l.df = df
	l.sids = make([]int32, 0, len(at))
	for sid := range at {
		l.sids = append(l.sids, sid)
	}
	sort.Slice(l.sids, func(i, j int) bool { return l.sids[i] < l.sids[j] })
	l.q = make([][numScored]uint8, len(l.sids))
	for i, sid := range l.sids {
		l.q[i] = at[sid]
	}
	return l
}

// forms reads the whole vocabulary, once: sorted surface forms and their
// stems, not changed once returned.
func (x *StaticSearch) forms() ([]string, map[string]string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.stemOf != nil {
		return x.surfaces, x.stemOf
	}
	x.stemOf = map[string]string{}
	for _, g := range x.s.vocab {
		forms, err := decodeForms(g.forms)
		if err != nil {
			x.fail(err)
			continue
		}
		for _, f := range forms {
			if _, ok := x.stemOf[f.surface]; !ok {
				x.stemOf[f.surface] = f.stem
				x.surfaces = append(x.surfaces, f.surface)
			}
		}
	}
	sort.Strings(x.surfaces)
	return x.surfaces, x.stemOf
}

func (x *StaticSearch) lexicon() *lexicon {
	return &lexicon{forms: x.forms, df: func(stem string) int { return x.list(stem).df }}
}

// supported reports whether the static index answers every clause as
// bleve would: terms on the scored fields.
func supported(cs []clause) bool {
	for _, c := range cs {
		if c.bleve != nil || c.other != "" {
			return false
		}
	}
	return true
}

// matches returns the sections a term clause matches, in order: those
// holding any of its stems in a field of its mask.
func (x *StaticSearch) matches(c *clause) []int32 {
	set := map[int32]bool{}
	for _, stem := range c.stems {
		l := x.list(stem)
		for i, sid := range l.sids {
			for f := 0; f < numScored; f++ {
				if c.mask&(1<<f) != 0 && l.q[i][f] > 0 {
					set[sid] = true
					break
				}
			}
		}
	}
	out := make([]int32, 0, len(set))
	for sid := range set {
		out = append(out, sid)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// score is corpusStats.score over the static postings: the same
// operations in the same order.
func (x *StaticSearch) score(sid int32, terms []scoreTerm) float64 {
	total := 0.0
	for _, t := range terms {
		l := x.list(t.Stem)
		i := sort.Search(len(l.sids), func(i int) bool { return l.sids[i] >= sid })
		if i == len(l.sids) || l.sids[i] != sid {
			continue
		}
		fs := 0.0
		for f := 0; f < numScored; f++ {
			if t.Mask&(1<<f) == 0 || l.q[i][f] == 0 {
				continue
			}
			fs = fs + float64(rankWeights[f]*float64(l.q[i][f]))/impactScale
		}
		if fs == 0 {
			continue
		}
		total = total + float64(idf(x.n, l.df)*fs)
	}
	return round4(total)
}

// Search runs q as Index.Search would on the same corpus, or returns
// ErrNotStatic. It returns the same QueryErrors for the same queries.
func (x *StaticSearch) Search(q Query) (*Results, error) {
	return x.SearchContext(context.Background(), q)
}

// SearchContext is Search that gives up when ctx is done, as
// Index.SearchContext does.
func (x *StaticSearch) SearchContext(ctx context.Context, q Query) (res *Results, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, &QueryError{Query: q.Text, Msg: fmt.Sprint(r)}
		}
	}()
	if q.Term != "" {
		return nil, ErrNotStatic
	}
	p, err := compileQuery(ctx, x.lexicon(), q)
	if derr := x.damage(); derr != nil {
		return nil, fmt.Errorf("search: static index: %w", derr)
	}
	if err != nil {
		return nil, err
	}
	if !supported(p.must) || !supported(p.should) || !supported(p.not) {
		return nil, ErrNotStatic
	}
	out := &Results{Results: []Result{}}
	var hits []int32
	switch {
	case len(p.must) > 0:
		hits = x.matches(&p.must[0])
		for i := 1; i < len(p.must) && len(hits) > 0; i++ {
			hits = intersect(hits, x.matches(&p.must[i]))
		}
	case len(p.should) > 0:
		for i := range p.should {
			hits = union(hits, x.matches(&p.should[i]))
		}
	case len(p.not) > 0:
		hits = make([]int32, x.n)
		for i := range hits {
			hits[i] = int32(i)
		}
	default:
		return out, nil // only stop words: bleve is given no query
	}
	for i := range p.not {
		hits = subtract(hits, x.matches(&p.not[i]))
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	scores := make([]float64, len(hits))
	if len(p.terms) > 0 {
		for i, sid := range hits {
			if i%1024 == 1023 && ctx.Err() != nil {
				return nil, fmt.Errorf("search: %w", ctx.Err())
			}
			scores[i] = x.score(sid, p.terms)
		}
	}
	if derr := x.damage(); derr != nil {
		return nil, fmt.Errorf("search: static index: %w", derr)
	}
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if scores[a] != scores[b] {
			return scores[a] > scores[b]
		}
		return hits[a] < hits[b]
	})
	out.Total = len(hits)
	out.Corrections = p.corrections
	order = order[:q.shown(len(order))]
	for _, k := range order {
		r, err := x.result(hits[k], scores[k], p.highlight)
		if err != nil {
			return nil, err
		}
		out.Results = append(out.Results, r)
	}
	return out, nil
}

// result is section sid as Index.Search shows it.
func (x *StaticSearch) result(sid int32, score float64, marks map[string]bool) (Result, error) {
	doc := sort.Search(len(x.base), func(i int) bool { return x.base[i] > sid }) - 1
	sec := int(sid - x.base[doc])
	d := &x.s.docs[doc]
	var meta []json.RawMessage
	if err := json.Unmarshal(shardData(d.metaFile()), &meta); err != nil || len(meta) < 4 {
		return Result{}, fmt.Errorf("search: static index: %s: %w", d.file, errCorrupt)
	}
	var title, url string
	var recs [][]json.RawMessage
	var kind struct {
		Kind string `json:"kind"`
	}
	errs := []error{json.Unmarshal(meta[0], &title), json.Unmarshal(meta[1], &url), json.Unmarshal(meta[2], &recs)}
	if len(meta) > 4 {
		errs = append(errs, json.Unmarshal(meta[4], &kind))
	}
	if errors.Join(errs...) != nil || sec >= len(recs) || len(recs[sec]) != 3 {
		return Result{}, fmt.Errorf("search: static index: %s: %w", d.file, errCorrupt)
	}
	var anchor, heading string
	var line int
	if errors.Join(json.Unmarshal(recs[sec][0], &anchor), json.Unmarshal(recs[sec][1], &heading), json.Unmarshal(recs[sec][2], &line)) != nil {
		return Result{}, fmt.Errorf("search: static index: %s: %w", d.file, errCorrupt)
	}
	texts, err := x.texts(d.file)
	if err != nil {
		return Result{}, err
	}
	if len(texts) != len(recs) {
		return Result{}, fmt.Errorf("search: static index: %s has %d sections, the index %d", d.file, len(texts), len(recs))
	}
	if anchor != "" {
		url += "#" + anchor
	}
	return Result{
		File: d.file, Title: title, Section: heading, Line: line,
		Score: score, Fragments: fragments(texts[sec], marks), Kind: kind.Kind,
		URL: url, Anchor: anchor,
	}, nil
}

func intersect(a, b []int32) []int32 {
	out := a[:0:0]
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func union(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

func subtract(a, b []int32) []int32 {
	out := a[:0:0]
	j := 0
	for _, v := range a {
		for j < len(b) && b[j] < v {
			j++
		}
		if j < len(b) && b[j] == v {
			continue
		}
		out = append(out, v)
	}
	return out
}
