package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/par"
)

// An incremental run re-checks only the documents whose result can have
// changed since the last run, and takes every other document's findings
// from the state that run left. What a document's findings depend on:
//
//   - its own text, path, the glossary and the rule settings (the caller
//     keys the cache on the last three and compares content hashes);
//   - what its rules read of other documents and of the disk through the
//     Pass accessors (reads.go), recorded as it is read in DocState.Deps:
//     a document is checked again when any of those reads would return
//     something else now;
//   - for the corpus-scope rules, every document's summary (DocSummary;
//     DocState.Corpus is its digest): when any digest changes, the corpus
//     rules run again over every document, and each document whose corpus
//     findings changed is checked again.
//
// The result is the same as Run's on the same documents; the tests compare
// the two after every kind of edit (TestIncrementalMatchesFullRun,
// TestIncrementalRandomEdits, and every rule example in TestExamples).

// CachedFinding is a finding as the incremental state keeps it.
type CachedFinding struct {
	Finding
	Start int // source byte offset, for suppressions
}

// DocState is what an incremental run keeps about one document.
type DocState struct {
	Anchors []string // the heading anchors links can point to, for stand-ins
	// Deps are what its rules read outside it, by key ("title:a.md",
	// "exists:/path", see reads.go), with the value each read had.
	Deps     map[string]string
	Corpus   string          // digest of its DocSummary, what corpus-scope rules read of it
	Findings []CachedFinding // after suppression, fingerprinted: what the report shows
}

// CorpusState is the corpus-scope rules' part of an incremental state.
type CorpusState struct {
	Key      string                     // digest of every document's DocState.Corpus, in order
	Findings map[string][]CachedFinding // by corpus path, before suppression
}

// Source is one document of an incremental run.
type Source struct {
	Rel, Path string
	// Prev is the document's state from the last run, when its content is
	// unchanged since then; nil otherwise.
	Prev *DocState
	// Load parses the document. It returns nil when the document cannot
	// be read; the caller reports why, and the document is left out.
	Load func() *corpus.Document
}

// Incremental is the outcome of RunIncremental.
type Incremental struct {
	Findings []*Finding // sorted and fingerprinted, as Run returns them
	States   []*DocState
	Corpus   *CorpusState
	// Checked counts the documents parsed and checked this run; CorpusRun
	// says whether the corpus-scope rules ran.
	Checked   int
	CorpusRun bool
	// Docs are the documents in source order: parsed, or, for those taken
	// from the state, stand-ins holding only paths and heading anchors.
	// Unreadable documents are left out.
	Docs []*corpus.Document
	// Facts returns the analysis of a parsed document (not a stand-in),
	// trimmed as RunWithFacts trims it; set only with Input.KeepFacts.
	Facts func(*corpus.Document) *DocFacts
}

