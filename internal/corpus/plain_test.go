package corpus

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/concord-guidance/concord/internal/source"
)

// TestInlineMarkupCoversTriggers checks that every character that starts
// one of mdPlain's inline parsers is one a plain paragraph may not hold.
func TestInlineMarkupCoversTriggers(t *testing.T) {
	var ips []parser.InlineParser
	for _, v := range parser.DefaultInlineParsers() {
		ips = append(ips, v.Value.(parser.InlineParser))
	}
	ips = append(ips, extension.NewStrikethroughParser(), extension.NewTaskCheckBoxParser())
	for _, ip := range ips {
		for _, c := range ip.Trigger() {
			if inlineMarkup[c] == 0 {
				t.Errorf("%T triggers on %q, which a plain paragraph may hold", ip, c)
			}
		}
	}
}

// plainPieces are the pieces randomDoc builds lines from: the block
// markers that a plain paragraph meets (lists, quotes, setext underlines,
// tables, definition lists, headings, code, link reference definitions)
// and the line ends goldmark reads apart (trailing spaces, tabs, a
// backslash).
var plainPieces = []string{
	"word", "Stalking", "s.2A", "4A", "é", "—", "(a)", "b)", "x.", "x:", ": ", ":", " ", " ", "  ", "\t", "\\",
	"- ", "* ", "+ ", "1. ", "2) ", "> ", ">", "# ", "## ", "===", "---", "***", "| a | b |", "|---|---|",
	"[x]", "[ref]: /url", "[t](u)", "`c`", "*e*", "_e_", "~~s~~", "<b>", "<!-- c -->", "```", "    ", "&amp;",
	"a@b.example", "www.x", "http://x", "\r", "\f",
}

// randomDoc is a small document of lines of random pieces, mostly words,
// with blank lines between some.
func randomDoc(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(12) {
		if r.IntN(4) == 0 {
			b.WriteString("\n")
		}
		for range 1 + r.IntN(6) {
			if r.IntN(3) == 0 {
				b.WriteString(plainPieces[r.IntN(len(plainPieces))])
			} else {
				b.WriteString("word ")
			}
		}
		if r.IntN(20) != 0 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// TestPlainParagraphsMatchReference parses random documents with Parse
// and with referenceMarkdown, which knows nothing of plain paragraphs, and
// wants the same documents. It also counts the documents that mdPlain read
// and the plain paragraphs it made, so that the test cannot pass by never
// taking the shortcut.
func TestPlainParagraphsMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	plainDocs, plainParas := 0, 0
	for i := range n {
		doc := randomDoc(r)
		if !needsLinkify([]byte(doc)) && !mayDefine([]byte(doc)) {
			plainDocs++
			root := mdPlain.Parser().Parse(text.NewReader([]byte(doc)))
			_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if _, ok := n.(*plainParagraph); ok && entering {
					plainParas++
				}
				return ast.WalkContinue, nil
			})
		}
		if err := sameAsReference(doc); err != nil {
			t.Fatalf("document %d %q: %v", i, doc, err)
		}
	}
	if plainDocs < n/4 || plainParas < n/4 {
		t.Errorf("only %d of %d documents read by mdPlain, %d plain paragraphs", plainDocs, n, plainParas)
	}
}

// sameAsReference says how Parse reads doc otherwise than with
// referenceMarkdown, or nil.
func sameAsReference(doc string) error {
	file, _ := source.New("doc.md", []byte(doc))
	fast, errFast := Parse(file, "doc.md")
	keep := markdownFor
	markdownFor = func([]byte) goldmark.Markdown { return referenceMarkdown }
	ref, errRef := Parse(file, "doc.md")
	markdownFor = keep
	if fmt.Sprint(errFast) != fmt.Sprint(errRef) {
		return fmt.Errorf("error %v, want %v", errFast, errRef)
	}
	if !reflect.DeepEqual(fast, ref) {
		for i := range min(len(fast.Blocks), len(ref.Blocks)) {
			if a, b := fast.Blocks[i], ref.Blocks[i]; !reflect.DeepEqual(a, b) {
				return fmt.Errorf("block %d differs:\ngot  %+v\nwant %+v", i, *a, *b)
			}
		}
		return fmt.Errorf("documents differ: %d blocks, want %d", len(fast.Blocks), len(ref.Blocks))
	}
	return nil
}

