package search

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync/atomic"

	"github.com/concord-guidance/concord/internal/par"
)

// Update replaces (same File), adds (File not present before) and removes
// documents. Replacing documents is done in place: only the postings shards
// holding stems whose postings changed (and their neighbours, where shard
// boundaries may move), the vocabulary groups whose forms changed and the
// documents' own section shards are rewritten. Adding or removing documents
// renumbers the documents after them, and a rounded average length that
// flips changes impacts everywhere; both rebuild from the entries the state
// holds. On error s is unchanged.
func (s *Static) Update(changed []*Entry, removed []string) error {
	changed = append([]*Entry(nil), changed...)
	for i, e := range changed {
		if e != nil {
			full, err := e.full()
			if err != nil {
				return err
			}
			changed[i] = full
		}
	}
	seen := map[string]bool{}
	structural := len(removed) > 0
	for _, e := range changed {
		if e == nil || e.file == "" {
			return errors.New("search: update with an empty entry")
		}
		if seen[e.file] {
			return fmt.Errorf("search: document %s given twice", e.file)
		}
		seen[e.file] = true
		if len(e.secs) >= sectionsPerDoc {
			return fmt.Errorf("search: document %s has %d sections, more than the index can address", e.file, len(e.secs))
		}
		if _, ok := s.find(e.file); !ok {
			structural = true
		}
	}
	for _, f := range removed {
		if seen[f] {
			return fmt.Errorf("search: document %s both changed and removed", f)
		}
		seen[f] = true
		if _, ok := s.find(f); !ok {
			return fmt.Errorf("search: cannot remove %s: not in the index", f)
		}
	}
	if structural {
		return s.rebuild(changed, removed)
	}
	return s.replace(changed)
}

func (s *Static) find(file string) (int, bool) {
	i := sort.Search(len(s.docs), func(i int) bool { return s.docs[i].file >= file })
	return i, i < len(s.docs) && s.docs[i].file == file
}

// encoding is the document's encodeEntry, read back into buf's memory
// when it was spilled.
func (d *staticDoc) encoding(buf []byte) ([]byte, error) {
	if d.enc == nil && d.load != nil {
		return d.load(buf)
	}
	return d.enc, nil
}

func (d *staticDoc) decoded() (*Entry, error) {
	if d.entry == nil {
		enc, err := d.encoding(nil)
		if err != nil {
			return nil, fmt.Errorf("search: %s: %w", d.file, err)
		}
		e, err := decodeEntry(enc)
		if err != nil {
			return nil, fmt.Errorf("search: %s: %w", d.file, err)
		}
		d.entry = e
	}
	return d.entry, nil
}

// staticRebuilds counts rebuilds, for tests to tell that an Update took the
// path they meant it to.
var staticRebuilds atomic.Int64

// rebuild builds the index again from the entries held and the changes.
func (s *Static) rebuild(changed []*Entry, removed []string) error {
	staticRebuilds.Add(1)
	drop := map[string]bool{}
	for _, f := range removed {
		drop[f] = true
	}
	for _, e := range changed {
		drop[e.file] = true
	}
	entries := make([]*Entry, len(s.docs))
	errs := make([]error, len(s.docs))
	par.For(len(s.docs), func(i int) {
		if !drop[s.docs[i].file] {
			entries[i], errs[i] = s.docs[i].decoded()
		}
	})
	all := append([]*Entry(nil), changed...)
	for i, e := range entries {
		if errs[i] != nil {
			return errs[i]
		}
		if e != nil {
			all = append(all, e)
		}
	}
	ns, err := BuildStatic(all)
	if err != nil {
		return err
	}
	*s = *ns
	return nil
}

// docChange is one replaced document's change to one stem's postings.
type docChange struct {
	doc      int32
	oldCount int               // sections holding the stem before
	newCount int               // and after
	fields   [numScored][]secQ // the document's postings after, per field
}

type secQ struct {
	sec int32
	q   uint8
}