// RunIncremental checks srcs with in.Glossary and in.Settings (in.Docs and
// in.Report are ignored), re-using prev and each source's Prev where they
// still hold. With no states at all it checks every document, as Run does.
func RunIncremental(in Input, srcs []Source, prev *CorpusState) *Incremental {
	if streamable(in, srcs, prev) {
		return runStream(in, srcs)
	}
	n := len(srcs)
	// docs[i] is source i parsed, once, by parse: up front for the
	// documents to check, and on demand when a rule reads a fact of one
	// that a stand-in does not hold.
	docs := make([]*corpus.Document, n)
	tried := make([]bool, n)
	onces := make([]sync.Once, n)
	parse := func(i int) *corpus.Document {
		onces[i].Do(func() { docs[i], tried[i] = srcs[i].Load(), true })
		return docs[i]
	}
	load := func(idx []int) { par.For(len(idx), func(k int) { parse(idx[k]) }) }

	// Documents changed since the last run.
	recheck := make([]bool, n)
	var first []int
	for i, s := range srcs {
		if s.Prev == nil {
			recheck[i] = true
			first = append(first, i)
		}
	}
	load(first)

	// A source is in the run when it parsed, or when it was not parsed
	// because its state stands in for it.
	readable := func(i int) bool { return docs[i] != nil || (!tried[i] && srcs[i].Prev != nil) }

	// What the rules see: each document parsed, or a stand-in holding its
	// paths and heading anchors. The stand-ins and their headings in two
	// allocations, not twenty thousand: all but a few documents are
	// stand-ins after a small edit.
	held := make([]*corpus.Document, n)
	stands, heads := 0, 0
	for i, s := range srcs {
		if readable(i) && docs[i] == nil {
			stands++
			heads += len(s.Prev.Anchors)
		}
	}
	standIns := make([]corpus.Document, stands)
	headings := make([]corpus.Heading, heads)
	pointers := make([]*corpus.Heading, heads)
	all := make([]*corpus.Document, 0, n)
	index := make(map[*corpus.Document]int, n)
	view := &corpusView{rels: make(map[string]int, n), record: true}
	for i, s := range srcs {
		if !readable(i) {
			continue
		}
		d := docs[i]
		if d == nil {
			d = &standIns[0]
			standIns = standIns[1:]
			headings, pointers = standIn(d, s, headings, pointers)
		}
		held[i] = d
		index[d] = i
		all = append(all, d)
		if _, dup := view.rels[s.Rel]; !dup {
			view.rels[s.Rel] = i
		}
	}
	view.doc = func(i int) *corpus.Document { return held[i] }
	view.parse = parse

	// Documents that read something of another document, or of the disk,
	// that is different now.
	stale := func(key, val string) bool {
		kind, arg, _ := strings.Cut(key, ":")
		if f, ok := docFacts[kind]; ok {
			i, ok := view.rels[arg]
			switch {
			case !ok:
				return val != missingDoc
			case srcs[i].Prev != nil:
				// Unchanged since its state was taken, and every state
				// that read it was compared with it then.
				return false
			}
			return f.value(held[i]) != val
		}
		switch kind {
		case allDocsKey:
			_, digest := view.allNames()
			return digest != val
		case "exists", "file":
			return view.diskValue(key) != val
		}
		return true // a dependency this concord does not know
	}
	depsChanged := make([]bool, n)
	par.For(n, func(i int) {
		s := &srcs[i]
		if recheck[i] || s.Prev == nil {
			return
		}
		for key, val := range s.Prev.Deps {
			if stale(key, val) {
				depsChanged[i] = true
				return
			}
		}
	})
	var second []int
	for i, changed := range depsChanged {
		if changed {
			recheck[i] = true
			second = append(second, i)
		}
	}
	load(second)
	for _, i := range second {
		// The parsed document replaces its stand-in; one that can no
		// longer be read leaves the run.
		delete(index, held[i])
		held[i] = docs[i]
		if held[i] != nil {
			index[held[i]] = i
		}
	}
	all = all[:0]
	for i := range srcs {
		if held[i] != nil {
			all = append(all, held[i])
		}
	}

	out := &Incremental{States: make([]*DocState, n)}
	digests := make([]string, n)
	deps := make([]map[string]string, n)
	own := make([][]*Finding, n)
	facts := &factStore{m: map[*corpus.Document]*DocFacts{}, keepMatches: in.KeepFacts}
	docRules, corpusRules := rulesOf(in)
	checkDocs := func(idx []int) {
		var ds []*corpus.Document
		for _, i := range idx {
			if docs[i] != nil {
				ds = append(ds, docs[i])
			}
		}
		res := runDocRules(in, docRules, view, ds, facts, true, func(d *corpus.Document, s *DocSummary, rd reads) {
			i := index[d]
			digests[i], deps[i] = s.digest(), rd
		})
		for k, d := range ds {
			own[index[d]] = res[k]
		}
		out.Checked += len(ds)
	}
	var checking []int
	for i := range srcs {
		if recheck[i] {
			checking = append(checking, i)
		}
	}
	checkDocs(checking)

	// reparse replaces slimmed document i with the whole of it, parsed
	// again, for its own rules to run on, and points its corpus findings
	// fs at it; false when it can no longer be read (changed or gone
	// since), which leaves it as its state had it.
	at := make([]int, n) // where document i is in all, once the corpus rules run
	reparse := func(i int, fs []*Finding) bool {
		d := srcs[i].Load()
		if d == nil {
			return false
		}
		old := docs[i]
		docs[i], held[i] = d, d
		delete(index, old)
		index[d] = i
		all[at[i]] = d
		for _, f := range fs {
			f.doc = d
		}
		return true
	}

	// The corpus-scope rules: re-use their findings while no document's
	// summary changed.
	key := sha256.New()
	for i, s := range srcs {
		if held[i] == nil {
			continue
		}
		if !recheck[i] {
			digests[i] = s.Prev.Corpus
		}
		io.WriteString(key, s.Rel)
		key.Write([]byte{0})
		io.WriteString(key, digests[i])
		key.Write([]byte{0})
	}
	ck := hex.EncodeToString(key.Sum(nil))
	corpusFor := map[string][]*Finding{}
	switch {
	case len(corpusRules) == 0:
		out.Corpus = &CorpusState{Key: ck, Findings: map[string][]CachedFinding{}}
	case prev != nil && prev.Key == ck:
		for i, s := range srcs {
			if recheck[i] && docs[i] != nil {
				corpusFor[s.Rel] = restore(prev.Findings[s.Rel], docs[i])
			}
		}
		out.Corpus = prev
	default:
		out.CorpusRun = true
		var rest []int
		for i := range srcs {
			if held[i] != nil && docs[i] == nil {
				rest = append(rest, i)
			}
		}
		// The corpus rules read these documents' summaries only: where the
		// caller reads nothing of them afterwards (Slim, KeepFacts), each
		// is parsed, summarised and slimmed in turn, as a streamed run does
		// (runStream), not held parsed with its analysis (at 100,000
		// documents that held 10 GB). One whose corpus findings change is
		// parsed again below, to be checked. The language server reads
		// every document it is given back, whole.
		slim := make([]bool, n)
		if !in.Slim && !in.KeepFacts {
			load(rest)
			rest = nil
		}
		par.For(len(rest), func(k int) {
			i := rest[k]
			d := parse(i)
			if d == nil {
				return
			}
			sum := facts.summary(d, in.Glossary)
			facts.forget(d)
			sum.detach()
			d.Slim(sum.ranges())
			slim[i] = true
		})
		all = all[:0]
		for i := range srcs {
			if held[i] == nil {
				continue
			}
			if d := docs[i]; d != nil && d != held[i] {
				delete(index, held[i])
				held[i], index[d] = d, i
			}
			at[i] = len(all)
			all = append(all, held[i])
		}
		found := runCorpusRules(in, corpusRules, view, all, facts)
		for _, f := range found {
			corpusFor[f.doc.Rel] = append(corpusFor[f.doc.Rel], f)
		}
		out.Corpus = &CorpusState{Key: ck, Findings: map[string][]CachedFinding{}}
		for rel, fs := range corpusFor {
			out.Corpus.Findings[rel] = cache(fs)
		}
		// Documents whose corpus findings changed are re-checked, so that
		// their suppressions apply to the new findings.
		var more []int
		for i, s := range srcs {
			if recheck[i] || docs[i] == nil {
				continue
			}
			if !sameFindings(prevCorpus(prev, s.Rel), out.Corpus.Findings[s.Rel]) {
				if slim[i] && !reparse(i, corpusFor[s.Rel]) {
					continue
				}
				recheck[i] = true
				more = append(more, i)
			}
		}
		checkDocs(more)
	}
	out.Docs = all

	var findings []*Finding
	var fresh []*Finding
	keep := map[*corpus.Document]bool{}
	for i, s := range srcs {
		switch {
		case held[i] == nil:
		case recheck[i]:
			d := docs[i]
			if d == nil {
				continue
			}
			keep[d] = true
			fresh = append(fresh, own[i]...)
			fresh = append(fresh, corpusFor[s.Rel]...)
		default:
			out.States[i] = s.Prev
			for _, cf := range s.Prev.Findings {
				f := cf.Finding
				findings = append(findings, &f)
			}
		}
	}
	fresh = applySuppressions(Input{Glossary: in.Glossary, Docs: all, Settings: in.Settings}, fresh, func(d *corpus.Document) bool { return keep[d] })
	Sort(fresh)
	Fingerprint(fresh)
	byDoc := map[*corpus.Document][]*Finding{}
	for _, f := range fresh {
		byDoc[f.doc] = append(byDoc[f.doc], f)
	}
	for i := range srcs {
		d := docs[i]
		if !recheck[i] || d == nil {
			continue
		}
		out.States[i] = &DocState{Anchors: docAnchors(d), Deps: deps[i], Corpus: digests[i], Findings: cache(byDoc[d])}
	}
	findings = append(findings, fresh...)
	Sort(findings)
	out.Findings = findings
	if in.KeepFacts {
		out.Facts = func(d *corpus.Document) *DocFacts {
			df := facts.get(d, in.Glossary)
			df.Trim(true)
			return df
		}
	}
	return out
}

