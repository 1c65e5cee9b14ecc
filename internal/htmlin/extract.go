package htmlin

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Kind says what a block of prose is; the values match corpus.BlockKind.
type Kind int

const (
	Paragraph Kind = iota
	Heading
	TableCell
	DefinitionTerm
	DefinitionDescription
)

// Piece is a stretch of a block's text and where it came from: Text was
// copied from the source at Src, byte for byte, unless Fixed, when all of it
// stands for the source at Src (a decoded entity, or the one space standing
// for a run of white space).
type Piece struct {
	Text  string
	Src   int
	Fixed bool
	// Width is how many source bytes a fixed piece stands for (an
	// entity's length), when more than one.
	Width int
}

// Block is one heading, paragraph, list item's text, table cell or
// definition-list part.
type Block struct {
	Kind  Kind
	Level int // headings: 1 to 6
	// Start is the offset of the element's start tag, for a heading with
	// no text.
	Start           int
	InList, InQuote bool
	// Table cells: which table (from 1), row and column (from 0), and
	// whether the cell is a header.
	Table, Row, Col int
	Header          bool
	// Group is shared by the blocks of one list, table or quotation, as
	// corpus.Block.Group: a suppression comment covers the whole group.
	Group  int
	Pieces []Piece
}

// Text is the block's text.
func (b *Block) Text() string {
	var s strings.Builder
	for _, p := range b.Pieces {
		s.WriteString(p.Text)
	}
	return s.String()
}

// Comment is an HTML comment inside the content, for suppressions.
type Comment struct {
	Text       string
	Start, End int
}

// Page is the content of one page.
type Page struct {
	// Title is the page's <title>, else its first h1.
	Title string
	// Content says where the content came from: "selector", "main",
	// "article" or "scored" (the readability-style heuristic), with the
	// chosen element's tag, id and classes, so a reader can see why.
	Content  string
	Blocks   []Block
	Comments []Comment
}

// Options say how to find the content.
type Options struct {
	// Selector, when set, is a CSS selector for the content element(s);
	// every match is taken, in document order.
	Selector string
}

// Error is a problem with the options (a bad selector, one that matches
// nothing) or a page that cannot be read.
type Error struct{ Msg, Hint string }

func (e *Error) Error() string { return e.Msg }

// Extract reads the content of the page src.
func Extract(src []byte, opts Options) (*Page, error) {
	t, err := parse(src)
	if err != nil {
		return nil, &Error{Msg: err.Error(), Hint: "save the page again as HTML"}
	}
	p := &Page{Title: title(t.root)}
	roots, how, err := contentRoots(t.root, opts)
	if err != nil {
		return nil, err
	}
	p.Content = how
	e := &emitter{t: t, src: src, page: p}
	for _, r := range roots {
		e.blockChildren(r)
		e.flush()
	}
	if p.Title == "" {
		for _, b := range p.Blocks {
			if b.Kind == Heading && b.Level == 1 {
				p.Title = b.Text()
				break
			}
		}
	}
	return p, nil
}

func title(root *html.Node) string {
	var out string
	walk(root, func(n *html.Node) bool {
		if out != "" {
			return false
		}
		switch n.DataAtom {
		case atom.Title:
			out = collapse(textOf(n))
			return false
		case atom.Body, atom.Svg:
			return false
		}
		return true
	})
	return out
}

// walk visits n and its descendants in document order; visit returns false
// to skip a node's children.
func walk(n *html.Node, visit func(*html.Node) bool) {
	if !visit(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return true
	})
	return b.String()
}

func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\f', '\r', '\u00a0':
		return true
	}
	return false
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// describe names an element as a CSS selector would: tag#id.class.
func describe(n *html.Node) string {
	s := n.Data
	if id, ok := attr(n, "id"); ok && id != "" {
		s += "#" + id
	}
	if c, ok := attr(n, "class"); ok {
		for _, f := range strings.Fields(c) {
			s += "." + f
		}
	}
	return s
}

// contentRoots finds the element(s) holding the page's own content.
func contentRoots(root *html.Node, opts Options) ([]*html.Node, string, error) {
	if opts.Selector != "" {
		sel, err := cascadia.Compile(opts.Selector)
		if err != nil {
			return nil, "", &Error{Msg: fmt.Sprintf("CSS selector %q: %v", opts.Selector, err), Hint: "write a CSS selector such as main, article or div.content"}
		}
		var out []*html.Node
		for _, n := range sel.MatchAll(root) {
			// A match inside another match is already taken.
			inside := false
			for _, o := range out {
				if contains(o, n) {
					inside = true
				}
			}
			if !inside {
				out = append(out, n)
			}
		}
		if len(out) == 0 {
			return nil, "", &Error{Msg: fmt.Sprintf("CSS selector %q matches nothing in the page", opts.Selector), Hint: "check the selector against the saved page; the site's layout may have changed"}
		}
		return out, "selector " + opts.Selector, nil
	}
	var mains, articles []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if boilerplate(n) {
			return false
		}
		role, _ := attr(n, "role")
		switch {
		case n.DataAtom == atom.Main || role == "main":
			mains = append(mains, n)
			return false
		case n.DataAtom == atom.Article:
			articles = append(articles, n)
			return false
		}
		return true
	})
	if n := longest(mains); n != nil {
		return []*html.Node{n}, "main " + describe(n), nil
	}
	if len(articles) == 1 {
		return articles, "article " + describe(articles[0]), nil
	}
	body := root
	walk(root, func(n *html.Node) bool {
		if n.DataAtom == atom.Body {
			body = n
			return false
		}
		return true
	})
	n := scored(body)
	return []*html.Node{n}, "scored " + describe(n), nil
}

