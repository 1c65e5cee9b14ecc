package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/drift"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/run"
	"github.com/concord-guidance/concord/internal/wording"
)

func (a *app) driftCommand() *cobra.Command {
	var since, format string
	c := &cobra.Command{
		Use:   "drift --since REF",
		Short: "Show what changed in the glossary since a git ref, and which documents it affects",
		Long: `Compare the glossary at a git ref with the working tree. Every field of every
term is compared (the definition as a word diff; penalties, deprecated
wording and its reasons and exceptions, elements, sources, superseded
provisions, breach wording, the Act, related terms and the rest, each
entry added, removed or changed). For each change it shows the documents
affected, with file and line: those that restate, quote or rely on the
changed wording. Then it checks the corpus against the glossary as it was
and as it is, and lists the findings the changes make or remove.

Exit codes:
  0  no glossary change leaves documents behind
  1  a change leaves documents behind: an affected document has findings
     for the changed term, or the changes make new findings
  2  ` + exitInputHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if since == "" {
				return usageErr("drift needs --since REF (a commit, branch or tag)")
			}
			if format != "text" && format != "json" {
				return usageErr("unknown format %q (want text or json)", format)
			}
			cfg, err := a.runner().LoadConfig()
			if err != nil {
				return err
			}
			// The ref is checked before anything else reaches git.
			ref, err := resolveRef(cfg.Glossary, "--since", since)
			if err != nil {
				return err
			}
			p, err := a.runner().LoadProject(nil)
			if err != nil {
				return err
			}
			old, err := a.glossaryAtRef(p.Cfg, ref)
			if err != nil {
				return err
			}
			changes := drift.Compare(old, p.Glossary)
			findings := rules.Run(rules.Input{Glossary: p.Glossary, Docs: p.Docs, Settings: p.Settings})
			behind, _ := affect(changes, p, findings)
			var made, gone []*rules.Finding
			if len(changes) > 0 {
				made, gone = glossaryEffect(p, old, findings)
			}
			if format == "json" {
				if changes == nil {
					changes = []*drift.Change{}
				}
				for _, c := range changes {
					if c.Affected == nil {
						c.Affected = []drift.Place{}
					}
				}
				if made == nil {
					made = []*rules.Finding{}
				}
				if gone == nil {
					gone = []*rules.Finding{}
				}
				if err := writeJSON(a, map[string]any{"changes": changes, "findings": map[string]any{"new": made, "gone": gone}}); err != nil {
					return err
				}
			} else {
				writeDriftText(a, since, changes, made, gone)
			}
			if err := run.InputErrors(p.InputErrs); err != nil {
				return err
			}
			if behind || len(made) > 0 {
				return &exitError{code: ExitFindings}
			}
			return nil
		},
	}
	c.Flags().StringVar(&since, "since", "", "git ref to compare the glossary with")
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return c
}

// glossaryEffect checks the corpus against the old glossary and returns
// the findings that the glossary's changes make (in now, not then) and
// remove (then, not now). Comparing whole findings, rather than guessing
// which rules read which field, keeps this right for any change to any
// field, including fields and rules added later.
func glossaryEffect(p *project, old *glossary.Glossary, now []*rules.Finding) (made, gone []*rules.Finding) {
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

// affect fills each change's affected documents and reports whether any is
// left behind: affected and now carrying findings about the changed term.
func affect(changes []*drift.Change, p *project, findings []*rules.Finding) (bool, []*rules.DocFacts) {
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

func writeDriftText(a *app, since string, changes []*drift.Change, made, gone []*rules.Finding) {
	var b bytes.Buffer
	if len(changes) == 0 {
		fmt.Fprintf(a.stdout, "no glossary changes since %s\n", since)
		return
	}
	for _, c := range changes {
		fmt.Fprintf(&b, "%s: %s\n", c.Term, c.Description)
		if c.Diff != nil {
			fmt.Fprintf(&b, "  %s\n", wording.Plain(c.Diff))
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
	terms := map[string]bool{}
	for _, c := range changes {
		terms[c.Term] = true
	}
	fmt.Fprintf(&b, "\n%d change%s to %d term%s since %s", len(changes), plural(len(changes), "", "s"), len(terms), plural(len(terms), "", "s"), since)
	if len(made)+len(gone) == 0 {
		fmt.Fprintln(&b, "; no finding made or removed")
	} else {
		fmt.Fprintf(&b, "; %d new finding%s, %d gone:\n", len(made), plural(len(made), "", "s"), len(gone))
		for _, f := range made {
			fmt.Fprintf(&b, "  new:  %s:%d:%d: %s: %s: %s\n", f.File, f.Line, f.Column, f.Severity, f.Rule, f.Message)
		}
		for _, f := range gone {
			fmt.Fprintf(&b, "  gone: %s:%d:%d: %s: %s: %s\n", f.File, f.Line, f.Column, f.Severity, f.Rule, f.Message)
		}
	}
	a.stdout.Write(b.Bytes())
}
