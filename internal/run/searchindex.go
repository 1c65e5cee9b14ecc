package run

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/concord-guidance/concord/internal/checkcache"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/site"
)

// searchTool keys what the search index keeps of the documents: the same
// for concord search, concord build and concord serve, so that each reuses
// the index another left.
var searchTool = checkcache.Key("search")

// SearchIndex opens the search index of p's corpus (inputs, as
// DiscoverProject found them) in the cache folder. A corpus unchanged since
// the last search, build or serve (by the files' sizes and modification
// times) is not read at all: the index reopens with the documents it was
// built from. Otherwise only the files that changed are read, and only the
// documents that changed are indexed again. It sets p.InputErrs as loading
// the corpus would; the caller must Close the index.
func (a *Runner) SearchIndex(p *Project, inputs []corpus.Input) (*search.Index, error) {
	return a.indexCorpus(p, inputs, "search", func(kept *search.Kept, stamps []string) ([]search.Doc, error) {
		docs := append(searchInputs(p, inputs, stamps, kept), GlossarySearchDocs(p.Glossary)...)
		a.Phase("parse")
		return docs, nil
	})
}

// indexCorpus is SearchIndex with the search documents made by made, which
// is given what the last index kept and each input's stamp: a document kept
// with the same stamp need not be made again. With input problems (in
// p.InputErrs once made returns) the index is not vouched for by stamps, so
// that the next search reads the corpus and reports them again.
func (a *Runner) indexCorpus(p *Project, inputs []corpus.Input, who string, made func(*search.Kept, []string) ([]search.Doc, error)) (*search.Index, error) {
	corpusKey, stamps := searchStamps(p, inputs)
	opts := search.Options{Tool: searchTool, Corpus: corpusKey}
	a.Phase("stat")
	if err := ownDirs(cacheDir); err != nil {
		return nil, err
	}
	idx, kept, err := search.Open(cacheDir, opts)
	if err != nil {
		return nil, err
	}
	a.Phase("open")
	if idx != nil {
		a.indexStats(who, idx, true)
		return idx, nil
	}
	docs, err := made(kept, stamps)
	if err != nil {
		return nil, err
	}
	opts.Stamps, opts.Kept = map[string]string{}, kept
	for i, in := range inputs {
		opts.Stamps[in.Display] = stamps[i]
	}
	if len(p.InputErrs) > 0 {
		// Neither way would report them again.
		opts.Corpus, opts.Stamps = "", nil
	}
	if idx, err = search.BuildWith(docs, cacheDir, opts); err != nil {
		return nil, err
	}
	a.Phase("index")
	a.indexStats(who, idx, false)
	return idx, nil
}

// indexStats says, with CONCORD_CACHE_STATS set, whether the search index
// was opened as it was left and how many documents were indexed again.
func (a *Runner) indexStats(who string, idx *search.Index, opened bool) {
	if a.Getenv("CONCORD_CACHE_STATS") == "" {
		return
	}
	how := "updated"
	if opened {
		how = "opened as left"
	}
	fmt.Fprintf(a.Stderr, "concord: %s index: %s, %d of %d documents indexed\n", who, how, idx.Indexed(), idx.Len())
}

// searchStamps identifies what the search documents are made from: the
// corpus key covers the glossary, where the corpus is and how it is shown,
// and every file's path, size and modification time; each file's stamp
// the same for that file alone. A file that cannot be vouched for that way
// has no stamp ("") and makes the corpus key "": one that could not be
// listed or inspected, or one modified in the last two seconds (a coarse
// file system clock could give it the same time after another change).
func searchStamps(p *Project, inputs []corpus.Input) (string, []string) {
	root, err := filepath.Abs(p.Cfg.Corpus)
	if err != nil {
		return "", make([]string, len(inputs))
	}
	parts := []string{p.Glossary.Version, root, displayPath(p.Cfg.Corpus), Version}
	base := checkcache.Key(parts...)
	stamps := make([]string, len(inputs))
	recent := time.Now().Add(-2 * time.Second)
	vouched := base != ""
	par.ForN(len(inputs), par.IO, func(i int) {
		in := inputs[i]
		st, err := os.Stat(in.Path)
		if in.Err == nil && err == nil && st.Mode().IsRegular() && st.ModTime().Before(recent) {
			stamps[i] = base + ":" + strconv.FormatInt(st.Size(), 10) + ":" + strconv.FormatInt(st.ModTime().UnixNano(), 10)
		}
	})
	for i, in := range inputs {
		if stamps[i] == "" {
			vouched = false
		}
		parts = append(parts, in.Rel, in.Display, in.Path, stamps[i])
	}
	if !vouched || base == "" {
		return "", stamps
	}
	return checkcache.Key(parts...), stamps
}

// searchInputs makes the search documents of inputs, reading only those
// kept does not hold with the file's stamp, and sets the project's input
// problems as loading the whole corpus would.
func searchInputs(p *Project, inputs []corpus.Input, stamps []string, kept *search.Kept) []search.Doc {
	have := make([]string, len(inputs))
	keptDocs := make([]search.Doc, len(inputs))
	for i, in := range inputs {
		if d, ok := kept.Doc(in.Display, stamps[i]); ok {
			keptDocs[i] = d
			have[i] = strings.TrimSuffix(strings.TrimPrefix(d.URL, "docs/"), "/")
		}
	}
	loaded, problems, ok := corpus.LoadSome(inputs, have)
	if !ok {
		// A slug clash falls on a document not read: read them all.
		have = nil
		loaded, problems, _ = corpus.LoadSome(inputs, nil)
	}
	p.InputErrs = problems
	var parsed []*corpus.Document
	for _, d := range loaded {
		if d != nil {
			parsed = append(parsed, d)
		}
	}
	fresh := SearchDocs(p.Glossary, parsed, nil)
	docs := make([]search.Doc, 0, len(inputs))
	for i := range inputs {
		switch {
		case have != nil && have[i] != "":
			docs = append(docs, keptDocs[i])
		case loaded[i] != nil:
			docs = append(docs, fresh[0])
			fresh = fresh[1:]
		}
	}
	return docs
}

