package search

import (
	"context"
	"errors"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/par"
)

// sectionRef names one indexed section: Index.docs[doc].Sections[sec]. Its
// position in corpusStats.sections is the section id (sid) that the static
// export and the browser use; sids follow (file, section order).
type sectionRef struct {
	doc, sec int
	id       string // the bleve document id
}

// posting is one section's term frequencies for one stem, per scored field,
// and their impacts (see score.go); 0 where the field lacks the stem.
type posting struct {
	sid int32
	tf  [numScored]int32
	q   [numScored]uint8
}

// corpusStats is what concord's ranking function reads: per-section field
// lengths and per-stem postings over the scored fields, computed here with the
// same analysis as the bleve index (not read from bleve, whose statistics
// shift as segments merge: SEARCH-NOTES pitfall 5), and the surface-form
// vocabulary that maps words as typed to stems.
type corpusStats struct {
	sections []sectionRef
	lens     [][numScored]int32
	total    [numScored]int64
	postings map[string][]posting // sorted by sid
	surfaces []string             // sorted, unique
	stemOf   map[string]string    // surface → stem
	analysed int                  // sections analysed, not reused, to make these
}

// sectionTerms is the analysed content of one section, before merging.
type sectionTerms struct {
	lens  [numScored]int32
	stems []string           // distinct stems, in the order first seen
	tf    [][numScored]int32 // tf[i] counts stems[i] per field
	forms []formPair         // distinct surface forms and their stems
	// Analyses decoded from kept documents also carry their words as
	// numbers in the table words points to: ids[i] is stems[i], and
	// formIDs holds each form's surface and stem numbers in turn.
	words   *[]string
	ids     []int32
	formIDs []int32
}

// analyser holds one worker's scratch maps, cleared for each section so that
// their buckets are reused: growing fresh maps for every section cost more
// than the analysis itself.
type analyser struct {
	stemAt map[string]int32
	seen   map[string]struct{}
	forms  map[string]bool // NewEntry's, across a document's sections
}

func newAnalyser() *analyser {
	return &analyser{stemAt: map[string]int32{}, seen: map[string]struct{}{}}
}

func (a *analyser) section(d *Doc, s *Section) sectionTerms {
	clear(a.stemAt)
	clear(a.seen)
	var st sectionTerms
	for f, text := range [numScored]string{d.Title, s.Heading, s.Text} {
		analyzeText(text, func(t token) {
			st.lens[f]++
			i, ok := a.stemAt[t.Stem]
			if !ok {
				i = int32(len(st.stems))
				a.stemAt[t.Stem] = i
				st.stems = append(st.stems, t.Stem)
				st.tf = append(st.tf, [numScored]int32{})
			}
			st.tf[i][f]++
			if _, ok := a.seen[t.Surface]; !ok {
				a.seen[t.Surface] = struct{}{}
				st.forms = append(st.forms, formPair{t.Surface, t.Stem})
			}
		})
	}
	return st
}