func contains(a, b *html.Node) bool {
	for ; b != nil; b = b.Parent {
		if a == b {
			return true
		}
	}
	return false
}

// longest is the candidate with the most text: a page with a second,
// empty main element (a template's leftover) still finds its content.
func longest(ns []*html.Node) *html.Node {
	var best *html.Node
	most := -1
	for _, n := range ns {
		if l := len(collapse(textOf(n))); l > most {
			best, most = n, l
		}
	}
	return best
}

// scored picks the content element of a page with neither main nor a
// single article, as Mozilla's Readability does: each paragraph of some
// length scores its parent in full and its grandparent by half, by its
// commas and length; an element's score is then cut by the share of its
// text inside links (menus and lists of links are mostly link text). The
// best element wins; the body when nothing scores.
func scored(body *html.Node) *html.Node {
	score := map[*html.Node]float64{}
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if boilerplate(n) {
			return false
		}
		switch n.DataAtom {
		case atom.P, atom.Td, atom.Pre, atom.Li, atom.Dd, atom.Blockquote:
		default:
			return true
		}
		text := collapse(textOf(n))
		if utf8.RuneCountInString(text) < 25 {
			return false
		}
		s := 1 + float64(strings.Count(text, ",")) + min(float64(utf8.RuneCountInString(text))/100, 3)
		if p := n.Parent; p != nil {
			score[p] += s
			if g := p.Parent; g != nil {
				score[g] += s / 2
			}
		}
		return false
	})
	best, top := body, 0.0
	// Iterate in document order so ties go to the first, deterministically.
	walk(body, func(n *html.Node) bool {
		s, ok := score[n]
		if !ok {
			return true
		}
		s *= 1 - linkDensity(n)
		if s > top {
			best, top = n, s
		}
		return true
	})
	return best
}

func linkDensity(n *html.Node) float64 {
	all := len(collapse(textOf(n)))
	if all == 0 {
		return 0
	}
	links := 0
	walk(n, func(c *html.Node) bool {
		if c.DataAtom == atom.A {
			links += len(collapse(textOf(c)))
			return false
		}
		return true
	})
	return float64(links) / float64(all)
}

// skipTags are never prose: scripts, styles, forms and their controls,
// embedded objects, navigation and asides.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Nav: true, atom.Aside: true, atom.Form: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
	atom.Label: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Canvas: true, atom.Video: true, atom.Audio: true, atom.Dialog: true,
	atom.Footer: true, atom.Img: true, atom.Picture: true, atom.Head: true,
	atom.Pre: true, atom.Code: true, atom.Kbd: true, atom.Samp: true,
}

var skipRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true,
	"toolbar": true,
}

// boilerClass matches the class or id words of the parts of a page that are
// the site's, not the page's: cookie and consent banners, breadcrumbs, skip
// links, share buttons, screen-reader-only text (it repeats or announces
// what the page shows), feedback prompts, on-page contents lists (they
// repeat the headings), related links and publishing metadata.
var boilerClass = regexp.MustCompile(`(?i)(?:^|[\s_-])(?:cookies?|cookie-?\w+|consent|gdpr|ccc|cc-window|breadcrumbs?|skip-?links?|skip-?to-?\w*|share|sharing|social|visually-?hidden|visuallyhidden|sr-only|screen-?reader-?(?:text|only)|element-invisible|feedback|related|phase-banner|emergency-banner|contents-list|toc|table-of-contents|in-page-nav|metadata|meta|byline|last-changed|print-link)(?:$|[\s_-])`)

// weakClass words mark furniture too, but also turn up in the names of
// layouts that hold the content ("sidebar-with-body", "menu-and-content"):
// as in Readability, an element whose class also names the body, content,
// main part, article or a column is kept.
var weakClass = regexp.MustCompile(`(?i)(?:^|[\s_-])(?:sidebar|sub-?nav|navbar|menu|toolbar|pager|pagination|back-to-top|advert\w*|promo|newsletter|signup|survey|modal|popup|overlay)(?:$|[\s_-])`)

var okClass = regexp.MustCompile(`(?i)body|content|main|article|column`)

// boilerplate says whether the element n (and all under it) is the site's
// furniture rather than the page's text.
func boilerplate(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if skipTags[n.DataAtom] {
		return true
	}
	if n.DataAtom == atom.Header && !hasHeading(n) {
		// A site banner; a header inside the content holds its heading.
		return true
	}
	if _, ok := attr(n, "hidden"); ok {
		return true
	}
	if v, _ := attr(n, "aria-hidden"); v == "true" {
		return true
	}
	if v, _ := attr(n, "aria-modal"); v == "true" {
		return true
	}
	if v, _ := attr(n, "style"); strings.Contains(strings.ReplaceAll(strings.ToLower(v), " ", ""), "display:none") {
		return true
	}
	if v, _ := attr(n, "role"); skipRoles[v] {
		return true
	}
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		// Their classes describe the whole page ("social-icons-style"
		// on a theme's body), not a part of it.
		return false
	}
	for _, k := range []string{"class", "id"} {
		v, _ := attr(n, k)
		if v != "" && (boilerClass.MatchString(v) || weakClass.MatchString(v) && !okClass.MatchString(v)) {
			return true
		}
	}
	return false
}

func hasHeading(n *html.Node) bool {
	found := false
	walk(n, func(c *html.Node) bool {
		if isHeading(c.DataAtom) {
			found = true
		}
		return !found
	})
	return found
}
