package cli

import (
	"bytes"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/baseline"
	"github.com/concord-guidance/concord/internal/report"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/run"
	"github.com/concord-guidance/concord/internal/termsafe"
)

type checkOptions struct {
	format       string
	failOn       string
	color        string
	baseline     string
	changedSince string
	noCache      bool
}

func (a *app) checkCommand() *cobra.Command {
	o := &checkOptions{}
	c := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Check documents against the glossary",
		Long: `Check guidance documents (files or folders; default the corpus) against the
glossary and report every departure from it.

Formats: ` + strings.Join(report.Formats(), ", ") + `

` + exitCodesHelp,
		RunE: func(cmd *cobra.Command, args []string) error { return a.runCheck(cmd, o, args) },
	}
	f := c.Flags()
	f.StringVarP(&o.format, "format", "f", "text", "output format: "+strings.Join(report.Formats(), ", "))
	f.StringVar(&o.failOn, "fail-on", "", "exit 1 on findings at or above: error, warning, info or none (default from concord.yaml, else error)")
	f.StringVar(&o.color, "color", "auto", "colour text output: auto, always or never")
	f.StringVar(&o.baseline, "baseline", "", "report only findings not recorded in this baseline file (see concord baseline)")
	f.StringVar(&o.changedSince, "changed-since", "", "check only documents changed since this git ref, plus those affected by glossary changes since it")
	f.BoolVar(&o.noCache, "no-cache", false, "check every document afresh, neither reading nor writing the check cache in .concord/")
	return c
}

// gcPercent is the garbage collector's target for a build or a search when
// GOGC is not set (a check's is checkGCPercent). Both are short batch jobs
// whose live heap is mostly the parsed corpus; at Go's default of 100 a cold check of 10,000 documents
// spent a fifth of its CPU collecting. At 200 a check is 8% faster for a
// peak a third higher (alternating runs, 10,000 documents: 2.38-2.79 s and
// 520-543 MB at 100, 2.37-2.45 s and 722-750 MB at 200), and a cold build 2%
// faster, its user CPU 7-17% lower, for 2.3-2.5 GB rising to 2.7-3.2 GB (five
// alternating pairs, every one faster at 200).
const gcPercent = 200

// checkGCPercent is a check's own target. A check streams its documents
// (run.CheckAll), so its live heap is small (under 150 MB at 10,000
// documents) and a higher target costs little memory: a cold check of
// 10,000 generated documents collects 9 times for 314 ms of CPU at 200 and
// 4 times for 86 ms at 400, and in five alternating runs each took 2.31-2.86 s
// and 4.32-5.36 s of CPU (medians 2.42 s, 4.57 s) at 400 against 2.50-2.89 s
// and 4.73-5.24 s (2.54 s, 4.81 s) at 200, peaking at 531-564 MB against
// 433-473 MB. Past 20,000 documents run.largeGC lowers it again.
const checkGCPercent = 400

func (a *app) runCheck(cmd *cobra.Command, o *checkOptions, args []string) error {
	if a.getenv("GOGC") == "" {
		debug.SetGCPercent(checkGCPercent)
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	color, err := a.useColor(o.color)
	if err != nil {
		return err
	}
	// The whole corpus is checked with the cache: only documents that
	// changed, or depend on one that did, are checked again.
	whole := len(args) == 0 && o.changedSince == ""
	cached := whole && !o.noCache
	var p *project
	var findings []*rules.Finding
	switch {
	case cached:
		var saved func()
		p, findings, saved, err = a.runner().CheckCached(false)
		if saved != nil {
			defer saved()
		}
	case whole:
		// Without the cache, still one document at a time: the same
		// findings as rules.Run on the loaded corpus, in bounded memory.
		p, findings, err = a.runner().CheckAll()
	default:
		p, err = a.runner().LoadProject(args)
	}
	if err != nil {
		return err
	}
	threshold, err := failThreshold(o.failOn, p.Cfg.FailOn)
	if err != nil {
		return err
	}
	checked := -1 // documents whose findings are reported; -1: all
	if !whole {
		if findings, checked, err = a.runner().CheckSelected(p, o.changedSince); err != nil {
			return err
		}
	}
	hidden := -1 // findings the baseline hid; -1: no baseline
	if o.baseline != "" {
		b, err := baseline.Read(o.baseline)
		if err != nil {
			return err
		}
		var stale []baseline.Entry
		all := len(findings)
		findings, stale = b.Filter(findings)
		hidden = all - len(findings)
		if len(stale) > 0 {
			fmt.Fprintf(a.stderr, "concord: %s: %d baseline %s nothing any more (fixed); run 'concord baseline --update -o %s' to drop %s:\n", o.baseline, len(stale), plural(len(stale), "entry matches", "entries match"), o.baseline, plural(len(stale), "it", "them"))
			for _, e := range stale {
				fmt.Fprintf(a.stderr, "  %s: %s: %s\n", e.File, e.Rule, e.Message)
			}
		}
	}
	var buf bytes.Buffer
	res := a.result(p, findings)
	if hidden >= 0 {
		res.Summary.Baselined = &hidden
	}
	if checked >= 0 {
		res.Summary.Checked = &checked
	}
	if o.format == "sarif" {
		res.Replacements = run.Replacements(p, findings)
	}
	if err := report.Write(&buf, o.format, res, report.Options{Color: color}); err != nil {
		return err
	}
	if _, err := a.stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if err := run.InputErrors(p.InputErrs); err != nil {
		return err
	}
	return gate(findings, threshold)
}

// checkFormat refuses a --format the report package does not write.
func checkFormat(name string) error {
	if !slices.Contains(report.Formats(), name) {
		return usageErr("unknown format %q (want one of: %s)", name, strings.Join(report.Formats(), ", "))
	}
	return nil
}

// failThreshold is the severity --fail-on names, or concord.yaml's
// fail-on when the flag is not given.
func failThreshold(flag, configured string) (rules.Severity, error) {
	if flag == "" {
		flag = configured
	}
	threshold, err := rules.ParseFailOn(flag)
	if err != nil {
		return 0, usageErr("--fail-on: %v", err)
	}
	return threshold, nil
}

// gate exits 1 when a finding is at or above threshold (0: never).
func gate(findings []*rules.Finding, threshold rules.Severity) error {
	if threshold > 0 {
		for _, f := range findings {
			if f.Severity >= threshold {
				return &exitError{code: ExitFindings}
			}
		}
	}
	return nil
}

func (a *app) result(p *project, findings []*rules.Finding) *report.Result {
	docs := make([]string, len(p.Docs))
	for i, d := range p.Docs {
		docs[i] = d.Path
	}
	names := make(map[string]string, len(p.Glossary.Terms))
	for _, t := range p.Glossary.Terms {
		names[t.ID] = t.Term
	}
	return &report.Result{
		Findings:  findings,
		Rules:     rules.All(),
		Documents: docs,
		Summary:   rules.Summarise(findings, len(p.Docs), len(p.Glossary.Terms)),
		Version:   Version,
		TermNames: names,
	}
}

func (a *app) useColor(mode string) (bool, error) {
	on, err := a.colorMode(mode)
	if w, ok := a.stdout.(*termsafe.Writer); ok {
		w.AllowColor(on) // concord's own colors pass its escaping
	}
	return on, err
}

func (a *app) colorMode(mode string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		return a.getenv("NO_COLOR") == "" && a.isTerminal(a.stdout), nil
	}
	return false, usageErr("--color must be auto, always or never, not %q", mode)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