// replace updates the index for documents replaced under the same File.
func (s *Static) replace(changed []*Entry) error {
	type repl struct {
		di       int
		old, new *Entry
	}
	var repls []repl
	nsec, total := s.nsec, s.total
	for _, e := range changed {
		di, _ := s.find(e.file)
		old, err := s.docs[di].decoded()
		if err != nil {
			return err
		}
		if bytes.Equal(old.encoded(), e.encoded()) {
			continue
		}
		repls = append(repls, repl{di, old, e})
		nsec += len(e.secs) - len(old.secs)
		for _, sec := range old.secs {
			for f := range sec.lens {
				total[f] -= int64(sec.lens[f])
			}
		}
		for _, sec := range e.secs {
			for f := range sec.lens {
				total[f] += int64(sec.lens[f])
			}
		}
	}
	if len(repls) == 0 {
		return nil
	}
	avg := s.averages()
	if roundedAverages(total, nsec) != avg {
		return s.rebuild(changed, nil)
	}
	sort.Slice(repls, func(i, j int) bool { return repls[i].di < repls[j].di })

	// Postings: the changes per stem, in document order.
	changes := map[string][]docChange{}
	for _, r := range repls {
		oldP, newP := r.old.postingsOf(), r.new.postingsOf()
		seg := func(e *Entry, ps []secTF) (out [numScored][]secQ) {
			for _, p := range ps {
				q := impacts(p.tf, e.secs[p.sec].lens, avg)
				for f := range q {
					if q[f] > 0 {
						out[f] = append(out[f], secQ{p.sec, q[f]})
					}
				}
			}
			return out
		}
		for stem, ps := range newP {
			c := docChange{doc: int32(r.di), oldCount: len(oldP[stem]), newCount: len(ps), fields: seg(r.new, ps)}
			if c.oldCount == c.newCount && sameFields(seg(r.old, oldP[stem]), c.fields) {
				continue
			}
			changes[stem] = append(changes[stem], c)
		}
		for stem, ps := range oldP {
			if _, ok := newP[stem]; !ok {
				changes[stem] = append(changes[stem], docChange{doc: int32(r.di), oldCount: len(ps)})
			}
		}
	}
	posts, err := s.updatePostings(changes)
	if err != nil {
		return err
	}

	// Vocabulary: documents per surface form.
	delta := map[string]int{}
	stemOf := map[string]string{}
	for _, r := range repls {
		for _, f := range r.old.forms {
			delta[f.surface]--
		}
		for _, f := range r.new.forms {
			delta[f.surface]++
			stemOf[f.surface] = f.stem
		}
	}
	vocab, err := s.updateVocab(delta, stemOf)
	if err != nil {
		return err
	}

	for _, r := range repls {
		s.docs[r.di] = staticDoc{file: r.new.file, entry: r.new, enc: r.new.encoded()}
	}
	s.nsec, s.total, s.posts, s.vocab = nsec, total, posts, vocab
	return nil
}

// shardOf returns the postings shard that holds or would hold stem.
func (s *Static) shardOf(stem string) int {
	i := sort.Search(len(s.posts), func(i int) bool { return lessUTF16(stem, s.posts[i].first) })
	return max(i-1, 0)
}

