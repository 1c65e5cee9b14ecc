package cli

import (
	"fmt"
	"path/filepath"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/run"
	"github.com/concord-guidance/concord/internal/site"
)

type buildOptions struct {
	out     string
	strict  bool
	failOn  string
	baseURL string
	noCache bool
	editor  bool
}

func (a *app) buildCommand() *cobra.Command {
	o := &buildOptions{}
	c := &cobra.Command{
		Use:   "build",
		Short: "Publish the corpus as a static site",
		Long: `Check the corpus and publish it as a static site: one page per document with
glossary terms linked to their definitions, one page per glossary term showing
where and how each document uses it, the consistency report, and the rules.

The site is written into a temporary folder beside --out and swapped in only
when complete, so a failed or interrupted build leaves the previous site whole.
A build keeps what it learnt in .concord/: the check cache, each document's
record, a key for every page (a digest of what the page is built from) and
the search index's state. The next build parses only the documents that
changed, renders only the pages whose key changed, updates only the search
shards holding changed documents, and starts from the site it replaces (kept
in .concord/ when on the same file system), carrying every other file over.
The result is byte for byte what a full build gives. --no-cache renders
everything afresh; deleting .concord/ is always safe, and is needed after
editing the published folder by hand, whose edits a build may carry over.
concord marks the folders it makes with a .concord-site file and refuses to
write into any other non-empty folder, into the corpus or glossary, or over
the project folder, and to replace its own while that holds what it did not
make (a .git folder, a file added by hand): move such entries out first.

By default the site is for readers: it shows no finding anywhere. --editor
(or site: editor: true in concord.yaml) builds the editors' view instead: the
consistency report and the rules pages, the health of the guidance on the
home page, and in each document a mark on every sentence with a finding,
with the finding in a note after the passage. The site's title, home-page
introduction, organisation and footer come from site: in concord.yaml.

With an audit.yaml in the project folder, the site gains an audit section
(audit/): how each page it lists describes each glossary term, as the last
concord audit read them (from .concord/audit; a build fetches nothing).

Every link is relative: the site works from any host, under any sub-path, and
opened straight from disk. --base-url (or base_url: in concord.yaml) adds
sitemap.xml and absolute links on 404.html.

With --strict, findings at or above --fail-on stop the build: nothing is
published and concord exits 1.

Exit codes:
  0  the site was published, with or without findings
  1  --strict, and findings at or above --fail-on: nothing was published
  2  ` + exitInputHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return a.runBuild(o) },
	}
	f := c.Flags()
	f.StringVarP(&o.out, "out", "o", "", "output folder (default from concord.yaml output:, else public)")
	f.BoolVar(&o.strict, "strict", false, "fail, publishing nothing, on findings at or above --fail-on")
	f.StringVar(&o.failOn, "fail-on", "", "with --strict: error, warning, info or none (default from concord.yaml, else error)")
	f.StringVar(&o.baseURL, "base-url", "", "address the site is published at, for sitemap.xml (default from concord.yaml base_url:)")
	f.BoolVar(&o.editor, "editor", false, "publish the editors' view: the consistency report, the health panel and every finding marked in its sentence (default from concord.yaml site: editor:)")
	f.BoolVar(&o.noCache, "no-cache", false, "parse every document and render every page afresh, neither reading nor writing the caches in .concord/")
	return c
}

func (a *app) runBuild(o *buildOptions) error {
	if a.getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	// A build that will be refused is refused first: before checking a
	// document or writing a cache.
	cfg, err := a.runner().LoadConfig()
	if err != nil {
		return err
	}
	out := o.out
	if out == "" {
		out = cfg.Output
	}
	if out == "" {
		out = "public"
	}
	guard := a.runner().BuildGuard(cfg)
	if err := site.Refusal(out, guard); err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	var (
		p        *project
		findings []*rules.Finding
	)
	if o.noCache {
		// Checked as it streams, keeping only what the site reads.
		var done func()
		p, findings, done, err = a.runner().CheckForBuild()
		defer done()
		a.phase("check")
	} else {
		var saved func()
		baseURL := o.baseURL
		if baseURL == "" {
			baseURL = cfg.BaseURL
		}
		// A large corpus with no build state to start from streams.
		p, findings, saved, err = a.runner().CheckForSite(out, baseURL)
		if saved != nil {
			defer saved()
		}
	}
	if err != nil {
		return err
	}
	threshold, err := failThreshold(o.failOn, p.Cfg.FailOn)
	if err != nil {
		return err
	}
	baseURL := o.baseURL
	if baseURL == "" {
		baseURL = p.Cfg.BaseURL
	}
	if err := site.CheckBaseURL(baseURL); err != nil {
		return usageErr("%v", err)
	}
	look := run.SiteLook(p.Cfg, o.editor || p.Cfg.Site.Editor, baseURL)
	if look.Audit, err = a.runner().SiteAudit(p); err != nil {
		return err
	}
	if err := run.InputErrors(p.InputErrs); err != nil {
		// A document that could not be read would be missing from the
		// site; keep the last good one instead.
		return err
	}
	sum := rules.Summarise(findings, len(p.Docs), len(p.Glossary.Terms))
	withFindings := map[string]bool{}
	atThreshold := 0
	for _, f := range findings {
		withFindings[f.File] = true
		if threshold > 0 && f.Severity >= threshold {
			atThreshold++
		}
	}
	w := a.stdout
	fmt.Fprintf(w, "concord build: %s, %s\n", count(sum.Documents, "document"), count(sum.Terms, "glossary term"))
	fmt.Fprintf(w, "findings: %s, %s, %d info", count(sum.Errors, "error"), count(sum.Warnings, "warning"), sum.Infos)
	if len(withFindings) > 0 {
		fmt.Fprintf(w, " in %d of %s", len(withFindings), count(sum.Documents, "document"))
	}
	fmt.Fprintln(w)
	if o.strict && atThreshold > 0 {
		fmt.Fprintf(w, "not published: %s at or above %s (--strict); run `concord check` to see them\n", count(atThreshold, "finding"), threshold)
		return &exitError{code: ExitFindings}
	}

	if err := ownDirs(cacheDir, run.BuildStateDir(out)); err != nil {
		return err
	}
	shown := run.DisplayPath(out)
	if !o.noCache {
		if err := a.runner().BuildIncremental(p, findings, look, out, guard); err != nil {
			return err
		}
		fmt.Fprintf(w, "site: %s/ (open %s)\n", shown, filepath.ToSlash(filepath.Join(shown, "index.html")))
		return nil
	}
	if err := a.runner().BuildAfresh(p, findings, look, out, guard); err != nil {
		return err
	}
	fmt.Fprintf(w, "site: %s/ (open %s)\n", shown, filepath.ToSlash(filepath.Join(shown, "index.html")))
	return nil
}

// count writes "1 document", "2 documents".
func count(n int, noun string) string {
	return fmt.Sprintf("%d %s", n, plural(n, noun, noun+"s"))
}
