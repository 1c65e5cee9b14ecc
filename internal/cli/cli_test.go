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

// TestScripts runs each testdata/script/*.txtar: the archive's files are
// written to a temporary folder, the "args" file holds the command line, and
// "want/stdout", "want/stderr" and "want/exit" hold what concord must print
// and return. Run with -update to rewrite the wants after a deliberate change.
func TestScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/script/*.txtar")
	if len(files) == 0 {
		t.Fatal("no scripts")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, dir, args, wants := materialise(t, file)
			stdout, stderr, code := runIn(t, dir, args...)
			got := map[string]string{"stdout": stdout, "stderr": stderr, "exit": strconv.Itoa(code) + "\n"}
			if *update {
				for i, f := range ar.Files {
					if strings.HasPrefix(f.Name, "want/") {
						ar.Files[i].Data = []byte(got[strings.TrimPrefix(f.Name, "want/")])
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, k := range []string{"exit", "stdout", "stderr"} {
				want, ok := wants[k]
				if !ok {
					continue
				}
				if got[k] != want {
					t.Errorf("%s differs\n--- got ---\n%s--- want ---\n%s", k, got[k], want)
				}
			}
		})
	}
}

// materialise writes a script's files into a temporary folder and returns
// the archive, the folder, the arguments and the wanted outputs.
func materialise(t *testing.T, file string) (*txtar.Archive, string, []string, map[string]string) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var args []string
	wants := map[string]string{}
	for _, f := range ar.Files {
		switch {
		case f.Name == "args":
			args = splitArgs(string(f.Data))
		case strings.HasPrefix(f.Name, "want/"):
			wants[strings.TrimPrefix(f.Name, "want/")] = string(f.Data)
		default:
			p := filepath.Join(dir, f.Name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	commitHEAD(t, ar, dir)
	return ar, dir, args, wants
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
