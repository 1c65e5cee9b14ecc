package cli

import (
	"errors"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/run"
	"github.com/concord-guidance/concord/internal/search"
)

// cacheDir is where concord keeps its caches (run.CacheDir).
const cacheDir = run.CacheDir

func (a *app) searchCommand() *cobra.Command {
	var term, format, color string
	var limit int
	c := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search the corpus",
		Long: `Search the corpus with bleve's query-string syntax: words, "phrases",
fuzzy word~1, prefix word*, +required, -excluded, and fields such as
title:, heading:, body:, topic: and terms:. Words are stemmed the same way
everywhere, so "stalked" finds "stalking". A word that matches nothing is
searched for as the nearest word the corpus uses (one or two edits away,
the most used first), and the output says so. --term ID keeps only the
sections that use a glossary term (its name, an alias, its acronym, as the
checks find them); without a QUERY they are ranked by how much they use it.

After concord build, a search of the corpus the build saw answers from
the build's own index, as the full index would (phrases, fields other than
title:, heading: and body:, and --term aside).

The full index is cached in .concord/ and updated only for changed documents.
Only files that changed since the last search (by size and modification
time, as git and make tell) are read: with none, the cached index answers
at once. Delete .concord/ to make concord read everything again.

` + exitHelp("the search ran, whether or not anything matched"),
		Args: atMostOne("QUERY", func(args []string) string {
			return "quote a query of several words: concord search '" + strings.Join(args, " ") + "'"
		}),
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.getenv("GOGC") == "" {
				debug.SetGCPercent(gcPercent)
			}
			if format != "text" && format != "json" {
				return usageErr("unknown format %q (want text or json)", format)
			}
			q := ""
			if len(args) == 1 {
				q = args[0]
			}
			if strings.TrimSpace(q) == "" && term == "" {
				return usageErr("search needs a QUERY or --term ID")
			}
			useColor, err := a.useColor(color)
			if err != nil {
				return err
			}
			p, inputs, err := a.runner().DiscoverProject(nil)
			if err != nil {
				return err
			}
			if term != "" && p.Glossary.Get(term) == nil {
				return usageErr("no glossary term %q (run 'concord glossary list')", term)
			}
			res, err := a.runner().Search(p, inputs, search.Query{Text: q, Term: term, Limit: limit, Spelling: true})
			a.phase("query")
			var qe *search.QueryError
			if errors.As(err, &qe) {
				return usageErr("%v", err)
			}
			if err != nil {
				return err
			}
			if format == "json" {
				err = search.WriteJSON(a.stdout, res)
			} else {
				err = search.WriteText(a.stdout, res, useColor)
			}
			if err != nil {
				return err
			}
			return run.InputErrors(p.InputErrs)
		},
	}
	c.Flags().StringVar(&term, "term", "", "only sections that use this glossary term (its id)")
	c.Flags().IntVarP(&limit, "limit", "n", 10, "show at most this many results")
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	c.Flags().StringVar(&color, "color", "auto", "highlight matches: auto, always or never")
	return c
}
