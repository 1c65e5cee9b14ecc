package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/source"
)

// The catalogue of bad input: each case is a whole `concord check` run over
// files that need exact bytes (NUL, invalid UTF-8, a byte-order mark, CR line
// endings, megabyte lines) or a file system state (symbolic links,
// permissions) that a txtar script cannot hold. The text cases are the
// testdata/script/bad-*.txtar scripts. Every case names the exit code and the
// exact messages: one line for each problem, naming file, line and what to
// fix, and the findings of the documents that could still be checked.

// catalogueGlossary deprecates one phrase, so a good document beside a bad
// one shows that checking went on.
const catalogueGlossary = `id: domestic-abuse
term: domestic abuse
definition: Behaviour of a person towards another is domestic abuse if both are aged 16 or over and personally connected, and the behaviour is abusive.
summary: Abusive behaviour between people aged 16 or over who are personally connected.
sources:
  - act: Domestic Abuse Act 2021
    section: "1"
deprecated:
  - phrase: domestic violence
    replacement: domestic abuse
    reason: the Domestic Abuse Act 2021 defines domestic abuse, which is wider than violence.
`

// goodDoc holds one finding, at 1:6.
const goodDoc = "Some domestic violence here.\n"

// finding is the text report of the deprecated phrase at file:line:col.
func finding(file string, line, col int) string {
	return fmt.Sprintf("%s:%d:%d: error: deprecated-term: \"domestic violence\" is deprecated: the Domestic Abuse Act 2021 defines domestic abuse, which is wider than violence. Replace with \"domestic abuse\".\n", file, line, col)
}

// summary is the last line of a text report with n findings in docs documents.
func summary(n, docs int) string {
	s := "s"
	if n == 1 {
		s = ""
	}
	d := "s"
	if docs == 1 {
		d = ""
	}
	return fmt.Sprintf("\n%d error%s, 0 warnings, 0 info in %d document%s\n", n, s, docs, d)
}

// notRead is the closing line when n documents had input errors.
func notRead(n int) string {
	docs := "1 document"
	if n != 1 {
		docs = fmt.Sprintf("%d documents", n)
	}
	return "concord: " + docs + " could not be fully read; fix the problems above\n"
}

type catalogueCase struct {
	name   string
	files  map[string]string // written below the case's folder
	setup  func(t *testing.T, dir string)
	args   []string // default: check docs
	exit   int
	stdout string
	stderr string
	// within bounds the run's wall time, for inputs that used to take
	// quadratic time. Generous: it catches minutes, not milliseconds.
	within time.Duration
	// unprivileged: the case needs permissions to hold, which they do not
	// for root (CI containers run as root); as root it runs in a copy of
	// the test binary as an unprivileged user (see runUnprivileged).
	unprivileged bool
}

