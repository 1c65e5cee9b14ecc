package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/source"
)

// fastFrontMatterCases are front matter blocks (the YAML between the ---
// lines) and whether fastFrontMatter should decode them itself. Either way
// it must agree with yaml.v3.
var fastFrontMatterCases = []struct {
	yaml string
	fast bool
}{
	{"", true},
	{"\n\n", true},
	{"# only a comment\n", true},
	{"title: Bail and remand\nupdated: 2024-07-08\nowner: Legal Guidance Team\ntopic: Charging\nsummary: Protecting victims, between arrest and trial.\nrelated: [charging, stalking-and-harassment, youths]\n", true},
	{"title: \"Stalking: fear of violence # at work\"\nsummary: 'Children''s evidence'\n", true},
	{"title: x   \nrelated:\n  - a\n  - b c\n\n  - d\nowner: o\n", true},
	{"related:\n- a\n- b\n", true},
	{"related: []\n", true},
	{"related: [ a , b ]\n", true},
	{"slug: restraining-orders/youths\n", true},
	{"title: a#b, c [d] {e}\n", true},
	{"title: Café — “quoted” 🙂\n", true},
	{"title: ~\nowner: null\ntopic: 12\n", true},
	{"title:\nowner: o\n", true},
	{"audience: lawyers\nstatus:\n", true},
	{"tags: [a, b]\ntags2:\n  - x\n", true},
	{"# leading comment\ntitle: x\n\n# between\nowner: y\n", true},
	{"related: []\n", true},

	// yaml.v3's alone: errors, and shapes the fast path leaves to it.
	{"title: x\ntitle: y\n", false},
	{"slug: Not A Slug\n", false},
	{"slug:\n", false},
	{"related: a\n", false},
	{"related:\n", false},
	{"title: [a]\n", false},
	{"title:\n  - a\n", false},
	{"title: a: b\n", false},
	{"title: a:\n", false},
	{"title: a #comment\n", false},
	{"title: &a x\nowner: *a\n", false},
	{"title: !!str x\n", false},
	{"title: |\n  block\n", false},
	{"title: >\n  folded\n", false},
	{"title: x\n  continued\n", false},
	{"title: \"esc\\\"aped\"\n", false},
	{"title: \"unclosed\n", false},
	{"title: 'it's'\n", false},
	{"title: \"x\" # c\n", false},
	{"related: [a, b\n  , c]\n", false},
	{"related: [a, b,]\n", false},
	{"related: [a: b]\n", false},
	{"related: [[a]]\n", false},
	{"related:\n  - a\n - b\n", false},
	{"related:\n  - a: b\n", false},
	{"related:\n  -\n", false},
	{"related:\n# comment\n  - a\n", false},
	{"{title: x}\n", false},
	{"- a\n", false},
	{"plain\n", false},
	{"\"title\": x\n", false},
	{"title : x\n", false},
	{"title:x\n", false},
	{"title:\tx\n", false},
	{"title: x\u2028y\n", false},
	{"title: \ufeffx\n", false},
	{"title: x\x7f\n", false},
	{"%YAML 1.2\n", false},
	{"? title\n: x\n", false},
	{"<<: {a: b}\n", false},
	{"title: -x\n", false},
	{"title: `x`\n", false},
	{"title: @x\n", false},
	{"  title: x\n", false},
}

// checkFastFrontMatter holds fastFrontMatter to yaml.v3 on one block: when
// it answers, the reference decoder must succeed with the same FrontMatter.
func checkFastFrontMatter(t *testing.T, yml []byte) (fast bool) {
	t.Helper()
	f, _ := source.New("doc.md", append(append([]byte("---\n"), yml...), "\n---\n"...))
	close, end := frontMatterBounds(f.Text)
	if close < 0 || end < 0 {
		t.Fatalf("no front matter in %q", f.Text)
	}
	fm, ok := fastFrontMatter(f.Text[4:close])
	if !ok {
		return false
	}
	ref := &Document{File: f}
	if err := ref.frontMatterYAML(f.Text, close); err != nil {
		t.Fatalf("fast path decoded %q, yaml.v3 says: %v", f.Text[4:close], err)
	}
	if !reflect.DeepEqual(fm, ref.Front) {
		t.Fatalf("front matter %q:\nfast: %#v\nyaml: %#v", f.Text[4:close], fm, ref.Front)
	}
	return true
}

func TestFastFrontMatter(t *testing.T) {
	for _, c := range fastFrontMatterCases {
		if got := checkFastFrontMatter(t, []byte(c.yaml)); got != c.fast {
			t.Errorf("fast path took %q: %v, want %v", c.yaml, got, c.fast)
		}
	}
	// Every bundled document's front matter takes the fast path.
	docs, _ := filepath.Glob("../../corpus/*.md")
	for _, p := range docs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := source.New(p, data)
		if close, end := frontMatterBounds(f.Text); close >= 0 && end >= 0 {
			if !checkFastFrontMatter(t, f.Text[4:close]) {
				t.Errorf("%s: fast path declined", p)
			}
		}
	}
}

// FuzzFrontMatterFastPath checks that on any front matter the fast path
// either declines or decodes exactly what yaml.v3 does, without error.
func FuzzFrontMatterFastPath(f *testing.F) {
	for _, c := range fastFrontMatterCases {
		f.Add([]byte(c.yaml))
	}
	docs, _ := filepath.Glob("../../corpus/*.md")
	for _, p := range docs {
		if data, err := os.ReadFile(p); err == nil {
			if fm, _, ok := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n"); ok {
				f.Add([]byte(fm + "\n"))
			}
		}
	}
	f.Fuzz(func(t *testing.T, yml []byte) {
		checkFastFrontMatter(t, yml)
	})
}

// BenchmarkFrontMatter decodes the bundled documents' front matter with the
// fast path and with yaml.v3.
func BenchmarkFrontMatter(b *testing.B) {
	paths, _ := filepath.Glob("../../corpus/*.md")
	var files []*source.File
	var closes []int
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		f, _ := source.New(p, data)
		if close, end := frontMatterBounds(f.Text); close >= 0 && end >= 0 {
			files, closes = append(files, f), append(closes, close)
		}
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i, f := range files {
				if _, ok := fastFrontMatter(f.Text[4:closes[i]]); !ok {
					b.Fatal("declined")
				}
			}
		}
	})
	b.Run("yaml", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i, f := range files {
				d := &Document{File: f}
				if err := d.frontMatterYAML(f.Text, closes[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
