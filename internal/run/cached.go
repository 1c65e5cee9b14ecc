package run

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync/atomic"

	"github.com/concord-guidance/concord/internal/checkcache"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/site"
	"github.com/concord-guidance/concord/internal/source"
)

// CheckCached checks the whole corpus with the check cache in cacheDir:
// every document is read and hashed, and only those that changed since the
// last check, or whose findings depend on one that did, are parsed and
// checked again. The findings are exactly those of a full check. The
// project's documents are the parsed ones and, for the rest, stand-ins that
// hold their paths (enough for reports).
//
// The cache is saved in the background: the caller must call saved, which
// waits for it, before it returns.
//
// forSite also keeps, in the project's site field, what an incremental
// site build needs: each document's content hash, how to parse the ones
// the cache stood in for, and the analysis of the ones it parsed.
func (a *Runner) CheckCached(forSite bool) (*Project, []*rules.Finding, func(), error) {
	return a.check(forSite, true, nil)
}

// streamBuildFrom is the size of corpus from which a build with the cache
// that has no state to start from streams as build --no-cache does
// (CheckForSite): below it, holding the parsed corpus is faster (10,000
// documents: about 25 s of CPU against 38), and its memory, under 3 GB,
// no concern; at 100,000 documents it would be tens of gigabytes.
// CONCORD_BUILD_STREAM_FROM=N sets it for a run (tests and benchmarks
// compare both ways on small corpora).
const streamBuildFrom = 20000

// CheckForSite is CheckCached(true) for a build into out, published at
// baseURL: when the corpus is large (streamBuildFrom) and no build into
// out left a state this build could start from, the check streams as
// CheckForBuild's does, keeping for each document what the site and the
// search index read, and BuildIncremental then builds the whole site from
// those, writing its state for the next build as it goes. The caller must
// call saved, after the build.
func (a *Runner) CheckForSite(out, baseURL string) (*Project, []*rules.Finding, func(), error) {
	from := streamBuildFrom
	if v, err := strconv.Atoi(a.Getenv("CONCORD_BUILD_STREAM_FROM")); err == nil {
		from = v
	}
	p, findings, saved, err := a.check(true, true, func(p *Project, n int) bool {
		return n >= from && !hasBuildState(buildStateDir(out), buildKey(p, baseURL))
	})
	if p == nil || p.afresh == nil {
		return p, findings, saved, err
	}
	return p, findings, func() {
		if saved != nil {
			saved()
		}
		p.afresh.usage.close()
	}, err
}

// heldBudget bounds the text a check without a cache to compare with
// keeps from the read that tells it which documents can be read (before
// any is checked) to the document's turn, so that each is opened and read
// once: 64 MB holds all of the 10,000 generated documents and two thirds
// of the 10,000 plain ones, without raising the check's peak (about 450
// MB there), which holding the plain ones whole (93 MB) did by a tenth.
// Documents past it are read again for their turn. A variable so tests
// can hold none.
var heldBudget int64 = 64 << 20

// largeGC is the garbage collector's target for a streamed check, or a
// build with a state to start from, of a corpus of n documents, or 0 to
// leave the command's (cli's gcPercent, 200, or checkGCPercent, 400, which
// trade memory for speed). A streamed check's live heap still
// grows with the corpus, about 8 KB a document (each document's summary,
// state and slimmed remains), and the heap a target allows is 1 + target/100
// times the live heap: past 20,000 documents Go's default, 100, and past
// 60,000, 50, so that 100,000 documents check in under 2 GB, for more
// collections.
func largeGC(n int) int {
	switch {
	case n > 60000:
		return 50
	case n > 20000:
		return 100
	}
	return 0
}

// CheckAll checks the whole corpus afresh, neither reading nor writing the
// check cache (check --no-cache). Its findings are those of rules.Run on
// the loaded project, but documents are parsed, checked and let go one at
// a time on each core, so memory does not grow with the parsed corpus; the
// project's documents are slimmed (corpus.Document.Slim).
func (a *Runner) CheckAll() (*Project, []*rules.Finding, error) {
	p, findings, _, err := a.check(false, false, nil)
	return p, findings, err
}

// CheckForBuild is CheckAll for build --no-cache: the check streams as
// CheckAll's does, and keeps of each document what BuildAfresh reads (its
// site record, its search entry, and its usage in a temporary file), so
// that the build never holds the parsed corpus. The caller must call
// done once the site is built.
func (a *Runner) CheckForBuild() (p *Project, findings []*rules.Finding, done func(), err error) {
	p, findings, _, err = a.check(false, false, func(*Project, int) bool { return true })
	if p == nil {
		return nil, nil, func() {}, err
	}
	return p, findings, func() {
		if p.afresh != nil {
			p.afresh.usage.close()
		}
	}, err
}

