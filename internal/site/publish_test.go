package site

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// siteFiles makes a site of n pages whose every byte says which build
// (label) wrote it, so a mixed tree is easy to see.
func siteFiles(label string, n int) []File {
	files := []File{{Path: "index.html", Data: []byte(label + " home\n")}}
	for i := 0; i < n; i++ {
		files = append(files, File{Path: fmt.Sprintf("docs/d%04d/index.html", i), Data: []byte(strings.Repeat(label+" page "+strconv.Itoa(i)+"\n", 200))})
	}
	return files
}

// wantTree checks out holds exactly files and the marker.
func wantTree(t *testing.T, out string, files []File) {
	t.Helper()
	got := readTree(t, out)
	if _, ok := got[markerName]; !ok {
		t.Errorf("%s has no %s", out, markerName)
	}
	delete(got, markerName)
	if len(got) != len(files) {
		t.Fatalf("%s holds %d files, want %d", out, len(got), len(files))
	}
	for _, f := range files {
		if string(got[f.Path]) != string(f.Data) {
			t.Fatalf("%s: %s differs", out, f.Path)
		}
	}
}

// isTree reports whether out holds exactly files and the marker.
func isTree(t *testing.T, out string, files []File) bool {
	got := readTree(t, out)
	if _, ok := got[markerName]; !ok || len(got) != len(files)+1 {
		return false
	}
	for _, f := range files {
		if string(got[f.Path]) != string(f.Data) {
			return false
		}
	}
	return true
}

func leftovers(t *testing.T, out string) []string {
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".*"))
	return m
}

func TestPublishReplacesWhole(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	old, next := siteFiles("old", 20), siteFiles("new", 5)
	if err := Publish(out, old, Guard{}, ""); err != nil {
		t.Fatal(err)
	}
	wantTree(t, out, old)
	if err := Publish(out, next, Guard{}, ""); err != nil {
		t.Fatal(err)
	}
	// Pages the new build does not have are gone, not left over.
	wantTree(t, out, next)
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
	st, err := os.Stat(out)
	if err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("output folder mode %v, want 0755", st.Mode().Perm())
	}
}

// TestPublishFailureKeepsOldSite makes a build fail part way through
// writing and checks the previous site is untouched and nothing is left
// behind.
func TestPublishFailureKeepsOldSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	old := siteFiles("old", 20)
	if err := Publish(out, old, Guard{}, ""); err != nil {
		t.Fatal(err)
	}
	injected := errors.New("injected failure")
	_, err := publish(out, siteFiles("new", 20), Guard{}, "", nil, false, &publishHooks{afterFile: func(i int) error {
		if i == 7 {
			return injected
		}
		return nil
	}})
	if !errors.Is(err, injected) {
		t.Fatalf("got %v, want the injected failure", err)
	}
	wantTree(t, out, old)
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
	// A file path that would escape fails the same way.
	err = Publish(out, append(siteFiles("new", 3), File{Path: "../escaped.html"}), Guard{}, "")
	if err == nil {
		t.Fatal("a path outside the output folder was written")
	}
	wantTree(t, out, old)
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "escaped.html")); err == nil {
		t.Error("escaped.html was written beside the site")
	}
}

// TestPublishHelperProcess is not a test: TestPublishKilled runs the test
// binary again with CONCORD_SITE_PUBLISH_OUT set, and this publishes there,
// saying "writing" once it has started, so the parent can kill it.
func TestPublishHelperProcess(t *testing.T) {
	out := os.Getenv("CONCORD_SITE_PUBLISH_OUT")
	if out == "" {
		t.Skip("helper process for TestPublishKilled")
	}
	slow := os.Getenv("CONCORD_SITE_PUBLISH_SLOW") != ""
	n, _ := strconv.Atoi(os.Getenv("CONCORD_SITE_PUBLISH_PAGES"))
	_, err := publish(out, siteFiles("new", n), Guard{}, "", nil, false, &publishHooks{afterFile: func(i int) error {
		if i == 0 {
			fmt.Println("writing")
		}
		if slow {
			// Files are written by many goroutines at once (par.IO).
			time.Sleep(50 * time.Millisecond)
		}
		return nil
	}})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("done")
	os.Exit(0)
}

func startHelper(t *testing.T, out string, pages int, slow bool) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPublishHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CONCORD_SITE_PUBLISH_OUT="+out, "CONCORD_SITE_PUBLISH_PAGES="+strconv.Itoa(pages))
	if slow {
		cmd.Env = append(cmd.Env, "CONCORD_SITE_PUBLISH_SLOW=1")
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewReader(stdout)
}