// computeStats analyses every section of docs (sorted by File) in parallel and
// merges the results in section order, so the outcome does not depend on
// scheduling. Documents whose hash is in reuse are not analysed again; the
// analyses of this run are returned by hash for the next (nil when hashes is
// nil: nothing will be reused).
func computeStats(docs []Doc, hashes map[string]docState, reuse map[string][]sectionTerms) (*corpusStats, map[string][]sectionTerms) {
	cs := &corpusStats{postings: map[string][]posting{}, stemOf: map[string]string{}}
	for di := range docs {
		for si := range docs[di].Sections {
			cs.sections = append(cs.sections, sectionRef{doc: di, sec: si, id: sectionID(docs[di].File, si)})
		}
	}
	per := make([]sectionTerms, len(cs.sections))
	next := make(chan int, len(cs.sections))
	for i, r := range cs.sections {
		if old, ok := reuse[hashes[docs[r.doc].File].Hash]; ok && len(old) == len(docs[r.doc].Sections) {
			per[i] = old[r.sec]
			continue
		}
		next <- i
	}
	cs.analysed = len(next)
	close(next)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := newAnalyser()
			for i := range next {
				r := cs.sections[i]
				per[i] = a.section(&docs[r.doc], &docs[r.doc].Sections[r.sec])
			}
		}()
	}
	wg.Wait()
	var analysed map[string][]sectionTerms
	if hashes != nil {
		analysed = make(map[string][]sectionTerms, len(docs))
	}
	for i, r := range cs.sections {
		if analysed == nil {
			break
		}
		h := hashes[docs[r.doc].File].Hash
		if r.sec == 0 {
			analysed[h] = make([]sectionTerms, len(docs[r.doc].Sections))
		}
		analysed[h][r.sec] = per[i]
	}

	cs.lens = make([][numScored]int32, len(per))
	for sid := range per {
		st := &per[sid]
		cs.lens[sid] = st.lens
		for f := range st.lens {
			cs.total[f] += int64(st.lens[f])
		}
	}
	if words := sharedWords(per); words != nil {
		cs.mergeNumbered(per, words)
	} else {
		for sid := range per {
			st := &per[sid]
			for i, stem := range st.stems {
				cs.postings[stem] = append(cs.postings[stem], posting{sid: int32(sid), tf: st.tf[i]})
			}
			for _, p := range st.forms {
				if _, ok := cs.stemOf[p.surface]; !ok {
					cs.stemOf[p.surface] = p.stem
				}
			}
		}
	}
	avg := roundedAverages(cs.total, len(per))
	lists := make([][]posting, 0, len(cs.postings))
	for _, ps := range cs.postings {
		lists = append(lists, ps)
	}
	par.For(len(lists), func(k int) {
		ps := lists[k]
		for i := range ps {
			p := &ps[i]
			for f := 0; f < numScored; f++ {
				if p.tf[f] > 0 {
					p.q[f] = impact(p.tf[f], cs.lens[p.sid][f], avg[f])
				}
			}
		}
	})
	// Postings were appended in sid order already; surfaces need sorting.
	cs.surfaces = make([]string, 0, len(cs.stemOf))
	for s := range cs.stemOf {
		cs.surfaces = append(cs.surfaces, s)
	}
	sort.Strings(cs.surfaces)
	return cs, analysed
}

// roundedAverages returns each field's average length over n sections rounded
// to two significant digits (0 when n is 0). Impacts are computed against
// these, not the exact averages, so that editing one document almost never
// changes another document's impacts: the static index can then be updated
// shard by shard (see Static). The manifest carries the rounded values, and
// Go and search.js score with the same numbers.
func roundedAverages(total [numScored]int64, n int) [numScored]float64 {
	var avg [numScored]float64
	for f := range avg {
		if n > 0 && total[f] > 0 {
			exact := float64(total[f]) / float64(n)
			// Formatting and parsing, rather than arithmetic on powers
			// of ten, gives the nearest float64 to the decimal value,
			// the number JSON carries to the browser.
			avg[f], _ = strconv.ParseFloat(strconv.FormatFloat(exact, 'g', 2, 64), 64)
		}
	}
	return avg
}

func sectionID(file string, sec int) string {
	return file + "#" + strconv.Itoa(sec)
}

// posting returns the posting of stem in section sid, or nil.
func (cs *corpusStats) posting(stem string, sid int32) *posting {
	ps := cs.postings[stem]
	i := sort.Search(len(ps), func(i int) bool { return ps[i].sid >= sid })
	if i < len(ps) && ps[i].sid == sid {
		return &ps[i]
	}
	return nil
}

// MaxExpansions bounds how many stems one prefix, wildcard, regular expression
// or fuzzy word expands to. search.js uses the same bound (manifest "maxExp").
const MaxExpansions = 32

