package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// Every command's --help says what its exit codes mean, in the same shape:
// an "Exit codes:" block with a line for 0 and one for 2 (and for 1 where
// a command gates on findings).
func TestEveryCommandHelpHasExitCodes(t *testing.T) {
	a := &app{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return false }}
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		if c.Name() == "help" || c.Name() == "completion" || c.Parent() != nil && c.Parent().Name() == "completion" {
			return
		}
		n++
		if !strings.Contains(c.Long, "Exit codes:\n  0  ") || !strings.Contains(c.Long, "\n  2  ") {
			t.Errorf("%s --help does not list its exit codes:\n%s", c.CommandPath(), c.Long)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(a.rootCommand())
	if n < 12 {
		t.Errorf("walked %d commands, want every one (at least 12)", n)
	}
}

// readCounter counts reads: init must never read its input, on a terminal
// or not.
type readCounter struct{ reads int }

func (r *readCounter) Read([]byte) (int, error) { r.reads++; return 0, io.EOF }

// concord init asks nothing, so it writes the same project and prints the
// same lines whether or not it runs on a terminal, and reads no input.
func TestInitAsksNothingOnATerminal(t *testing.T) {
	var outputs [2]string
	for i, terminal := range []bool{false, true} {
		dir := t.TempDir()
		var out, errb bytes.Buffer
		in := &readCounter{}
		a := &app{stdin: in, stdout: &out, stderr: &errb, getenv: func(string) string { return "" },
			isTerminal: func(io.Writer) bool { return terminal }, start: time.Now()}
		root := a.rootCommand()
		root.SetArgs([]string{"init", dir})
		root.SetIn(in)
		root.SetOut(&out)
		root.SetErr(&errb)
		if err := root.Execute(); err != nil {
			t.Fatalf("terminal %v: %v\n%s", terminal, err, errb.String())
		}
		if in.reads != 0 {
			t.Errorf("terminal %v: init read its input %d times", terminal, in.reads)
		}
		if errb.Len() != 0 {
			t.Errorf("terminal %v: init wrote to stderr: %s", terminal, errb.String())
		}
		if _, err := os.Stat(filepath.Join(dir, "concord.yaml")); err != nil {
			t.Errorf("terminal %v: %v", terminal, err)
		}
		outputs[i] = strings.ReplaceAll(out.String(), filepath.ToSlash(dir), "DIR")
	}
	if outputs[0] != outputs[1] {
		t.Errorf("init says different things on a terminal:\n--- not a terminal ---\n%s--- terminal ---\n%s", outputs[0], outputs[1])
	}
	if !strings.Contains(outputs[0], "wrote DIR/concord.yaml\n") {
		t.Errorf("init output:\n%s", outputs[0])
	}
}
