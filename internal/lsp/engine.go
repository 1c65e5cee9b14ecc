package lsp

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// engine keeps the incremental state of the last check in memory, as the
// check cache keeps it on disk: after an edit only the edited document and
// those whose findings depend on it are parsed and checked again
// (rules.RunIncremental), so a keystroke in a 1,000-document workspace
// costs about one document's check.
type engine struct {
	ws     *Workspace
	states map[string]*rules.DocState // by corpus-relative path
	corpus *rules.CorpusState
	dirty  map[string]bool // corpus-relative paths changed since the last run
	// byPath are the last run's findings by display path; docs the parsed
	// documents of the last run by absolute path (the stand-ins of
	// unchanged documents hold no text).
	byPath map[string][]*rules.Finding
	docs   map[string]*corpus.Document
}

func newEngine(ws *Workspace) *engine {
	return &engine{ws: ws, states: map[string]*rules.DocState{}, dirty: map[string]bool{}}
}

// rel is the corpus-relative, slash-separated path of an absolute path.
func (e *engine) rel(abs string) string {
	r, err := filepath.Rel(e.ws.CorpusDir, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(r)
}

// display is the path reports use: relative to the workspace root.
func (e *engine) display(abs string) string {
	r, err := filepath.Rel(e.ws.Root, abs)
	if err != nil || strings.HasPrefix(r, "..") {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(r)
}

// touch marks the document at abs as changed.
func (e *engine) touch(abs string) { e.dirty[e.rel(abs)] = true }

// run checks the workspace with overlay (absolute path: unsaved text) in
// place of those files.
func (e *engine) run(overlay map[string]string) {
	inputs := append([]corpus.Input(nil), e.ws.Inputs...)
	have := map[string]bool{}
	for _, in := range inputs {
		if abs, err := filepath.Abs(in.Path); err == nil {
			have[abs] = true
		}
	}
	// A new document open in the editor, not yet saved, is in the corpus.
	var extra []string
	for p := range overlay {
		if !have[p] {
			extra = append(extra, p)
		}
	}
	sort.Strings(extra)
	for _, p := range extra {
		inputs = append(inputs, corpus.Input{Path: p, Display: e.display(p), Rel: e.rel(p)})
	}
	docs := make([]*corpus.Document, len(inputs))
	srcs := make([]rules.Source, len(inputs))
	for i, in := range inputs {
		abs, _ := filepath.Abs(in.Path)
		text, isOpen := overlay[abs]
		src := rules.Source{Rel: in.Rel, Path: in.Display}
		if !e.dirty[in.Rel] && !isOpen {
			src.Prev = e.states[in.Rel]
		} else if isOpen && !e.dirty[in.Rel] {
			src.Prev = e.states[in.Rel] // open but unchanged since the last run
		}
		i, in := i, in
		src.Load = func() *corpus.Document {
			var f *source.File
			var err error
			if isOpen {
				f, err = source.New(in.Display, []byte(text))
			} else {
				f, err = corpus.ReadInput(in)
			}
			if f == nil || (err != nil && !isSourceError(err)) {
				return nil
			}
			d, _ := corpus.ParseInput(f, in)
			docs[i] = d
			return d
		}
		srcs[i] = src
	}
	inc := rules.RunIncremental(rules.Input{Glossary: e.ws.Glossary, Settings: e.ws.Settings}, srcs, e.corpus)
	e.states = make(map[string]*rules.DocState, len(inputs))
	for i, st := range inc.States {
		if st != nil {
			e.states[inputs[i].Rel] = st
		}
	}
	e.corpus = inc.Corpus
	e.dirty = map[string]bool{}
	e.byPath = map[string][]*rules.Finding{}
	for _, f := range inc.Findings {
		e.byPath[f.File] = append(e.byPath[f.File], f)
	}
	if e.docs == nil {
		e.docs = map[string]*corpus.Document{}
	}
	for i, d := range docs {
		if d != nil {
			abs, _ := filepath.Abs(inputs[i].Path)
			e.docs[abs] = d
		}
	}
}

func isSourceError(err error) bool {
	_, ok := err.(*source.Error)
	return ok
}

// findings are the last run's findings in the document at abs.
func (e *engine) findings(abs string) []*rules.Finding { return e.byPath[e.display(abs)] }

// doc is the parsed document at abs from the last run that parsed it.
func (e *engine) doc(abs string) *corpus.Document { return e.docs[abs] }