// sortExpansion orders expanded stems shortest first (in characters), then
// alphabetically, and keeps the first MaxExpansions: the rule search.js
// applies to the last word typed. A pattern may match most of the
// vocabulary, so the first MaxExpansions are selected before sorting.
func sortExpansion(set map[string]bool) []string {
	type stem struct {
		s string
		n int
	}
	less := func(a, b stem) bool {
		if a.n != b.n {
			return a.n < b.n
		}
		return a.s < b.s
	}
	// best is kept sorted; a stem goes in only if it beats the last.
	best := make([]stem, 0, MaxExpansions+1)
	for s := range set {
		x := stem{s, utf8.RuneCountInString(s)}
		if len(best) == MaxExpansions && !less(x, best[len(best)-1]) {
			continue
		}
		i := sort.Search(len(best), func(i int) bool { return less(x, best[i]) })
		best = append(best, stem{})
		copy(best[i+1:], best[i:])
		best[i] = x
		if len(best) > MaxExpansions {
			best = best[:MaxExpansions]
		}
	}
	out := make([]string, len(best))
	for i, x := range best {
		out[i] = x.s
	}
	return out
}

// lexicon is what compiling a query reads of a corpus: its surface forms,
// sorted, with the stem of each, and how many sections hold a stem. The
// bleve index's statistics give it whole (corpusStats.lexicon); the
// build's static index reads it on demand (StaticSearch), which a query of
// plain words never needs beyond the stems it names.
type lexicon struct {
	forms func() (surfaces []string, stemOf map[string]string)
	df    func(stem string) int
}

func (cs *corpusStats) lexicon() *lexicon {
	return &lexicon{
		forms: func() ([]string, map[string]string) { return cs.surfaces, cs.stemOf },
		df:    func(stem string) int { return len(cs.postings[stem]) },
	}
}

// scanBudget bounds the vocabulary one query may examine to expand its
// prefixes, wildcards, regular expressions and fuzzy words, and stops the
// work when the query's context ends. Without it one query of 32 leading
// wildcards scans a large vocabulary 32 times, seconds of CPU that a
// timeout could not stop.
type scanBudget struct {
	ctx  context.Context
	size func() int // the vocabulary's size, asked for when first examined
	left int        // words the query may still examine
	n    int        // words examined
}

// errTooBroad is the error of a query whose expansions would examine more
// of the vocabulary than its budget allows.
var errTooBroad = errors.New("too broad: its wildcards, regular expressions and fuzzy words would examine the whole vocabulary more than 4 times; use fewer of them, or begin wildcards with a few letters")

// fullScans is how many times a query may examine the whole vocabulary.
const fullScans = 4

// newScanBudget is the budget of one query over a vocabulary of size()
// words; size is asked only by a query that expands something, so that a
// lexicon read on demand (staticLexicon) is not read for plain words.
func newScanBudget(ctx context.Context, size func() int) *scanBudget {
	return &scanBudget{ctx: ctx, size: size}
}

// examine accounts for examining one more word.
func (b *scanBudget) examine() error {
	if b.size != nil {
		b.left, b.size = fullScans*b.size(), nil
	}
	b.left--
	if b.left < 0 {
		return errTooBroad
	}
	b.n++
	if b.n%scanStep == 0 {
		return b.ctx.Err()
	}
	return nil
}

// scanStep is how many words an expansion examines between checks of its
// context.
const scanStep = 1024

// expandPattern returns the stems of the surface forms that match a wildcard
// pattern (* any run, ? one character) over folded surface forms.
func (lx *lexicon) expandPattern(pattern string, b *scanBudget) ([]string, error) {
	surfaces, stemOf := lx.forms()
	literal := pattern
	if i := strings.IndexAny(pattern, "*?"); i >= 0 {
		literal = pattern[:i]
	}
	var re *regexp.Regexp
	if literal != pattern {
		re = regexp.MustCompile(wildcardRegexp(pattern))
	}
	set := map[string]bool{}
	i := sort.SearchStrings(surfaces, literal)
	for ; i < len(surfaces) && strings.HasPrefix(surfaces[i], literal); i++ {
		if err := b.examine(); err != nil {
			return nil, err
		}
		s := surfaces[i]
		if re == nil && s != literal {
			break
		}
		if re == nil || re.MatchString(s) {
			set[stemOf[s]] = true
		}
	}
	return sortExpansion(set), nil
}

