package run

import (
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/site"
)

// ServeSite is one build of the site concord serve shows: every page, and
// the bleve index its searches are answered from.
type ServeSite struct {
	Project  *Project
	Findings []*rules.Finding
	Index    *search.Index
	files    []site.File
}

// BuildServeSite loads and checks the project afresh and renders the site
// for concord serve. The first build (first) starts from the search index
// the last build, search or serve left in .concord/; a rebuild, while the
// previous one may be answering searches, makes its own in memory. editor
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
	docs := func() []search.Doc {
		return append(SearchDocs(p.Glossary, p.Docs, facts), GlossarySearchDocs(p.Glossary)...)
	}
	var idx *search.Index
	if first {
		idx, err = a.ServeIndex(p, inputs, docs)
	} else {
		idx, err = search.Build(docs(), "")
	}
	if err != nil {
		return nil, err
	}
	shards, err := search.Files(idx)
	if err != nil {
		idx.Close()
		return nil, err
	}
	look := SiteLook(p.Cfg, editor, "")
	if look.Audit, err = a.SiteAudit(p); err != nil {
		idx.Close()
		return nil, err
	}
	files, err := siteFiles(p, findings, facts, shards, look)
	if err != nil {
		idx.Close()
		return nil, err
	}
	return &ServeSite{Project: p, Findings: findings, Index: idx, files: files}, nil
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
