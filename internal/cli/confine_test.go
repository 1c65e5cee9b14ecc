package cli

import (
	"fmt"
	"github.com/concord-guidance/concord/internal/run"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The attacks of issue 17 on what concord may touch: each stages, in a
// temporary folder, the file system state an attacker can commit to a
// repository (symbolic links, named pipes, a planted .concord/ entry) and
// checks that concord refuses it with a positioned message and exit 2,
// never reading, writing or deleting outside the project, and never
// blocking.

// confineDoc is a corpus document with one finding.
const confineDoc = "Some domestic violence here.\n"

// secret is text that must never reach a report, a page or a search index.
const secret = "SECRETCREDENTIAL hunter2 domestic violence"

// project writes a project into dir/proj and a file outside it,
// dir/secret/credentials.md, and returns the project folder.
func confineProject(t *testing.T) (proj, outside string) {
	t.Helper()
	dir := t.TempDir()
	proj, outside = filepath.Join(dir, "proj"), filepath.Join(dir, "secret")
	writeFiles(t, proj, map[string]string{
		"glossary/domestic-abuse.yaml": catalogueGlossary,
		"corpus/a.md":                  confineDoc,
	})
	writeFiles(t, outside, map[string]string{"credentials.md": secret + "\n", "keep.txt": "keep me\n"})
	return proj, outside
}

// runBounded runs concord in dir and fails the test, rather than hanging
// it, when the run does not finish within limit: the attacks below used
// to block forever. unblock, when given, is called on a timeout to free the
// stuck run (by opening a pipe's other end).
func runBounded(t *testing.T, dir string, limit time.Duration, unblock func(), args ...string) (string, string, int) {
	t.Helper()
	type result struct {
		stdout, stderr string
		code           int
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.stdout, r.stderr, r.code = runInNoHelper(dir, args...)
		done <- r
	}()
	select {
	case r := <-done:
		return r.stdout, r.stderr, r.code
	case <-time.After(limit):
		if unblock != nil {
			unblock()
			<-done
		}
		t.Fatalf("concord %s blocked (no answer within %v)", strings.Join(args, " "), limit)
		return "", "", 0
	}
}

// runInNoHelper is runIn for a goroutine (no t.Fatal off the test's own).
func runInNoHelper(dir string, args ...string) (string, string, int) {
	var out, errb strings.Builder
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		return "", err.Error(), -1
	}
	defer os.Chdir(wd)
	code := Main(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// snapshot lists every entry under dir with its kind, size and content, to
// show that nothing there changed.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		desc := info.Mode().Type().String()
		if info.Mode().IsRegular() {
			b, _ := os.ReadFile(p)
			desc += ":" + string(b)
		} else if info.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			desc += "->" + target
		}
		got[rel] = desc
		return nil
	})
	return got
}

func sameSnapshot(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %s changed: was %q, now %q", what, k, v, after[k])
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s: %s appeared", what, k)
		}
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
}

// unblockFIFO opens a pipe's writing end and closes it, so a reader stuck
// in open or read sees the end of the file.
func unblockFIFO(path string) func() {
	return func() {
		if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}
}

