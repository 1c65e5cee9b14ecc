package run

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/concord-guidance/concord/internal/config"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/site"
)

// CheckWithFacts checks a loaded project afresh, keeping each document's
// analysis for the site to render from (build --no-cache, serve).
func CheckWithFacts(p *Project) ([]*rules.Finding, func(*corpus.Document) *rules.DocFacts) {
	return rules.RunWithFacts(rules.Input{Glossary: p.Glossary, Docs: p.Docs, Settings: p.Settings})
}

// BuildAfresh renders every page of the site and publishes it into out
// (build --no-cache), neither reading nor writing any state in .concord/
// besides the spare copy site.Publish keeps. The project is one
// CheckForBuild checked: the site is built from each document's record,
// search entry and spilled usage, each document parsed again for its own
// page only, and each page written as soon as it is rendered, so that a
// build holds neither the parsed corpus nor the rendered site. A failure
// is an InputError; one that left the previous site in place says so.
func (a *Runner) BuildAfresh(p *Project, findings []*rules.Finding, look site.Input, out string, guard site.Guard) error {
	if p.afresh == nil {
		return &InputError{Err: errors.New("build: the project was not checked for a build")}
	}
	static, err := afreshShards(p)
	if err != nil {
		return &InputError{Err: err}
	}
	shards := static.Files()
	static = nil
	// The pages render with the shards' paths only: each shard is written
	// into the early publish while they render, and let go once written
	// (at 100,000 documents the shards were gigabytes held until
	// publishing); one not written is handed to the publish whole.
	extra := make([]site.File, len(shards))
	for i, f := range shards {
		extra[i] = site.File{Path: f.Path}
	}
	a.Phase("search")
	spare := SpareFor(out)
	files, stamps, err := publishRendering(out, spare, guard, shards, a.Phase, func(early *site.Early) ([]site.File, error) {
		in := look
		in.Glossary, in.Sources, in.Findings, in.Extra, in.Early = p.Glossary, p.afresh.sources(p.Glossary), findings, extra, early
		return site.Render(in)
	})
	if err != nil {
		return err
	}
	site.CopyForNext(out, files, spare, stamps)
	a.Phase("publish")
	return nil
}

// isSiteDir says whether dir is a folder holding anything.
func isSiteDir(dir string) bool {
	st, err := os.Lstat(dir)
	return err == nil && st.IsDir()
}

// siteFiles renders every page with the static search shards, using the
// analysis the checks already made of each document.
func siteFiles(p *Project, findings []*rules.Finding, facts func(*corpus.Document) *rules.DocFacts, shards []search.File, look site.Input) ([]site.File, error) {
	extra := make([]site.File, len(shards))
	for i, f := range shards {
		extra[i] = site.File{Path: f.Path, Data: f.Data}
	}
	in := look
	in.Glossary, in.Docs, in.Findings, in.Facts, in.Extra = p.Glossary, p.Docs, findings, facts, extra
	return site.Render(in)
}

// SiteLook is how the site presents itself, from site: in concord.yaml:
// its title, introduction, organisation and footer, and whether it is the
// editors' view. A project that says nothing gets neutral wording; one
// that sets intro: "" gets no introduction.
func SiteLook(cfg *config.Config, editor bool, baseURL string) site.Input {
	in := site.Input{Title: cfg.Site.Title, Intro: cfg.Site.Intro, Organisation: cfg.Site.Organisation,
		FooterText: cfg.Site.Footer, Editor: editor, BaseURL: baseURL}
	if !cfg.Set["site.intro"] {
		in.Intro = site.DefaultIntro
	}
	return in
}

// BuildGuard names the folders a build must not write into or replace.
func (a *Runner) BuildGuard(cfg *config.Config) site.Guard {
	g := site.Guard{Keep: []site.Protected{{Path: cfg.Corpus, What: "the corpus folder"}}}
	dirs := []string{cfg.Glossary}
	if a.Layered(cfg) {
		dirs = nil
		for _, l := range cfg.GlossaryLayers {
			if l != config.Builtin {
				dirs = append(dirs, l)
			}
		}
	}
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			g.Keep = append(g.Keep, site.Protected{Path: d, What: "the glossary folder"})
		}
	}
	if wd, err := os.Getwd(); err == nil {
		g.Roots = append(g.Roots, site.Protected{Path: wd, What: "the working folder"})
	}
	if cfg.File != "" {
		g.Roots = append(g.Roots, site.Protected{Path: filepath.Dir(cfg.File), What: "the folder holding " + cfg.File})
	}
	return g
}
