package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/glossary"
)

func (a *app) glossaryCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "glossary",
		Short: "List or show glossary terms",
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	var format string
	list := &cobra.Command{
		Use:   "list",
		Short: "List every term",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := a.glossaryOnly()
			if err != nil {
				return err
			}
			switch format {
			case "json":
				return writeJSON(a, map[string]any{"version": 1, "terms": g.Terms})
			case "text":
				tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
				for _, t := range g.Terms {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", t.ID, t.Term, t.Summary)
				}
				return tw.Flush()
			}
			return usageErr("unknown format %q (want text or json)", format)
		},
	}
	list.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	var showFormat string
	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show one term in full",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := a.glossaryOnly()
			if err != nil {
				return err
			}
			t := g.Get(args[0])
			if t == nil {
				return usageErr("no term %q (run 'concord glossary list')", args[0])
			}
			if showFormat == "json" {
				return writeJSON(a, t)
			}
			showTerm(a, t)
			return nil
		},
	}
	show.Flags().StringVarP(&showFormat, "format", "f", "text", "output format: text or json")
	c.AddCommand(list, show)
	return c
}

func (a *app) glossaryOnly() (*glossary.Glossary, error) {
	cfg, err := a.loadConfig()
	if err != nil {
		return nil, err
	}
	return a.loadGlossary(cfg)
}

func writeJSON(a *app, v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func showTerm(a *app, t *glossary.Term) {
	w := a.stdout
	fmt.Fprintf(w, "%s (%s)\n%s\n\n%s\n", t.Term, t.ID, t.Summary, wrap(t.Definition, 78))
	section := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, it := range items {
			fmt.Fprintf(w, "  - %s\n", it)
		}
	}
	section("Examples", t.Examples)
	section("Notes", t.Notes)
	var src []string
	for _, s := range t.Sources {
		l := s.Label()
		if s.Note != "" {
			l += " (" + s.Note + ")"
		}
		src = append(src, l)
	}
	section("Sources", src)
	if t.Acronym != "" {
		section("Acronym", []string{t.Acronym + " = " + t.Expansion})
	}
	section("Aliases", t.Aliases)
	var dep []string
	for _, d := range t.Deprecated {
		dep = append(dep, fmt.Sprintf("%q → %q: %s", d.Phrase, d.Replacement, d.Reason))
	}
	section("Deprecated wording", dep)
	var els []string
	for _, e := range t.Required {
		els = append(els, "required: "+e.Label)
	}
	for _, e := range t.Excluded {
		els = append(els, "excluded: "+e.Label+" ("+e.Reason+")")
	}
	section("Elements", els)
	var pen []string
	for _, p := range t.Penalty {
		l := p.Mode + ": " + p.Maximum
		if p.Note != "" {
			l += " (" + p.Note + ")"
		}
		pen = append(pen, l)
	}
	section("Maximum penalty", pen)
	section("Related", t.Related)
	var ph []string
	for _, p := range t.Phrases {
		ph = append(ph, p.Text)
	}
	section("Fixed phrases", ph)
}