// wildcardRegexp translates a wildcard pattern into an anchored regular
// expression; search.js builds the same expression.
func wildcardRegexp(pattern string) string {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return b.String()
}

// expandRegexp returns the stems of the surface forms fully matching re.
func (lx *lexicon) expandRegexp(re *regexp.Regexp, b *scanBudget) ([]string, error) {
	surfaces, stemOf := lx.forms()
	set := map[string]bool{}
	for _, s := range surfaces {
		if err := b.examine(); err != nil {
			return nil, err
		}
		if re.MatchString(s) {
			set[stemOf[s]] = true
		}
	}
	return sortExpansion(set), nil
}

// expandFuzzy returns the stems of surface forms within edit distance k of
// word. Matching surface forms rather than stems is what makes "harasment~1"
// find "harassment" (stem "harass").
func (lx *lexicon) expandFuzzy(word string, k int, b *scanBudget) ([]string, error) {
	surfaces, stemOf := lx.forms()
	w := []rune(word)
	set := map[string]bool{}
	buf := make([]int, 0, 64)
	for _, s := range surfaces {
		if err := b.examine(); err != nil {
			return nil, err
		}
		n := utf8.RuneCountInString(s)
		if n < len(w)-k || n > len(w)+k {
			continue
		}
		if d := levenshtein(w, s, k, &buf); d <= k {
			set[stemOf[s]] = true
		}
	}
	return sortExpansion(set), nil
}

// levenshtein returns the edit distance between a and b, or k+1 as soon as it
// must exceed k.
func levenshtein(a []rune, b string, k int, buf *[]int) int {
	br := []rune(b)
	prev := (*buf)[:0]
	for j := 0; j <= len(br); j++ {
		prev = append(prev, j)
	}
	cur := make([]int, len(br)+1)
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(br); j++ {
			cost := 1
			if a[i-1] == br[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > k {
			return k + 1
		}
		prev, cur = cur, prev
	}
	*buf = prev
	return prev[len(br)]
}

// sharedWords returns the table of words every section's analysis is
// numbered in, or nil when they are not all numbered in one (only
// analyses decoded together from kept documents are).
func sharedWords(per []sectionTerms) []string {
	if len(per) == 0 || per[0].words == nil {
		return nil
	}
	for i := range per {
		if per[i].words != per[0].words {
			return nil
		}
	}
	return *per[0].words
}

// mergeNumbered is the merge of computeStats for analyses numbered in one
// table of words: postings are counted and placed by number, into one
// array, and each stem is looked up once rather than once per section
// (two fifths of reopening a kept index at 10,000 documents). The result
// is the same.
func (cs *corpusStats) mergeNumbered(per []sectionTerms, words []string) {
	count := make([]int32, len(words))
	total := 0
	for sid := range per {
		for _, id := range per[sid].ids {
			count[id]++
		}
		total += len(per[sid].ids)
	}
	all := make([]posting, total)
	lists := make([][]posting, len(words))
	off := 0
	for id, c := range count {
		lists[id] = all[off : off : off+int(c)]
		off += int(c)
	}
	for sid := range per {
		st := &per[sid]
		for i, id := range st.ids {
			lists[id] = append(lists[id], posting{sid: int32(sid), tf: st.tf[i]})
		}
	}
	for id, ps := range lists {
		if len(ps) > 0 {
			cs.postings[words[id]] = ps
		}
	}
	seen := make([]bool, len(words))
	for sid := range per {
		f := per[sid].formIDs
		for i := 0; i+1 < len(f); i += 2 {
			if !seen[f[i]] {
				seen[f[i]] = true
				cs.stemOf[words[f[i]]] = words[f[i+1]]
			}
		}
	}
}
