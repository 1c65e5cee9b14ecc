package run

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/concord-guidance/concord/internal/atomicfile"
	"github.com/concord-guidance/concord/internal/binenc"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
)

// One index: the static search index a build keeps in its state
// (.concord/build-HASH/) holds what concord search ranks with, so a search
// of the corpus the last build saw answers from it (search.StaticSearch)
// instead of making a bleve index, which at 10,000 documents costs 20 s.
// The build says which of its states that is, and for which corpus, in
// staticSearchName; a search uses it only when the corpus key
// (searchStamps) is the same now, and the state's search head is the one
// the build recorded.
const (
	staticSearchName    = "search-static"
	staticSearchMagic   = "concord-search-static\n"
	staticSearchVersion = 1
)

// searchIndexEnv chooses the index concord search answers from: "bleve"
// always the bleve index, "static" only the build's static index (an error
// when it cannot answer), anything else the static index when it can.
const searchIndexEnv = "CONCORD_SEARCH_INDEX"

// noteStaticSearch records, after a build saved its state in dir under
// key, that the state's static index (whose head is head) is current for
// the corpus the build read. A corpus that cannot be vouched for by its
// files' stamps records nothing.
func (a *Runner) noteStaticSearch(p *Project, dir, key string, head []byte) {
	path := filepath.Join(cacheDir, staticSearchName)
	inputs := make([]corpus.Input, len(p.Docs))
	for i, d := range p.Docs {
		in, ok := p.site.inputs[d.Rel]
		if !ok {
			os.Remove(path)
			return
		}
		inputs[i] = in
	}
	corpusKey, _ := searchStamps(p, inputs)
	if corpusKey == "" || len(p.InputErrs) > 0 {
		os.Remove(path)
		return
	}
	sum := sha256.Sum256(head)
	w := binenc.NewWriter(staticSearchMagic, staticSearchVersion, 256)
	w.String(corpusKey)
	w.String(filepath.Base(dir))
	w.String(key)
	w.Bytes(sum[:])
	data, err := w.Finish()
	if err == nil {
		err = atomicfile.WriteCache(path, func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		})
	}
	if err != nil {
		os.Remove(path)
	}
}

// openStaticSearch returns a searcher over the static index the last build
// left, when it is current for the corpus of p (inputs as DiscoverProject
// found them), or why not.
func (a *Runner) openStaticSearch(p *Project, inputs []corpus.Input) (*search.StaticSearch, error) {
	static, err := a.buildStatic(p, inputs)
	if err != nil {
		return nil, err
	}
	return search.NewStaticSearch(static, sectionTexts(p, inputs))
}

// buildStatic returns the static index the last build left, when it is
// current for the corpus of p (inputs as DiscoverProject found them), or
// why not.
func (a *Runner) buildStatic(p *Project, inputs []corpus.Input) (*search.Static, error) {
	corpusKey, _ := searchStamps(p, inputs)
	if corpusKey == "" {
		return nil, errors.New("the corpus has files too new or unreadable to vouch for")
	}
	data, err := os.ReadFile(filepath.Join(cacheDir, staticSearchName))
	if err != nil {
		return nil, errors.New("no build has left one")
	}
	r, err := binenc.Open(data, staticSearchMagic, staticSearchVersion)
	if err != nil {
		return nil, err
	}
	keptCorpus, name, key, sum := r.String(), r.String(), r.String(), r.Bytes()
	if err := r.End(); err != nil {
		return nil, err
	}
	if keptCorpus != corpusKey {
		return nil, errors.New("the corpus changed since the last build")
	}
	dir := filepath.Join(cacheDir, name)
	if filepath.Base(dir) != name || !validBuildDir(name) {
		return nil, errors.New("damaged record")
	}
	st, err := readBuildSearchState(dir, key)
	if err != nil {
		return nil, err
	}
	if got := sha256.Sum256(st.SearchHead); !bytes.Equal(got[:], sum) {
		return nil, errors.New("the build's state changed since")
	}
	return st.searchIndex()
}

