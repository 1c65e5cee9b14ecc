package corpus

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown is the goldmark configuration concord reads documents with: GFM
// (tables, strikethrough, autolinks, task lists) and definition lists. The
// site renders with the same parser so positions and output agree. GFM's
// parts are listed one by one, in GFM's order, to put a faster front on its
// linkify (quickLinkify); the result is the same.
func Markdown() goldmark.Markdown { return markdown(true, false) }

// markdown is Markdown, or without linkify (see markdownFor), or without
// linkify and with plain paragraphs left out of the inline parse (see
// plain.go), which only Parse reads with. Its parser is goldmark's default
// one but for a faster front on the link reference definitions'
// transformer (quickLinkRefs).
func markdown(linkify, plain bool) goldmark.Markdown {
	p := parser.NewParser(parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(util.Prioritized(quickLinkRefs{}, 100)),
	)
	if plain {
		// After every other paragraph transformer (the table's is 200).
		p.AddOptions(parser.WithParagraphTransformers(util.Prioritized(plainParagraphs{}, 1<<20)))
	}
	ext := []goldmark.Extender{budgeted{}, extension.Table, extension.Strikethrough, extension.TaskList, extension.DefinitionList}
	if linkify {
		ext = append([]goldmark.Extender{quickLinkify{}}, ext...)
	}
	return goldmark.New(goldmark.WithParser(p), goldmark.WithExtensions(ext...))
}

// quickLinkRefs is goldmark's LinkReferenceParagraphTransformer, which
// looks for link reference definitions ("[label]: destination") at the
// start of every paragraph, making a block reader for each, behind a
// test that turns away, without changing any result, a paragraph whose
// first line does not start with "[" after its spaces.
type quickLinkRefs struct{}

func (quickLinkRefs) Transform(n *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if lines := n.Lines(); lines.Len() > 0 {
		first := lines.At(0)
		line := util.TrimLeftSpace(reader.Source()[first.Start:first.Stop])
		if len(line) > 0 && line[0] != '[' {
			return
		}
	}
	parser.LinkReferenceParagraphTransformer.Transform(n, reader, pc)
}

var md, mdNoLinkify, mdPlain = markdown(true, false), markdown(false, false), markdown(false, true)

// markdownFor is the parser Parse reads body with. goldmark calls every
// inline parser that triggers on a space at every space and line start of
// every paragraph, and linkify is the only one; a quarter of the parse goes
// there. Where linkify can find no link (see needsLinkify) the parser
// without it reads the same document. A variable so that tests can compare
// the two.
// Without linkify, a document that can hold no definition list (see
// mayDefine) is read by the parser that leaves plain paragraphs out of the
// inline parse.
var markdownFor = func(body []byte) goldmark.Markdown {
	switch {
	case needsLinkify(body):
		return md
	case mayDefine(body):
		return mdNoLinkify
	}
	return mdPlain
}

// needsLinkify says whether a parser without linkify could read src into
// another document. Linkify needs "http:", "https:", "ftp:" or "www." where
// it starts, or an "@" for an e-mail address (see mayLinkify); without them
// its parser only returns nil. What is left is where goldmark cuts a line's
// text into ast.Text nodes: at each space with linkify, once a line
// without. The walker joins the nodes again, and so the text is the same,
// except that goldmark trims only the last node's trailing spaces and tabs:
// a line ending in two or more of them keeps all but one with linkify.
func needsLinkify(src []byte) bool {
	if bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("www.")) {
		return true
	}
	// Colons are rarer in prose than h or f: look for the schemes at them.
	for i := 0; ; i++ {
		k := bytes.IndexByte(src[i:], ':')
		if k < 0 {
			break
		}
		i += k
		if before := src[:i]; bytes.HasSuffix(before, []byte("http")) || bytes.HasSuffix(before, []byte("https")) || bytes.HasSuffix(before, []byte("ftp")) {
			return true
		}
	}
	blank := func(c byte) bool { return c == ' ' || c == '\t' }
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		// A blank line (blanked front matter, say) is never a paragraph's.
		if line := src[start:end]; len(line) >= 2 && blank(line[len(line)-1]) && blank(line[len(line)-2]) &&
			len(bytes.TrimRight(line, " \t")) > 0 {
			return true
		}
		start = end + 1
	}
	return false
}
