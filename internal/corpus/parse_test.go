package corpus

import (
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/source"
)

func parse(t *testing.T, text string) *Document {
	t.Helper()
	f, err := source.New("doc.md", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(f, "doc.md")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// find locates the n-th occurrence of word in the runs and returns its
// source position, so the test checks the run-to-source map end to end.
func find(t *testing.T, d *Document, word string) source.Position {
	t.Helper()
	for _, b := range d.Blocks {
		if i := strings.Index(b.Run.Text, word); i >= 0 {
			start, _ := b.Run.Span(i, i+len(word))
			return d.File.Position(start)
		}
	}
	t.Fatalf("%q not found in any run", word)
	return source.Position{}
}

func TestPositions(t *testing.T) {
	const doc = "\ufeff---\ntitle: Café\n---\n\n## Héading “one”\n\nA para with *emph\nsoft* break and `code` then Zürich.\n\n| Term | Meaning |\n|---|---|\n| naïve | 🙂 stalking |\n\n- item one\n  - nested ñ target\n\n> quoted **bold target2**\n"
	for _, crlf := range []bool{false, true} {
		text := doc
		if crlf {
			text = strings.ReplaceAll(doc, "\n", "\r\n")
		}
		d := parse(t, text)
		cases := []struct {
			word      string
			line, col int
		}{
			{"Héading", 5, 4},
			{"soft", 8, 1},
			{"Zürich", 8, 29},
			{"naïve", 12, 3},
			{"stalking", 12, 13},
			{"target", 15, 14},
			{"target2", 17, 17},
		}
		for _, c := range cases {
			p := find(t, d, c.word)
			if p.Line != c.line || p.Column != c.col {
				t.Errorf("crlf=%v %q at %d:%d, want %d:%d", crlf, c.word, p.Line, p.Column, c.line, c.col)
			}
		}
		if d.Front.Title != "Café" {
			t.Errorf("title = %q", d.Front.Title)
		}
		for _, b := range d.Blocks {
			if strings.Contains(b.Run.Text, "code") {
				t.Errorf("code span leaked into prose: %q", b.Run.Text)
			}
		}
	}
}

func TestLoneCRLineEndings(t *testing.T) {
	d := parse(t, "## One\r\rfirst line\rsecond target")
	p := find(t, d, "target")
	if p.Line != 4 || p.Column != 8 {
		t.Errorf("target at %d:%d, want 4:8", p.Line, p.Column)
	}
}

func TestSentences(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Under s.2A PHA 1997 the test applies. The court e.g. may act. See para. 4 and cf. No. 3 of ss.2A and 4A. Done.",
			[]string{"Under s.2A PHA 1997 the test applies.", "The court e.g. may act.", "See para. 4 and cf. No. 3 of ss.2A and 4A.", "Done."}},
		{"It ends under s.2A. The next one starts, i.e. here.", []string{"It ends under s.2A.", "The next one starts, i.e. here."}},
		{"What is stalking? It is a course of conduct.", []string{"What is stalking?", "It is a course of conduct."}},
	}
	for _, c := range cases {
		r := &Run{Text: c.in}
		var got []string
		for _, s := range r.Sentences() {
			got = append(got, s.Text(r))
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Sentences(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestSectionsLinksAndSuppressions(t *testing.T) {
	d := parse(t, "Intro [a](other.md#x).\n\n## Law\n\nText.\n\n### Detail\n\n<!-- concord:ignore deprecated-term reason: quoting a title -->\nQuoted paragraph.\n\nNext.\n\n## Charging\n\nMore.\n")
	if len(d.Sections) != 4 {
		t.Fatalf("sections = %d, want 4", len(d.Sections))
	}
	if got := d.Sections[2].Top().Title(); got != "Law" {
		t.Errorf("Detail's top section = %q", got)
	}
	if d.Sections[1].Anchor() != "law" || d.Sections[3].Anchor() != "charging" {
		t.Errorf("anchors %q %q", d.Sections[1].Anchor(), d.Sections[3].Anchor())
	}
	if len(d.Links) != 1 || d.Links[0].Dest != "other.md#x" || d.File.Position(d.Links[0].Start).Column != 7 {
		t.Errorf("links = %+v", d.Links)
	}
	if len(d.Suppressions) != 1 {
		t.Fatalf("suppressions = %d", len(d.Suppressions))
	}
	s := d.Suppressions[0]
	if s.Rules[0] != "deprecated-term" || s.Reason != "quoting a title" {
		t.Errorf("suppression = %+v", s)
	}
	if got := string(d.File.Text[s.TargetStart:s.TargetEnd]); got != "Quoted paragraph." {
		t.Errorf("target = %q", got)
	}
}

// TestRunMapsEveryByte checks the span map against the source: every byte of
// prose copied from the source maps back to the same byte, and the bytes the
// parser made up (the space for a soft line break) map to the line break.
func TestRunMapsEveryByte(t *testing.T) {
	d := parse(t, "## Café *emph*\n\nOne `code` two **bold\nline** [link](x.md) é&amp;\nend\n\n| a | ü |\n|---|---|\n| x | y |\n")
	for _, b := range d.Blocks {
		for i := range len(b.Run.Text) {
			off := b.Run.Offset(i)
			got, want := b.Run.Text[i], d.File.Text[off]
			if got != want && !(got == ' ' && want == '\n') {
				t.Errorf("block %q: Text[%d] = %q maps to source %d = %q", b.Run.Text, i, got, off, want)
			}
		}
	}
}
