package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/par"
)

// An incremental run re-checks only the documents whose result can have
// changed since the last run, and takes every other document's findings
// from the state that run left. What a document's findings depend on:
//
//   - its own text, path, the glossary and the rule settings (the caller
//     keys the cache on the last three and compares content hashes);
//   - for broken-link, the headings of the documents its links point to,
//     and for links to missing documents or to other kinds of file, the
//     disk and the names of all documents (DocState.Deps records them);
//   - for the corpus-scope rules (inconsistent-description), the
//     restatements and acronym expansions of every document
//     (DocState.Corpus digests them; when any digest changes, the corpus
//     rules run again over every document, and each document whose
//     corpus findings changed is re-checked).
//
// The result is the same as Run's on the same documents; the tests compare
// the two after every kind of edit.

// CachedFinding is a finding as the incremental state keeps it.
type CachedFinding struct {
	Finding
	Start int // source byte offset, for suppressions
}

// DocState is what an incremental run keeps about one document.
type DocState struct {
	Anchors []string // the heading anchors links can point to
	// Deps are what its broken-link findings depend on outside it: the
	// anchors of the documents its links point into, and for links to
	// missing documents or other files, the disk (see depValues).
	Deps     map[string]string
	Corpus   string          // digest of what corpus-scope rules read from it
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

const missingDoc = "missing"

// RunIncremental checks srcs with in.Glossary and in.Settings (in.Docs and
// in.Report are ignored), re-using prev and each source's Prev where they
// still hold. With no states at all it checks every document, as Run does.
func RunIncremental(in Input, srcs []Source, prev *CorpusState) *Incremental {
	n := len(srcs)
	docs := make([]*corpus.Document, n)
	loaded := make([]bool, n)
	load := func(idx []int) {
		var todo []int
		for _, i := range idx {
			if !loaded[i] {
				loaded[i] = true
				todo = append(todo, i)
			}
		}
		par.For(len(todo), func(k int) { docs[todo[k]] = srcs[todo[k]].Load() })
	}

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

	// A source is in the run when it loaded, or when it was not loaded
	// because its state stands in for it.
	readable := func(i int) bool { return docs[i] != nil || (!loaded[i] && srcs[i].Prev != nil) }

	// Documents whose link targets changed their headings, appeared or
	// went away.
	byRel := make(map[string]int, n)
	anchors := make([]string, n)
	par.For(n, func(i int) {
		switch {
		case !readable(i):
		case docs[i] != nil:
			anchors[i] = anchorDigest(docAnchors(docs[i]))
		default:
			anchors[i] = anchorDigest(srcs[i].Prev.Anchors)
		}
	})
	for i, s := range srcs {
		if readable(i) {
			byRel[s.Rel] = i
		}
	}
	deps := &depValues{known: map[string]string{}, anchors: func(rel string) string {
		if i, ok := byRel[rel]; ok {
			return anchors[i]
		}
		return missingDoc
	}}
	for i, s := range srcs {
		if readable(i) {
			deps.rels = append(deps.rels, s.Rel)
		}
	}
	slices.Sort(deps.rels)
	// deps.value is safe to call from several goroutines.
	depsChanged := make([]bool, n)
	par.For(n, func(i int) {
		s := &srcs[i]
		if recheck[i] || s.Prev == nil {
			return
		}
		for key, val := range s.Prev.Deps {
			if deps.value(key) != val {
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

	all := make([]*corpus.Document, 0, n)
	index := make(map[*corpus.Document]int, n)
	// The stand-ins and their headings in two allocations, not twenty
	// thousand: all but a few documents are stand-ins after a small edit.
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
		index[d] = i
		all = append(all, d)
	}

	out := &Incremental{States: make([]*DocState, n), Docs: all}
	digests := make([]string, n)
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
		res := runDocRules(in, docRules, all, ds, facts, func(d *corpus.Document, df *DocFacts) {
			digests[index[d]] = corpusDigest(df)
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

	// The corpus-scope rules: re-use their findings while no document
	// changed what they read.
	key := sha256.New()
	for i, s := range srcs {
		if !readable(i) {
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
			if !loaded[i] {
				rest = append(rest, i)
			}
		}
		load(rest)
		for k, d := range all {
			if i := index[d]; docs[i] != nil && all[k] != docs[i] {
				all[k] = docs[i]
			}
		}
		for i, d := range docs {
			if d != nil {
				index[d] = i
			}
		}
		found := runCorpusRules(in, corpusRules, all, facts)
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
				recheck[i] = true
				more = append(more, i)
			}
		}
		checkDocs(more)
	}

	var findings []*Finding
	var fresh []*Finding
	keep := map[*corpus.Document]bool{}
	for i, s := range srcs {
		switch {
		case !readable(i):
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
	// On a large corpus this is seconds of work; deps.value is safe to call
	// from several goroutines.
	par.For(len(srcs), func(i int) {
		d := docs[i]
		if !recheck[i] || d == nil {
			return
		}
		out.States[i] = &DocState{Anchors: docAnchors(d), Deps: linkDeps(d, deps.value), Corpus: digests[i], Findings: cache(byDoc[d])}
	})
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

// linkDeps lists what d's broken-link findings depend on besides d, with
// each one's value now (see depValues). It follows checkLinks.
func linkDeps(d *corpus.Document, value func(key string) string) map[string]string {
	deps := map[string]string{}
	add := func(key string) { deps[key] = value(key) }
	for _, l := range d.Links {
		dest := strings.TrimSpace(l.Dest)
		if dest == "" {
			continue
		}
		u, err := url.Parse(dest)
		if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") || u.Path == "" {
			continue
		}
		onDisk := ""
		if d.Disk != "" {
			onDisk = filepath.Join(filepath.Dir(d.Disk), filepath.FromSlash(u.Path))
		}
		if !strings.HasSuffix(u.Path, ".md") && !strings.HasSuffix(u.Path, ".markdown") {
			if onDisk != "" {
				add("exists:" + onDisk)
			}
			continue
		}
		rel := path.Clean(path.Join(path.Dir(d.Rel), u.Path))
		add("doc:" + rel)
		if deps["doc:"+rel] == missingDoc {
			// Looked for outside the corpus, and the suggestion is the
			// nearest name among all the documents.
			if onDisk != "" {
				add("file:" + onDisk)
			}
			add(allDocsKey)
		}
	}
	return deps
}

const allDocsKey = "docs"

// depValues computes the current value of dependency keys, once each:
// "doc:REL" the anchors digest of a corpus document (or missing),
// "docs" the digest of every document's path, "exists:PATH" whether a file
// exists, "file:PATH" the digest of a file's content (or missing).
type depValues struct {
	anchors func(rel string) string
	rels    []string
	mu      sync.Mutex
	known   map[string]string
}

func (v *depValues) value(key string) string {
	kind, arg, _ := strings.Cut(key, ":")
	if kind == "doc" {
		return v.anchors(arg)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if val, ok := v.known[key]; ok {
		return val
	}
	val := missingDoc
	switch kind {
	case "docs":
		h := sha256.New()
		for _, r := range v.rels {
			h.Write([]byte(r))
			h.Write([]byte{0})
		}
		val = hex.EncodeToString(h.Sum(nil))[:16]
	case "exists":
		if _, err := os.Stat(arg); err == nil {
			val = "exists"
		}
	case "file":
		if b, err := os.ReadFile(arg); err == nil {
			sum := sha256.Sum256(b)
			val = hex.EncodeToString(sum[:8])
		}
	}
	v.known[key] = val
	return val
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