// Attack 2: a committed symbolic link in the corpus, to a file outside the
// project, was read, published as a page and indexed for search.
func TestAttackSymlinkOutOfCorpus(t *testing.T) {
	for _, target := range []string{"../../secret/credentials.md", "abs"} {
		t.Run(target, func(t *testing.T) {
			proj, outside := confineProject(t)
			if target == "abs" {
				target = filepath.Join(outside, "credentials.md")
			}
			symlink(t, target, filepath.Join(proj, "corpus/x.md"))
			want := fmt.Sprintf("concord: corpus/x.md: symbolic link to %q, which leads outside corpus (copy the file into the folder, or pass --follow-symlinks-outside to read it anyway)\n", target)

			stdout, stderr, code := runBounded(t, proj, time.Minute, nil, "check")
			if code != ExitInput || !strings.HasPrefix(stderr, want) {
				t.Errorf("check: exit %d, stderr:\n%s\nwant exit 2 and:\n%s", code, stderr, want)
			}
			if strings.Contains(stdout, "x.md") || strings.Contains(stdout, "SECRET") {
				t.Errorf("check read the linked file:\n%s", stdout)
			}

			_, stderr, code = runBounded(t, proj, time.Minute, nil, "build")
			if code != ExitInput || !strings.Contains(stderr, want) {
				t.Errorf("build: exit %d, stderr:\n%s", code, stderr)
			}
			if site := snapshot(t, filepath.Join(proj, "public")); strings.Contains(fmt.Sprint(site), "SECRET") {
				t.Error("build published the linked file")
			}

			stdout, stderr, _ = runBounded(t, proj, time.Minute, nil, "search", "SECRETCREDENTIAL")
			if strings.Contains(stdout, "x.md") || strings.Contains(stdout, "SECRET") {
				t.Errorf("search found the linked file:\n%s", stdout)
			}
			if !strings.Contains(stderr, want) {
				t.Errorf("search did not say why it left the file out:\n%s", stderr)
			}

			// Asked for by name, the link is followed.
			stdout, stderr, code = runBounded(t, proj, time.Minute, nil, "check", "--follow-symlinks-outside")
			if code != ExitFindings || !strings.Contains(stdout, "corpus/x.md:1:") || stderr != "" {
				t.Errorf("check --follow-symlinks-outside: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}

// Attack 2, for the glossary: a link out of the glossary folder is refused
// in the same way.
func TestAttackSymlinkOutOfGlossary(t *testing.T) {
	proj, outside := confineProject(t)
	writeFiles(t, outside, map[string]string{"stolen.yaml": "id: stolen\n"})
	symlink(t, filepath.Join(outside, "stolen.yaml"), filepath.Join(proj, "glossary/stolen.yaml"))
	_, stderr, code := runBounded(t, proj, time.Minute, nil, "check")
	want := fmt.Sprintf("concord: glossary/stolen.yaml: symbolic link to %q, which leads outside glossary (copy the file into the folder, or pass --follow-symlinks-outside to read it anyway)\n", filepath.Join(outside, "stolen.yaml"))
	if code != ExitInput || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
}

// The same in a project whose glossary is layered over the built-in one,
// as concord init writes it: every folder layer is read under the rule.
func TestAttackSymlinkOutOfGlossaryLayer(t *testing.T) {
	proj, outside := confineProject(t)
	os.Remove(filepath.Join(proj, "glossary/domestic-abuse.yaml"))
	writeFiles(t, proj, map[string]string{"concord.yaml": "glossary: [builtin, glossary]\n"})
	writeFiles(t, outside, map[string]string{"stolen.yaml": "id: stolen\n"})
	symlink(t, filepath.Join(outside, "stolen.yaml"), filepath.Join(proj, "glossary/stolen.yaml"))
	_, stderr, code := runBounded(t, proj, time.Minute, nil, "check")
	want := fmt.Sprintf("concord: glossary/stolen.yaml: symbolic link to %q, which leads outside glossary (copy the file into the folder, or pass --follow-symlinks-outside to read it anyway)\n", filepath.Join(outside, "stolen.yaml"))
	if code != ExitInput || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
}

// Attack 5: a named pipe in the corpus, or a link to /dev/stdin or to
// /proc/self/fd/1, blocked check forever with no output.
func TestAttackBlockingFiles(t *testing.T) {
	t.Run("fifo", func(t *testing.T) {
		proj, _ := confineProject(t)
		fifo := filepath.Join(proj, "corpus/pipe.md")
		mkfifo(t, fifo)
		stdout, stderr, code := runBounded(t, proj, 30*time.Second, unblockFIFO(fifo), "check")
		want := "concord: corpus/pipe.md: is a named pipe (FIFO), not a regular file (concord reads only regular files; remove it or replace it with the file itself)\n"
		if code != ExitInput || !strings.HasPrefix(stderr, want) || !strings.Contains(stdout, "corpus/a.md:1:6") {
			t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant stderr to start:\n%s", code, stdout, stderr, want)
		}
	})
	// A pipe where the glossary or the config is read: the same refusal,
	// naming the file.
	for _, c := range []struct{ name, path string }{
		{"fifo in the glossary", "glossary/pipe.yaml"},
		{"fifo as the config", "concord.yaml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			proj, _ := confineProject(t)
			fifo := filepath.Join(proj, c.path)
			mkfifo(t, fifo)
			_, stderr, code := runBounded(t, proj, 30*time.Second, unblockFIFO(fifo), "check")
			if code != ExitInput || !strings.Contains(stderr, "concord: "+c.path+": is a named pipe (FIFO), not a regular file") {
				t.Errorf("exit %d, stderr:\n%s", code, stderr)
			}
		})
	}
	// A link to a pipe outside the corpus, followed on request: the pipe
	// is still refused, as a pipe.
	t.Run("link to a fifo, followed", func(t *testing.T) {
		proj, outside := confineProject(t)
		fifo := filepath.Join(outside, "pipe")
		mkfifo(t, fifo)
		symlink(t, fifo, filepath.Join(proj, "corpus/pipe.md"))
		_, stderr, code := runBounded(t, proj, 30*time.Second, unblockFIFO(fifo), "check", "--follow-symlinks-outside")
		if code != ExitInput || !strings.Contains(stderr, "concord: corpus/pipe.md: is a named pipe (FIFO), not a regular file") {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	})
	// Links to the process's own streams: refused as links out of the
	// corpus, and, followed on request, as what they lead to. A pipe or a
	// terminal here cannot be unblocked by the test, so a regression hangs
	// until the run's limit and fails.
	for _, target := range []string{"/dev/stdin", "/proc/self/fd/1"} {
		if _, err := os.Stat(target); err != nil {
			continue
		}
		t.Run(target, func(t *testing.T) {
			proj, _ := confineProject(t)
			symlink(t, target, filepath.Join(proj, "corpus/stream.md"))
			_, stderr, code := runBounded(t, proj, 30*time.Second, nil, "check")
			if code != ExitInput || !strings.Contains(stderr, fmt.Sprintf("concord: corpus/stream.md: symbolic link to %q, which leads outside corpus", target)) {
				t.Errorf("exit %d, stderr:\n%s", code, stderr)
			}
			_, stderr, code = runBounded(t, proj, 30*time.Second, nil, "check", "--follow-symlinks-outside")
			if code != ExitInput || !strings.Contains(stderr, "concord: corpus/stream.md: is a ") || !strings.Contains(stderr, "not a regular file") {
				t.Errorf("followed: exit %d, stderr:\n%s", code, stderr)
			}
		})
	}
}

// Attack 3: a committed symbolic link at .concord/build-<hash> made build
// delete every file in the folder it points to and write the site there.
// The same goes for .concord itself, the kept site (.concord/site-<hash>)
// and the check cache.
func TestAttackCacheSymlink(t *testing.T) {
	cases := []struct {
		name string
		link func(proj string) string // where the link goes
		args []string
	}{
		{"build state", func(proj string) string { return run.BuildStateDir(filepath.Join(proj, "public")) }, []string{"build"}},
		{"kept site", func(proj string) string { return run.SpareFor(filepath.Join(proj, "public")) }, []string{"build", "--no-cache"}},
		{"cache folder, build", func(string) string { return cacheDir }, []string{"build"}},
		{"cache folder, check", func(string) string { return cacheDir }, []string{"check"}},
		{"check cache file", func(string) string { return filepath.Join(cacheDir, "check-cache") }, []string{"check"}},
		{"cache folder, search", func(string) string { return cacheDir }, []string{"search", "abuse"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			proj, outside := confineProject(t)
			victim := filepath.Join(filepath.Dir(outside), "victim")
			writeFiles(t, victim, map[string]string{"precious.txt": "do not delete\n", "sub/deep.txt": "nor this\n"})
			// Build once, so the state and the kept site exist to be
			// replaced by the link.
			if _, stderr, code := runIn(t, proj, "build"); code > ExitFindings {
				t.Fatalf("first build: %s", stderr)
			}
			rel := c.link(proj)
			if rel == cacheDir {
				os.RemoveAll(filepath.Join(proj, cacheDir))
			}
			link := filepath.Join(proj, rel)
			os.RemoveAll(link)
			os.MkdirAll(filepath.Dir(link), 0o755)
			target := victim
			if strings.HasSuffix(rel, "check-cache") {
				target = filepath.Join(victim, "precious.txt")
			}
			symlink(t, target, link)
			before := snapshot(t, victim)
			_, stderr, code := runBounded(t, proj, time.Minute, nil, c.args...)
			sameSnapshot(t, "victim folder", before, snapshot(t, victim))
			want := fmt.Sprintf("concord: %s: is a symbolic link, where concord keeps its own files", filepath.ToSlash(rel))
			if code != ExitInput || !strings.Contains(stderr, want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr, want)
			}
		})
	}
}

// Attack 4: baseline -o wrote over a corpus file, a glossary file, the
// config or a device without refusal.
func TestAttackBaselineOverwrite(t *testing.T) {
	cases := []struct {
		name, out, want string
		setup           func(t *testing.T, proj string)
	}{
		{name: "corpus file", out: "corpus/a.md", want: "concord: corpus/a.md: is corpus/a.md, which concord reads as input"},
		{name: "glossary file", out: "glossary/domestic-abuse.yaml", want: "concord: glossary/domestic-abuse.yaml: is glossary/domestic-abuse.yaml, which concord reads as input"},
		{name: "config", out: "concord.yaml", want: "concord: concord.yaml: is concord.yaml, which concord reads as input",
			setup: func(t *testing.T, proj string) {
				writeFiles(t, proj, map[string]string{"concord.yaml": "corpus: corpus\n"})
			}},
		{name: "hard link to a corpus file", out: "b.json", want: "concord: b.json: is corpus/a.md, which concord reads as input",
			setup: func(t *testing.T, proj string) {
				if err := os.Link(filepath.Join(proj, "corpus/a.md"), filepath.Join(proj, "b.json")); err != nil {
					t.Skip(err)
				}
			}},
		{name: "link to a glossary file", out: "b.json", want: "concord: b.json: is glossary/domestic-abuse.yaml, which concord reads as input",
			setup: func(t *testing.T, proj string) {
				symlink(t, "glossary/domestic-abuse.yaml", filepath.Join(proj, "b.json"))
			}},
		// A named pipe stands for any file that is not a regular file: a
		// device is refused by the same check (a test must not risk
		// replacing /dev/null).
		{name: "named pipe", out: "pipe", want: "concord: pipe: is a named pipe (FIFO), not a regular file; concord will not write over it",
			setup: func(t *testing.T, proj string) { mkfifo(t, filepath.Join(proj, "pipe")) }},
	}
	for _, c := range cases {
		for _, update := range []bool{false, true} {
			name := c.name
			if update {
				name += ", --update"
			}
			t.Run(name, func(t *testing.T) {
				proj, _ := confineProject(t)
				if c.setup != nil {
					c.setup(t, proj)
				}
				before := snapshot(t, proj)
				args := []string{"baseline", "-o", c.out}
				if update {
					args = append(args, "--update")
				}
				var unblock func()
				if c.name == "named pipe" {
					unblock = unblockFIFO(filepath.Join(proj, "pipe"))
				}
				_, stderr, code := runBounded(t, proj, 30*time.Second, unblock, args...)
				sameSnapshot(t, "project", before, snapshot(t, proj))
				if code != ExitInput || !strings.Contains(stderr, c.want) {
					t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr, c.want)
				}
			})
		}
	}
}

// Attack 17: a .git folder inside a concord-made output folder disappeared
// on one build (moved away with the old site) and was published on the
// next (carried back from it). concord now refuses to replace an output
// folder holding what it did not make, so nothing there is lost or
// published; once the entry is moved out, builds go on and never bring it
// back.
func TestAttackForeignEntriesInOutput(t *testing.T) {
	for _, noCache := range []bool{false, true} {
		t.Run(fmt.Sprintf("no-cache=%v", noCache), func(t *testing.T) {
			proj, _ := confineProject(t)
			build := func() (string, int) {
				args := []string{"build"}
				if noCache {
					args = append(args, "--no-cache")
				}
				_, stderr, code := runIn(t, proj, args...)
				return stderr, code
			}
			if stderr, code := build(); code > ExitFindings {
				t.Fatalf("first build: %s", stderr)
			}
			writeFiles(t, proj, map[string]string{"public/.git/HEAD": "ref: refs/heads/main\n", "public/.git/config": "[core]\n"})
			gitBefore := snapshot(t, filepath.Join(proj, "public/.git"))
			for i := 0; i < 3; i++ {
				stderr, code := build()
				want := "concord: cannot publish to public: it holds public/.git, which concord did not make"
				if code != ExitInput || !strings.HasPrefix(stderr, want) {
					t.Fatalf("build %d: exit %d, stderr:\n%s\nwant exit 2 and:\n%s", i+2, code, stderr, want)
				}
				sameSnapshot(t, "public/.git", gitBefore, snapshot(t, filepath.Join(proj, "public/.git")))
			}
			// Moved out, the repository never comes back: not in the
			// site, not in what concord keeps for the next build.
			if err := os.Rename(filepath.Join(proj, "public/.git"), filepath.Join(proj, "deploy.git")); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 3; i++ {
				if stderr, code := build(); code > ExitFindings {
					t.Fatalf("build after moving .git out: %s", stderr)
				}
				for _, dir := range []string{"public", cacheDir} {
					filepath.Walk(filepath.Join(proj, dir), func(p string, info os.FileInfo, err error) error {
						if err == nil && info.Name() == ".git" {
							t.Errorf("build %d: %s is back", i, p)
						}
						return nil
					})
				}
			}
		})
	}
	// Other entries concord did not make, known by the last build's record
	// of what it published: a file added by hand is not lost either.
	t.Run("file added by hand", func(t *testing.T) {
		proj, _ := confineProject(t)
		if _, stderr, code := runIn(t, proj, "build"); code > ExitFindings {
			t.Fatalf("first build: %s", stderr)
		}
		writeFiles(t, proj, map[string]string{"public/CNAME": "guidance.example\n"})
		_, stderr, code := runIn(t, proj, "build")
		if code != ExitInput || !strings.Contains(stderr, "it holds public/CNAME, which concord did not make") {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
		if b, err := os.ReadFile(filepath.Join(proj, "public/CNAME")); err != nil || string(b) != "guidance.example\n" {
			t.Errorf("public/CNAME lost: %v", err)
		}
	})
}

// The audit's page cache is concord's own folder too: a link planted at
// .concord/audit is refused before a page is written through it.
func TestAttackAuditCacheSymlink(t *testing.T) {
	proj, outside := confineProject(t)
	writeFiles(t, proj, map[string]string{
		"audit.yaml":  "pages:\n  - publisher: Example\n    file: saved.html\n",
		"saved.html":  "<html><body><main><p>Stalking is a course of conduct.</p></main></body></html>\n",
		".concord/.k": "",
	})
	os.Remove(filepath.Join(proj, ".concord/.k"))
	symlink(t, outside, filepath.Join(proj, ".concord/audit"))
	before := snapshot(t, outside)
	_, stderr, code := runBounded(t, proj, time.Minute, nil, "audit", "audit.yaml")
	if code != ExitInput || !strings.Contains(stderr, ".concord/audit") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if after := snapshot(t, outside); !maps.Equal(after, before) {
		t.Errorf("the folder the link points to changed:\n%v\n--- was ---\n%v", after, before)
	}
}