func (s *Static) updatePostings(changes map[string][]docChange) ([]postShard, error) {
	if len(changes) == 0 {
		return s.posts, nil
	}
	if len(s.posts) == 0 {
		// Only documents without words so far: nothing to splice into.
		var values []stemValue
		stems := sortedStems(changes)
		for _, stem := range stems {
			v, err := applyChanges(nil, changes[stem])
			if err != nil {
				return nil, err
			}
			if v != nil {
				values = append(values, stemValue{stem, v})
			}
		}
		return chunkPostings(values, nil), nil
	}
	byShard := map[int][]string{}
	for stem := range changes {
		i := s.shardOf(stem)
		byShard[i] = append(byShard[i], stem)
	}
	// A shard's boundary depends on its first stem and the one before, so
	// the shards on either side of a changed one are cut again with it.
	touched := map[int]bool{}
	for i := range byShard {
		for j := max(i-1, 0); j <= min(i+1, len(s.posts)-1); j++ {
			touched[j] = true
		}
	}
	idx := make([]int, 0, len(touched))
	for i := range touched {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	out := make([]postShard, 0, len(s.posts)+4)
	next := 0
	for k := 0; k < len(idx); {
		// A run of consecutive touched shards [a, b].
		a, b := idx[k], idx[k]
		for k++; k < len(idx) && idx[k] == b+1; k++ {
			b = idx[k]
		}
		out = append(out, s.posts[next:a]...)
		var values []stemValue
		for i := a; i <= b; i++ {
			vs, err := parsePostShard(s.posts[i].file)
			if err != nil {
				return nil, err
			}
			if stems := byShard[i]; len(stems) > 0 {
				if vs, err = applyShardChanges(vs, stems, changes); err != nil {
					return nil, err
				}
			}
			values = append(values, vs...)
		}
		// The first stem of the run starts a shard whatever precedes it:
		// either it is the first of all, or its shard was not changed
		// and neither was the one before it.
		out = append(out, chunkPostings(values, nil)...)
		next = b + 1
	}
	out = append(out, s.posts[next:]...)
	return out, nil
}

func sortedStems(changes map[string][]docChange) []string {
	stems := make([]string, 0, len(changes))
	for stem := range changes {
		stems = append(stems, stem)
	}
	sort.Slice(stems, func(i, j int) bool { return lessUTF16(stems[i], stems[j]) })
	return stems
}

// applyShardChanges applies the changes of stems to one shard's values.
func applyShardChanges(vs []stemValue, stems []string, changes map[string][]docChange) ([]stemValue, error) {
	sort.Slice(stems, func(i, j int) bool { return lessUTF16(stems[i], stems[j]) })
	out := make([]stemValue, 0, len(vs)+len(stems))
	i := 0
	for _, stem := range stems {
		for i < len(vs) && lessUTF16(vs[i].stem, stem) {
			out = append(out, vs[i])
			i++
		}
		var old []byte
		if i < len(vs) && vs[i].stem == stem {
			old = vs[i].value
			i++
		}
		v, err := applyChanges(old, changes[stem])
		if err != nil {
			return nil, fmt.Errorf("search: postings of %q: %w", stem, err)
		}
		if v != nil {
			out = append(out, stemValue{stem, v})
		}
	}
	return append(out, vs[i:]...), nil
}

// applyChanges applies one stem's document changes to its value (nil when
// the stem is new); it returns nil when no section holds the stem any more.
func applyChanges(value []byte, cs []docChange) ([]byte, error) {
	df := 0
	var fields [numScored][]byte
	if value != nil {
		var err error
		if df, fields, err = parsePostingValue(value); err != nil {
			return nil, err
		}
	}
	for _, c := range cs {
		df += c.newCount - c.oldCount
		for f := range fields {
			var err error
			if fields[f], err = spliceField(fields[f], int(c.doc), c.fields[f]); err != nil {
				return nil, err
			}
		}
	}
	if df < 0 {
		return nil, errCorrupt
	}
	if df == 0 {
		return nil, nil
	}
	b := make([]byte, 0, 16+len(fields[0])+len(fields[1])+len(fields[2]))
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(df), 10)
	for _, f := range fields {
		b = append(b, ',', '"')
		b = append(b, f...)
		b = append(b, '"')
	}
	return append(b, ']'), nil
}

var digitOf = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(postingAlphabet); i++ {
		t[postingAlphabet[i]] = int8(i)
	}
	return t
}()

// readVarint reads one appendVarint number from b: the value and its length.
func readVarint(b []byte) (int, int, error) {
	n, mult := 0, 1
	for i := 0; i < len(b); i++ {
		c := int(digitOf[b[i]])
		if c < 0 || i >= 8 {
			return 0, 0, errCorrupt
		}
		if c < 32 {
			return n + c*mult, i + 1, nil
		}
		n += (c - 32) * mult
		mult *= 32
	}
	return 0, 0, errCorrupt
}

