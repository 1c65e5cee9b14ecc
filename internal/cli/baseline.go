package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/baseline"
	"github.com/concord-guidance/concord/internal/run"
)

func (a *app) baselineCommand() *cobra.Command {
	var out string
	var update bool
	c := &cobra.Command{
		Use:   "baseline -o FILE [PATH...]",
		Short: "Record today's findings so that check --baseline reports only new ones",
		Long: `Record today's findings in FILE. 'concord check --baseline FILE' then reports
only findings that are not in it, so a team can adopt concord on years of
existing guidance and gate only new drift.

Entries are keyed by rule, term, document and a fingerprint of the normalised
sentence, never by line: inserting lines above, reflowing a paragraph or
renaming a heading does not reopen them. With --update, entries that no
longer match anything are dropped and nothing new is added.

` + exitHelp("the baseline was written"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usageErr("baseline needs -o FILE")
			}
			p, err := a.runner().LoadProject(args)
			if err != nil {
				return err
			}
			if err := checkBaselineOut(out, p); err != nil {
				return err
			}
			if err := run.InputErrors(p.InputErrs); err != nil {
				return err
			}
			findings := run.Check(p)
			b := baseline.FromFindings(findings)
			if update {
				old, err := baseline.Read(out)
				if err != nil {
					return err
				}
				b = old.Prune(findings)
				fmt.Fprintf(a.stdout, "%s: kept %d of %d %s", out, len(b.Entries), len(old.Entries), plural(len(old.Entries), "entry", "entries"))
				if dropped := len(old.Entries) - len(b.Entries); dropped > 0 {
					fmt.Fprintf(a.stdout, "; dropped %d that match%s nothing any more", dropped, plural(dropped, "es", ""))
				}
				fmt.Fprintln(a.stdout)
			} else {
				fmt.Fprintf(a.stdout, "%s: recorded %d finding%s in %d entr%s\n", out, len(findings), plural(len(findings), "", "s"), len(b.Entries), plural(len(b.Entries), "y", "ies"))
			}
			return b.Write(out)
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "baseline file to write")
	c.Flags().BoolVar(&update, "update", false, "drop entries that no longer match; add nothing new")
	return c
}
