package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/tools/txtar"

	"github.com/concord-guidance/concord/internal/source"
)

// parseSeeds are byte-level cases the bundled corpus does not hold.
var parseSeeds = []string{
	"",
	"\ufeff---\ntitle: Café\n---\n\n## Héading\n\nText.\n",
	"---\r\ntitle: x\r\n---\r\nLine one\r\nline two.\r\n",
	"## One\r\rfirst line\rsecond target",
	"---\ntitle: [x\n---\nBody.\n",
	"---\n- a\n---\n",
	"---\ntitle: x\n",
	"---\n{title: x, é: 1, [a]: 3}\n---\n",
	"> > > quoted\n> - item\n>   - nested\n",
	"- - - - x\n* * *\n1. 2) 3. deep\n",
	"| a | b |\n|---|---|\n| c | d |\n\nTerm\n: Definition.\n",
	"<!-- concord:ignore deprecated-term reason: quoting -->\n\nQuoted.\n\n<!-- concord:ignore -->\n",
	"[a](b) ![c](d) <http://x> `code` **bold *both***\n",
	"##\n\n#\n\nText under empty headings.\n",
	"Under s.2A. The court e.g. may act. See para. 4! What? Yes.\n",
	"See http://a.example/x, https://b.example, ftp://c.example, www.d.example and e@f.example.\n",
	"Trailing  \nspaces \t\nand tabs\t\t\nend    \nof lines.\n",
	"a\x00b", "caf\xe9", "\xef\xbb\xbf", "\r", "\r\n", "\n\n\n",
	strings.Repeat(">", 300) + " deep\n",
	strings.Repeat("[a](", 100),
	strings.Repeat("*a_ ", 100),
}

// addCorpusSeeds adds every bundled guidance document and every Markdown
// file in the CLI's catalogue scripts.
func addCorpusSeeds(f *testing.F) {
	docs, _ := filepath.Glob("../../corpus/*.md")
	for _, p := range docs {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	scripts, _ := filepath.Glob("../cli/testdata/script/*.txtar")
	for _, p := range scripts {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			continue
		}
		for _, file := range ar.Files {
			if strings.HasSuffix(file.Name, ".md") {
				f.Add(file.Data)
			}
		}
	}
	if len(docs) == 0 {
		f.Fatal("no seeds: ../../corpus/*.md not found")
	}
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
}

// FuzzParse holds the Markdown loader to its promises on any input: it never
// panics; every error is a positioned *source.Error in the file; every run
// offset, block, section, heading, link and suppression lies inside the
// source; positions are valid lines and columns (and agree with counting from
// the start of the line); sentences lie inside their run.
func FuzzParse(f *testing.F) {
	addCorpusSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, _ := source.New("doc.md", data)
		// Parse whatever New kept, even text it refused: Parse must not
		// depend on its caller having checked the encoding.
		d, err := Parse(file, "doc.md")
		if d == nil {
			t.Fatal("Parse returned no document")
		}
		n := len(file.Text)
		if err != nil {
			var se *source.Error
			if !errors.As(err, &se) {
				t.Fatalf("error is %T, not *source.Error: %v", err, err)
			}
			if se.Pos.File != "doc.md" {
				t.Fatalf("error names %q: %v", se.Pos.File, err)
			}
			if se.Pos.Line > file.LineCount() {
				t.Fatalf("error on line %d of %d: %v", se.Pos.Line, file.LineCount(), err)
			}
			if strings.Contains(se.Error(), "\n") {
				t.Fatalf("message spans lines: %q", se.Error())
			}
		}
		if len(d.Sections) == 0 {
			t.Fatal("no introduction section")
		}
		checked := 0
		checkPos := func(what string, off int) {
			t.Helper()
			if off < 0 || off > n {
				t.Fatalf("%s offset %d outside the source (%d bytes)", what, off, n)
			}
			// Recounting from the top is linear; a few hundred a run keep
			// the harness from going quadratic on large inputs.
			if checked++; checked <= 300 {
				checkPosition(t, file, off)
			} else if p := file.Position(off); p.Line < 1 || p.Line > file.LineCount() || p.Column < 1 {
				t.Fatalf("Position(%d) = %d:%d of %d lines", off, p.Line, p.Column, file.LineCount())
			}
		}
		for _, b := range d.Blocks {
			if b.Run.Len() != len(b.Run.Text) {
				t.Fatalf("block %d: %d mapped bytes for %d bytes of text", b.Index, b.Run.Len(), len(b.Run.Text))
			}
			for i := range len(b.Run.Text) {
				off := b.Run.Offset(i)
				if off < 0 || off >= max(n, 1) {
					t.Fatalf("block %d: Text[%d] maps to offset %d outside the source (%d bytes)", b.Index, i, off, n)
				}
			}
			if b.Start > b.End {
				t.Fatalf("block %d: start %d after end %d", b.Index, b.Start, b.End)
			}
			checkPos("block start", b.Start)
			checkPos("block end", b.End)
			last := 0
			for _, s := range b.Run.Sentences() {
				if s.Start < last || s.Start > s.End || s.End > len(b.Run.Text) {
					t.Fatalf("block %d: sentence [%d,%d) out of order or outside the run (%d bytes, previous ended %d)", b.Index, s.Start, s.End, len(b.Run.Text), last)
				}
				last = s.End
				start, end := b.Run.Span(s.Start, s.End)
				checkPos("sentence start", start)
				checkPos("sentence end", end)
			}
		}
		for _, s := range d.Sections {
			if s.Start < 0 || s.Start > s.End || s.End > n {
				t.Fatalf("section %d: [%d,%d) outside the source (%d bytes)", s.Index, s.Start, s.End, n)
			}
		}
		for _, h := range d.Headings {
			checkPos("heading", h.Start)
		}
		for _, l := range d.Links {
			checkPos("link", l.Start)
		}
		for _, s := range d.Suppressions {
			checkPos("suppression start", s.Start)
			checkPos("suppression end", s.End)
			if s.TargetStart != -1 {
				checkPos("suppression target start", s.TargetStart)
				checkPos("suppression target end", s.TargetEnd)
			}
		}
	})
}