func TestCatalogue(t *testing.T) {
	threeMB := longLine(3 << 20)
	cases := []catalogueCase{
		// Glossary files.
		{
			name:   "glossary NUL byte",
			files:  map[string]string{"glossary/stalking.yaml": "id: stalking\nterm: stalk\x00ing\n", "docs/a.md": goodDoc},
			exit:   2,
			stderr: "concord: glossary/stalking.yaml:2:12: file contains a NUL byte (binary content?) (save the file as UTF-8 text)\n",
		},
		{
			name:   "glossary binary (a PNG)",
			files:  map[string]string{"glossary/logo.yaml": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "docs/a.md": goodDoc},
			exit:   2,
			stderr: "concord: glossary/logo.yaml:3:1: file contains a NUL byte (binary content?) (save the file as UTF-8 text)\n",
		},
		{
			name:   "glossary invalid UTF-8 (Latin-1)",
			files:  map[string]string{"glossary/stalking.yaml": "id: stalking\nterm: caf\xe9 stalking\n", "docs/a.md": goodDoc},
			exit:   2,
			stderr: "concord: glossary/stalking.yaml:2:10: file is not valid UTF-8 (re-save the file with UTF-8 encoding)\n",
		},
		{
			name:   "glossary control character",
			files:  map[string]string{"glossary/stalking.yaml": "id: stalking\nterm: stalk\x01ing\n", "docs/a.md": goodDoc},
			exit:   2,
			stderr: "concord: glossary/stalking.yaml:2:12: invalid YAML: control character U+0001 is not allowed (check indentation and quoting near this line)\n",
		},
		{
			name: "glossary BOM and CRLF keep positions",
			files: map[string]string{
				"glossary/domestic-abuse.yaml": "\ufeff" + strings.ReplaceAll(catalogueGlossary, "\n", "\r\n") + "notes: [\"Café\", 2]\r\nsumary: x\r\n",
				"docs/a.md":                    goodDoc,
			},
			exit:   2,
			stderr: "concord: glossary/domestic-abuse.yaml:13:1: sumary: unknown key \"sumary\" (did you mean \"summary\"?)\n",
		},
		{
			name: "glossary lone CR keeps positions",
			files: map[string]string{
				"glossary/domestic-abuse.yaml": strings.ReplaceAll(catalogueGlossary, "\n", "\r") + "related: [stalking]\r",
				"docs/a.md":                    goodDoc,
			},
			exit:   2,
			stderr: "concord: glossary/domestic-abuse.yaml:12:11: related[0]: related term \"stalking\" does not exist\n",
		},
		{
			name:   "glossary nesting 20000 levels",
			files:  map[string]string{"glossary/stalking.yaml": "id: stalking\nterm: " + strings.Repeat("[", 20000) + "\n", "docs/a.md": goodDoc},
			exit:   2,
			stderr: "concord: glossary/stalking.yaml:2:1: invalid YAML: exceeded max depth of 10000 (check indentation and quoting near this line)\n",
			within: 10 * time.Second,
		},
		{
			name:   "glossary over the size limit",
			files:  map[string]string{"glossary/stalking.yaml": "id: stalking\nnotes:\n" + strings.Repeat("  - a note\n", source.MaxFileSize/11+1), "docs/a.md": goodDoc},
			exit:   2,
			stderr: fmt.Sprintf("concord: glossary/stalking.yaml: file is %d bytes, larger than the %d-byte limit (split the document)\n", 20+(source.MaxFileSize/11+1)*11, source.MaxFileSize),
		},
		{
			name:  "glossary symlink loop",
			files: map[string]string{"glossary/domestic-abuse.yaml": catalogueGlossary, "docs/a.md": goodDoc},
			setup: func(t *testing.T, dir string) {
				symlink(t, "loop.yaml", filepath.Join(dir, "glossary/loop.yaml"))
			},
			exit:   2,
			stderr: "concord: glossary/loop.yaml: symbolic link loop: the link leads back to itself (point the link at a real file or remove it)\n",
		},

		// Documents. Each sits beside a good document whose finding must
		// still be reported.
		{
			name:   "document invalid UTF-8",
			files:  map[string]string{"docs/a.md": goodDoc, "docs/b.md": "# Title\n\nNa\xefve text.\n"},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 1),
			stderr: "concord: docs/b.md:3:3: file is not valid UTF-8 (re-save the file with UTF-8 encoding)\n" + notRead(1),
		},
		{
			name:   "document binary content",
			files:  map[string]string{"docs/a.md": goodDoc, "docs/b.md": "GIF89a\x01\x00\x01\x00\x80\x00\x00"},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 1),
			stderr: "concord: docs/b.md:1:8: file contains a NUL byte (binary content?) (save the file as UTF-8 text)\n" + notRead(1),
		},
		{
			name:   "document of NUL bytes",
			files:  map[string]string{"docs/a.md": goodDoc, "docs/b.md": "\x00\x00\x00\x00"},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 1),
			stderr: "concord: docs/b.md:1:1: file contains a NUL byte (binary content?) (save the file as UTF-8 text)\n" + notRead(1),
		},
		{
			name:   "document with a byte-order mark checks with exact positions",
			files:  map[string]string{"docs/a.md": "\ufeff---\ntitle: Café\n---\n\nÉté: some domestic violence.\n"},
			exit:   1,
			stdout: finding("docs/a.md", 5, 11) + summary(1, 1),
		},
		{
			name:   "document with CRLF line endings checks with exact positions",
			files:  map[string]string{"docs/a.md": "---\r\ntitle: Café\r\n---\r\n\r\n## Naïve “law”\r\n\r\nA soft\r\nbreak: domestic\r\nviolence here.\r\n"},
			exit:   1,
			stdout: finding("docs/a.md", 8, 8) + summary(1, 1),
		},
		{
			name:   "document with lone CR line endings checks with exact positions",
			files:  map[string]string{"docs/a.md": "## Old Mac file\r\rFirst line.\r🙂 then domestic violence.\r"},
			exit:   1,
			stdout: finding("docs/a.md", 4, 8) + summary(1, 1),
		},
		{
			name:   "document with BOM, CRLF and multi-byte text",
			files:  map[string]string{"docs/a.md": "\ufeff---\r\ntitle: x\r\n---\r\n| Café | 🙂 domestic violence |\r\n|---|---|\r\n"},
			exit:   1,
			stdout: finding("docs/a.md", 4, 12) + summary(1, 1),
		},
		{
			name:   "document with three megabytes on one line",
			files:  map[string]string{"docs/a.md": threeMB.text},
			exit:   1,
			stdout: finding("docs/a.md", 1, threeMB.col) + summary(1, 1),
			within: 60 * time.Second,
		},
		{
			name:   "document nesting 5000 block quotes",
			files:  map[string]string{"docs/a.md": goodDoc, "docs/deep.md": "Intro.\n\n" + strings.Repeat("> ", 5000) + "deep\n"},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 2),
			stderr: "concord: docs/deep.md:3:401: block quotes and lists nest 5000 levels deep here, more than the 200 allowed (flatten the nested lists or quotes)\n" + notRead(1),
			within: 10 * time.Second,
		},
		{
			name:   "document nesting 3000 lists, one a line",
			files:  map[string]string{"docs/a.md": goodDoc, "docs/deep.md": nestedList(3000)},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 2),
			stderr: "concord: docs/deep.md:201:401: block quotes and lists nest 201 levels deep here, more than the 200 allowed (flatten the nested lists or quotes)\n" + notRead(1),
			within: 10 * time.Second,
		},
		{
			name:   "document nesting quotes and lists on one line",
			files:  map[string]string{"docs/a.md": goodDoc, "docs/deep.md": strings.Repeat("> 1. ", 2000) + "deep\n"},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 2),
			stderr: "concord: docs/deep.md:1:501: block quotes and lists nest 4000 levels deep here, more than the 200 allowed (flatten the nested lists or quotes)\n" + notRead(1),
			within: 10 * time.Second,
		},
		{
			name: "document over the size limit",
			files: map[string]string{
				"docs/a.md":   goodDoc,
				"docs/big.md": strings.Repeat("Words and more words.\n", source.MaxFileSize/22+1),
			},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 1),
			stderr: fmt.Sprintf("concord: docs/big.md: file is %d bytes, larger than the %d-byte limit (split the document)\n", (source.MaxFileSize/22+1)*22, source.MaxFileSize) + notRead(1),
		},
		{
			name:   "document with a megabyte of unfinished links",
			files:  map[string]string{"docs/a.md": goodDoc, "docs/links.md": "Intro.\n\n" + strings.Repeat("[a](", 1<<18) + "\n"},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 2),
			stderr: "concord: docs/links.md:3:515: too many unfinished link destinations (\"](\" with no closing \")\" or space) to parse in reasonable time (close each link as [text](target) or remove the stray \"](\")\n" + notRead(1),
			within: 10 * time.Second,
		},
		{
			name: "document with too many unmatched emphasis markers",
			// goldmark's delimiter matching is quadratic in their number;
			// a budget of matching steps (a count, not a time) stops it at
			// the delimiter where the budget runs out.
			files:  map[string]string{"docs/a.md": goodDoc, "docs/stars.md": strings.Repeat("*a_ ", 20000) + "\n"},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 2),
			stderr: "concord: docs/stars.md:1:8555: too many unmatched emphasis markers to parse: matching them takes more than 2328592 steps (simplify the markup: look for long runs of unmatched *, _ or ~, or thousands of table rows or link definitions)\n" + notRead(1),
		},
		{
			name: "document that goldmark cannot parse in time",
			// ParseTimeout is lowered for this case: the clock is read at
			// every 64th paragraph, and the parse stops there.
			files:  map[string]string{"docs/a.md": goodDoc, "docs/slow.md": "Intro.\n\n" + strings.Repeat("A paragraph.\n\n", 20000)},
			setup:  func(t *testing.T, dir string) { lowerParseTimeout(t, time.Nanosecond) },
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 2),
			stderr: "concord: docs/slow.md:127:1: Markdown took longer than 1ns to parse; stopped here (simplify the markup: look for long runs of unmatched *, _ or ~, or thousands of table rows or link definitions)\n" + notRead(1),
		},

		// The corpus as a folder.
		{
			name:  "corpus symlink loop",
			files: map[string]string{"docs/a.md": goodDoc},
			setup: func(t *testing.T, dir string) {
				symlink(t, "loop.md", filepath.Join(dir, "docs/loop.md"))
				symlink(t, "two.md", filepath.Join(dir, "docs/one.md"))
				symlink(t, "one.md", filepath.Join(dir, "docs/two.md"))
			},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 1),
			stderr: "concord: docs/loop.md: symbolic link loop: the link leads back to itself (point the link at a real file or remove it)\n" +
				"concord: docs/one.md: symbolic link loop: the link leads back to itself (point the link at a real file or remove it)\n" +
				"concord: docs/two.md: symbolic link loop: the link leads back to itself (point the link at a real file or remove it)\n" + notRead(3),
		},
		{
			name:  "corpus folder symlink loop is not followed",
			files: map[string]string{"docs/a.md": goodDoc, "docs/sub/b.md": "Fine.\n"},
			setup: func(t *testing.T, dir string) {
				symlink(t, "..", filepath.Join(dir, "docs/sub/up"))
				symlink(t, ".", filepath.Join(dir, "docs/self"))
			},
			exit:   1,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 2),
			within: 10 * time.Second,
		},
		{
			name:  "corpus dangling symlink",
			files: map[string]string{"docs/a.md": goodDoc},
			setup: func(t *testing.T, dir string) {
				symlink(t, "moved-away.md", filepath.Join(dir, "docs/old.md"))
			},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 1),
			stderr: "concord: docs/old.md: symbolic link to \"moved-away.md\", which does not exist (point the link at a real file or remove it)\n" + notRead(1),
		},
		{
			name:         "corpus unreadable file",
			unprivileged: true,
			files:        map[string]string{"docs/a.md": goodDoc, "docs/secret.md": "Locked.\n"},
			setup: func(t *testing.T, dir string) {
				lockOut(t, filepath.Join(dir, "docs/secret.md"))
			},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 1),
			stderr: "concord: docs/secret.md: permission denied (check the path and its permissions)\n" + notRead(1),
		},
		{
			name:         "corpus unreadable folder",
			unprivileged: true,
			files:        map[string]string{"docs/a.md": goodDoc, "docs/locked/b.md": "Locked.\n"},
			setup: func(t *testing.T, dir string) {
				lockOut(t, filepath.Join(dir, "docs/locked"))
			},
			exit:   2,
			stdout: finding("docs/a.md", 1, 6) + summary(1, 1),
			stderr: "concord: docs/locked: permission denied (check the folder's permissions)\n" + notRead(1),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.unprivileged && os.Geteuid() == 0 {
				runUnprivileged(t)
				return
			}
			dir := t.TempDir()
			files := map[string]string{"glossary/domestic-abuse.yaml": catalogueGlossary}
			for name, text := range c.files {
				files[name] = text
			}
			writeFiles(t, dir, files)
			if c.setup != nil {
				c.setup(t, dir)
			}
			args := c.args
			if args == nil {
				args = []string{"check", "docs"}
			}
			start := time.Now()
			stdout, stderr, code := runIn(t, dir, args...)
			took := time.Since(start)
			if code != c.exit {
				t.Errorf("exit %d, want %d", code, c.exit)
			}
			if stdout != c.stdout {
				t.Errorf("stdout differs\n--- got ---\n%s--- want ---\n%s", clip(stdout), clip(c.stdout))
			}
			if stderr != c.stderr {
				t.Errorf("stderr differs\n--- got ---\n%s--- want ---\n%s", stderr, c.stderr)
			}
			if c.within > 0 && took > c.within {
				t.Errorf("took %v, want under %v", took, c.within)
			}
			t.Logf("%v", took.Round(time.Millisecond))
		})
	}
}

