package corpus

import (
	"bytes"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// quickLinkify is GFM's linkify extension with a cheap test in front of its
// parser. goldmark calls that parser at every space of every line, and it
// looks for a URL scheme and then an e-mail address there, which cost about
// a fifth of parsing a document; the test turns away, without changing any
// result, the words that can start neither.
type quickLinkify struct{}

// Priority 999 is linkify's own; Markdown registers it where GFM would, so
// the parsers sort exactly as they do with GFM.
func (quickLinkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(linkifyFilter{extension.NewLinkifyParser()}, 999),
	))
}

type linkifyFilter struct{ parser.InlineParser }

// Parse returns nil, as linkify's parser would, when the text after the
// trigger character starts neither with a scheme nor with "www." and has no
// "@" where an e-mail address's could be; otherwise it asks linkify.
func (f linkifyFilter) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if line, _ := block.PeekLine(); len(line) > 0 && !mayLinkify(line) {
		return nil
	}
	return f.InlineParser.Parse(parent, block, pc)
}

// mayLinkify mirrors the tests linkify's parser (goldmark v1.8) makes before
// it can find a link in line: it skips one trigger character, then needs
// http:, https:, ftp: or www., or else text not starting with punctuation
// with an "@" after at most 64 bytes of an e-mail address's local part
// (util.FindEmailIndex reads no further).
func mayLinkify(line []byte) bool {
	switch line[0] {
	case ' ', '*', '_', '~', '(':
		line = line[1:]
	}
	if len(line) == 0 {
		return false
	}
	switch line[0] {
	case 'h':
		if bytes.HasPrefix(line, []byte("http:")) || bytes.HasPrefix(line, []byte("https:")) {
			return true
		}
	case 'f':
		if bytes.HasPrefix(line, []byte("ftp:")) {
			return true
		}
	case 'w':
		if bytes.HasPrefix(line, []byte("www.")) {
			return true
		}
	}
	if util.IsPunct(line[0]) {
		return false
	}
	// The address's local part is at most 64 bytes of a set that holds no
	// space, control character, non-ASCII byte or any of ",;:()".
	for _, c := range line[:min(len(line), 65)] {
		switch {
		case c == '@':
			return true
		case c <= ' ' || c >= utf8.RuneSelf || c == ',' || c == ';' || c == ':' || c == '(' || c == ')':
			return false
		}
	}
	return false
}