// skipTriple reads one (document delta, section, impact) triple at b[pos:]
// and returns the delta and the position after it.
func skipTriple(b []byte, pos int) (int, int, error) {
	d, n, err := readVarint(b[pos:])
	if err != nil {
		return 0, 0, err
	}
	_, m, err := readVarint(b[pos+n:])
	if err != nil {
		return 0, 0, err
	}
	end := pos + n + m + 1
	if end > len(b) || digitOf[b[end-1]] < 1 {
		return 0, 0, errCorrupt
	}
	return d, end, nil
}

// spliceField replaces document doc's triples in one field's string with
// seg. Only the delta of the triple after them changes besides.
func spliceField(old []byte, doc int, seg []secQ) ([]byte, error) {
	start, prev := len(old), 0
	for pos := 0; pos < len(old); {
		d, next, err := skipTriple(old, pos)
		if err != nil {
			return nil, err
		}
		if prev+d >= doc {
			start = pos
			break
		}
		prev += d
		pos = next
	}
	// Skip doc's own triples; after is the first triple of a later document.
	after, afterDoc, cur := len(old), -1, prev
	for pos := start; pos < len(old); {
		d, next, err := skipTriple(old, pos)
		if err != nil {
			return nil, err
		}
		if cur+d != doc {
			after, afterDoc = pos, cur+d
			break
		}
		cur += d
		pos = next
	}
	if len(seg) == 0 && start == after {
		return old, nil
	}
	out := make([]byte, 0, len(old)+4*len(seg)+4)
	out = append(out, old[:start]...)
	last := prev
	for i, t := range seg {
		d := 0
		if i == 0 {
			d = doc - prev
		}
		out = appendVarint(out, d)
		out = appendVarint(out, int(t.sec))
		out = append(out, postingAlphabet[t.q])
		last = doc
	}
	if afterDoc >= 0 {
		_, n, _ := readVarint(old[after:])
		out = appendVarint(out, afterDoc-last)
		out = append(out, old[after+n:]...)
	}
	return out, nil
}

// parsePostingValue splits [df,"title","heading","body"].
func parsePostingValue(v []byte) (int, [numScored][]byte, error) {
	var fields [numScored][]byte
	if len(v) < 2 || v[0] != '[' || v[len(v)-1] != ']' {
		return 0, fields, errCorrupt
	}
	v = v[1 : len(v)-1]
	i := bytes.IndexByte(v, ',')
	if i < 0 {
		return 0, fields, errCorrupt
	}
	df, err := strconv.Atoi(string(v[:i]))
	if err != nil || df < 0 {
		return 0, fields, errCorrupt
	}
	v = v[i:]
	for f := range fields {
		if len(v) < 3 || v[0] != ',' || v[1] != '"' {
			return 0, fields, errCorrupt
		}
		end := bytes.IndexByte(v[2:], '"')
		if end < 0 {
			return 0, fields, errCorrupt
		}
		fields[f] = v[2 : 2+end : 2+end]
		v = v[3+end:]
	}
	if len(v) != 0 {
		return 0, fields, errCorrupt
	}
	return df, fields, nil
}

// parsePostShard reads the stems and values of a postings shard file made
// by makePostShard.
func parsePostShard(file []byte) ([]stemValue, error) {
	data := shardData(file)
	if len(data) < 2 || data[0] != '{' || data[len(data)-1] != '}' {
		return nil, errCorrupt
	}
	var out []stemValue
	rest := data[1 : len(data)-1]
	for len(rest) > 0 {
		if len(out) > 0 {
			if rest[0] != ',' {
				return nil, errCorrupt
			}
			rest = rest[1:]
		}
		stem, n, err := readJSONString(rest)
		if err != nil || n >= len(rest) || rest[n] != ':' {
			return nil, errCorrupt
		}
		rest = rest[n+1:]
		end := bytes.IndexByte(rest, ']')
		if end < 0 {
			return nil, errCorrupt
		}
		out = append(out, stemValue{stem, rest[: end+1 : end+1]})
		rest = rest[end+1:]
	}
	if len(out) == 0 {
		return nil, errCorrupt
	}
	return out, nil
}