// line is a long document with one deprecated phrase, and its column.
type line struct {
	text string
	col  int
}

// longLine is n bytes of prose on one line, sentences of multi-byte text,
// with the deprecated phrase near the end: the finding's column counts
// characters, not bytes.
func longLine(n int) line {
	const sentence = "The court may make an order where a person has been stalked — see s.2A of the Protection from Harassment Act 1997. "
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(sentence)
	}
	col := len([]rune(b.String())) + len([]rune("Some ")) + 1
	b.WriteString("Some domestic violence at the end.\n")
	return line{b.String(), col}
}

// nestedList is n list items, each nested in the one before.
func nestedList(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- item\n")
	}
	return b.String()
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
}

// lockOut removes every permission from path, and skips the case when that
// does not stop this process reading it (a file system without Unix
// permissions; root never gets here, see runUnprivileged).
func lockOut(t *testing.T, path string) {
	t.Helper()
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(path, 0o755) })
	f, err := os.Open(path)
	if err == nil {
		_, err = f.Readdirnames(1)
		if err != nil && !errors.Is(err, os.ErrPermission) {
			err = nil // a file, not a folder: opening it was enough
		}
		f.Close()
	}
	if err == nil {
		t.Skip("chmod 000 does not stop this process reading (running as root?), so an unreadable file cannot be staged")
	}
}