// checkPosition checks file.Position(off) against a count from the start of
// the text: the line is one more than the newlines before off, the columns
// count characters, bytes and UTF-16 units from the line's start.
func checkPosition(t *testing.T, file *source.File, off int) {
	t.Helper()
	p := file.Position(off)
	text := file.Text[:off]
	line := bytes.Count(text, []byte("\n")) + 1
	seg := text[bytes.LastIndexByte(text, '\n')+1:]
	cols, u16 := 1, 1
	for len(seg) > 0 {
		r, size := utf8.DecodeRune(seg)
		seg = seg[size:]
		cols++
		u16++
		if r >= 0x10000 {
			u16++
		}
	}
	if p.Line != line || p.Column != cols || p.UTF16Column != u16 || p.Line < 1 || p.Line > file.LineCount() {
		t.Fatalf("Position(%d) = %d:%d (UTF-16 %d), want %d:%d (UTF-16 %d) of %d lines", off, p.Line, p.Column, p.UTF16Column, line, cols, u16, file.LineCount())
	}
	if p.ByteColumn < p.Column {
		t.Fatalf("Position(%d): byte column %d before character column %d", off, p.ByteColumn, p.Column)
	}
}

func TestParseLongLinePositions(t *testing.T) {
	// Positions inside a long line come from checkpoints; they must agree
	// with counting from the start of the line, before and after multi-byte
	// characters and across checkpoint boundaries.
	var b strings.Builder
	for b.Len() < 100_000 {
		b.WriteString("ab🙂cé—")
	}
	b.WriteString("\nshort line\n")
	text := b.String()
	file, err := source.New("long.md", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for off := 0; off <= len(text); off += 997 {
		checkPosition(t, file, off)
	}
	for off := 4090; off < 4110; off++ {
		checkPosition(t, file, off)
	}
	checkPosition(t, file, len(text))
}

// referenceMarkdown is concord's Markdown as goldmark would make it, without
// the shortcuts Parse takes: the parser without linkify (markdownFor) and
// the front on the link reference definitions' transformer (quickLinkRefs).
var referenceMarkdown = goldmark.New(goldmark.WithExtensions(quickLinkify{}, budgeted{}, extension.Table, extension.Strikethrough, extension.TaskList, extension.DefinitionList))

// FuzzParseShortcuts holds Parse to reading any text into the same
// document as referenceMarkdown does.
func FuzzParseShortcuts(f *testing.F) {
	addCorpusSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, _ := source.New("doc.md", data)
		fast, errFast := Parse(file, "doc.md")
		defer func(keep func([]byte) goldmark.Markdown) { markdownFor = keep }(markdownFor)
		markdownFor = func([]byte) goldmark.Markdown { return referenceMarkdown }
		ref, errRef := Parse(file, "doc.md")
		if fmt.Sprint(errFast) != fmt.Sprint(errRef) {
			t.Fatalf("error %v, want %v", errFast, errRef)
		}
		if !reflect.DeepEqual(fast, ref) {
			for i := range min(len(fast.Blocks), len(ref.Blocks)) {
				if a, b := fast.Blocks[i], ref.Blocks[i]; !reflect.DeepEqual(a, b) {
					t.Fatalf("block %d differs:\ngot  %+v\nwant %+v", i, *a, *b)
				}
			}
			t.Fatalf("documents differ: %d blocks, want %d", len(fast.Blocks), len(ref.Blocks))
		}
	})
}
