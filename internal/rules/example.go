package rules

import (
	"cmp"
	"fmt"
	"sync"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/source"
)

// RunExample checks an example's documents with one rule (plus the
// suppression bookkeeping every run has) and returns its findings as
// "rule@line:col" for the example document, as Want lists them.
func RunExample(g *glossary.Glossary, r *Rule, ex Example) ([]*Finding, error) {
	var docs []*corpus.Document
	for i, t := range exampleTexts(ex) {
		d, err := parseExample(exampleName(i), t)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return Run(Input{Glossary: g, Docs: docs, Settings: exampleSettings(r)}), nil
}

// RunExampleIncremental checks an example as the check cache does after an
// edit of one of its documents (changed: 0 the example, k other k): a first
// run with that document empty (or, with added, absent) leaves the state,
// and a second run re-uses it, so every other document is a stand-in the
// second run does not parse unless what a rule read of the edited one
// changed. It returns the second run's findings, which must be those of
// RunExample.
func RunExampleIncremental(g *glossary.Glossary, r *Rule, ex Example, changed int, added bool) ([]*Finding, error) {
	texts := exampleTexts(ex)
	in := Input{Glossary: g, Settings: exampleSettings(r)}
	var mu sync.Mutex
	var firstErr error
	sources := func(before bool, states map[string]*DocState) []Source {
		var srcs []Source
		for i, t := range texts {
			if before && i == changed {
				if added {
					continue
				}
				t = ""
			}
			name := exampleName(i)
			src := Source{Rel: name, Path: name, Load: func() *corpus.Document {
				d, err := parseExample(name, t)
				if err != nil {
					mu.Lock()
					firstErr = cmp.Or(firstErr, err)
					mu.Unlock()
				}
				return d
			}}
			if i != changed {
				src.Prev = states[name]
			}
			srcs = append(srcs, src)
		}
		return srcs
	}
	srcs := sources(true, nil)
	first := RunIncremental(in, srcs, nil)
	states := map[string]*DocState{}
	for i, st := range first.States {
		states[srcs[i].Rel] = st
	}
	second := RunIncremental(in, sources(false, states), first.Corpus)
	if firstErr != nil {
		return nil, firstErr
	}
	return second.Findings, nil
}

func exampleTexts(ex Example) []string { return append([]string{ex.Markdown}, ex.More...) }

// exampleName is the name of an example's document i: example.md, then
// other1.md, other2.md...
func exampleName(i int) string {
	if i == 0 {
		return "example.md"
	}
	return fmt.Sprintf("other%d.md", i)
}

func parseExample(name, text string) (*corpus.Document, error) {
	f, err := source.New(name, []byte(text))
	if err != nil {
		return nil, err
	}
	return corpus.Parse(f, name)
}

// exampleSettings turns on r alone.
func exampleSettings(r *Rule) map[string]RuleSettings {
	settings := map[string]RuleSettings{}
	for _, other := range All() {
		settings[other.ID] = RuleSettings{}
	}
	settings[r.ID] = RuleSettings{Severity: r.Severity}
	if u := Lookup("unused-suppression"); u != nil && r.ID != u.ID {
		// Suppression comments in other rules' examples are for that rule.
		settings[u.ID] = RuleSettings{}
	} else if u != nil {
		// unused-suppression's own examples show what they suppress.
		settings["deprecated-term"] = RuleSettings{Severity: Error}
	}
	return settings
}

// Key is how examples name a finding: "rule@line:col", with the file when it
// is not the example document.
func (f *Finding) Key() string {
	if f.File != "example.md" {
		return fmt.Sprintf("%s@%s:%d:%d", f.Rule, f.File, f.Line, f.Column)
	}
	return fmt.Sprintf("%s@%d:%d", f.Rule, f.Line, f.Column)
}
