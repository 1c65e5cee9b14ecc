package site

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/concord-guidance/concord/internal/corpus"
)

type textOnly struct{}

func (textOnly) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindText, renderText)
}

// TestRenderTextSameAsGoldmark renders random documents full of the bytes
// goldmark's writer treats specially (entities, escapes, NUL, quotes, angle
// brackets, line breaks, code spans, tables with escaped pipes) with
// goldmark's renderer and with renderText in its place, and wants the
// same bytes.
func TestRenderTextSameAsGoldmark(t *testing.T) {
	ref := corpus.Markdown()
	fast := corpus.Markdown()
	fast.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(textOnly{}, 100)))
	pieces := []string{"word", " ", "  \n", "\n", "\\\n", "&amp;", "&#x22;", "&#34;", "&nosuch;", "&", "&#", "\\*", "\\", "\\\\", "\x00", `"`, "<", ">", "<b>", "`code & \\`", "*em*", "[link](/x)", "\t", "é", "\r\n", "| a | b |\n|---|---|\n| `x \\| y` | c |\n", "\n\n", "- item\n", "> quote "}
	r := rand.New(rand.NewPCG(5, 6))
	cases := []string{"plain words only\nand a second line\n", "hard  \nbreak\\\nthere\n"}
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		cases = append(cases, b.String())
	}
	for _, doc := range cases {
		var want, got bytes.Buffer
		if err := ref.Convert([]byte(doc), &want); err != nil {
			t.Fatal(err)
		}
		if err := fast.Convert([]byte(doc), &got); err != nil {
			t.Fatal(err)
		}
		if want.String() != got.String() {
			t.Fatalf("%q: renders\n%q\nwant\n%q", doc, got.String(), want.String())
		}
	}
}
