package fix

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/testload"
)

// plan checks raw as doc.md against the bundled glossary and returns the
// document and its safe edits.
func plan(t *testing.T, raw string) (*corpus.Document, []*rules.Finding, []Edit) {
	t.Helper()
	g := testload.Glossary(t)
	f, err := source.New("doc.md", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.ParseInput(f, corpus.Input{Path: "doc.md", Display: "doc.md", Rel: "doc.md"})
	if err != nil {
		t.Fatal(err)
	}
	fs := rules.Run(rules.Input{Glossary: g, Docs: []*corpus.Document{d}})
	return d, fs, Plan(g, []*corpus.Document{d}, fs, nil)["doc.md"]
}

// TestSafeReplacements runs one case per fixable rule and each place a fix
// must never go, and checks the bytes after applying every edit.
func TestSafeReplacements(t *testing.T) {
	cases := []struct {
		name string
		in   string
		// want is the file after fixing; "" means: no edit planned, though
		// the rule (wantRule) still reports the finding.
		want     string
		wantRule string
	}{
		{name: "deprecated wording, one replacement",
			in:   "The police may apply for a stalking prevention order against him.\n",
			want: "The police may apply for a Stalking Protection Order against him.\n"},
		{name: "deprecated wording at a sentence start keeps the capital",
			in:   "Domestic violence cases should be treated seriously by prosecutors.\n",
			want: "Domestic abuse cases should be treated seriously by prosecutors.\n"},
		{name: "deprecated wording in the plural",
			in:   "There were two stalking prevention orders in force.\n",
			want: "There were two Stalking Protection Orders in force.\n"},
		{name: "a misnamed Act whose year follows is not given the year twice",
			in:   "Section 5A of the Protection of Harassment Act 1997 allows an order on acquittal.\n",
			want: "Section 5A of the Protection from Harassment Act 1997 allows an order on acquittal.\n"},
		{name: "a replacement that leaves the choice to the writer is not applied",
			in: "The court made a stalking order against him in 2021.\n", wantRule: "deprecated-term"},
		{name: "a misnamed Act cited by citation-mismatch",
			in:   "Racially or religiously aggravated stalking is an offence under section 32 of the Crime and Disorders Act 1998.\n",
			want: "Racially or religiously aggravated stalking is an offence under section 32 of the Crime and Disorder Act 1998.\n"},
		{name: "an Act with the wrong year",
			in:   "Police may apply for an order under the Stalking Protection Act 2020.\n",
			want: "Police may apply for an order under the Stalking Protection Act 2019.\n"},
		{name: "a wrong section is a question of law, not a replacement",
			in: "Stalking is an offence under section 2 of the Protection from Harassment Act 1997.\n", wantRule: "citation-mismatch"},
		{name: "a misspelt term",
			in:   "Harrasment carried out online can cause as much distress as conduct in person.\n",
			want: "Harassment carried out online can cause as much distress as conduct in person.\n"},
		{name: "a word order is the writer's to change",
			in:       "Officers flagged the case as high-risk, high-harm repeat offending and referred it.\n",
			wantRule: "variant-wording"},
		{name: "a wrong acronym expansion",
			in:   "She was supported by an Independent Stalking Advocate Caseworker (ISAC) throughout.\n",
			want: "She was supported by an Independent Stalking Advocacy Caseworker (ISAC) throughout.\n"},
		{name: "a wrong maximum with one glossary figure",
			in:   "Stalking involving fear of violence or serious alarm or distress under section 4A carries a maximum of five years' imprisonment on indictment.\n",
			want: "Stalking involving fear of violence or serious alarm or distress under section 4A carries a maximum of 10 years' imprisonment on indictment.\n"},
		{name: "a deprecated phrase over a line break keeps the break",
			in:   "The police may apply for a stalking\nprevention order against him.\n",
			want: "The police may apply for a Stalking\nProtection Order against him.\n"},
		{name: "CRLF line endings and a line break inside the span",
			in:   "# Orders\r\n\r\nThe police may apply for a stalking prevention\r\norder against him.\r\n",
			want: "# Orders\r\n\r\nThe police may apply for a Stalking Protection\r\nOrder against him.\r\n"},
		{name: "a byte-order mark is kept",
			in:   "\ufeffThe police may apply for a stalking prevention order.\n",
			want: "\ufeffThe police may apply for a Stalking Protection Order.\n"},
		{name: "emphasis inside the span is not dropped",
			in: "The police may apply for a stalking *prevention* order against him.\n", wantRule: "deprecated-term"},
		{name: "code spans are not prose",
			in: "Search for `stalking prevention order` in the old files.\n"},
		{name: "fenced code is not prose",
			in: "```\nstalking prevention order\n```\n"},
		{name: "front matter is not prose",
			in: "---\ntitle: stalking prevention order\n---\nNothing here.\n"},
		{name: "link destinations are not prose",
			in:   "See [the order](stalking-prevention-order.md) and a stalking prevention order.\n",
			want: "See [the order](stalking-prevention-order.md) and a Stalking Protection Order.\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, fs, edits := plan(t, c.in)
			if c.want == "" {
				if len(edits) != 0 {
					t.Fatalf("planned %d edits, want none: %+v", len(edits), edits[0])
				}
				if c.wantRule != "" && !hasRule(fs, c.wantRule) {
					t.Fatalf("no %s finding: the case does not test what it says", c.wantRule)
				}
				return
			}
			if len(edits) == 0 {
				t.Fatalf("no edit planned; findings: %v", ruleList(fs))
			}
			got, err := Apply([]byte(c.in), d.File.Text, edits)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Fatalf("got  %q\nwant %q", got, c.want)
			}
			// Idempotent: the fixed text plans nothing more of the same.
			if _, _, again := plan(t, string(got)); len(again) != 0 {
				t.Fatalf("a second run plans %d edits: %+v", len(again), again[0])
			}
		})
	}
}