func lowerParseTimeout(t *testing.T, d time.Duration) {
	old := corpus.ParseTimeout
	corpus.ParseTimeout = d
	t.Cleanup(func() { corpus.ParseTimeout = old })
}

// clip shortens a long output for a failure message.
func clip(s string) string {
	if len(s) > 2000 {
		return s[:1000] + "\n[...]\n" + s[len(s)-1000:]
	}
	return s
}

// unprivilegedUser is the user runUnprivileged runs a case as: nobody.
const unprivilegedUser = 65534

// runUnprivileged runs the test t names again in a child process as an
// unprivileged user, for a root whom permissions do not stop, and fails t
// when the child fails or does not run it. The test binary is copied to a
// folder that user can read, since go test builds it in one only root can.
func runUnprivileged(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("running as another user is set up for Linux only")
	}
	tmp, err := os.MkdirTemp("", "concord-unprivileged-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	if err := os.Chmod(tmp, 0o777); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(tmp, "cli.test")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(t.Name(), "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	cmd := exec.Command(bin, "-test.run="+strings.Join(parts, "/"), "-test.v", "-test.count=1")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "HOME="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: unprivilegedUser, Gid: unprivilegedUser}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("as user %d: %v\n%s", unprivilegedUser, err, out)
	}
	if !strings.Contains(string(out), "--- PASS: "+t.Name()+" ") {
		t.Fatalf("as user %d the case did not pass:\n%s", unprivilegedUser, out)
	}
}
