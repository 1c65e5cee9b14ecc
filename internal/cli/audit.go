package cli

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/audit"
	"github.com/concord-guidance/concord/internal/report"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/run"
)

type auditOptions struct {
	format  string
	failOn  string
	offline bool
	timeout time.Duration
	delay   time.Duration
	maxSize int64
}

func (a *app) auditCommand() *cobra.Command {
	o := &auditOptions{}
	c := &cobra.Command{
		Use:   "audit [AUDIT_FILE]",
		Short: "Compare how other bodies' published pages describe the glossary's terms",
		Long: `Read the pages listed in AUDIT_FILE (default ./audit.yaml): each has a
publisher, a url to fetch or a saved file to read, and optionally a CSS
selector for the content. Check each against the glossary and say, per
publisher and per term, whether its wording is consistent, differs, or
contradicts the law.

Fetching is polite: robots.txt is honoured, one request at a time with a
delay between requests to one host, a descriptive User-Agent, conditional
requests against the cache in .concord/audit so that a rerun fetches only
what changed, and timeouts and size limits. --offline reads the cache only.

The text format prints the summary, then the findings; other formats
(` + strings.Join(report.Formats(), ", ") + `) write the findings alone.

concord build (and serve) publishes the last audit as the site's audit
section, audit/, one page per term, when ./audit.yaml exists: it reads the
pages from the cache this command fills, and fetches nothing.

` + exitCodesHelp + `;
     also a page that could not be fetched or read (the report is still
     written, naming it)`,
		Args: atMostOne("audit file", nil),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runAudit(cmd.Context(), o, args) },
	}
	f := c.Flags()
	f.StringVarP(&o.format, "format", "f", "text", "output format: "+strings.Join(report.Formats(), ", "))
	f.StringVar(&o.failOn, "fail-on", "", "exit 1 on findings at or above: error, warning, info or none (default from concord.yaml, else error)")
	f.BoolVar(&o.offline, "offline", false, "use only pages already in the cache (.concord/audit); fetch nothing")
	f.DurationVar(&o.timeout, "timeout", 20*time.Second, "time allowed for each request")
	f.DurationVar(&o.delay, "delay", 2*time.Second, "least time between two requests to one host")
	f.Int64Var(&o.maxSize, "max-size", 4<<20, "largest page to read, in bytes")
	return c
}

func (a *app) runAudit(ctx context.Context, o *auditOptions, args []string) error {
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if o.timeout <= 0 || o.delay < 0 || o.maxSize <= 0 {
		return usageErr("--timeout and --max-size must be positive, --delay not negative")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	name := ""
	if len(args) == 1 {
		name = args[0]
	}
	job, err := a.runner().LoadAudit(name)
	if err != nil {
		return err
	}
	threshold, err := failThreshold(o.failOn, job.Config.FailOn)
	if err != nil {
		return err
	}
	got, err := job.Check(ctx, run.AuditFetch{Offline: o.offline, Timeout: o.timeout, Delay: o.delay, MaxSize: o.maxSize})
	if err != nil {
		return err
	}
	g, pages, findings, docs := job.Glossary, got.Pages, got.Findings, got.Docs
	failed := len(pages) - len(docs)
	var buf bytes.Buffer
	if o.format == "text" {
		audit.Summarise(g, pages, findings, got.Facts).WriteText(&buf)
		buf.WriteString("\n")
	}
	paths := make([]string, len(docs))
	for i, d := range docs {
		paths[i] = d.Path
	}
	res := &report.Result{Findings: findings, Rules: rules.All(), Documents: paths, Summary: rules.Summarise(findings, len(docs), len(g.Terms)), Version: Version}
	color, err := a.useColor("auto")
	if err != nil {
		return err
	}
	if err := report.Write(&buf, o.format, res, report.Options{Color: color}); err != nil {
		return err
	}
	if _, err := a.stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if failed > 0 {
		for _, p := range pages {
			if p.Doc == nil {
				fmt.Fprintf(a.stderr, "concord: %s: %s: %v\n", job.File.Path, p.Page.Describe(), p.Err)
			}
		}
		return &exitError{code: ExitInput, err: fmt.Errorf("%d of %d page(s) could not be read; they are named above", failed, len(pages))}
	}
	return gate(findings, threshold)
}