// paragraphCases are the shapes the random documents may miss, for the
// plain paragraphs (TestPlainParagraphCases) and the trees kept for the
// site (TestTreeMatchesGoldmark).
var paragraphCases = []string{
	"One line.",
	"One line.\n",
	"Two\nlines.\n",
	"Hard  \nbreak.\n",
	"Hard   \nbreak with three.\n",
	"Four    \nspaces.\n",
	"Tab\t\nend.\n",
	"Space \nend.\n",
	"  Indented\n   lines\n",
	"Last line with trailing spaces   ",
	"Setext\n===\n",
	"Setext two\nlines\n---\n",
	"Para\n\n- tight\n- list\n\n1. loose\n\n2. list\n",
	"- a\n  continued\n- b\n\n  second para\n",
	"> quoted\nlazy\n\n> > deep\n",
	"| a | b |\n|---|---|\n| c | d |\n",
	"a | b\n--|--\nc | d\n",
	"Term\n: definition\n",
	"Term\n\n: definition\n",
	"- Term\n  : definition\n",
	"[ref]: /url\nText after a definition.\n",
	"[ref]: /url\n===\n",
	"Para\n    not code\n",
	"# Heading\nPara\n## Heading\n",
	"Para\n<div>\nhtml\n</div>\n",
	"Para\n***\n",
	"Para\n```\ncode\n```\n",
	"- a\n  - nested tight\n  - list\n- b\n",
	"- a\n\n  - nested\n\n  - loose\n- b\n",
	"> - quoted\n> - list\n",
	"| a | b |\n|---|---|\n| `c \\| e` | d |\n",
	"---\ntitle: T\nsummary: S\n---\n# Title\n\nBody text\nof two lines.\n",
	"---\ntitle: never closed\n\nText.\n",
	"Mixed *emphasis* line\nand a plain one.\n\nAll plain\nhere.\n",
}

// TestPlainParagraphCases wants Parse to read each of paragraphCases as
// referenceMarkdown does.
func TestPlainParagraphCases(t *testing.T) {
	for _, doc := range paragraphCases {
		if err := sameAsReference(doc); err != nil {
			t.Errorf("%q: %v", doc, err)
		}
	}
}

// TestMayDefine checks the lines that may start a definition list's
// description, which keep a document from mdPlain.
func TestMayDefine(t *testing.T) {
	for doc, want := range map[string]bool{
		"Term\n: definition\n":        true,
		": at the start":              true,
		"> Term\n> : quoted\n":        true,
		"- Term\n  :\tdefinition\n":   true,
		"1. x\n2) : y\n":              true,
		"Ask the police for:\n- a\n":  false,
		"Note: a colon in prose.\n":   false,
		"Time 10:30 and a:b\n":        false,
		"Ends with a colon:":          false,
		"Term\n:no space\n":           false,
		"http: not a definition\n":    false,
		"\r: after a carriage return": true,
	} {
		if got := mayDefine([]byte(doc)); got != want {
			t.Errorf("mayDefine(%q) = %v, want %v", doc, got, want)
		}
	}
}

// TestHasInlineMarkup checks the eight-bytes-a-round test against a byte
// by byte one, with the marked byte at every place of texts of every
// length up to three rounds.
func TestHasInlineMarkup(t *testing.T) {
	for n := range 25 {
		b := []byte(strings.Repeat("a", n))
		if hasInlineMarkup(b) {
			t.Fatalf("%q has no markup", b)
		}
		for i := range n {
			for c := range 256 {
				b[i] = byte(c)
				if got, want := hasInlineMarkup(b), inlineMarkup[c] != 0; got != want {
					t.Fatalf("hasInlineMarkup(%q) = %v, want %v", b, got, want)
				}
			}
			b[i] = 'a'
		}
	}
}