// check is the whole-corpus check. stream, when set, says whether the
// check streams for a build (afresh), given the project and the number of
// documents; with forSite, a streamed check also keeps each document's
// hash and input, and makes the records and entries of those the cache
// vouched for, for BuildIncremental.
func (a *Runner) check(forSite, useCache bool, stream func(*Project, int) bool) (*Project, []*rules.Finding, func(), error) {
	loadPrev := func(string) *checkcache.Cache { return nil }
	if useCache {
		if err := ownDirs(cacheDir); err != nil {
			return nil, nil, nil, err
		}
		// The cache is read while the glossary and the corpus's files are.
		loadPrev = checkcache.LoadLater(cacheDir)
	}
	p, inputs, err := a.DiscoverProject(nil)
	if err != nil {
		return nil, nil, nil, err
	}
	a.Phase("discover")
	afresh := stream != nil && stream(p, len(inputs))
	// A streamed check keeps no parsed document, so none is kept for the
	// site either; wantSite says the site's inputs are still wanted.
	wantSite := forSite
	forSite = forSite && !afresh
	key := ""
	if useCache {
		settings, _ := json.Marshal(p.Settings) // map keys marshal sorted
		root, _ := filepath.Abs(p.Cfg.Corpus)
		key = checkcache.Key(p.Glossary.Version, string(settings), root, displayPath(p.Cfg.Corpus), Version)
	}
	var prev *checkcache.Cache
	if key != "" {
		prev = loadPrev(key)
	}

	// Files whose size and modification time are those the cache recorded
	// are not read unless they must be checked again.
	files := make([]*source.File, len(inputs))
	readErrs := make([]error, len(inputs))
	sizes, times := make([]int64, len(inputs)), make([]int64, len(inputs))
	trusted := make([]*checkcache.Doc, len(inputs))
	hashes := make([]string, len(inputs)) // of the files read, on all cores
	var held atomic.Int64                 // bytes of text kept for their turn
	keep := func(size int64) bool {
		if held.Add(size) <= heldBudget {
			return true
		}
		held.Add(-size)
		return false
	}
	par.ForN(len(inputs), par.IO, func(i int) { // waits on system calls more than it computes
		in := inputs[i]
		// With no cache to compare with, a text not kept is hashed when
		// read again for its turn, and only then.
		hash := key != "" && (prev != nil || forSite)
		if !hash && !forSite {
			// No cache to compare with (prev is nil). Each file is read
			// here to know it can be, its size and time what the open
			// found, and kept for its turn within heldBudget; past it,
			// read again when parsed: holding every text until its
			// document's turn would hold the corpus (500 MB at 100,000
			// documents).
			f, st, err := corpus.CheckInput(in, keep)
			if readErrs[i] = err; err == nil {
				sizes[i], times[i] = st.Size(), st.ModTime().UnixNano()
				if files[i] = f; f != nil && key != "" {
					hashes[i] = checkcache.Hash(in.Display, f.Text)
				}
			}
			return
		}
		if in.Err == nil {
			if st, err := os.Stat(in.Path); err == nil {
				sizes[i], times[i] = st.Size(), st.ModTime().UnixNano()
				if prev != nil {
					if old := prev.Docs[in.Rel]; old != nil && old.State != nil && prev.Unchanged(old, st.Size(), st.ModTime()) {
						trusted[i] = old
						return
					}
				}
			}
		}
		files[i], readErrs[i] = corpus.ReadInput(in)
		if readErrs[i] == nil && hash {
			hashes[i] = checkcache.Hash(in.Display, files[i].Text)
		}
		if !forSite {
			files[i] = nil
		}
	})

	next := checkcache.New(key)
	entries := make([]*checkcache.Doc, len(inputs))
	var srcs []rules.Source
	var srcInput []int
	var prevCorpus *rules.CorpusState
	// dirty says whether the cache must be written again.
	dirty := prev == nil
	if prev != nil {
		prevCorpus = prev.Corpus
	}
	for i, in := range inputs {
		if readErrs[i] != nil {
			p.InputErrs = append(p.InputErrs, corpus.Problems(readErrs[i], in.Display)...)
			continue
		}
		e := &checkcache.Doc{Size: sizes[i], ModTime: times[i]}
		if trusted[i] != nil {
			e.Hash = trusted[i].Hash
		} else {
			e.Hash = hashes[i]
		}
		entries[i] = e
		src := rules.Source{Rel: in.Rel, Path: in.Display}
		if prev != nil {
			if old := prev.Docs[in.Rel]; old != nil && old.Hash == e.Hash && old.State != nil {
				src.Prev = old.State
				e.Reuse(old) // its slug and problems, and its record in the file
				if old.Size != e.Size || old.ModTime != e.ModTime {
					dirty = true
				}
			} else {
				dirty = true
			}
		}
		f, in := files[i], in
		files[i] = nil
		src.Load = func() *corpus.Document {
			if f == nil {
				// Not read, or not kept (or parsed before and let go):
				// the cache vouched for it but it must be checked again
				// after all, or it is read again for its turn (and hashed
				// again, should it have changed since).
				var err error
				if f, err = corpus.ReadInput(in); err != nil {
					e.Problems = nil
					for _, pe := range corpus.Problems(err, in.Display) {
						e.Problems = append(e.Problems, *pe)
					}
					return nil
				}
				if key != "" {
					e.Hash = checkcache.Hash(in.Display, f.Text)
				}
			}
			d, err := corpus.ParseInput(f, in)
			f = nil // the document holds it, for as long as it needs it
			e.Problems = nil
			for _, pe := range corpus.Problems(err, in.Display) {
				e.Problems = append(e.Problems, *pe)
			}
			if d != nil {
				e.Slug, e.SlugPos = d.Slug, corpus.SlugPos(d)
			}
			return d
		}
		srcs = append(srcs, src)
		srcInput = append(srcInput, i)
	}

	a.Phase("read")
	// A build with a state to start from holds the documents it checks
	// again, the site's records and the search index's state: at 100,000
	// documents the command's target let it reach 13 GB.
	if gc := largeGC(len(srcs)); gc > 0 && a.Getenv("GOGC") == "" {
		// Never raised: only lowered from what the command set.
		if old := debug.SetGCPercent(gc); old < gc {
			debug.SetGCPercent(old)
		}
	}
	in := rules.Input{Glossary: p.Glossary, Settings: p.Settings, KeepFacts: forSite, Slim: !forSite}
	if afresh {
		spill, err := newUsageSpill(p.Glossary, len(srcs))
		if err != nil {
			return nil, nil, nil, &InputError{Err: err}
		}
		p.afresh = &afreshInputs{records: make([]*site.Record, len(srcs)), entries: make([]*search.Entry, len(srcs)), usage: spill}
		for _, i := range srcInput {
			p.afresh.inputs = append(p.afresh.inputs, inputs[i])
		}
		in.Checked = p.afresh.take(p.Glossary)
	}
	inc := rules.RunIncremental(in, srcs, prevCorpus)
	p.Docs = inc.Docs

	// Load problems and slug clashes, as LoadAll reports them.
	var slugs corpus.Slugs
	for k, i := range srcInput {
		e := entries[i]
		for j := range e.Problems {
			pe := e.Problems[j]
			p.InputErrs = append(p.InputErrs, &pe)
		}
		st := inc.States[k]
		if st == nil {
			continue // could not be parsed: its problems say why
		}
		if clash := slugs.Claim(e.Slug, inputs[i].Display, func() source.Position { return e.SlugPos }); clash != nil {
			p.InputErrs = append(p.InputErrs, clash)
		}
		e.State = st
		next.Docs[inputs[i].Rel] = e
	}
	a.Phase("check")
	next.Corpus = inc.Corpus
	if forSite {
		// Documents parsed only for the corpus rules, not checked again:
		// nothing reads them now but their paths, and the site builds
		// their pages from its last records (BuildIncremental), parsing
		// each again only for a page that needs it.
		kept := map[string]bool{}
		for k, st := range inc.States {
			if st != nil && st == srcs[k].Prev {
				kept[srcs[k].Rel] = true
			}
		}
		for _, d := range inc.Docs {
			if d.File != nil && kept[d.Rel] {
				d.Slim(nil)
			}
		}
	}
	if afresh && wantSite {
		// The documents the cache vouched for were not checked, so the
		// check kept nothing of them: each is parsed for its record,
		// entry and usage now, and let go.
		if err := p.afresh.fill(p.Glossary, inc.States); err != nil {
			return nil, nil, nil, &InputError{Err: err}
		}
	}
	if wantSite {
		p.site = &siteInputs{hashes: map[string]string{}, inputs: map[string]corpus.Input{}, facts: inc.Facts}
		for _, i := range srcInput {
			if entries[i] != nil {
				p.site.hashes[inputs[i].Rel] = entries[i].Hash
				p.site.inputs[inputs[i].Rel] = inputs[i]
			}
		}
	}
	if a.Getenv("CONCORD_CACHE_STATS") != "" {
		fmt.Fprintf(a.Stderr, "concord: check cache: %d of %d documents checked again, corpus rules run: %v\n", inc.Checked, len(srcs), inc.CorpusRun)
	}
	if inc.Checked > 0 || prev != nil && len(prev.Docs) != len(next.Docs) {
		dirty = true
	}
	saved := func() {}
	if key != "" && dirty {
		// The cache is written while the report is: both take tens of
		// milliseconds, a third of a check after a small edit.
		done := make(chan error, 1)
		go func() { done <- next.Save(cacheDir) }()
		saved = func() {
			a.Phase("reported")
			if err := <-done; err != nil {
				fmt.Fprintf(a.Stderr, "concord: warning: %v (the next check will not be faster)\n", err)
			}
			a.Phase("saved")
		}
	}
	return p, inc.Findings, saved, nil
}
