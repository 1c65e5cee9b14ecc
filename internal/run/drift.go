package run

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/drift"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

// Drift is what concord drift reports: how the glossary changed since a
// git ref, where the corpus is affected, and the findings the change made
// and removed.
type Drift struct {
	Project    *Project
	Changes    []*drift.Change
	Made, Gone []*rules.Finding
	// Behind: some affected document now has findings about the
	// changed term.
	Behind bool
}

// Drift compares the glossary with the one at the git ref since. The ref
// is checked before anything else reaches git.
func (a *Runner) Drift(since string) (*Drift, error) {
	cfg, err := a.LoadConfig()
	if err != nil {
		return nil, err
	}
	ref, err := ResolveRef(cfg.Glossary, "--since", since)
	if err != nil {
		return nil, err
	}
	p, err := a.LoadProject(nil)
	if err != nil {
		return nil, err
	}
	old, err := a.GlossaryAtRef(p.Cfg, ref)
	if err != nil {
		return nil, err
	}
	d := &Drift{Project: p, Changes: drift.Compare(old, p.Glossary)}
	findings := Check(p)
	d.Behind, _ = Affect(d.Changes, p, findings)
	if len(d.Changes) > 0 {
		d.Made, d.Gone = GlossaryEffect(p, old, findings)
	}
	return d, nil
}

// GlossaryEffect checks the corpus against the old glossary and returns
// the findings that the glossary's changes make (in now, not then) and
// remove (then, not now). Comparing whole findings, rather than guessing
// which rules read which field, keeps this right for any change to any
// field, including fields and rules added later.
func GlossaryEffect(p *Project, old *glossary.Glossary, now []*rules.Finding) (made, gone []*rules.Finding) {
	then := rules.Run(rules.Input{Glossary: old, Docs: p.Docs, Settings: p.Settings})
	key := func(f *rules.Finding) string {
		b, _ := json.Marshal(f)
		return string(b)
	}
	count := map[string]int{}
	for _, f := range then {
		count[key(f)]++
	}
	for _, f := range now {
		k := key(f)
		if count[k] > 0 {
			count[k]--
			continue
		}
		made = append(made, f)
	}
	count = map[string]int{}
	for _, f := range now {
		count[key(f)]++
	}
	for _, f := range then {
		k := key(f)
		if count[k] > 0 {
			count[k]--
			continue
		}
		gone = append(gone, f)
	}
	return made, gone
}

var penaltyWords = regexp.MustCompile(`(?i)\b(maximum|imprisonment|years?|months?|custod)`)
var citationWords = regexp.MustCompile(`(?i)\b(section|ss?\.\s?\d|act\s+\d{4})`)

// Affect fills each change's affected documents and reports whether any is
// left behind: affected and now carrying findings about the changed term.
func Affect(changes []*drift.Change, p *Project, findings []*rules.Finding) (bool, []*rules.DocFacts) {
	termFindings := map[string]map[string]bool{} // term → files with findings
	for _, f := range findings {
		if f.Term == "" {
			continue
		}
		if termFindings[f.Term] == nil {
			termFindings[f.Term] = map[string]bool{}
		}
		termFindings[f.Term][f.File] = true
	}
	facts := make([]*rules.DocFacts, len(p.Docs))
	for i, d := range p.Docs {
		facts[i] = rules.Analyse(p.Glossary, d)
	}
	behind := false
	for _, c := range changes {
		seen := map[drift.Place]bool{}
		add := func(d *corpus.Document, off int) {
			pl := drift.Place{File: d.Path, Line: d.File.Position(off).Line}
			if !seen[pl] {
				seen[pl] = true
				c.Affected = append(c.Affected, pl)
			}
		}
		for _, df := range facts {
			switch c.Field {
			case "definition", "summary", "required", "excluded":
				for _, r := range df.Restatements {
					if r.Term.ID == c.Term {
						s, _ := r.SourceRange()
						add(df.Doc, s)
					}
				}
				// Documents that quote the old wording word for word.
				if c.Before != "" {
					for _, b := range df.Blocks {
						if i := strings.Index(strings.ToLower(b.Block.Run.Text), strings.ToLower(firstWords(c.Before, 8))); i >= 0 {
							s, _ := b.Block.Run.Span(i, i+1)
							add(df.Doc, s)
						}
					}
				}
			case "penalty", "sources":
				pattern := penaltyWords
				if c.Field == "sources" {
					pattern = citationWords
				}
				for _, b := range df.Blocks {
					for _, m := range b.Matches {
						if m.Entry.Term.ID != c.Term {
							continue
						}
						s := b.Sentences[b.SentenceAt(m.Start)]
						if pattern.MatchString(s.Text(&b.Block.Run)) {
							off, _ := b.Block.Run.Span(m.Start, m.End)
							add(df.Doc, off)
						}
					}
				}
			default:
				// Wording that was renamed, deprecated or fixed: where the
				// old or new wording is used. Any other field: where the
				// term is mentioned.
				for _, b := range df.Blocks {
					low := strings.ToLower(b.Block.Run.Text)
					for _, ph := range c.Phrases {
						if ph == "" {
							continue
						}
						if i := strings.Index(low, strings.ToLower(ph)); i >= 0 {
							off, _ := b.Block.Run.Span(i, i+len(ph))
							add(df.Doc, off)
						}
					}
					if len(c.Phrases) == 0 || c.Field == "term" {
						for _, m := range b.Matches {
							if m.Entry.Term.ID == c.Term {
								off, _ := b.Block.Run.Span(m.Start, m.End)
								add(df.Doc, off)
							}
						}
					}
				}
			}
		}
		slices.SortFunc(c.Affected, func(x, y drift.Place) int {
			if x.File != y.File {
				return strings.Compare(x.File, y.File)
			}
			return x.Line - y.Line
		})
		for _, pl := range c.Affected {
			if termFindings[c.Term][pl.File] {
				c.Behind = append(c.Behind, pl)
				behind = true
			}
		}
	}
	return behind, facts
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		w = w[:n]
	}
	return strings.Join(w, " ")
}
