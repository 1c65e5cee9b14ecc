package corpus

import "github.com/yuin/goldmark"

// MarkdownWithoutLinkify is Markdown without GFM's linkify: the parser Parse
// reads a document with when NeedsLinkify says linkify could find nothing
// in it. The site renders such documents with it too, and so skips the
// linkify parser goldmark calls at every space.
func MarkdownWithoutLinkify() goldmark.Markdown { return markdown(false, false) }

// NeedsLinkify says whether src, a document's body as Parse reads it,
// could be read otherwise by MarkdownWithoutLinkify than by Markdown: only
// where linkify could start a link, or a line ends in two or more spaces
// or tabs. Elsewhere the two give the same nodes but that Markdown cuts a
// line's text at each space, which the HTML written from them does not
// show.
func NeedsLinkify(src []byte) bool { return needsLinkify(src) }
