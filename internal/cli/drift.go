package cli

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/drift"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/wording"
)

func (a *app) driftCommand() *cobra.Command {
	var since, format string
	c := &cobra.Command{
		Use:   "drift --since REF",
		Short: "Show what changed in the glossary since a git ref, and which documents it affects",
		Long: `Compare the glossary at a git ref with the working tree. For each changed term
it shows what changed (a word diff of the definition; deprecated phrases,
elements, penalties, sources and fixed phrases added or removed) and which
documents are affected: those that restate, quote or rely on the changed
wording, with file and line.

Exit 1 when a change leaves affected documents behind (they now have findings
for the changed term); 0 otherwise; 2 on errors.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if since == "" {
				return usageErr("drift needs --since REF (a commit, branch or tag)")
			}
			if format != "text" && format != "json" {
				return usageErr("unknown format %q (want text or json)", format)
			}
			p, err := a.loadProject(nil)
			if err != nil {
				return err
			}
			old, err := a.glossaryAtRef(p.cfg, since)
			if err != nil {
				return err
			}
			changes := drift.Compare(old, p.glossary)
			findings := rules.Run(rules.Input{Glossary: p.glossary, Docs: p.docs, Settings: p.settings})
			behind := affect(changes, old, p, findings)
			if format == "json" {
				if changes == nil {
					changes = []*drift.Change{}
				}
				for _, c := range changes {
					if c.Affected == nil {
						c.Affected = []drift.Place{}
					}
				}
				if err := writeJSON(a, map[string]any{"changes": changes}); err != nil {
					return err
				}
			} else {
				writeDriftText(a, since, changes)
			}
			if err := inputError(p.inputErrs); err != nil {
				return err
			}
			if behind {
				return &exitError{code: ExitFindings}
			}
			return nil
		},
	}
	c.Flags().StringVar(&since, "since", "", "git ref to compare the glossary with")
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return c
}

var penaltyWords = regexp.MustCompile(`(?i)\b(maximum|imprisonment|years?|months?|custod)`)
var citationWords = regexp.MustCompile(`(?i)\b(section|ss?\.\s?\d|act\s+\d{4})`)

// affect fills each change's affected documents and reports whether any is
// left behind: affected and now carrying findings about the changed term.
func affect(changes []*drift.Change, old *glossary.Glossary, p *project, findings []*rules.Finding) bool {
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
	facts := make([]*rules.DocFacts, len(p.docs))
	for i, d := range p.docs {
		facts[i] = rules.Analyse(p.glossary, d)
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
				// old or newly deprecated wording is used.
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
					if c.Field == "term" {
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
	return behind
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		w = w[:n]
	}
	return strings.Join(w, " ")
}

func writeDriftText(a *app, since string, changes []*drift.Change) {
	var b bytes.Buffer
	if len(changes) == 0 {
		fmt.Fprintf(a.stdout, "no glossary changes since %s\n", since)
		return
	}
	for _, c := range changes {
		fmt.Fprintf(&b, "%s: %s changed\n", c.Term, c.Field)
		switch {
		case c.Diff != nil:
			fmt.Fprintf(&b, "  %s\n", wording.Plain(c.Diff))
		default:
			if c.Before != "" {
				fmt.Fprintf(&b, "  before: %s\n", c.Before)
			}
			if c.After != "" {
				fmt.Fprintf(&b, "  after:  %s\n", c.After)
			}
		}
		if len(c.Affected) == 0 {
			fmt.Fprintln(&b, "  no documents affected")
		}
		for _, pl := range c.Affected {
			mark := ""
			if slices.Contains(c.Behind, pl) {
				mark = " (behind: has findings for this term)"
			}
			fmt.Fprintf(&b, "  affects %s:%d%s\n", pl.File, pl.Line, mark)
		}
	}
	a.stdout.Write(b.Bytes())
}
