package cli

import (
	"errors"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
)

// cacheDir is where concord keeps its caches (the search index), keyed by
// content so that repeated runs do not redo unchanged work.
const cacheDir = ".concord"

func (a *app) searchCommand() *cobra.Command {
	var term, format, color string
	var limit int
	c := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search the corpus",
		Long: `Search the corpus with bleve's query-string syntax: words, "phrases",
fuzzy word~1, prefix word*, +required, -excluded, and fields such as
title:, heading:, body:, topic: and terms:. Words are stemmed the same way
everywhere, so "stalked" finds "stalking". --term ID keeps only documents that
use a glossary term.

The index is cached in .concord/ and updated only for changed documents.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
			p, err := a.loadProject(nil)
			if err != nil {
				return err
			}
			if term != "" && p.glossary.Get(term) == nil {
				return usageErr("no glossary term %q (run 'concord glossary list')", term)
			}
			idx, err := search.Build(searchDocs(p.glossary, p.docs, nil), cacheDir)
			if err != nil {
				return err
			}
			defer idx.Close()
			res, err := idx.Search(search.Query{Text: q, Term: term, Limit: limit})
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
			return inputError(p.inputErrs)
		},
	}
	c.Flags().StringVar(&term, "term", "", "only documents that use this glossary term (its id)")
	c.Flags().IntVarP(&limit, "limit", "n", 10, "show at most this many results")
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	c.Flags().StringVar(&color, "color", "auto", "highlight matches: auto, always or never")
	return c
}

// searchDocs turns parsed documents into the search index's input: one
// entry per section, with the glossary terms each document uses, read from
// facts when the checks have analysed the documents already (nil analyses
// them here).
func searchDocs(g *glossary.Glossary, docs []*corpus.Document, facts func(*corpus.Document) *rules.DocFacts) []search.Doc {
	if facts == nil {
		facts = func(d *corpus.Document) *rules.DocFacts { return rules.Analyse(g, d) }
	}
	out := make([]search.Doc, 0, len(docs))
	for _, d := range docs {
		sd := search.Doc{
			File:    d.Path,
			URL:     "docs/" + d.Slug + "/",
			Title:   d.Front.Title,
			Summary: d.Front.Summary,
			Topic:   d.Front.Topic,
			Fields:  map[string]string{},
		}
		if sd.Title == "" {
			sd.Title = d.Slug
		}
		for k, v := range d.Front.Extra {
			sd.Fields[k] = v
		}
		if d.Front.Owner != "" {
			sd.Fields["owner"] = d.Front.Owner
		}
		if d.Front.Updated != "" {
			sd.Fields["updated"] = d.Front.Updated
		}
		terms := map[string]bool{}
		for _, b := range facts(d).Blocks {
			for _, m := range b.Matches {
				if m.Entry.Kind != glossary.KindDeprecated && m.Entry.Kind != glossary.KindExcept {
					terms[m.Entry.Term.ID] = true
				}
			}
		}
		for id := range terms {
			sd.Terms = append(sd.Terms, id)
		}
		sort.Strings(sd.Terms)
		for _, s := range d.Sections {
			var text []string
			for _, b := range s.Blocks {
				if b.Kind != corpus.HeadingBlock {
					text = append(text, b.Run.Text)
				}
			}
			if s.Heading == nil && len(text) == 0 {
				continue
			}
			line := 1
			if s.Heading != nil {
				line = d.File.Position(s.Heading.Start).Line
			}
			sd.Sections = append(sd.Sections, search.Section{Anchor: s.Anchor(), Heading: s.Title(), Line: line, Text: strings.Join(text, "\n")})
		}
		out = append(out, sd)
	}
	return out
}
