package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/fix"
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
	var only []string
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
		only = append(only, id)
	}
	ro := run.FixOptions{Paths: args, Rules: only, DryRun: o.dryRun, Done: a.printFixed(o.dryRun)}
	if o.interactive {
		prompt := bufio.NewReader(a.stdin)
		ro.Decide = func(e fix.Edit) run.FixAnswer { return a.ask(prompt, e) }
	}
	res, err := a.runner().Fix(ro)
	if err != nil {
		return err
	}
	verb := "fixed"
	if o.dryRun {
		verb = "would fix"
	}
	fmt.Fprintf(a.stderr, "concord: %s %d %s in %d %s\n", verb, res.Fixed, plural(res.Fixed, "finding", "findings"), res.Files, plural(res.Files, "file", "files"))
	if err := run.InputErrors(res.Project.InputErrs); err != nil {
		return err
	}
	if res.Failed > 0 {
		return &exitError{code: ExitInput, err: fmt.Errorf("%d %s not fixed; see the messages above", res.Failed, plural(res.Failed, "file was", "files were"))}
	}
	return nil
}

// printFixed says what became of each file: the diff of a dry run, the
// edits made, or why the file was skipped.
func (a *app) printFixed(dryRun bool) func(run.FixedFile) {
	return func(f run.FixedFile) {
		switch {
		case errors.Is(f.Err, fix.ErrChanged):
			fmt.Fprintf(a.stderr, "concord: %s changed since concord read it; skipped (run concord fix again)\n", f.Name)
		case f.Err != nil:
			fmt.Fprintf(a.stderr, "concord: %v; skipped\n", f.Err)
		case dryRun:
			io.WriteString(a.stdout, fix.UnifiedDiff(f.Name, f.Old, f.New))
		default:
			for _, e := range f.Edits {
				g := e.Finding
				fmt.Fprintf(a.stdout, "%s:%d:%d: %s: %s -> %s\n", g.File, g.Line, g.Column, g.Rule, quote(e.Old), quote(e.New))
			}
		}
	}
}

// ask shows one fix and reads the answer: accept, skip or quit (keeping
// the fixes already accepted). End of input is quit.
func (a *app) ask(in *bufio.Reader, e fix.Edit) run.FixAnswer {
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
			return run.FixAccept
		case "n", "no", "s", "skip":
			return run.FixSkip
		case "q", "quit":
			return run.FixQuit
		}
		if err != nil {
			fmt.Fprintln(a.stdout)
			return run.FixQuit
		}
	}
}

// stdinTerminal reports whether standard input is a terminal someone can
// answer prompts at.
func (a *app) stdinTerminal() bool { return stdinIsTerminal(a.stdin) }

// stdinIsTerminal is swapped by tests, to answer prompts from a script.
var stdinIsTerminal = func(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && isTerminal(f)
}

// quote writes s in curly quotes on one line.
func quote(s string) string {
	return "“" + strings.Join(strings.Fields(s), " ") + "”"
}
