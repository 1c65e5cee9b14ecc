package cli

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/checkcache"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/par"
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

The index is cached in .concord/ and updated only for changed documents.
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
			// A corpus unchanged since the last search (by the files'
			// sizes and modification times) is not read at all: the
			// index reopens with the documents it was built from.
			corpusKey, stamps := searchStamps(p, inputs)
			opts := search.Options{Tool: checkcache.Key("search"), Corpus: corpusKey}
			a.phase("stat")
			if err := ownDirs(cacheDir); err != nil {
				return err
			}
			idx, kept, err := search.Open(cacheDir, opts)
			if err != nil {
				return err
			}
			a.phase("open")
			if idx == nil {
				// Otherwise only the files that changed are read.
				docs := append(searchInputs(p, inputs, stamps, kept), run.GlossarySearchDocs(p.Glossary)...)
				a.phase("parse")
				opts.Stamps, opts.Kept = map[string]string{}, kept
				for i, in := range inputs {
					opts.Stamps[in.Display] = stamps[i]
				}
				if len(p.InputErrs) > 0 {
					// Neither way would report them again.
					opts.Corpus, opts.Stamps = "", nil
				}
				if idx, err = search.BuildWith(docs, cacheDir, opts); err != nil {
					return err
				}
				a.phase("index")
			}
			defer idx.Close()
			res, err := idx.Search(search.Query{Text: q, Term: term, Limit: limit, Spelling: true})
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

// searchStamps identifies what the search documents are made from: the
// corpus key covers the glossary, where the corpus is and how it is shown,
// and every file's path, size and modification time; each file's stamp
// the same for that file alone. A file that cannot be vouched for that way
// has no stamp ("") and makes the corpus key "": one that could not be
// listed or inspected, or one modified in the last two seconds (a coarse
// file system clock could give it the same time after another change).
func searchStamps(p *project, inputs []corpus.Input) (string, []string) {
	root, err := filepath.Abs(p.Cfg.Corpus)
	if err != nil {
		return "", make([]string, len(inputs))
	}
	parts := []string{p.Glossary.Version, root, run.DisplayPath(p.Cfg.Corpus), Version}
	base := checkcache.Key(parts...)
	stamps := make([]string, len(inputs))
	recent := time.Now().Add(-2 * time.Second)
	vouched := base != ""
	par.ForN(len(inputs), par.IO, func(i int) {
		in := inputs[i]
		st, err := os.Stat(in.Path)
		if in.Err == nil && err == nil && st.Mode().IsRegular() && st.ModTime().Before(recent) {
			stamps[i] = base + ":" + strconv.FormatInt(st.Size(), 10) + ":" + strconv.FormatInt(st.ModTime().UnixNano(), 10)
		}
	})
	for i, in := range inputs {
		if stamps[i] == "" {
			vouched = false
		}
		parts = append(parts, in.Rel, in.Display, in.Path, stamps[i])
	}
	if !vouched || base == "" {
		return "", stamps
	}
	return checkcache.Key(parts...), stamps
}

// searchInputs makes the search documents of inputs, reading only those
// kept does not hold with the file's stamp, and sets the project's input
// problems as loading the whole corpus would.
func searchInputs(p *project, inputs []corpus.Input, stamps []string, kept *search.Kept) []search.Doc {
	have := make([]string, len(inputs))
	keptDocs := make([]search.Doc, len(inputs))
	for i, in := range inputs {
		if d, ok := kept.Doc(in.Display, stamps[i]); ok {
			keptDocs[i] = d
			have[i] = strings.TrimSuffix(strings.TrimPrefix(d.URL, "docs/"), "/")
		}
	}
	loaded, problems, ok := corpus.LoadSome(inputs, have)
	if !ok {
		// A slug clash falls on a document not read: read them all.
		have = nil
		loaded, problems, _ = corpus.LoadSome(inputs, nil)
	}
	p.InputErrs = problems
	var parsed []*corpus.Document
	for _, d := range loaded {
		if d != nil {
			parsed = append(parsed, d)
		}
	}
	fresh := run.SearchDocs(p.Glossary, parsed, nil)
	docs := make([]search.Doc, 0, len(inputs))
	for i := range inputs {
		switch {
		case have != nil && have[i] != "":
			docs = append(docs, keptDocs[i])
		case loaded[i] != nil:
			docs = append(docs, fresh[0])
			fresh = fresh[1:]
		}
	}
	return docs
}
