package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/script/*.txtar")

// TestScripts runs each testdata/script/*.txtar. A script is one or more
// steps, each starting at an "args" file that holds a command line; the
// files that follow it (up to the next "args") are written to the script's
// folder before that step runs, so a later step can add or change files,
// and its "want/..." files say what the step must do:
//
//	want/stdout, want/stderr   what concord prints
//	want/exit                  the exit code
//	want/files/PATH            PATH's content after the step
//	want/absent                paths (one a line) that must not exist after it
//
// A "git" file in place of "args" is a step that runs git, one command a
// line, after writing the files that follow it, such as
//
//	-- git --
//	init -q -b main
//	add -A
//	commit -q -m 'first glossary'
//
// so that a script can commit what its earlier steps wrote and then change
// it, for drift and --changed-since. Git runs with a fixed author, date and
// no user configuration, and a git step has no wants: a failing git command
// fails the script. (Files under HEAD/ are another way: see commitHEAD.)
//
// Every step runs in the same folder, so a script can start from an empty
// folder as a new team would (init, then check, build, search). Run with
// -update to rewrite the wants after a deliberate change.
func TestScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/script/*.txtar")
	if len(files) == 0 {
		t.Fatal("no scripts")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, steps := parseScript(t, file)
			dir := t.TempDir()
			for n, st := range steps {
				writeScriptFiles(t, dir, st.files)
				if n == 0 {
					commitHEAD(t, ar, dir)
				}
				if st.git != nil {
					runGitStep(t, dir, st.git)
					continue
				}
				stdout, stderr, code := runIn(t, dir, st.args...)
				got := map[string]string{"stdout": stdout, "stderr": stderr, "exit": strconv.Itoa(code) + "\n"}
				for _, i := range st.wants {
					name := strings.TrimPrefix(ar.Files[i].Name, "want/")
					want := string(ar.Files[i].Data)
					switch {
					case name == "absent":
						for _, p := range strings.Fields(want) {
							if _, err := os.Lstat(filepath.Join(dir, p)); err == nil {
								t.Errorf("step %d (%s): %s exists, and should not", n+1, strings.Join(st.args, " "), p)
							}
						}
						continue
					case strings.HasPrefix(name, "files/"):
						b, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(name, "files/")))
						if err != nil {
							b = []byte("(" + err.Error() + ")\n")
						}
						got[name] = string(b)
					}
					g, ok := got[name]
					if !ok {
						t.Fatalf("step %d: unknown want %q", n+1, ar.Files[i].Name)
					}
					if *update {
						ar.Files[i].Data = []byte(g)
					} else if g != want {
						t.Errorf("step %d (%s): %s differs\n--- got ---\n%s--- want ---\n%s", n+1, strings.Join(st.args, " "), name, g, want)
					}
				}
			}
			if *update {
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// scriptStep is one command of a script: the files written before it runs
// and the indexes of its want files in the archive. A git step has git
// command lines in place of args, and no wants.
type scriptStep struct {
	args  []string
	git   [][]string
	files []txtar.File
	wants []int
}

func parseScript(t *testing.T, file string) (*txtar.Archive, []scriptStep) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var steps []scriptStep
	var before []txtar.File
	for i, f := range ar.Files {
		switch {
		case f.Name == "args":
			steps = append(steps, scriptStep{args: splitArgs(string(f.Data)), files: before})
			before = nil
		case f.Name == "git":
			st := scriptStep{files: before, git: [][]string{}}
			for _, line := range strings.Split(string(f.Data), "\n") {
				if args := splitArgs(line); len(args) > 0 {
					st.git = append(st.git, args)
				}
			}
			if len(st.git) == 0 {
				t.Fatalf("%s: a git step with no command", file)
			}
			steps = append(steps, st)
			before = nil
		case len(steps) == 0:
			// Files before the first command are written before it.
			before = append(before, f)
		case strings.HasPrefix(f.Name, "want/"):
			if steps[len(steps)-1].git != nil {
				t.Fatalf("%s: %s follows a git step, which has no wants", file, f.Name)
			}
			steps[len(steps)-1].wants = append(steps[len(steps)-1].wants, i)
		default:
			steps[len(steps)-1].files = append(steps[len(steps)-1].files, f)
		}
	}
	if len(steps) == 0 || len(steps) == 1 && steps[0].git != nil {
		t.Fatalf("%s: no args", file)
	}
	return ar, steps
}

func writeScriptFiles(t *testing.T, dir string, files []txtar.File) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// materialise writes a one-step script's files into a temporary folder and
// returns the archive, the folder, the arguments and the wanted outputs.
// A script of several steps gives no arguments: its later steps depend on
// the earlier ones, so it cannot be rerun as one command.
func materialise(t *testing.T, file string) (*txtar.Archive, string, []string, map[string]string) {
	t.Helper()
	ar, steps := parseScript(t, file)
	dir := t.TempDir()
	if len(steps) != 1 {
		return ar, dir, nil, nil
	}
	writeScriptFiles(t, dir, steps[0].files)
	commitHEAD(t, ar, dir)
	wants := map[string]string{}
	for _, i := range steps[0].wants {
		wants[strings.TrimPrefix(ar.Files[i].Name, "want/")] = string(ar.Files[i].Data)
	}
	return ar, dir, steps[0].args, wants
}

// runIn runs concord in-process with dir as the working directory.
func runIn(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// splitArgs splits a command line on white space; text in single quotes is
// one argument, kept as written (so '"a phrase"' passes the double quotes on).
func splitArgs(s string) []string {
	var out []string
	var cur strings.Builder
	in, quoted := false, false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '\'':
			quoted = !quoted
			in = true
		case !quoted && (r == ' ' || r == '\n' || r == '\t'):
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}
