package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/fix"
	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/run"
)

type fixOptions struct {
	dryRun      bool
	rules       []string
	interactive bool
}

func (a *app) fixCommand() *cobra.Command {
	o := &fixOptions{}
	c := &cobra.Command{
		Use:   "fix [PATH...]",
		Short: "Apply the glossary's safe replacements in place",
		Long: `Apply the safe replacements for findings in the corpus (or the files and
folders named, which must be inside it): deprecated wording whose replacement
is a glossary name, a misspelt term, a wrong acronym expansion, a misnamed Act,
and a wrong maximum penalty where the glossary gives exactly one.

Only the finding's words change. Code, front matter, block quotes, quoted
words and link destinations are never touched; the file's line endings,
byte-order mark and other bytes are kept. Each file is written atomically (a
temporary file beside it, then a rename), and a file that changed since it was
read is skipped. Fixable rules: ` + strings.Join(fix.Rules, ", ") + `.

Exit codes:
  0  done (or, with --dry-run, the diff printed)
  2  usage or input error, a path outside the corpus, or a file that could
     not be written or changed while concord read it (the others were fixed)`,
		RunE: func(cmd *cobra.Command, args []string) error { return a.runFix(o, args) },
	}
	f := c.Flags()
	f.BoolVar(&o.dryRun, "dry-run", false, "print the changes as a unified diff and change nothing")
	f.StringSliceVar(&o.rules, "rule", nil, "fix only the findings of these rules (repeat or separate with commas)")
	f.BoolVarP(&o.interactive, "interactive", "i", false, "ask about each fix: accept, skip or quit (needs a terminal)")
	return c
}

func (a *app) runFix(o *fixOptions, args []string) error {
	if o.interactive && o.dryRun {
		return usageErr("--interactive and --dry-run cannot be used together")
	}
	if o.interactive && !a.stdinTerminal() {
		return usageErr("--interactive needs a terminal on standard input; run 'concord fix --dry-run' to see the changes, or 'concord fix' to make them all")
	}
	only := map[string]bool{}
	for _, id := range o.rules {
		id = strings.TrimSpace(id)
		if !slices.Contains(fix.Rules, id) {
			if rules.Lookup(id) == nil {
				hint := ""
				for _, r := range fix.Rules {
					if glossary.Distance(id, r) <= 2 {
						hint = fmt.Sprintf(" (did you mean %q?)", r)
					}
				}
				return usageErr("--rule: unknown rule %q%s; rules with safe fixes: %s", id, hint, strings.Join(fix.Rules, ", "))
			}
			return usageErr("--rule: %s has no safe fixes; rules with safe fixes: %s", id, strings.Join(fix.Rules, ", "))
		}
		only[id] = true
	}
	cfg, err := a.runner().LoadConfig()
	if err != nil {
		return err
	}
	// Confine before reading anything: fix writes only inside the corpus.
	root := cfg.Corpus
	for _, p := range args {
		if err := insideCorpus(p, root); err != nil {
			return &exitError{code: ExitInput, err: err}
		}
	}
	p, err := a.runner().LoadProject(args)
	if err != nil {
		return err
	}
	findings := run.Check(p)
	var keep func(*rules.Finding) bool
	if len(only) > 0 {
		keep = func(f *rules.Finding) bool { return only[f.Rule] }
	}
	plan := fix.Plan(p.Glossary, p.Docs, findings, keep)
	files := make([]string, 0, len(plan))
	for f := range plan {
		files = append(files, f)
	}
	sort.Strings(files)
	disk := map[string]string{}
	for _, d := range p.Docs {
		disk[d.Path] = d.Disk
		if d.Disk == "" {
			disk[d.Path] = d.File.Path
		}
	}
	text := map[string][]byte{}
	for _, d := range p.Docs {
		text[d.Path] = d.File.Text
	}

	var prompt *bufio.Reader
	if o.interactive {
		prompt = bufio.NewReader(a.stdin)
	}
	fixed, changedFiles, failed := 0, 0, 0
	quit := false
	for _, name := range files {
		if quit {
			break
		}
		edits := plan[name]
		raw, err := fsguard.ReadFile(disk[name])
		if err != nil {
			fmt.Fprintf(a.stderr, "concord: %s: cannot read: %v; skipped\n", name, err)
			failed++
			continue
		}
		if prompt != nil {
			var accepted []fix.Edit
			for _, e := range edits {
				ans := a.ask(prompt, e)
				if ans == 'q' {
					quit = true
					break
				}
				if ans == 'y' {
					accepted = append(accepted, e)
				}
			}
			edits = accepted
			if len(edits) == 0 {
				continue
			}
		}
		out, err := fix.Apply(raw, text[name], edits)
		if errors.Is(err, fix.ErrChanged) {
			fmt.Fprintf(a.stderr, "concord: %s changed since concord read it; skipped (run concord fix again)\n", name)
			failed++
			continue
		}
		if err != nil {
			fmt.Fprintf(a.stderr, "concord: %s: %v; skipped\n", name, err)
			failed++
			continue
		}
		if o.dryRun {
			io.WriteString(a.stdout, fix.UnifiedDiff(name, raw, out))
			fixed += len(edits)
			changedFiles++
			continue
		}
		if fixBeforeWrite != nil {
			fixBeforeWrite(disk[name])
		}
		if err := fix.Write(disk[name], name, root, raw, out); err != nil {
			if errors.Is(err, fix.ErrChanged) {
				fmt.Fprintf(a.stderr, "concord: %s changed since concord read it; skipped (run concord fix again)\n", name)
			} else {
				fmt.Fprintf(a.stderr, "concord: %v; skipped\n", err)
			}
			failed++
			continue
		}
		for _, e := range edits {
			f := e.Finding
			fmt.Fprintf(a.stdout, "%s:%d:%d: %s: %s -> %s\n", f.File, f.Line, f.Column, f.Rule, quote(e.Old), quote(e.New))
		}
		fixed += len(edits)
		changedFiles++
	}
	verb := "fixed"
	if o.dryRun {
		verb = "would fix"
	}
	fmt.Fprintf(a.stderr, "concord: %s %d %s in %d %s\n", verb, fixed, plural(fixed, "finding", "findings"), changedFiles, plural(changedFiles, "file", "files"))
	if err := run.InputErrors(p.InputErrs); err != nil {
		return err
	}
	if failed > 0 {
		return &exitError{code: ExitInput, err: fmt.Errorf("%d %s not fixed; see the messages above", failed, plural(failed, "file was", "files were"))}
	}
	return nil
}

