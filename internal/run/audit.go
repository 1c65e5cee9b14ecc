package run

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/concord-guidance/concord/internal/audit"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// CheckAuditPages reads every page audit file name lists (saved copies
// relative to it) and checks the ones read against the glossary.
func CheckAuditPages(ctx context.Context, cfg *audit.Config, fetcher *audit.Fetcher, name string, g *glossary.Glossary, settings map[string]rules.RuleSettings) ([]*audit.Got, []*rules.Finding, func(*corpus.Document) *rules.DocFacts, []*corpus.Document) {
	base := filepath.Dir(name)
	pages := audit.Read(ctx, cfg, fetcher, func(p string) (*source.File, error) {
		disk := p
		if !filepath.IsAbs(p) {
			disk = filepath.Join(base, p)
		}
		return source.ReadOS(disk, DisplayPath(disk))
	})
	var docs []*corpus.Document
	for _, p := range pages {
		if p.Doc != nil {
			docs = append(docs, p.Doc)
		}
	}
	findings, facts := rules.RunWithFacts(rules.Input{Glossary: g, Docs: docs, Settings: settings})
	return pages, findings, facts, docs
}

// auditFile is the audit file `concord build` publishes, the one `concord
// audit` reads by default.
const auditFile = "audit.yaml"

// SiteAudit is the site's audit section: with an audit.yaml beside
// concord.yaml's working folder, its pages as the last `concord audit`
// left them in .concord/audit (a build never fetches: it publishes what
// was audited) and the saved copies it names, checked against the
// project's glossary. A page not read is named in a warning and listed on
// the audit pages as not read; a broken audit.yaml stops the build.
func (a *Runner) SiteAudit(p *Project) (*audit.SiteData, error) {
	if _, err := os.Lstat(auditFile); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	af, err := source.ReadOS(auditFile, auditFile)
	if err != nil {
		return nil, err
	}
	cfg, err := audit.Load(af)
	if err != nil {
		return nil, err
	}
	cache := filepath.Join(".concord", "audit")
	// Read through a link, the cache could publish any file's text.
	if err := ownDirs(".concord", cache); err != nil {
		return nil, err
	}
	fetcher := audit.NewFetcher(cache)
	fetcher.Offline = true
	pages, findings, facts, _ := CheckAuditPages(context.Background(), cfg, fetcher, auditFile, p.Glossary, p.Settings)
	for _, pg := range pages {
		if errors.Is(pg.Err, audit.ErrNotCached) {
			pg.Err = fmt.Errorf("%w: run concord audit to fetch it", audit.ErrNotCached)
		}
		if pg.Err != nil {
			where := pg.Page.URL
			if where == "" {
				where = pg.Page.File
			}
			fmt.Fprintf(a.Stderr, "concord: warning: %s: %s (%s, listed at line %d): %v; the audit pages list it as not read\n", af.Path, pg.Page.Publisher, where, pg.Page.Pos.Line, pg.Err)
		}
	}
	return audit.Summarise(p.Glossary, pages, findings, facts).Site(), nil
}