// readJSONString reads the JSON string at the start of b.
func readJSONString(b []byte) (string, int, error) {
	if len(b) == 0 || b[0] != '"' {
		return "", 0, errCorrupt
	}
	escaped := false
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			escaped = true
			i++
		case '"':
			if !escaped {
				return string(b[1:i]), i + 1, nil
			}
			s, err := strconv.Unquote(string(b[:i+1]))
			if err != nil {
				return "", 0, errCorrupt
			}
			return s, i + 1, nil
		}
	}
	return "", 0, errCorrupt
}

func (s *Static) updateVocab(delta map[string]int, stemOf map[string]string) ([]vocabGroup, error) {
	byGroup := map[string][]string{}
	for surface, d := range delta {
		if d != 0 {
			k := vocabKey(surface, 2)
			byGroup[k] = append(byGroup[k], surface)
		}
	}
	if len(byGroup) == 0 {
		return s.vocab, nil
	}
	out := make([]vocabGroup, 0, len(s.vocab)+len(byGroup))
	for _, g := range s.vocab {
		surfaces, ok := byGroup[g.key]
		if !ok {
			out = append(out, g)
			continue
		}
		delete(byGroup, g.key)
		forms, err := decodeForms(g.forms)
		if err != nil {
			return nil, fmt.Errorf("search: vocabulary group %q: %w", g.key, err)
		}
		ng, err := updateGroup(g, forms, surfaces, delta, stemOf)
		if err != nil {
			return nil, err
		}
		if len(ng.shards) > 0 {
			out = append(out, ng)
		}
	}
	added := false
	for key, surfaces := range byGroup {
		ng, err := updateGroup(vocabGroup{key: key}, nil, surfaces, delta, stemOf)
		if err != nil {
			return nil, err
		}
		if len(ng.shards) > 0 {
			out = append(out, ng)
			added = true
		}
	}
	if added {
		sort.Slice(out, func(i, j int) bool { return lessUTF16(out[i].key, out[j].key) })
	}
	return out, nil
}

// updateGroup applies the changes in document counts of surfaces to one
// group; its shards are made again only when a form came or went.
func updateGroup(g vocabGroup, forms []vocabForm, surfaces []string, delta map[string]int, stemOf map[string]string) (vocabGroup, error) {
	sort.Strings(surfaces)
	out := make([]vocabForm, 0, len(forms)+len(surfaces))
	reshard := false
	i := 0
	for _, surface := range surfaces {
		for i < len(forms) && forms[i].surface < surface {
			out = append(out, forms[i])
			i++
		}
		f := vocabForm{surface: surface, stem: stemOf[surface]}
		isNew := true
		if i < len(forms) && forms[i].surface == surface {
			f = forms[i]
			isNew = false
			i++
		}
		f.docs += delta[surface]
		switch {
		case f.docs < 0 || f.docs == 0 && isNew:
			return g, fmt.Errorf("search: vocabulary group %q: %w", g.key, errCorrupt)
		case f.docs == 0:
			reshard = true
		default:
			reshard = reshard || isNew
			out = append(out, f)
		}
	}
	out = append(out, forms[i:]...)
	if !reshard {
		return vocabGroup{key: g.key, forms: encodeForms(out), shards: g.shards}, nil
	}
	if len(out) == 0 {
		return vocabGroup{key: g.key}, nil
	}
	return makeVocabGroup(g.key, out), nil
}

func sameFields(a, b [numScored][]secQ) bool {
	for f := range a {
		if len(a[f]) != len(b[f]) {
			return false
		}
		for i := range a[f] {
			if a[f][i] != b[f][i] {
				return false
			}
		}
	}
	return true
}