func validBuildDir(name string) bool {
	return strings.HasPrefix(name, "build-") && name != "build-"
}

// readBuildSearchState reads of the build state in dir (loadBuildState's
// format) only what the search index needs: its head and its chunks'
// names, not the site's state.
func readBuildSearchState(dir, key string) (*buildState, error) {
	data, err := os.ReadFile(filepath.Join(dir, "state"))
	if err != nil {
		return nil, err
	}
	r, err := binenc.Open(data, buildStateMagic, buildStateVersion)
	if err != nil {
		return nil, err
	}
	if r.String() != key {
		return nil, errors.New("the build's state is of another build")
	}
	r.Bytes() // the site's state
	st := &buildState{Key: key, SearchHead: r.Bytes(), dir: dir, chunks: r.Strings()}
	if err := r.End(); err != nil {
		return nil, err
	}
	return st, nil
}

// sectionTexts gives a document's whole section texts, by File, reading
// the one file: the static index keeps them shortened (for the browser),
// and results' fragments are cut from the whole text.
func sectionTexts(p *Project, inputs []corpus.Input) func(file string) ([]string, error) {
	byFile := make(map[string]corpus.Input, len(inputs))
	for _, in := range inputs {
		byFile[in.Display] = in
	}
	var glossary map[string]search.Doc
	noFacts := func(*corpus.Document) *rules.DocFacts { return &rules.DocFacts{} }
	return func(file string) ([]string, error) {
		var d search.Doc
		if in, ok := byFile[file]; ok {
			f, err := corpus.ReadInput(in)
			if err != nil {
				return nil, err
			}
			doc, err := corpus.ParseInput(f, in)
			if doc == nil {
				return nil, fmt.Errorf("%s: %v", in.Display, err)
			}
			d = SearchDocs(p.Glossary, []*corpus.Document{doc}, noFacts)[0]
		} else {
			if glossary == nil {
				glossary = map[string]search.Doc{}
				for _, g := range GlossarySearchDocs(p.Glossary) {
					glossary[g.File] = g
				}
			}
			g, ok := glossary[file]
			if !ok {
				return nil, fmt.Errorf("%s: not in the corpus or the glossary", file)
			}
			d = g
		}
		if d.File != file {
			return nil, fmt.Errorf("%s: read as %s", file, d.File)
		}
		return d.Texts(), nil
	}
}

// Search answers q for `concord search`: from the static index the last
// build left when it is current for the corpus and the query is one it
// answers exactly as the bleve index would (search.StaticSearch), else from
// the bleve index (SearchIndex), made or updated as needed. It sets
// p.InputErrs as loading the corpus would.
func (a *Runner) Search(p *Project, inputs []corpus.Input, q search.Query) (*search.Results, error) {
	mode := a.Getenv(searchIndexEnv)
	if mode != "bleve" {
		res, err := a.searchStatic(p, inputs, q)
		var qe *search.QueryError
		switch {
		case err == nil, errors.As(err, &qe):
			return res, err
		case mode == "static":
			return nil, fmt.Errorf("%s=static: the build's static index cannot answer: %v", searchIndexEnv, err)
		case a.Getenv("CONCORD_CACHE_STATS") != "":
			fmt.Fprintf(a.Stderr, "concord: search index: not the build's static index: %v\n", err)
		}
		a.Phase("static")
	}
	idx, err := a.SearchIndex(p, inputs)
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	return idx.Search(q)
}

func (a *Runner) searchStatic(p *Project, inputs []corpus.Input, q search.Query) (*search.Results, error) {
	if q.Term != "" {
		return nil, search.ErrNotStatic // before reading anything
	}
	x, err := a.openStaticSearch(p, inputs)
	if err != nil {
		return nil, err
	}
	a.Phase("open")
	res, err := x.Search(q)
	if err != nil {
		return nil, err
	}
	if a.Getenv("CONCORD_CACHE_STATS") != "" {
		fmt.Fprintf(a.Stderr, "concord: search index: the build's static index, 0 of %d documents indexed\n", x.Len())
	}
	return res, nil
}