// TestQuotedWordsAreNotFixed: a deprecated phrase in a block quote or
// between quotation marks is someone else's wording. The rule may still
// report it at low confidence; the fixer must not touch it.
func TestQuotedWordsAreNotFixed(t *testing.T) {
	for _, in := range []string{
		"> The police may apply for a stalking prevention order against him.\n",
		"He said the police had \"applied for a stalking prevention order\" that week.\n",
		"He said the police had “applied for a stalking prevention order” that week.\n",
	} {
		if _, fs, edits := plan(t, in); len(edits) != 0 {
			t.Errorf("%q: planned %+v (findings %v)", in, edits[0], ruleList(fs))
		}
	}
	if !quoted(`He said "a b`, len(`He said "a`)) || quoted(`He said "a" b`, len(`He said "a" b`)) {
		t.Fatal("quoted() misreads straight quotes")
	}
}

func TestApplyRefusesChangedText(t *testing.T) {
	d, _, edits := plan(t, "The police may apply for a stalking prevention order.\n")
	if len(edits) == 0 {
		t.Fatal("no edit planned")
	}
	_, err := Apply([]byte("Someone edited this.\n"), d.File.Text, edits)
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("err = %v, want ErrChanged", err)
	}
}

func TestWithBreaks(t *testing.T) {
	cases := []struct{ old, repl, want string }{
		{"a b", "x y z", "x y z"},
		{"a\nb", "x y z", "x\ny z"},
		{"a\r\n  b c", "x y", "x\r\n  y"},
		{"a\nb\nc", "x y z", "x\ny\nz"},
	}
	for _, c := range cases {
		if got := withBreaks(c.old, c.repl); got != c.want {
			t.Errorf("withBreaks(%q, %q) = %q, want %q", c.old, c.repl, got, c.want)
		}
	}
}

func TestUnifiedDiff(t *testing.T) {
	// Six unchanged lines between two changes join their hunks (as GNU
	// diff does); seven keep them apart.
	old := []byte("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n")
	new := []byte("1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\nthirteen\n")
	want := "--- a/f.md\n+++ b/f.md\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n@@ -10,4 +10,4 @@\n 10\n 11\n 12\n-13\n+thirteen\n"
	if got := UnifiedDiff("f.md", old, new); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	new = []byte("1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\ntwelve\n13\n")
	want = "--- a/f.md\n+++ b/f.md\n@@ -2,12 +2,12 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n 10\n 11\n-12\n+twelve\n 13\n"
	if got := UnifiedDiff("f.md", old, new); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if got := UnifiedDiff("f.md", old, old); got != "" {
		t.Fatalf("no change gave %q", got)
	}
}

// TestWrite covers the three refusals and the atomic replace.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "corpus")
	os.Mkdir(root, 0o755)
	doc := filepath.Join(root, "a.md")
	os.WriteFile(doc, []byte("old\n"), 0o640)

	// The file changed since it was read: left alone.
	if err := Write(doc, "corpus/a.md", root, []byte("older\n"), []byte("new\n")); !errors.Is(err, ErrChanged) {
		t.Fatalf("changed file: err = %v", err)
	}
	if b, _ := os.ReadFile(doc); string(b) != "old\n" {
		t.Fatalf("changed file was written: %q", b)
	}

	// Outside the corpus, directly or through a link in it.
	outside := filepath.Join(dir, "secret.md")
	os.WriteFile(outside, []byte("old\n"), 0o600)
	link := filepath.Join(root, "link.md")
	if err := os.Symlink(outside, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	for _, p := range []string{outside, link, filepath.Join(root, "..", "secret.md")} {
		err := Write(p, p, root, []byte("old\n"), []byte("new\n"))
		if !errors.Is(err, fsguard.ErrOutside) {
			t.Fatalf("%s: err = %v, want ErrOutside", p, err)
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "old\n" {
		t.Fatalf("file outside the corpus was written: %q", b)
	}

	// The write itself: new bytes, same permissions, no temporary file left.
	if err := Write(doc, "corpus/a.md", root, []byte("old\n"), []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(doc)
	st, _ := os.Stat(doc)
	if string(b) != "new\n" || st.Mode().Perm() != 0o640 {
		t.Fatalf("after write: %q %v", b, st.Mode())
	}
	ents, _ := os.ReadDir(root)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".concord-") {
			t.Fatalf("temporary file left behind: %s", e.Name())
		}
	}

	// A link inside the corpus to a file inside it stays a link.
	inner := filepath.Join(root, "inner.md")
	os.Symlink("a.md", inner)
	if err := Write(inner, "corpus/inner.md", root, []byte("new\n"), []byte("newer\n")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(inner); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(doc); !bytes.Equal(b, []byte("newer\n")) {
		t.Fatalf("link target: %q", b)
	}
}

func hasRule(fs []*rules.Finding, id string) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

func ruleList(fs []*rules.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+":"+f.Message)
	}
	return out
}
