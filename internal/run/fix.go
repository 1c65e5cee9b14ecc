package run

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/fix"
	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/rules"
)

// FixAnswer is what a FixOptions.Decide says about one planned edit.
type FixAnswer int

const (
	FixAccept FixAnswer = iota // make the edit
	FixSkip                    // leave this edit out
	FixQuit                    // leave this edit and every later file alone; edits accepted so far in this file are still made
)

// FixOptions says what `concord fix` changes and how.
type FixOptions struct {
	// Paths are the files and folders to fix (none: the whole corpus);
	// each must be the corpus folder or inside it.
	Paths []string
	// Rules, if any, limit the fixes to those rules' findings.
	Rules []string
	// DryRun changes nothing: each file's FixedFile carries the bytes it
	// would have.
	DryRun bool
	// Decide, if set, is asked about each planned edit of a file in
	// source order, after the file is read and before it is changed (the
	// interactive prompt). Nil accepts every edit.
	Decide func(fix.Edit) FixAnswer
	// Done, if set, is told about each file once it is fixed, would be
	// (DryRun), or was skipped (Err), in path order.
	Done func(FixedFile)
}

// FixedFile is what became of one file.
type FixedFile struct {
	Name  string     // as reports name it
	Edits []fix.Edit // the edits made, or with DryRun that would be
	// Old and New are the file's bytes before and after the edits (New
	// is written only without DryRun).
	Old, New []byte
	// Err says why the file was left alone: fix.ErrChanged when it
	// changed since concord read it, else an error naming the file.
	Err error
}

// FixResult counts what a fix did.
type FixResult struct {
	Project *Project
	Fixed   int // edits made (or, with DryRun, that would be)
	Files   int // files changed (or that would be)
	Failed  int // files skipped on an error
}

// Fix checks the project and makes the glossary's safe replacements
// (package fix) in its files, each written atomically by fix.Write and
// only if it still holds the bytes the edits were planned on. It refuses
// (InputError) a path outside the corpus before reading anything. A file
// that cannot be read, edited or written is reported to o.Done and
// counted in Failed; the others are still fixed. Problems with single
// documents are left in the result's Project.InputErrs.
func (a *Runner) Fix(o FixOptions) (*FixResult, error) {
	cfg, err := a.LoadConfig()
	if err != nil {
		return nil, err
	}
	// Confine before reading anything: fix writes only inside the corpus.
	root := cfg.Corpus
	for _, p := range o.Paths {
		if err := insideCorpus(p, root); err != nil {
			return nil, &InputError{Err: err}
		}
	}
	p, err := a.LoadProject(o.Paths)
	if err != nil {
		return nil, err
	}
	var keep func(*rules.Finding) bool
	if len(o.Rules) > 0 {
		only := map[string]bool{}
		for _, id := range o.Rules {
			only[id] = true
		}
		keep = func(f *rules.Finding) bool { return only[f.Rule] }
	}
	plan := fix.Plan(p.Glossary, p.Docs, Check(p), keep)
	files := make([]fixTarget, 0, len(plan))
	for _, d := range p.Docs {
		edits := plan[d.Path]
		if len(edits) == 0 {
			continue
		}
		disk := d.Disk
		if disk == "" {
			disk = d.File.Path
		}
		files = append(files, fixTarget{name: d.Path, disk: disk, text: d.File.Text, edits: edits})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })
	res := applyFixes(files, root, o)
	res.Project = p
	return res, nil
}

// fixTarget is one file's planned edits: the name reports use, the path
// on disk, and the normalised text the edits' offsets refer to.
type fixTarget struct {
	name, disk string
	text       []byte
	edits      []fix.Edit
}

// applyFixes reads, edits and (without o.DryRun) writes each file in
// turn, asking o.Decide about each edit and telling o.Done each outcome.
func applyFixes(files []fixTarget, root string, o FixOptions) *FixResult {
	res := &FixResult{}
	done := func(f FixedFile) {
		if f.Err != nil {
			res.Failed++
		} else {
			res.Fixed += len(f.Edits)
			res.Files++
		}
		if o.Done != nil {
			o.Done(f)
		}
	}
	quit := false
	for _, t := range files {
		if quit {
			break
		}
		raw, err := fsguard.ReadFile(t.disk)
		if err != nil {
			done(FixedFile{Name: t.name, Err: fmt.Errorf("%s: cannot read: %w", t.name, err)})
			continue
		}
		edits := t.edits
		if o.Decide != nil {
			var accepted []fix.Edit
			for _, e := range edits {
				ans := o.Decide(e)
				if ans == FixQuit {
					quit = true
					break
				}
				if ans == FixAccept {
					accepted = append(accepted, e)
				}
			}
			if edits = accepted; len(edits) == 0 {
				continue
			}
		}
		out, err := fix.Apply(raw, t.text, edits)
		if err != nil {
			if !errors.Is(err, fix.ErrChanged) {
				err = fmt.Errorf("%s: %w", t.name, err)
			}
			done(FixedFile{Name: t.name, Err: err})
			continue
		}
		if !o.DryRun {
			if err := fix.Write(t.disk, t.name, root, raw, out); err != nil {
				done(FixedFile{Name: t.name, Err: err})
				continue
			}
		}
		done(FixedFile{Name: t.name, Edits: edits, Old: raw, New: out})
	}
	return res
}

// insideCorpus refuses a path that is not the corpus folder or inside it.
func insideCorpus(p, root string) error {
	rp, err := fsguard.Resolve(p)
	if err != nil {
		return fmt.Errorf("%s: %v", filepath.ToSlash(p), describePathErr(err))
	}
	rr, err := fsguard.Resolve(root)
	if err != nil {
		return fmt.Errorf("corpus folder %s: %v", filepath.ToSlash(root), describePathErr(err))
	}
	if !fsguard.Within(rp, rr) {
		return fmt.Errorf("%s: is outside the corpus folder %s; concord fix changes only files inside it (pass --corpus to name another corpus)", filepath.ToSlash(p), filepath.ToSlash(root))
	}
	return nil
}

func describePathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Replacements are the safe replacements of findings, for the SARIF
// report's fixes: the same ones concord fix makes. A document the check
// cache did not parse (a stand-in with no text) is read for the purpose,
// only when one of its findings may have a fix, so the report is the same
// with the cache as without it.
func Replacements(p *Project, findings []*rules.Finding) map[*rules.Finding]string {
	byPath := map[string]*corpus.Document{}
	for _, d := range p.Docs {
		byPath[d.Path] = d
	}
	out := map[*rules.Finding]string{}
	for _, f := range findings {
		if f.Suggestion == "" || !slices.Contains(fix.Rules, f.Rule) {
			continue
		}
		d := byPath[f.File]
		if d == nil {
			continue
		}
		if d.File == nil || d.Slimmed {
			in := corpus.Input{Path: d.Path, Display: d.Path, Rel: d.Rel}
			src, err := corpus.ReadInput(in)
			if err != nil {
				continue
			}
			parsed, _ := corpus.ParseInput(src, in)
			if parsed == nil {
				continue
			}
			d = parsed
			byPath[f.File] = d
		}
		if e, ok := fix.Span(p.Glossary, d, f); ok {
			out[f] = e.Inserted()
		}
	}
	return out
}
