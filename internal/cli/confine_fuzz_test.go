package cli

import (
	"fmt"
	"github.com/concord-guidance/concord/internal/run"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzConfinement builds random projects in a temporary folder, with
// symbolic links leading inside and outside it, named pipes, planted
// .concord entries, foreign entries in the output and odd file names, runs
// check, build, search and baseline over each, and asserts that nothing
// outside the project changes, that every run ends (within a limit, on a
// blocked run: no wall-clock figure is asserted), and that every exit code
// is one of the documented three.
func FuzzConfinement(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 0, 1, 3, 2, 0})
	f.Add([]byte{2, 3, 1, 5, 2, 0, 6, 0, 0, 4, 1, 1, 1, 4, 2})
	f.Add([]byte{5, 0, 0, 5, 1, 1, 5, 2, 2, 5, 3, 3, 2, 4, 4, 3, 5, 1, 7, 1, 1})
	f.Fuzz(func(t *testing.T, plan []byte) {
		if len(plan) > 60 {
			plan = plan[:60]
		}
		root := t.TempDir()
		proj, outside := filepath.Join(root, "proj"), filepath.Join(root, "outside")
		writeFiles(t, proj, map[string]string{
			"glossary/domestic-abuse.yaml": catalogueGlossary,
			"corpus/a.md":                  confineDoc,
		})
		writeFiles(t, outside, map[string]string{
			"secret.md":        secret + "\n",
			"dir/inner.md":     "outside folder\n",
			"victim/keep.txt":  "keep\n",
			"victim/sub/x.txt": "keep too\n",
			"stolen.yaml":      "id: stolen\n",
		})
		mkfifo(t, filepath.Join(outside, "pipe"))
		names := []string{"b.md", "ünï.md", "sp ace.md", "-flag.md", "#q?x=1.md", "..md", ".hidden.md", "new\nline.md", "x" + strings.Repeat("y", 200) + ".md", "sub/c.md", "sub"}
		insideTargets := []string{"a.md", "../corpus/a.md", "sub", ".", "..", "loop.md", "missing.md"}
		outsideTargets := []string{
			filepath.Join(outside, "secret.md"), "../../outside/secret.md", filepath.Join(outside, "dir"),
			filepath.Join(outside, "pipe"), "/dev/stdin", "/proc/self/fd/0", "/dev/zero", "../../outside/nothing.md",
		}
		cacheLinks := []string{cacheDir, run.BuildStateDir(filepath.Join(proj, "public")), run.SpareFor(filepath.Join(proj, "public")), filepath.Join(cacheDir, "check-cache")}
		follow := false
		for i := 0; i+2 < len(plan); i += 3 {
			op, a, b := plan[i]%9, int(plan[i+1]), int(plan[i+2])
			name := filepath.Join(proj, "corpus", filepath.FromSlash(names[a%len(names)]))
			os.MkdirAll(filepath.Dir(name), 0o755)
			switch op {
			case 0:
				os.WriteFile(name, []byte(fmt.Sprintf("Text %d with domestic violence.\n", b)), 0o644)
			case 1:
				os.Symlink(insideTargets[b%len(insideTargets)], name)
			case 2:
				os.Symlink(outsideTargets[b%len(outsideTargets)], name)
			case 3:
				mkfifo(t, name)
			case 4:
				g := filepath.Join(proj, "glossary", fmt.Sprintf("g%d.yaml", a%3))
				if b%2 == 0 {
					os.Symlink(filepath.Join(outside, "stolen.yaml"), g)
				} else {
					mkfifo(t, g)
				}
			case 5:
				l := filepath.Join(proj, cacheLinks[a%len(cacheLinks)])
				os.MkdirAll(filepath.Dir(l), 0o755)
				os.RemoveAll(l)
				os.Symlink(filepath.Join(outside, "victim"), l)
			case 6:
				writeFiles(t, proj, map[string]string{"public/.concord-site": "x", fmt.Sprintf("public/.git/o%d", b%3): "obj"})
			case 7:
				follow = true
			case 8:
				writeFiles(t, proj, map[string]string{"concord.yaml": "corpus: corpus\n"})
				if b%2 == 0 {
					os.Remove(filepath.Join(proj, "concord.yaml"))
					mkfifo(t, filepath.Join(proj, "concord.yaml"))
				}
			}
		}
		before := snapshot(t, outside)
		extra := []string{}
		if follow {
			extra = append(extra, "--follow-symlinks-outside")
		}
		for _, args := range [][]string{{"check"}, {"check", "--no-cache"}, {"build"}, {"build", "--no-cache"}, {"search", "abuse"}, {"baseline", "-o", "b.json"}} {
			args = append(args, extra...)
			_, stderr, code := runBounded(t, proj, time.Minute, nil, args...)
			if code < 0 || code > ExitInput {
				t.Errorf("concord %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
				t.Errorf("concord %s panicked:\n%s", strings.Join(args, " "), stderr)
			}
			sameSnapshot(t, "outside the project after "+strings.Join(args, " "), before, snapshot(t, outside))
		}
	})
}
