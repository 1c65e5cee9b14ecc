package run

import (
	"fmt"
	"path/filepath"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/drift"
	"github.com/concord-guidance/concord/internal/rules"
)

// Check checks every document of a loaded project afresh, holding them
// all (rules.Run): for the commands that then read the documents again.
func Check(p *Project) []*rules.Finding {
	return rules.Run(rules.Input{Glossary: p.Glossary, Docs: p.Docs, Settings: p.Settings})
}

// CheckSelected checks the documents of a project loaded from the paths
// check was given (LoadProject). With changedSince, a git ref, it reports
// only the documents changed or affected since then (see ChangedSince)
// and returns how many those are; otherwise every document, and -1.
func (a *Runner) CheckSelected(p *Project, changedSince string) ([]*rules.Finding, int, error) {
	in := rules.Input{Glossary: p.Glossary, Docs: p.Docs, Settings: p.Settings}
	checked := -1
	if changedSince != "" {
		keep, n, err := a.ChangedSince(p, changedSince)
		if err != nil {
			return nil, 0, err
		}
		in.Report = keep
		checked = n
	}
	return rules.Run(in), checked, nil
}

// ChangedSince selects, for check --changed-since, the documents changed
// since ref (by git) and those the glossary's changes since ref affect:
// the documents that use the changed wording or mention the changed term
// (as drift lists them), and every document whose findings differ when it
// is checked against the glossary as it was at ref. The second set makes
// the selection right for any change to any field: a new deprecated
// phrase, a lowered penalty or a new breach-context phrase shows in the
// documents it makes findings in, wherever they are. It returns how many
// documents it selects, for the report's summary.
func (a *Runner) ChangedSince(p *Project, name string) (func(*corpus.Document) bool, int, error) {
	ref, err := ResolveRef(p.Cfg.Corpus, "--changed-since", name)
	if err != nil {
		return nil, 0, err
	}
	changed, err := changedFiles(p.Cfg.Corpus, ref)
	if err != nil {
		return nil, 0, err
	}
	old, err := a.GlossaryAtRef(p.Cfg, ref)
	if err != nil {
		return nil, 0, err
	}
	affected := map[string]bool{}
	if changes := drift.Compare(old, p.Glossary); len(changes) > 0 {
		now := Check(p)
		_, facts := Affect(changes, p, now)
		terms := map[string]bool{}
		for _, c := range changes {
			terms[c.Term] = true
			for _, pl := range c.Affected {
				affected[pl.File] = true
			}
		}
		// A document that mentions a changed term is affected, whatever
		// the field: its findings about the term are the ones to review.
		for _, df := range facts {
			for _, b := range df.Blocks {
				for _, m := range b.Matches {
					if terms[m.Entry.Term.ID] {
						affected[df.Doc.Path] = true
					}
				}
			}
		}
		made, gone := GlossaryEffect(p, old, now)
		for _, f := range append(made, gone...) {
			affected[f.File] = true
		}
	}
	n := 0
	keep := func(d *corpus.Document) bool {
		abs, _ := filepath.Abs(d.Disk)
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			abs = r
		}
		return changed[abs] || affected[d.Path]
	}
	for _, d := range p.Docs {
		if keep(d) {
			n++
		}
	}
	fmt.Fprintf(a.Stderr, "concord: checking %d of %d %s changed or affected since %s\n", n, len(p.Docs), plural(len(p.Docs), "document", "documents"), name)
	return keep, n, nil
}