func prevCorpus(prev *CorpusState, rel string) []CachedFinding {
	if prev == nil {
		return nil
	}
	return prev.Findings[rel]
}

// standIn makes d a document taken from the state: what other documents'
// rules read of it (its paths and heading anchors) and nothing else. Its
// headings, and the pointers to them, are taken from the front of hs and
// ps; it returns the rest of both.
func standIn(d *corpus.Document, s Source, hs []corpus.Heading, ps []*corpus.Heading) ([]corpus.Heading, []*corpus.Heading) {
	d.Rel, d.Path = s.Rel, s.Path
	if k := len(s.Prev.Anchors); k > 0 {
		mine := hs[:k:k]
		d.Headings = ps[:k:k]
		hs, ps = hs[k:], ps[k:]
		for i, a := range s.Prev.Anchors {
			mine[i].Anchor = a
			d.Headings[i] = &mine[i]
		}
	}
	return hs, ps
}

func docAnchors(d *corpus.Document) []string {
	out := make([]string, 0, len(d.Headings))
	for _, h := range d.Headings {
		out = append(out, h.Anchor)
	}
	return out
}

func anchorDigest(as []string) string {
	var buf [512]byte
	b := buf[:0]
	for _, a := range as {
		b = append(b, a...)
		b = append(b, 0)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func cache(fs []*Finding) []CachedFinding {
	out := make([]CachedFinding, len(fs))
	for i, f := range fs {
		out[i] = CachedFinding{Finding: *f, Start: f.start}
		out[i].doc = nil
	}
	return out
}

func restore(cs []CachedFinding, d *corpus.Document) []*Finding {
	out := make([]*Finding, len(cs))
	for i := range cs {
		f := cs[i].Finding
		f.start, f.doc = cs[i].Start, d
		out[i] = &f
	}
	return out
}

func sameFindings(a, b []CachedFinding) bool {
	return slices.EqualFunc(a, b, func(x, y CachedFinding) bool {
		return x.Start == y.Start && fmt.Sprintf("%#v", x.Finding) == fmt.Sprintf("%#v", y.Finding)
	})
}

// earlyBudget bounds the source bytes of documents parsed before their
// turn (a link's target, read for its anchors) and kept for it; past it
// such a document is parsed again at its turn. On 10,000 generated
// documents about a third of the corpus is read this way before its turn:
// all of it is kept, and nothing is parsed twice.
var earlyBudget int64 = 32 << 20 // a variable so tests can make every early parse be let go

// pending is a document of a streamed run (runStream) before and during
// its turn.
type pending struct {
	once sync.Once
	// stand is what other documents' rules read of it (paths, front
	// matter, heading anchors), set by once; nil when it cannot be read.
	// Once the document is checked and slimmed, the slimmed document
	// takes its place (settle): it holds all a stand-in does, and the
	// stand-in's copies need not live to the end of the run.
	stand atomic.Pointer[corpus.Document]
	mu    sync.Mutex
	full  *corpus.Document // parsed before its turn, kept for it
}

// stream is the state of a streamed run.
type stream struct {
	srcs  []Source
	pend  []pending
	early atomic.Int64 // source bytes held in pending.full
}

// parse parses document i once, taking its stand-in; keep says whether to
// keep the parse for the document's own turn whatever the budget.
func (s *stream) parse(i int, keep bool) {
	p := &s.pend[i]
	p.once.Do(func() {
		d := s.srcs[i].Load()
		if d == nil {
			return
		}
		p.stand.Store(standInFor(d))
		size := int64(len(d.File.Text))
		if keep || s.early.Add(size) <= earlyBudget {
			p.full = d
			if keep {
				s.early.Add(size)
			}
			return
		}
		s.early.Add(-size)
	})
}

// standIn is document i as other documents' rules see it, nil when it
// cannot be read.
func (s *stream) standIn(i int) *corpus.Document {
	s.parse(i, false)
	return s.pend[i].stand.Load()
}

// take returns document i parsed, for its turn, or nil when it cannot be
// read.
func (s *stream) take(i int) *corpus.Document {
	s.parse(i, true)
	p := &s.pend[i]
	p.mu.Lock()
	d := p.full
	p.full = nil
	p.mu.Unlock()
	if d != nil {
		s.early.Add(-int64(len(d.File.Text)))
		return d
	}
	if p.stand.Load() == nil {
		return nil
	}
	return s.srcs[i].Load() // parsed early and let go: parse it again
}

// standInFor is a stand-in holding what the Pass accessors read of d: its
// paths, front matter and heading anchors.
func standInFor(d *corpus.Document) *corpus.Document {
	// Strings are copied so as not to hold d's source or block text.
	s := &corpus.Document{Rel: d.Rel, Path: d.Path, Slug: strings.Clone(d.Slug), Front: d.Front.Clone(), Disk: d.Disk, Slimmed: true}
	s.Headings = corpus.CopyHeadings(d.Headings, false)
	return s
}

// streamable says whether RunIncremental may stream: the caller lets it
// slim documents and no source has a state, as in a first check or one
// without the cache.
func streamable(in Input, srcs []Source, prev *CorpusState) bool {
	if !in.Slim || in.KeepFacts || prev != nil {
		return false
	}
	for _, s := range srcs {
		if s.Prev != nil {
			return false
		}
	}
	return true
}

// runStream is RunIncremental with no states: it checks every document,
// as Run does, but one at a time on each core: parse, the document's
// rules, its summary for the corpus rules, then slimming it
// (corpus.Document.Slim). Other documents' rules read it through a
// stand-in taken when it is parsed, so a link to a document not yet
// checked parses it early (kept for its turn within earlyBudget). Memory
// is the summaries, the findings and the slimmed documents, not the
// parsed corpus.
func runStream(in Input, srcs []Source) *Incremental {
	n := len(srcs)
	st := &stream{srcs: srcs, pend: make([]pending, n)}
	view := &corpusView{rels: make(map[string]int, n), record: true}
	for i, s := range srcs {
		if _, dup := view.rels[s.Rel]; !dup {
			view.rels[s.Rel] = i
		}
	}
	view.doc = st.standIn
	view.parse = st.standIn // a stand-in holds the front matter too

	docRules, corpusRules := rulesOf(in)
	facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
	if in.Checked == nil {
		// Nothing keeps a document's analysis past its turn, so its
		// tokens' memory can go to the next document.
		facts.tokens = &sync.Pool{}
	}
	docs := make([]*corpus.Document, n)
	own := make([][]*Finding, n)
	digests := make([]string, n)
	deps := make([]map[string]string, n)
	par.For(n, func(i int) {
		d := st.take(i)
		if d == nil {
			return
		}
		rd := reads{}
		for _, r := range docRules {
			p := &Pass{Rule: r, Glossary: in.Glossary, Doc: d, view: view, reads: rd, facts: facts, settings: in.settingsFor(r)}
			runSafely(p)
			own[i] = append(own[i], p.findings()...)
		}
		sum := facts.summary(d, in.Glossary)
		digests[i], deps[i] = sum.digest(), rd
		if in.Checked != nil {
			in.Checked(i, d, facts.get(d, in.Glossary))
		}
		facts.forget(d)
		sum.detach() // the summary's restatements stop reading the analysis
		if facts.tokens != nil {
			facts.recycle(d)
		}
		// Findings reported later (the corpus rules', and unused
		// suppressions') need the positions and source text of their
		// ranges, and only those.
		d.Slim(sum.ranges())
		st.pend[i].stand.Store(d)
		docs[i] = d
	})

	out := &Incremental{States: make([]*DocState, n), CorpusRun: len(corpusRules) > 0}
	var all []*corpus.Document
	key := sha256.New()
	for i, s := range srcs {
		if docs[i] == nil {
			continue
		}
		all = append(all, docs[i])
		out.Checked++
		io.WriteString(key, s.Rel)
		key.Write([]byte{0})
		io.WriteString(key, digests[i])
		key.Write([]byte{0})
	}
	out.Corpus = &CorpusState{Key: hex.EncodeToString(key.Sum(nil)), Findings: map[string][]CachedFinding{}}
	var fresh []*Finding
	for i := range srcs {
		fresh = append(fresh, own[i]...)
	}
	if len(corpusRules) > 0 {
		corpusFor := map[string][]*Finding{}
		for _, f := range runCorpusRules(in, corpusRules, view, all, facts) {
			corpusFor[f.doc.Rel] = append(corpusFor[f.doc.Rel], f)
			fresh = append(fresh, f)
		}
		for rel, fs := range corpusFor {
			out.Corpus.Findings[rel] = cache(fs)
		}
	}
	fresh = applySuppressions(Input{Glossary: in.Glossary, Docs: all, Settings: in.Settings}, fresh, func(*corpus.Document) bool { return true })
	Sort(fresh)
	Fingerprint(fresh)
	byDoc := map[*corpus.Document][]*Finding{}
	for _, f := range fresh {
		byDoc[f.doc] = append(byDoc[f.doc], f)
	}
	for i, d := range docs {
		if d != nil {
			out.States[i] = &DocState{Anchors: docAnchors(d), Deps: deps[i], Corpus: digests[i], Findings: cache(byDoc[d])}
		}
	}
	out.Findings = fresh
	out.Docs = all
	return out
}

// forget drops everything the store holds of d but its summary, once d's
// own rules have run and the summary is taken (a streamed run: nothing
// reads d's analysis again).
func (s *factStore) forget(d *corpus.Document) {
	s.mu.Lock()
	// publicFacing's memo is keyed by the analysis: left in it, the
	// analysis (every token of the document) would live to the end.
	delete(s.public, s.m[d])
	if df := s.m[d]; df != nil {
		s.dropCompared(df.Restatements)
	}
	delete(s.m, d)
	delete(s.once, d)
	s.mu.Unlock()
}
