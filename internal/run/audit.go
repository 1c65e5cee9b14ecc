package run

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/concord-guidance/concord/internal/audit"
	"github.com/concord-guidance/concord/internal/config"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// AuditJob is `concord audit` loaded and ready to fetch: the audit file,
// the project's configuration and its glossary.
type AuditJob struct {
	File     *source.File // the audit file
	Config   *config.Config
	Glossary *glossary.Glossary
	name     string // the audit file as given: saved copies are relative to it
	audit    *audit.Config
	settings map[string]rules.RuleSettings
}

// AuditFetch says how the audit's pages are fetched.
type AuditFetch struct {
	Offline bool          // read the cache only
	Timeout time.Duration // for each request
	Delay   time.Duration // least time between two requests to one host
	MaxSize int64         // largest page read, in bytes
}

// Audited is what an audit found: every page listed (Doc nil for one not
// read, with its Err), the findings on those read, and the pages read.
type Audited struct {
	Pages    []*audit.Got
	Findings []*rules.Finding
	Facts    func(*corpus.Document) *rules.DocFacts
	Docs     []*corpus.Document
}

// LoadAudit reads the audit file name ("" for audit.yaml, which when
// missing gets a hint to write it), the project's configuration, rule
// settings and glossary.
func (a *Runner) LoadAudit(name string) (*AuditJob, error) {
	named := name != ""
	if !named {
		name = auditFile
	}
	af, err := source.ReadOS(name, DisplayPath(name))
	if err != nil {
		var se *source.Error
		if errors.As(err, &se) && !named {
			se.Hint = "write audit.yaml listing the pages (see concord audit --help), or name the file"
		}
		return nil, err
	}
	cfg, err := audit.Load(af)
	if err != nil {
		return nil, err
	}
	pcfg, err := a.LoadConfig()
	if err != nil {
		return nil, err
	}
	settings, err := RuleSettings(pcfg)
	if err != nil {
		return nil, err
	}
	g, err := a.LoadGlossary(pcfg)
	if err != nil {
		return nil, err
	}
	return &AuditJob{File: af, name: name, Config: pcfg, Glossary: g, audit: cfg, settings: settings}, nil
}

// Check fetches the pages politely (package audit's Fetcher, caching in
// .concord/audit) and checks those read against the glossary.
func (j *AuditJob) Check(ctx context.Context, o AuditFetch) (*Audited, error) {
	cache := filepath.Join(cacheDir, "audit")
	// The page cache is concord's own folder: never written through a link.
	if err := ownDirs(cacheDir, cache); err != nil {
		return nil, err
	}
	fetcher := audit.NewFetcher(cache)
	fetcher.Client.Timeout = o.Timeout
	fetcher.Delay, fetcher.MaxBytes, fetcher.Offline = o.Delay, o.MaxSize, o.Offline
	pages, findings, facts, docs := CheckAuditPages(ctx, j.audit, fetcher, j.name, j.Glossary, j.settings)
	return &Audited{Pages: pages, Findings: findings, Facts: facts, Docs: docs}, nil
}

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
			fmt.Fprintf(a.Stderr, "concord: warning: %s: %s: %v; the audit pages list it as not read\n", af.Path, pg.Page.Describe(), pg.Err)
		}
	}
	return audit.Summarise(p.Glossary, pages, findings, facts).Site(), nil
}
