package run

import (
	"fmt"

	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/site"
)

// ServeSite is one build of the site concord serve shows: every page, and
// the index its searches are answered from.
type ServeSite struct {
	Project  *Project
	Findings []*rules.Finding
	Index    *search.Tiered
	files    []site.File
}

// BuildServeSite loads and checks the project afresh and renders the site
// for concord serve. Searches are answered from the site's own static
// index, and from a bleve index only for the queries it cannot answer
// (search.Tiered), made the first time one comes. The first build (first)
// takes its static index from the last build when the corpus is unchanged
// since, and makes its bleve index, when needed, from the one the last
// search or serve left in .concord/; a rebuild, while the previous one may
// be answering searches, makes its own in memory. CONCORD_SEARCH_INDEX=bleve
// answers every query from the bleve index, as concord search does. editor
// asks for the editors' view (SiteLook).
func (a *Runner) BuildServeSite(first, editor bool) (*ServeSite, error) {
	p, inputs, err := a.LoadCorpus()
	if err != nil {
		return nil, err
	}
	if err := InputErrors(p.InputErrs); err != nil {
		return nil, err
	}
	findings, facts := CheckWithFacts(p)
	docs := append(SearchDocs(p.Glossary, p.Docs, facts), GlossarySearchDocs(p.Glossary)...)
	var static *search.Static
	if first {
		static, err = a.buildStatic(p, inputs)
		if err != nil && a.Getenv("CONCORD_CACHE_STATS") != "" {
			fmt.Fprintf(a.Stderr, "concord: serve: not the build's static index: %v\n", err)
		}
	}
	if static == nil {
		if static, err = search.StaticOf(docs); err != nil {
			return nil, err
		}
	} else if a.Getenv("CONCORD_CACHE_STATS") != "" {
		fmt.Fprintf(a.Stderr, "concord: serve: the build's static index\n")
	}
	var ss *search.StaticSearch
	if a.Getenv(searchIndexEnv) != "bleve" {
		if ss, err = search.NewStaticSearch(static, docTexts(docs)); err != nil {
			return nil, err
		}
	}
	idx := search.NewTiered(ss, func() (*search.Index, error) {
		if first {
			return a.ServeIndex(p, inputs, func() []search.Doc { return docs })
		}
		return search.Build(docs, "")
	})
	look := SiteLook(p.Cfg, editor, "")
	if look.Audit, err = a.SiteAudit(p); err != nil {
		return nil, err
	}
	files, err := siteFiles(p, findings, facts, static.Files(), look)
	if err != nil {
		return nil, err
	}
	return &ServeSite{Project: p, Findings: findings, Index: idx, files: files}, nil
}

// docTexts gives each search document's section texts by File, for
// results' fragments.
func docTexts(docs []search.Doc) func(file string) ([]string, error) {
	byFile := make(map[string][]string, len(docs))
	for _, d := range docs {
		byFile[d.File] = d.Texts()
	}
	return func(file string) ([]string, error) {
		texts, ok := byFile[file]
		if !ok {
			return nil, fmt.Errorf("%s: not in the corpus or the glossary", file)
		}
		return texts, nil
	}
}

// Publish writes the site into dir, a folder of serve's own; on failure
// it closes the index, which nothing else will.
func (s *ServeSite) Publish(dir string) error {
	if err := site.Publish(dir, s.files, site.Guard{}, ""); err != nil {
		s.Index.Close()
		return err
	}
	return nil
}
