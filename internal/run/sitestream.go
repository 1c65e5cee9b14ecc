package run

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/concord-guidance/concord/internal/binenc"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/site"
)

// hasBuildState says whether dir holds a build state for key, which
// BuildIncremental would start from.
func hasBuildState(dir, key string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "state"))
	if err != nil {
		return false
	}
	r, err := binenc.Open(data, buildStateMagic, buildStateVersion)
	return err == nil && r.String() == key
}

// afreshShards builds the static search index of a streamed check's
// entries and the glossary's pages and returns it, letting the entries go.
func afreshShards(p *Project) (*search.Static, error) {
	var entries []*search.Entry
	for _, e := range p.afresh.entries {
		if e != nil {
			entries = append(entries, e)
		}
	}
	for _, d := range GlossarySearchDocs(p.Glossary) {
		entries = append(entries, search.NewEntry(d))
	}
	p.afresh.entries = nil
	return search.BuildStatic(entries)
}

// writeChunksOf writes every chunk of static's state into dir as it is
// encoded, and returns the head and every chunk's name: writeChunks for a
// build with no state before it, without holding the chunks, together as
// large as the index, at once.
func writeChunksOf(dir string, static *search.Static) ([]byte, []string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	names := make([]string, search.StateChunks)
	head, err := static.EncodeChunkedTo(func(c int, chunk []byte) error {
		var err error
		names[c], err = writeChunk(dir, c, chunk) // each c once
		return err
	})
	return head, names, err
}

// writeEarly writes shards into the early publish from one goroutine while
// the pages render, letting each go once written, and hands back, once
// done, those it could not write, for the publish.
func writeEarly(early *site.Early, shards []search.File) <-chan map[string][]byte {
	unwritten := make(chan map[string][]byte, 1)
	go func() {
		left := map[string][]byte{}
		for i := range shards {
			f := &shards[i]
			if !early.Write(f.Path, f.Data) {
				left[f.Path] = f.Data
			}
			f.Data = nil
		}
		unwritten <- left
	}()
	return unwritten
}

// publishRendering publishes the site render makes over out, writing
// pages and search shards into a folder begun early beside it as they
// are made, so that neither the pages nor the shards are held whole. The
// last site's spare, which a publish begun early cannot start from, goes
// first. Errors are InputErrors, as the builds report them.
func publishRendering(out, spare string, guard site.Guard, shards []search.File, phase func(string), render func(*site.Early) ([]site.File, error)) ([]site.File, site.Stamps, error) {
	if isSiteDir(spare) {
		os.RemoveAll(spare)
	}
	early := site.StartEarly(out, guard, spare, nil)
	unwritten := writeEarly(early, shards)
	files, err := render(early)
	left := <-unwritten
	if err != nil {
		early.Abort()
		return nil, site.Stamps{}, &InputError{Err: err}
	}
	for i := range files {
		if data, ok := left[files[i].Path]; ok {
			files[i].Data = data
		}
	}
	phase("render")
	stamps, err := site.PublishEarly(early, out, files, guard, spare, nil)
	if err != nil {
		var pe *site.PublishError
		if errors.As(err, &pe) && !pe.Refused {
			err = fmt.Errorf("%v\nthe previous site, if any, is unchanged", err)
		}
		return nil, site.Stamps{}, &InputError{Err: err}
	}
	return files, stamps, nil
}

// buildStreamed is BuildIncremental for a project CheckForSite checked as
// it streamed (a large corpus with no state to start from): the site is
// built as BuildAfresh builds it, from each document's record, search
// entry and spilled usage, pages written as they render, and the state the
// next build starts from is written as it is made: the search index's
// chunks as soon as the index is built, the site's state after publishing.
// The site and the state are those BuildIncremental's full build gives.
func (a *Runner) buildStreamed(p *Project, findings []*rules.Finding, look site.Input, out string, guard site.Guard, dir, key string) error {
	phase := a.Phase
	// The state goes first: a build stopped after the swap must not leave
	// an old state describing the new site.
	os.Remove(filepath.Join(dir, "state"))
	static, err := afreshShards(p)
	if err != nil {
		return &InputError{Err: err}
	}
	shards := static.Files()
	head, names, stateErr := writeChunksOf(dir, static)
	static = nil
	// The pages render with the shards' paths and keys only: each shard is
	// written into the early publish while they render and let go.
	extra := make([]site.File, len(shards))
	for i, f := range shards {
		extra[i] = site.File{Path: f.Path, Key: site.FileKey(f.Data)}
	}
	phase("search")
	srcs := p.afresh.sources(p.Glossary)
	if len(srcs) != len(p.Docs) {
		return &InputError{Err: errors.New("build: a document checked was not kept for the site")}
	}
	for i := range srcs {
		srcs[i].Hash = p.site.hashes[srcs[i].Record.Rel]
	}
	waitIndex := a.indexForSearch(p, srcs, nil)
	defer waitIndex()
	spare := SpareFor(out)
	var next *site.State
	files, stamps, err := publishRendering(out, spare, guard, shards, phase, func(early *site.Early) ([]site.File, error) {
		in := look
		in.Glossary, in.Sources, in.Findings, in.Extra, in.Early, in.Salt, in.Phase = p.Glossary, srcs, findings, extra, early, Version, phase
		files, st, err := site.RenderIncremental(in, nil)
		next = st
		return files, err
	})
	if err != nil {
		return err
	}
	phase("publish")
	next.Stamps = site.CopyForNext(out, files, spare, stamps)
	if next.Stamps.SpareSame {
		next.Written = nil
	} else {
		// As BuildIncremental's first build: the spare is not this site.
		next.Stamps.Spare = ""
	}
	if stateErr == nil {
		stateErr = saveBuildState(dir, &buildState{Key: key, Site: next}, head, names)
	}
	if err := stateErr; err != nil {
		fmt.Fprintf(a.Stderr, "concord: warning: %v (the next build will not be faster)\n", err)
	}
	phase("saved")
	return nil
}
