package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/rules"
)

func (a *app) rulesCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "rules [ID]",
		Short: "List the rules, or explain one with its examples",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
				for _, r := range rules.All() {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title)
				}
				return tw.Flush()
			}
			r := rules.Lookup(args[0])
			if r == nil {
				var ids []string
				for _, r := range rules.All() {
					ids = append(ids, r.ID)
				}
				return usageErr("unknown rule %q (rules are: %s)", args[0], strings.Join(ids, ", "))
			}
			return a.explainRule(r)
		},
	}
}

func (a *app) explainRule(r *rules.Rule) error {
	w := a.stdout
	fmt.Fprintf(w, "%s: %s\n\nDefault severity: %s\n\n%s\n", r.ID, r.Title, r.Severity, wrap(r.Rationale, 78))
	if len(r.Options) > 0 {
		fmt.Fprintf(w, "\nOptions (set under rules: %s: in concord.yaml):\n", r.ID)
		for _, o := range r.Options {
			fmt.Fprintf(w, "  %s (default %g)\n      %s\n", o.Name, o.Default, o.Doc)
		}
	}
	if len(r.Examples) == 0 {
		return nil
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	g, err := a.loadGlossary(cfg)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nExamples:")
	for _, ex := range r.Examples {
		fmt.Fprintf(w, "\n  %s\n", ex.Title)
		for _, line := range strings.Split(strings.TrimRight(ex.Markdown, "\n"), "\n") {
			fmt.Fprintf(w, "    | %s\n", line)
		}
		fs, err := rules.RunExample(g, r, ex)
		if err != nil {
			return err
		}
		shown := 0
		for _, f := range fs {
			if f.File != "example.md" {
				continue
			}
			shown++
			fmt.Fprintf(w, "    → %d:%d: %s: %s\n", f.Line, f.Column, f.Severity, f.Message)
			if f.Suggestion != "" {
				fmt.Fprintf(w, "      suggestion: %s\n", f.Suggestion)
			}
		}
		if shown == 0 {
			fmt.Fprintln(w, "    → no finding")
		}
	}
	return nil
}

func wrap(s string, width int) string {
	var b strings.Builder
	col := 0
	for _, word := range strings.Fields(s) {
		if col > 0 && col+1+len(word) > width {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}
