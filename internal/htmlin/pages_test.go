package htmlin_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	concord "github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/htmlin"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// boilerplateMark is written into the site furniture of every fixture
// (navigation, cookie banners, headers, footers, sidebars, screen-reader
// text) and never into its content: extraction must leave every one out.
const boilerplateMark = "Furniture"

func builtin(t *testing.T) *glossary.Glossary {
	t.Helper()
	g, err := glossary.Load(concord.Glossary, "glossary", "glossary")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestPages reads pages written in the shapes of real publishers' sites
// (their markup, with text of our own) and compares what is extracted, and
// what the rules find in it, with golden files. Every finding must point
// at the HTML source where its matched text starts.
func TestPages(t *testing.T) {
	g := builtin(t)
	files, _ := filepath.Glob("testdata/pages/*.html")
	if len(files) < 10 {
		t.Fatalf("want at least 10 publisher pages, have %d", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".html")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(string(raw), boilerplateMark); n < 3 {
				t.Fatalf("fixture marks only %d pieces of furniture; the test needs at least 3", n)
			}
			f, err := source.New(name+".html", raw)
			if err != nil {
				t.Fatal(err)
			}
			page, err := htmlin.Extract(f.Text, htmlin.Options{})
			if err != nil {
				t.Fatal(err)
			}
			d, err := corpus.ParseHTML(f, name+".html", htmlin.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var out strings.Builder
			fmt.Fprintf(&out, "title: %s\ncontent: %s\n\n", page.Title, page.Content)
			for _, b := range d.Blocks {
				if strings.Contains(b.Run.Text, boilerplateMark) {
					t.Errorf("furniture extracted as content: %q", b.Run.Text)
				}
				pos := f.Position(b.Start)
				kind := b.Kind.String()
				if b.Kind == corpus.HeadingBlock {
					kind = fmt.Sprintf("h%d", d.Headings[headingIndex(d, b)].Level)
				}
				if b.Kind == corpus.TableCell {
					kind += fmt.Sprintf("[%d,%d,%d]", b.Table, b.Row, b.Col)
					if b.Header {
						kind += "[header]"
					}
				}
				if b.InList {
					kind += " list"
				}
				if b.InQuote {
					kind += " quote"
				}
				fmt.Fprintf(&out, "%d:%d %s | %s\n", pos.Line, pos.Column, kind, b.Run.Text)
			}
			out.WriteString("\nfindings:\n")
			findings := rules.Run(rules.Input{Glossary: g, Docs: []*corpus.Document{d}})
			for _, fd := range findings {
				// The finding's position must be where its matched text
				// stands in the HTML source.
				off := f.LineStart(fd.Line)
				line := string(f.Text[off:])
				col := []rune(line)
				if fd.Column-1 > len(col) || !strings.HasPrefix(string(col[fd.Column-1:]), fd.Match) {
					t.Errorf("%s at %d:%d: the source there does not start with %q", fd.Rule, fd.Line, fd.Column, fd.Match)
				}
				if strings.Contains(fd.Context, boilerplateMark) {
					t.Errorf("finding in furniture: %s %q", fd.Rule, fd.Context)
				}
				fmt.Fprintf(&out, "%d:%d-%d:%d %s %s %q\n", fd.Line, fd.Column, fd.EndLine, fd.EndColumn, fd.Severity, fd.Rule, fd.Match)
			}
			golden := strings.TrimSuffix(file, ".html") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(want) != out.String() {
				t.Errorf("extraction differs from %s (go test -update, then read the diff):\n%s", golden, out.String())
			}
		})
	}
}

func headingIndex(d *corpus.Document, b *corpus.Block) int {
	for i, h := range d.Headings {
		if h.Block == b {
			return i
		}
	}
	return 0
}
