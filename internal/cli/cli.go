// Package cli is concord's command line: the only place that knows about
// flags, streams and exit codes. Every command reads and writes through the
// streams it is given, so tests run it in-process.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/run"
	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/termsafe"
)

// Version is concord's version, stamped into reports.
const Version = run.Version

// Exit codes (fixed contract; documented in --help and the README).
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitInput    = 2 // usage, configuration or input error
)

// exitError carries an exit code chosen by a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

// usageErr is a mistake in how concord was called.
func usageErr(format string, a ...any) error {
	return &exitError{code: ExitInput, err: fmt.Errorf(format, a...)}
}

// app holds what every command shares.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	configPath     string
	corpusDir      string
	glossaryDir    string
	// followOutside reads corpus and glossary files whose symbolic links
	// lead outside their folder (--follow-symlinks-outside).
	followOutside bool
	// getenv and isTerminal are swapped by tests.
	getenv     func(string) string
	isTerminal func(io.Writer) bool
	start      time.Time
}

// project is a loaded configuration, glossary and corpus (run.Project).
type project = run.Project

// runner is what does the work the command asks for: package run, told
// where the project is by the shared flags.
func (a *app) runner() *run.Runner {
	return &run.Runner{ConfigPath: a.configPath, CorpusDir: a.corpusDir, GlossaryDir: a.glossaryDir,
		FollowOutside: a.followOutside, Stderr: a.stderr, Getenv: a.getenv, Start: a.start}
}

// phase tells, with CONCORD_TIMING set, how long the run has taken when a
// stage of it ends (run.Runner.Phase).
func (a *app) phase(name string) { a.runner().Phase(name) }

// Main runs concord with args (without the program name) and returns the
// exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Everything shown to people passes through one escaping writer, so no
	// control character from a document or the glossary reaches the
	// terminal whichever command or printer wrote it; a machine format
	// (--format json, sarif, ...) escapes by its own rules and is written
	// as it is.
	out, errw := termsafe.NewWriter(stdout), termsafe.NewWriter(stderr)
	defer errw.Flush()
	defer out.Flush()
	stdout, stderr = out, errw
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, isTerminal: isTerminal, start: time.Now()}
	root := a.rootCommand()
	root.PersistentPreRun = func(cmd *cobra.Command, args []string) {
		if f := cmd.Flags().Lookup("format"); f != nil && f.Value.String() != "text" {
			out.SetRaw(true)
		}
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			printError(stderr, ee.err)
		}
		return ee.code
	}
	var ie *run.InputError
	if errors.As(err, &ie) {
		if ie.Err != nil && ie.Err.Error() != "" {
			printError(stderr, ie.Err)
		}
		return ExitInput
	}
	var se *source.Error
	var ses source.Errors
	if errors.As(err, &ses) || errors.As(err, &se) {
		printError(stderr, err)
		return ExitInput
	}
	// Anything else cobra returns is a usage problem: an unknown flag or
	// command, a missing argument.
	fmt.Fprintf(stderr, "concord: %v\nRun 'concord --help' for usage.\n", err)
	return ExitInput
}

func printError(w io.Writer, err error) {
	for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
		// The closing pointer to --help reads as it does after any other
		// usage error, without a prefix.
		if strings.HasPrefix(line, "concord: ") || strings.HasPrefix(line, "Run 'concord") {
			fmt.Fprintln(w, line)
		} else {
			fmt.Fprintf(w, "concord: %s\n", line)
		}
	}
}

const exitCodesHelp = `Exit codes:
  0  nothing at or above --fail-on (default: error)
  1  findings at or above --fail-on
  2  ` + exitInputHelp

// exitInputHelp is what exit code 2 means, the same in every command's help.
const exitInputHelp = `usage, configuration or input error (bad glossary, unreadable file);
     the message names file:line and what to fix`

// exitHelp is the exit codes of a command with no findings to gate on; ok
// says when it exits 0.
func exitHelp(ok string) string {
	return "Exit codes:\n  0  " + ok + "\n  2  " + exitInputHelp
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "concord",
		Short: "Keep guidance consistent with one shared glossary",
		Long: `concord checks guidance written in Markdown against one shared glossary and
definition, reports every inconsistent description, publishes a cross-linked,
searchable site, and gates CI on definition drift.

` + exitCodesHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("%v\nRun '%s --help' for usage.", err, c.CommandPath())
	})
	pf := root.PersistentFlags()
	pf.StringVar(&a.configPath, "config", "", "configuration file (default ./concord.yaml when present)")
	pf.StringVar(&a.corpusDir, "corpus", "", "corpus folder (default from concord.yaml, else ./corpus)")
	pf.StringVar(&a.glossaryDir, "glossary", "", "glossary folder, in place of any layers concord.yaml lists, or builtin for the built-in glossary alone (default from concord.yaml, else ./glossary, else the built-in glossary)")
	pf.BoolVar(&a.followOutside, "follow-symlinks-outside", false, "read corpus and glossary files whose symbolic links lead outside their folder (refused by default)")
	root.AddCommand(a.checkCommand(), a.rulesCommand(), a.glossaryCommand(), a.baselineCommand(), a.driftCommand(), a.initCommand(), a.buildCommand(), a.searchCommand(), a.serveCommand(), a.auditCommand())
	root.AddCommand(a.fixCommand())
	root.AddCommand(a.lspCommand())
	return root
}

// noArgs, atMostOne and subcommands check a command's arguments with
// messages in words (cobra's own say "accepts at most 1 arg(s), received 2"
// and, for a typo of a subcommand, print the help and exit 0).
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return usageErr("%s takes no arguments, but was given %s\nRun '%s --help' for usage.", commandName(cmd), quoteArgs(args), cmd.CommandPath())
}

// atMostOne allows one argument, named what (as the usage line names it);
// hint, if not nil, adds what to do instead when given more.
func atMostOne(what string, hint func(args []string) string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) <= 1 {
			return nil
		}
		h := ""
		if hint != nil {
			h = "; " + hint(args)
		}
		return usageErr("%s takes one %s, but was given %d: %s%s\nRun '%s --help' for usage.", commandName(cmd), what, len(args), quoteArgs(args), h, cmd.CommandPath())
	}
}

// commandName is the command as a message names it after "concord: ":
// "glossary show", not "concord glossary show".
func commandName(cmd *cobra.Command) string {
	if !cmd.HasParent() {
		return cmd.Name()
	}
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// subcommands refuses an argument to a command that only groups others.
func subcommands(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return usageErr("%s has no command %q; its commands are %s\nRun '%s --help' for usage.", commandName(cmd), args[0], andList(names), cmd.CommandPath())
}

// quoteArgs is "a", "b" and "c".
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = fmt.Sprintf("%q", a)
	}
	return andList(q)
}

// andList is "a", "a and b" or "a, b and c".
func andList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func isTerminal(w io.Writer) bool {
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		w = u.Unwrap()
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