// TestPublishKilled kills a build with SIGKILL while it is writing and
// checks the previous site is whole and no half-written site is in place;
// then kills builds at many moments, through the swap, and checks the
// folder always holds one whole site, old or new; and finally checks the
// next build cleans up what the killed ones left.
func TestPublishKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs subprocesses")
	}
	out := filepath.Join(t.TempDir(), "public")
	old := siteFiles("old", 30)
	if err := Publish(out, old, Guard{}, ""); err != nil {
		t.Fatal(err)
	}

	// Killed while writing.
	cmd, r := startHelper(t, out, 400, true)
	line, err := r.ReadString('\n')
	if err != nil || line != "writing\n" {
		cmd.Process.Kill()
		t.Fatalf("helper said %q, %v", line, err)
	}
	time.Sleep(50 * time.Millisecond)
	// Process.Kill is SIGKILL: the build gets no chance to clean up.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	wantTree(t, out, old)
	if len(leftovers(t, out)) == 0 {
		t.Error("expected the killed build's temporary folder beside the site (is the test too slow to catch it?)")
	}

	// Killed at many moments, some during the swap.
	next := siteFiles("new", 60)
	sawNew, sawOld := false, false
	for i := 0; i < 25; i++ {
		if err := Publish(out, old, Guard{}, ""); err != nil {
			t.Fatal(err)
		}
		cmd, r := startHelper(t, out, 60, false)
		if line, _ := r.ReadString('\n'); line != "writing\n" {
			cmd.Process.Kill()
			t.Fatalf("helper said %q", line)
		}
		time.Sleep(time.Duration(i*i) * 200 * time.Microsecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		switch {
		case isTree(t, out, old):
			sawOld = true
		case isTree(t, out, next):
			sawNew = true
		default:
			t.Fatalf("after a kill at %v, %s holds neither the old site nor the new one whole", time.Duration(i*i)*200*time.Microsecond, out)
		}
	}
	t.Logf("killed builds left the old site (%v) or the new one (%v), never a mixture", sawOld, sawNew)

	// The next build removes what killed builds left behind.
	if err := Publish(out, next, Guard{}, ""); err != nil {
		t.Fatal(err)
	}
	wantTree(t, out, next)
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left behind after a good build: %v", l)
	}
}

func TestPublishRefuses(t *testing.T) {
	root := t.TempDir()
	project := filepath.Join(root, "project")
	corpusDir := filepath.Join(project, "corpus")
	glossaryDir := filepath.Join(project, "glossary")
	for _, d := range []string{corpusDir, glossaryDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "keep.md"), []byte("precious\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	notOurs := filepath.Join(project, "notes")
	os.MkdirAll(notOurs, 0o755)
	os.WriteFile(filepath.Join(notOurs, "mine.txt"), []byte("mine\n"), 0o644)
	aFile := filepath.Join(project, "file.txt")
	os.WriteFile(aFile, []byte("x"), 0o644)
	link := filepath.Join(project, "link-to-corpus")
	if err := os.Symlink(corpusDir, link); err != nil {
		t.Fatal(err)
	}
	g := Guard{
		Keep:  []Protected{{Path: corpusDir, What: "the corpus folder"}, {Path: glossaryDir, What: "the glossary folder"}},
		Roots: []Protected{{Path: project, What: "the working folder"}},
	}
	files := siteFiles("new", 2)
	for _, c := range []struct{ name, out, want string }{
		{"non-empty folder concord did not make", notOurs, "concord did not make it"},
		{"the corpus", corpusDir, "is the corpus folder"},
		{"inside the corpus", filepath.Join(corpusDir, "public"), "inside the corpus folder"},
		{"the glossary", glossaryDir, "is the glossary folder"},
		{"the project root", project, "is the working folder"},
		{"a parent of the project root", root, "holds the working folder"},
		{"a parent via ..", filepath.Join(project, "corpus", ".."), "is the working folder"},
		{"the corpus through a symbolic link", link, "is the corpus folder"},
		{"a file", aFile, "not a folder"},
		{"the root of the file system", "/", "root of the file system"},
		{"nothing", "", "no output folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Publish(c.out, files, g, "")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Publish(%s) = %v, want an error saying %q", c.out, err, c.want)
			}
		})
	}
	// Nothing was touched.
	for _, p := range []string{filepath.Join(corpusDir, "keep.md"), filepath.Join(glossaryDir, "keep.md"), filepath.Join(notOurs, "mine.txt")} {
		if data, err := os.ReadFile(p); err != nil || (string(data) != "precious\n" && string(data) != "mine\n") {
			t.Errorf("%s was changed: %q, %v", p, data, err)
		}
	}
	entries, _ := os.ReadDir(project)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind in the project: %s", e.Name())
		}
	}
	// An empty folder is adopted; a folder inside the project is fine.
	empty := filepath.Join(project, "public")
	os.MkdirAll(empty, 0o755)
	if err := Publish(empty, files, g, ""); err != nil {
		t.Fatalf("publishing into an empty folder: %v", err)
	}
	wantTree(t, empty, files)
	if err := Publish(empty, siteFiles("again", 1), g, ""); err != nil {
		t.Fatalf("publishing again into concord's own folder: %v", err)
	}
}

