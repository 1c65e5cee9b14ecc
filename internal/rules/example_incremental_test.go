package rules

import (
	"cmp"
	"sync"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// RunExampleIncremental is for TestExamples (rules_test.go) alone, so it
// lives in a test file: no command runs examples through the cache.

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
