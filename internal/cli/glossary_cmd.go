package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/glossary"
)

func (a *app) glossaryCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "glossary",
		Short: "List, show, export or import glossary terms",
		Long: `List, show, export or import the glossary's terms: the project's layers as
concord.yaml names them, else ./glossary, else the built-in glossary.

` + exitHelp("the command ran"),
		Args: subcommands,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	var format string
	list := &cobra.Command{
		Use:   "list",
		Short: "List every term",
		Long: `List every term of the glossary: its id, preferred term and summary.

` + exitHelp("the terms were listed"),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := a.glossaryOnly()
			if err != nil {
				return err
			}
			switch format {
			case "json":
				return writeJSON(a, map[string]any{"version": 1, "terms": g.Terms})
			case "text":
				return listTerms(a, g.Terms)
			}
			return usageErr("unknown format %q (want text or json)", format)
		},
	}
	list.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	var showFormat string
	show := &cobra.Command{
		Use:   "show [NAME]",
		Short: "Show one term in full, named by id, term, alias or acronym",
		Long: `Show one term in full. Name it by id, preferred term, alias, acronym or
expansion, in any case: 'stalking-protection-order', 'Stalking Protection
Order' and 'SPO' all show the same term. A deprecated wording shows the term
to use instead. A name that fits more than one term lists them and exits 2;
with no name, show lists every term.

Exit codes:
  0  the term, or every term, was shown
  2  no term, or more than one, fits the name; or a usage, configuration
     or input error (bad glossary, unreadable file): the message says
     which, and what to fix`,
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := a.glossaryOnly()
			if err != nil {
				return err
			}
			if len(args) == 0 {
				if showFormat == "json" {
					return writeJSON(a, map[string]any{"version": 1, "terms": g.Terms})
				}
				return listTerms(a, g.Terms)
			}
			// Unquoted words are one name: glossary show stalking protection order.
			t, err := a.findTerm(g, strings.Join(args, " "))
			if err != nil {
				return err
			}
			if showFormat == "json" {
				return writeJSON(a, t)
			}
			showTerm(a, t)
			return nil
		},
	}
	show.Flags().StringVarP(&showFormat, "format", "f", "text", "output format: text or json")
	c.AddCommand(list, show, a.glossaryExportCommand(), a.glossaryImportCommand())
	return c
}

// findTerm looks a term up by name (see glossary.Find). No match is an
// error with the nearest names; more than one lists the candidates, on
// standard error, and exits 2.
func (a *app) findTerm(g *glossary.Glossary, name string) (*glossary.Term, error) {
	matches := g.Find(name)
	switch len(matches) {
	case 0:
		hint := "run 'concord glossary list' to see every term"
		if s := g.Suggest(name); len(s) > 0 {
			hint = fmt.Sprintf("did you mean %s? (%s)", quoteList(s), hint)
		}
		return nil, usageErr("no term %q in the glossary; %s", name, hint)
	case 1:
		m := matches[0]
		if m.By == "deprecated wording" {
			fmt.Fprintf(a.stderr, "concord: %q is deprecated wording; the term to use is %q (%s)\n", m.Text, m.Term.Term, m.Term.ID)
		}
		return m.Term, nil
	}
	fmt.Fprintf(a.stderr, "concord: %q names %d terms; give one by its id:\n", name, len(matches))
	w := 0
	for _, m := range matches {
		w = max(w, len(m.Term.ID))
	}
	for _, m := range matches {
		fmt.Fprintf(a.stderr, "  %-*s  %s (%s %q)\n", w, m.Term.ID, m.Term.Term, m.By, m.Text)
	}
	return nil, &exitError{code: ExitInput}
}

// listTerms prints one line a term: id, preferred term, summary.
func listTerms(a *app, terms []*glossary.Term) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, t := range terms {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", t.ID, t.Term, t.Summary)
	}
	return tw.Flush()
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

func (a *app) glossaryOnly() (*glossary.Glossary, error) {
	cfg, err := a.runner().LoadConfig()
	if err != nil {
		return nil, err
	}
	return a.runner().LoadGlossary(cfg)
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
