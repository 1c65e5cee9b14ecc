package run

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"

	"github.com/concord-guidance/concord/internal/binenc"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/site"
)

// siteInputs are what CheckCached(true) keeps for an incremental build.
type siteInputs struct {
	hashes map[string]string       // content hash by corpus path
	inputs map[string]corpus.Input // by corpus path, to parse a stand-in
	facts  func(*corpus.Document) *rules.DocFacts
}

// buildState is what a build keeps in .concord/ for the next build of the
// same output folder: the site's state (each document's record, each file's
// key, the folders' stamps) and the static search index's, split into
// chunks kept in files of their own so that a small change rewrites few of
// them (search.EncodeChunked).
type buildState struct {
	Key        string
	Site       *site.State
	SearchHead []byte
	chunks     []string // chunk file names, by number
	dir        string
}

// The state file is a binenc file: the key, the site's state, the search
// index's head and the chunks' names.
const (
	buildStateMagic   = "concord-build-state\n"
	buildStateVersion = 3
)

// buildStateDir is where the state for builds into out is kept.
func buildStateDir(out string) string {
	abs, err := filepath.Abs(out)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cacheDir, "build-"+hex.EncodeToString(sum[:6]))
}

// buildKey is what the state depends on besides the documents: the binary,
// the glossary, the rule settings, the corpus and the site's settings.
func buildKey(p *Project, baseURL string) string {
	settings, _ := json.Marshal(p.Settings)
	root, _ := filepath.Abs(p.Cfg.Corpus)
	h := sha256.New()
	for _, s := range []string{Version, p.Glossary.Version, string(settings), root, displayPath(p.Cfg.Corpus), baseURL} {
		fmt.Fprintf(h, "%d:%s;", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// loadBuildState reads the state in dir, or returns nil when there is none
// for key or it cannot be read.
func loadBuildState(dir, key string) *buildState {
	data, err := os.ReadFile(filepath.Join(dir, "state"))
	if err != nil {
		return nil
	}
	r, err := binenc.Open(data, buildStateMagic, buildStateVersion)
	if err != nil || r.String() != key {
		return nil
	}
	siteData, head := r.Bytes(), r.Bytes()
	st := &buildState{Key: key, SearchHead: head, dir: dir, chunks: r.Strings()}
	if r.End() != nil || len(head) == 0 {
		return nil
	}
	if st.Site, err = site.DecodeState(siteData); err != nil {
		return nil
	}
	return st
}

// searchIndex decodes the search index's state, reading its chunks.
func (s *buildState) searchIndex() (*search.Static, error) {
	return search.DecodeChunked(s.SearchHead, func(i int) ([]byte, error) {
		if i >= len(s.chunks) || !validChunkName(s.chunks[i]) {
			return nil, fmt.Errorf("search state: no chunk %d", i)
		}
		return os.ReadFile(filepath.Join(s.dir, s.chunks[i]))
	})
}

func validChunkName(name string) bool {
	return strings.HasPrefix(name, "c") && !strings.ContainsAny(name, `/\`) && name != "state"
}

// writeChunks writes into dir the chunks of the search index's state that
// changed, under new names, and returns every chunk's name.
func writeChunks(dir string, chunks [][]byte, prev *buildState) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	names := make([]string, len(chunks))
	errs := make([]error, len(chunks))
	par.ForN(len(chunks), par.IO, func(i int) {
		if chunks[i] == nil {
			if prev == nil || i >= len(prev.chunks) {
				errs[i] = fmt.Errorf("search state: chunk %d unchanged but not kept", i)
				return
			}
			names[i] = prev.chunks[i]
			return
		}
		names[i], errs[i] = writeChunk(dir, i, chunks[i])
	})
	return names, errors.Join(errs...)
}

// writeChunk writes chunk i into dir under a name of its own, and returns
// the name.
func writeChunk(dir string, i int, chunk []byte) (string, error) {
	name := fmt.Sprintf("c%03d-%08x-%d", i, crc32.ChecksumIEEE(chunk), len(chunk))
	// Written even when a file of that name is there: it may be the
	// damaged one that made this build start afresh.
	path := filepath.Join(dir, name)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, chunk, 0o644); err != nil {
		return "", err
	}
	return name, os.Rename(tmp, path)
}

// saveBuildState writes the state naming the chunks into dir, then removes
// the chunks no state names.
func saveBuildState(dir string, s *buildState, head []byte, names []string) error {
	siteData, err := s.Site.Encode()
	if err != nil {
		return err
	}
	w := binenc.NewWriter(buildStateMagic, buildStateVersion, len(s.Key)+len(siteData)+len(head)+32*len(names)+64)
	w.String(s.Key)
	w.Bytes(siteData)
	w.Bytes(head)
	w.Strings(names)
	data, err := w.Finish()
	if err != nil {
		return err
	}
	keep := map[string]bool{"state": true}
	for _, n := range names {
		keep[n] = true
	}
	tmp := filepath.Join(dir, "state.tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, "state")); err != nil {
		return err
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !keep[e.Name()] {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return nil
}

// BuildIncremental renders and publishes the site of a project checked by
// CheckCached(true), re-using what the last build into out left: only the
// documents that changed are parsed (and those a page showing their text
// needs), only the pages whose inputs changed are rendered, only the search
// shards holding changed documents are rebuilt, and only changed files are
// written. The site is byte for byte the one a full build gives.
func (a *Runner) BuildIncremental(p *Project, findings []*rules.Finding, look site.Input, out string, guard site.Guard) error {
	phase := a.Phase
	dir := buildStateDir(out)
	key := buildKey(p, look.BaseURL)
	if p.afresh != nil {
		return a.buildStreamed(p, findings, look, out, guard, dir, key)
	}
	prev := loadBuildState(dir, key)
	if prev != nil && !site.CanReuse(out, prev.Site.Reuse()) {
		prev = nil
	}
	phase("state")
	var prevStatic *search.Static
	if prev != nil {
		if s, err := prev.searchIndex(); err == nil {
			prevStatic = s
		} else {
			prev = nil
		}
	}

	var prevKeys map[string]site.Key
	if prev != nil {
		prevKeys = prev.Site.Keys
	}
	phase("index")
	// Each document: parsed this run, or known by its last record.
	srcs := make([]site.Source, len(p.Docs))
	var toLoad []int
	for i, d := range p.Docs {
		hash := p.site.hashes[d.Rel]
		srcs[i].Hash = hash
		if d.File != nil {
			srcs[i].Doc, srcs[i].Facts = d, p.site.facts(d)
			continue
		}
		in, ok := p.site.inputs[d.Rel]
		if !ok {
			return &InputError{Err: fmt.Errorf("%s: not in the corpus any more", d.Path)}
		}
		srcs[i].Load = func() (*corpus.Document, *rules.DocFacts, error) {
			f, err := corpus.ReadInput(in)
			if err != nil {
				return nil, nil, err
			}
			doc, err := corpus.ParseInput(f, in)
			if doc == nil {
				return nil, nil, fmt.Errorf("%s: %v", in.Display, err)
			}
			return doc, rules.Analyse(p.Glossary, doc), nil
		}
		if prev != nil && prev.Site.Hashes[d.Rel] == hash && prev.Site.Records[d.Rel] != nil {
			srcs[i].Record = prev.Site.Records[d.Rel]
		} else {
			toLoad = append(toLoad, i)
		}
	}
	// Documents with no record must be parsed now; with no state at all,
	// that is every document.
	errs := make([]error, len(toLoad))
	par.For(len(toLoad), func(k int) {
		s := &srcs[toLoad[k]]
		s.Doc, s.Facts, errs[k] = s.Load()
	})
	if err := errors.Join(errs...); err != nil {
		// Read a moment ago by the check: changed or gone since.
		return &InputError{Err: err}
	}

	phase("parse")
	// The search index: the changed documents' entries into the last
	// build's index, or every document's into a new one.
	static := prevStatic
	var todo []int
	present := map[string]bool{}
	for i, s := range srcs {
		present[p.Docs[i].Rel] = true
		if prevStatic == nil || prev.Site.Hashes[p.Docs[i].Rel] != s.Hash {
			todo = append(todo, i)
		}
	}
	sdocs := make([]search.Doc, len(todo))
	errs = make([]error, len(todo))
	par.For(len(todo), func(k int) {
		s := &srcs[todo[k]]
		doc, facts := s.Doc, s.Facts
		if doc == nil {
			// Its record is the last build's, but the index is not.
			if doc, facts, errs[k] = s.Load(); errs[k] != nil {
				return
			}
		}
		sdocs[k] = searchDocs(p.Glossary, []*corpus.Document{doc}, func(*corpus.Document) *rules.DocFacts { return facts })[0]
	})
	if err := errors.Join(errs...); err != nil {
		return &InputError{Err: err}
	}
	var removed []string
	if static != nil {
		for rel, r := range prev.Site.Records {
			if !present[rel] {
				removed = append(removed, r.Path)
			}
		}
	}
	changed := make([]*search.Entry, len(sdocs))
	par.For(len(sdocs), func(k int) { changed[k] = search.NewEntry(sdocs[k]) })
	phase("entries")
	if static != nil {
		if err := static.Update(changed, removed); err != nil {
			// A state the search index cannot apply: build afresh,
			// without it.
			fmt.Fprintf(a.Stderr, "concord: warning: %v; building the whole site again\n", err)
			os.RemoveAll(dir)
			return a.BuildIncremental(p, findings, look, out, guard)
		}
	} else {
		// The glossary's pages are in the index too; a changed glossary
		// changes the build key, so they change only in a build afresh.
		for _, d := range glossarySearchDocs(p.Glossary) {
			changed = append(changed, search.NewEntry(d))
		}
		var err error
		if static, err = search.BuildStatic(changed); err != nil {
			return &InputError{Err: err}
		}
	}
	var extra []site.File
	for _, f := range static.Files() {
		// A shard is named by a hash of its content: one the last build
		// published is the same file.
		_, same := prevKeys[f.Path]
		same = same && strings.HasPrefix(f.Path, "search/i/")
		extra = append(extra, site.File{Path: f.Path, Data: f.Data, Same: same})
	}
	phase("search")
	made := make(map[int]search.Doc, len(todo))
	for k, i := range todo {
		made[i] = sdocs[k]
	}
	waitIndex := a.indexForSearch(p, srcs, made)
	defer waitIndex()

	var prevSite *site.State
	if prev != nil {
		prevSite = prev.Site
	}
	// A build with nothing to start from writes the search shards (most
	// of the site's files) while the pages render (site.StartEarly).
	var early *site.Early
	if prevSite == nil {
		early = site.StartEarly(out, guard, SpareFor(out), extra)
	}
	// The pages are written into it as they render too, as a streamed
	// build's are, rather than held and written after.
	in := look
	in.Glossary, in.Sources, in.Findings, in.Extra, in.Early, in.Salt, in.Phase = p.Glossary, srcs, findings, extra, early, Version, phase
	files, next, err := site.RenderIncremental(in, prevSite)
	if err != nil {
		early.Abort()
		return &InputError{Err: err}
	}
	phase("render")
	var reuse *site.Reuse
	if prevSite != nil {
		reuse = prevSite.Reuse()
	}
	// The state goes before publishing: a build stopped after the swap
	// must not leave the old state describing the new site. (Its chunks
	// stay, for this build to write beside.)
	os.Remove(filepath.Join(dir, "state"))
	stamps, err := site.PublishEarly(early, out, files, guard, SpareFor(out), reuse)
	if err != nil {
		var pe *site.PublishError
		if errors.As(err, &pe) && !pe.Refused {
			err = fmt.Errorf("%v\nthe previous site, if any, is unchanged", err)
		}
		return &InputError{Err: err}
	}
	phase("publish")
	// With no site kept for the next build to start from, a copy of this
	// one is made, while the search index's state is saved.
	copied := make(chan site.Stamps, 1)
	go func() { copied <- site.CopyForNext(out, files, SpareFor(out), stamps) }()
	head, chunks := static.EncodeChunked()
	names, err := writeChunks(dir, chunks, prev)
	stamps = <-copied
	next.Stamps = stamps
	switch {
	case stamps.SpareSame:
		next.Written = nil
	case prevSite == nil:
		// The spare is the site before this one, whose files no state
		// lists: the next build must look at it, not trust it.
		next.Stamps.Spare = ""
	}
	if err == nil {
		err = saveBuildState(dir, &buildState{Key: key, Site: next}, head, names)
	}
	if err == nil {
		a.noteStaticSearch(p, dir, key, head) // concord search answers from it
	}
	if err != nil {
		fmt.Fprintf(a.Stderr, "concord: warning: %v (the next build will not be faster)\n", err)
	}
	phase("saved")
	return nil
}
