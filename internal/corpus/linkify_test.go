package corpus

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var linkifySeeds = []string{
	"See http://example.com/a_(b). and https://x.y/z, ftp://f.g or www.example.org.",
	"Write to someone@example.com or (a.b+c@d.co.uk) *me@x.io* _x@y.z_ ~q@r.st~.",
	"no links here at all, not one: @ alone, a@ b, @c.d, x@y",
	"http: https:// www. ftp: mailto:a@b.c",
	"word\tx@y.com\nnext@line.org\n\n1234567890123456789012345678901234567890123456789012345678901234@long.com",
	"[link www.example.com](http://a.b) `code x@y.com` <a@b.co>",
	"- item www.a.b\n\n| a@b.cd | http://e.f |\n|---|---|\n| x | y |\n",
}

// FuzzQuickLinkify holds linkifyFilter to linkify: wherever mayLinkify
// turns a line away, linkify's parser finds nothing there either, and
// Markdown() renders every input exactly as goldmark with GFM does.
func FuzzQuickLinkify(f *testing.F) {
	for _, s := range linkifySeeds {
		f.Add([]byte(s))
	}
	ref := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))
	ours := Markdown()
	linkify := extension.NewLinkifyParser()
	f.Fuzz(func(t *testing.T, src []byte) {
		for i := range min(len(src), 4096) { // linear, not quadratic, on large inputs
			line := src[i:]
			if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
				line = line[:nl+1]
			}
			if len(line) == 0 || mayLinkify(line) {
				continue
			}
			if n := linkify.Parse(ast.NewParagraph(), text.NewReader(line), parser.NewContext()); n != nil {
				t.Fatalf("mayLinkify turned away %q, where linkify finds a link", line)
			}
		}
		var want, got bytes.Buffer
		if err := ref.Convert(src, &want); err != nil {
			t.Skip()
		}
		if err := ours.Convert(src, &got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want.Bytes(), got.Bytes()) {
			t.Fatalf("%q:\nGFM:  %q\nours: %q", src, want.Bytes(), got.Bytes())
		}
	})
}
