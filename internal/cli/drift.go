package cli

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/drift"
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
			d, err := a.runner().Drift(since)
			if err != nil {
				return err
			}
			p, changes, made, gone := d.Project, d.Changes, d.Made, d.Gone
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
			if d.Behind || len(made) > 0 {
				return &exitError{code: ExitFindings}
			}
			return nil
		},
	}
	c.Flags().StringVar(&since, "since", "", "git ref to compare the glossary with")
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return c
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