// TestPublishDeepFolders checks that folders nested at different depths, in
// any order of files, are all made before their files are written.
func TestPublishDeepFolders(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	files := []File{
		{Path: "a/b/c/d/deep.html", Data: []byte("deep")},
		{Path: "index.html", Data: []byte("home")},
		{Path: "a/top.html", Data: []byte("top")},
		{Path: "z/y/x.html", Data: []byte("x")},
		{Path: "a/b/mid.html", Data: []byte("mid")},
	}
	for i := 0; i < 50; i++ {
		files = append(files, File{Path: fmt.Sprintf("a/b/c/p%02d/index.html", i), Data: []byte(strconv.Itoa(i))})
	}
	if err := Publish(out, files, Guard{}, ""); err != nil {
		t.Fatal(err)
	}
	wantTree(t, out, files)
}

// TestPublishStartsFromTheSpare checks that a build keeps the site it
// replaces as the spare, that the next build starts from it, rewriting only
// the files whose content changed, and that whatever the spare holds the
// published folder ends up with exactly the new files.
func TestPublishStartsFromTheSpare(t *testing.T) {
	dir := t.TempDir()
	out, spare := filepath.Join(dir, "site"), filepath.Join(dir, "cache", "spare")
	gen := func(label string) []File {
		return []File{
			{Path: "index.html", Data: []byte(label + " home")},
			{Path: "assets/site.css", Data: []byte("body{}")}, // the same in every build
			{Path: "docs/a/index.html", Data: []byte("a " + label)},
			{Path: "docs/b/index.html", Data: []byte("b")},
		}
	}
	publish := func(files []File) {
		t.Helper()
		if err := Publish(out, files, Guard{}, spare); err != nil {
			t.Fatal(err)
		}
		wantTree(t, out, files)
	}
	publish(gen("one"))
	// With no site to keep, the first build leaves a copy of itself, made
	// of hard links, for the next to start from.
	wantTree(t, spare, gen("one"))
	publish(gen("two"))
	wantTree(t, spare, gen("one"))

	// The third build starts from the first: the stylesheet, the same in
	// both, is the very file the spare held, not a copy.
	before, err := os.Stat(filepath.Join(spare, "assets/site.css"))
	if err != nil {
		t.Fatal(err)
	}
	// Damage the spare: a stray file, a stray folder, a link, a file
	// changed at the same size, a folder where a file must go.
	os.WriteFile(filepath.Join(spare, "stray.html"), []byte("stray"), 0o644)
	os.MkdirAll(filepath.Join(spare, "docs/gone/deeper"), 0o755)
	os.Symlink("/etc/passwd", filepath.Join(spare, "link.html"))
	// (The changed file is replaced, not written in place: the spare
	// shares its unchanged files with the published site by hard links,
	// and concord never writes into an existing file.)
	os.Remove(filepath.Join(spare, "docs/b/index.html"))
	os.WriteFile(filepath.Join(spare, "docs/b/index.html"), []byte("X"), 0o644)
	third := append(gen("three"), File{Path: "docs/c/index.html", Data: []byte("c")})
	third[3] = File{Path: "docs/b", Data: []byte("b is a file now")}
	os.MkdirAll(filepath.Join(spare, "docs/c/index.html"), 0o755)
	publish(third)
	after, err := os.Stat(filepath.Join(out, "assets/site.css"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("an unchanged file was written again")
	}
	for _, gone := range []string{"docs/gone", "link.html", "stray.html"} {
		if _, err := os.Lstat(filepath.Join(out, gone)); !os.IsNotExist(err) {
			t.Errorf("%s survived from the spare: %v", gone, err)
		}
	}
	wantTree(t, spare, gen("two"))

	// A spare that is not a concord site is not used, and is replaced.
	os.RemoveAll(spare)
	os.MkdirAll(filepath.Join(spare, "docs"), 0o755)
	os.WriteFile(filepath.Join(spare, "docs/x.html"), []byte("not ours"), 0o644)
	publish(gen("four"))
	wantTree(t, spare, third)
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}

// TestPublishFailureWithSpare checks that a build that fails part way while
// updating the spare leaves the published site whole.
func TestPublishFailureWithSpare(t *testing.T) {
	dir := t.TempDir()
	out, spare := filepath.Join(dir, "site"), filepath.Join(dir, "spare")
	for _, label := range []string{"one", "two"} {
		if err := Publish(out, siteFiles(label, 10), Guard{}, spare); err != nil {
			t.Fatal(err)
		}
	}
	injected := errors.New("injected failure")
	_, err := publish(out, siteFiles("three", 10), Guard{}, spare, nil, false, &publishHooks{afterFile: func(i int) error {
		if i == 4 {
			return injected
		}
		return nil
	}})
	if !errors.Is(err, injected) {
		t.Fatalf("got %v, want the injected failure", err)
	}
	wantTree(t, out, siteFiles("two", 10))
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
	// The next build works, from an empty folder.
	if err := Publish(out, siteFiles("four", 10), Guard{}, spare); err != nil {
		t.Fatal(err)
	}
	wantTree(t, out, siteFiles("four", 10))
}

// TestWriteNewNeverWritesThroughALink: a file the spare shares with the
// published site by a hard link is replaced, not rewritten in place; a new
// file and one in a missing folder are created; what was there goes.
func TestWriteNewNeverWritesThroughALink(t *testing.T) {
	dir := t.TempDir()
	published := filepath.Join(dir, "published.html")
	shared := filepath.Join(dir, "spare.html")
	if err := os.WriteFile(published, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(published, shared); err != nil {
		t.Skip("no hard links here:", err)
	}
	cases := []struct{ name, target, data string }{
		{"replaces a shared file", shared, "new"},
		{"creates a file", filepath.Join(dir, "fresh.html"), "fresh"},
		{"makes its folder", filepath.Join(dir, "a", "b", "index.html"), "deep"},
		{"writes nothing", filepath.Join(dir, "empty.html"), ""},
		{"replaces a longer file", shared, "n"},
	}
	for _, c := range cases {
		if err := writeNew(c.target, []byte(c.data)); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got, err := os.ReadFile(c.target); err != nil || string(got) != c.data {
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.data)
		}
	}
	if got, _ := os.ReadFile(published); string(got) != "old" {
		t.Errorf("the published file was changed through the link: %q", got)
	}
}

// TestPublishEarly: files written early (StartEarly) and the rest written
// by PublishEarly make exactly the site Publish makes, each early file
// written once; an early file whose content changed by the end is written
// again; a build that stops (Abort) or is refused leaves no folder behind;
// and a build with a spare to start from does not start early.
func TestPublishEarly(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "site")
	files := siteFiles("one", 30)
	shards := []File{{Path: "search/i/a.js", Data: []byte("a")}, {Path: "search/i/b.js", Data: []byte("b")}, {Path: "search/index.html", Data: []byte("old")}}
	e := StartEarly(out, Guard{}, "", shards)
	if e == nil {
		t.Fatal("an empty output did not start early")
	}
	<-e.done
	if len(e.written) != len(shards) {
		t.Fatalf("wrote %d of %d files early", len(e.written), len(shards))
	}
	all := append(append([]File{}, files...), shards[:2]...)
	all = append(all, File{Path: "search/index.html", Data: []byte("new")})
	if _, err := PublishEarly(e, out, all, Guard{}, "", nil); err != nil {
		t.Fatal(err)
	}
	wantTree(t, out, all)
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left %v", l)
	}

	// Stopped before publishing, or refused: nothing left beside out.
	other := filepath.Join(dir, "other")
	StartEarly(other, Guard{}, "", shards).Abort()
	if l := leftovers(t, other); len(l) > 0 {
		t.Errorf("Abort left %v", l)
	}
	mine := filepath.Join(dir, "mine")
	if err := os.MkdirAll(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if e := StartEarly(mine, Guard{}, "", shards); e != nil {
		t.Error("started early into a folder concord would refuse")
	}
	if got, _ := os.ReadFile(filepath.Join(mine, "notes.txt")); string(got) != "mine" {
		t.Errorf("a refused folder was changed: %q", got)
	}

	// With a spare to start from, the publish runs whole.
	spare := filepath.Join(dir, "spare")
	if err := Publish(out, files, Guard{}, spare); err != nil {
		t.Fatal(err)
	}
	if err := Publish(out, all, Guard{}, spare); err != nil {
		t.Fatal(err)
	}
	if e := StartEarly(out, Guard{}, spare, shards); e != nil {
		t.Error("started early with a spare to start from")
		e.Abort()
	}
}