// leaveSearchIndex brings the search index in the cache folder up to date
// with a build's documents (inputs, in the order DiscoverProject found
// them), so that the next concord search or concord serve of the same
// corpus opens it as it is instead of indexing the corpus itself. made
// gives input i's search document; it is called only for those the index
// does not keep with the same stamp, on all cores. It reports how many
// documents it indexed, -1 when the index was already current, -2 when
// there was none to keep current.
func (a *Runner) leaveSearchIndex(p *Project, inputs []corpus.Input, made func(i int) (search.Doc, error)) (int, error) {
	// A project that has never searched does not pay for an index: the
	// build keeps current only one that concord search or serve made. (A
	// new index costs more than the rest of a build: 10,000 documents, 72 s
	// beyond the build's 95 s on a loaded machine; an update after one edit
	// at 1,000 documents, 1.3 s beyond the build's 0.5 s.)
	if !search.Exists(cacheDir) {
		return -2, nil
	}
	corpusKey, stamps := searchStamps(p, inputs)
	opts := search.Options{Tool: searchTool, Corpus: corpusKey}
	if search.Current(cacheDir, opts) {
		return -1, nil
	}
	// With no corpus key Open reopens nothing; it hands back what the
	// last index kept of the documents.
	_, kept, err := search.Open(cacheDir, search.Options{Tool: searchTool})
	if err != nil {
		return 0, err
	}
	docs := make([]search.Doc, len(inputs))
	errs := make([]error, len(inputs))
	par.For(len(inputs), func(i int) {
		if d, ok := kept.Doc(inputs[i].Display, stamps[i]); ok {
			docs[i] = d
			return
		}
		docs[i], errs[i] = made(i)
	})
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	opts.Stamps, opts.Kept = make(map[string]string, len(inputs)), kept
	for i, in := range inputs {
		opts.Stamps[in.Display] = stamps[i]
	}
	idx, err := search.BuildWith(append(docs, GlossarySearchDocs(p.Glossary)...), cacheDir, opts)
	if err != nil {
		return 0, err
	}
	n := idx.Indexed()
	return n, idx.Close()
}

// indexForSearch starts, in the background, bringing the search index, if
// there is one, up to date with a build's documents (leaveSearchIndex), and returns what
// waits for it. srcs are the build's documents, as p.Docs; made holds the
// search documents the build made already, by position. The site renders
// and publishes meanwhile: a build uses little more than one core, and the
// index is what the first concord search after it would otherwise spend
// tens of seconds making.
func (a *Runner) indexForSearch(p *Project, srcs []site.Source, made map[int]search.Doc) func() {
	inputs := make([]corpus.Input, len(p.Docs))
	for i, d := range p.Docs {
		inputs[i] = p.site.inputs[d.Rel]
	}
	srcs = append([]site.Source(nil), srcs...) // the site fills in its own
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		n, err := a.leaveSearchIndex(p, inputs, func(i int) (search.Doc, error) {
			if d, ok := made[i]; ok {
				return d, nil
			}
			s := srcs[i]
			doc, facts := s.Doc, s.Facts
			if doc == nil || facts == nil {
				var err error
				if doc, facts, err = s.Load(); err != nil {
					return search.Doc{}, err
				}
			}
			return SearchDocs(p.Glossary, []*corpus.Document{doc}, func(*corpus.Document) *rules.DocFacts { return facts })[0], nil
		})
		done <- result{n, err}
	}()
	total := len(inputs) + len(p.Glossary.Terms) // a page per term is indexed too
	return func() {
		r := <-done
		switch {
		case r.err != nil:
			fmt.Fprintf(a.Stderr, "concord: warning: search index: %v (the next concord search will index the corpus itself)\n", r.err)
		case a.Getenv("CONCORD_CACHE_STATS") == "":
		case r.n == -2:
			fmt.Fprintf(a.Stderr, "concord: build index: none (concord search or serve makes it), 0 of %d documents indexed\n", total)
		case r.n == -1:
			fmt.Fprintf(a.Stderr, "concord: build index: current, 0 of %d documents indexed\n", total)
		default:
			fmt.Fprintf(a.Stderr, "concord: build index: updated, %d of %d documents indexed\n", r.n, total)
		}
	}
}

// ServeIndex is the search index of a served site: p's corpus, every
// document of which is loaded (inputs as DiscoverProject found them), whose
// search documents docs makes. It is the index the last build, search or
// serve left when the corpus is unchanged since, that index brought up to
// date when it changed (only changed documents indexed again), and a new
// one when there is none.
func (a *Runner) ServeIndex(p *Project, inputs []corpus.Input, docs func() []search.Doc) (*search.Index, error) {
	return a.indexCorpus(p, inputs, "serve", func(*search.Kept, []string) ([]search.Doc, error) { return docs(), nil })
}

// LoadCorpus is LoadProject of the whole corpus that also returns the
// inputs, as DiscoverProject found them.
func (a *Runner) LoadCorpus() (*Project, []corpus.Input, error) {
	p, inputs, err := a.DiscoverProject(nil)
	if err != nil {
		return nil, nil, err
	}
	p.Docs, p.InputErrs = corpus.LoadAll(inputs)
	return p, inputs, nil
}