// ask shows one fix and reads the answer: 'y' (accept), 'n' (skip) or 'q'
// (quit, keeping the fixes already accepted in earlier files). End of input
// is quit.
func (a *app) ask(in *bufio.Reader, e fix.Edit) byte {
	f := e.Finding
	fmt.Fprintf(a.stdout, "\n%s:%d:%d: %s: %s\n", f.File, f.Line, f.Column, f.Rule, f.Message)
	if s := strings.Join(strings.Fields(f.Context), " "); s != "" {
		fmt.Fprintf(a.stdout, "  in: %s\n", s)
	}
	fmt.Fprintf(a.stdout, "  replace %s with %s\n", quote(e.Old), quote(e.New))
	for {
		fmt.Fprint(a.stdout, "Apply this fix? [y]es, [n]o (skip), [q]uit: ")
		if f, ok := a.stdout.(interface{ Flush() error }); ok {
			f.Flush()
		}
		line, err := in.ReadString('\n')
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "y", "yes":
			return 'y'
		case "n", "no", "s", "skip":
			return 'n'
		case "q", "quit":
			return 'q'
		}
		if err != nil {
			fmt.Fprintln(a.stdout)
			return 'q'
		}
	}
}

// stdinTerminal reports whether standard input is a terminal someone can
// answer prompts at.
func (a *app) stdinTerminal() bool { return stdinIsTerminal(a.stdin) }

// stdinIsTerminal and fixBeforeWrite are swapped by tests: one to answer
// prompts from a script, the other to change a file between concord's
// read and its write.
var (
	stdinIsTerminal = func(r io.Reader) bool {
		f, ok := r.(*os.File)
		return ok && isTerminal(f)
	}
	fixBeforeWrite func(path string)
)

// insideCorpus refuses a path that is not the corpus folder or inside it.
func insideCorpus(p, root string) error {
	rp, err := fsguard.Resolve(p)
	if err != nil {
		return fmt.Errorf("%s: %v", filepath.ToSlash(p), describePathErr(err))
	}
	rr, err := fsguard.Resolve(root)
	if err != nil {
		return fmt.Errorf("corpus folder %s: %v", filepath.ToSlash(root), describePathErr(err))
	}
	if !fsguard.Within(rp, rr) {
		return fmt.Errorf("%s: is outside the corpus folder %s; concord fix changes only files inside it (pass --corpus to name another corpus)", filepath.ToSlash(p), filepath.ToSlash(root))
	}
	return nil
}

func describePathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// quote writes s in curly quotes on one line.
func quote(s string) string {
	return "“" + strings.Join(strings.Fields(s), " ") + "”"
}

// replacements are the safe replacements of findings, for the SARIF
// report's fixes: the same ones concord fix makes. A document the check
// cache did not parse (a stand-in with no text) is read for the purpose,
// only when one of its findings may have a fix, so the report is the same
// with the cache as without it.
func replacements(p *project, findings []*rules.Finding) map[*rules.Finding]string {
	byPath := map[string]*corpus.Document{}
	for _, d := range p.Docs {
		byPath[d.Path] = d
	}
	out := map[*rules.Finding]string{}
	for _, f := range findings {
		if f.Suggestion == "" || !slices.Contains(fix.Rules, f.Rule) {
			continue
		}
		d := byPath[f.File]
		if d == nil {
			continue
		}
		if d.File == nil || d.Slimmed {
			in := corpus.Input{Path: d.Path, Display: d.Path, Rel: d.Rel}
			src, err := corpus.ReadInput(in)
			if err != nil {
				continue
			}
			parsed, _ := corpus.ParseInput(src, in)
			if parsed == nil {
				continue
			}
			d = parsed
			byPath[f.File] = d
		}
		if e, ok := fix.Span(p.Glossary, d, f); ok {
			out[f] = e.Inserted()
		}
	}
	return out
}
