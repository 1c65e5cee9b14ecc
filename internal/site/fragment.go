package site

import (
	"html/template"
	"iter"
	"strconv"
	"strings"
	"sync"
)

// A few lists run to tens of thousands of items on one page (every sentence
// of the guidance that uses "stalking"), and html/template spends most of a
// build on them: every action is a reflective call, three for a URL. The
// template functions here write such a list in one call. They escape every
// value exactly as html/template does in the same place (TestFragmentEscaping
// holds them to html/template itself) and write exactly the markup the
// template they replace wrote (TestFragmentsSameAsTemplates).

// fragment builds HTML. Values go in only through text and url.
type fragment struct{ b []byte }

func (f *fragment) write(s string)   { f.b = append(f.b, s...) }
func (f *fragment) writeByte(c byte) { f.b = append(f.b, c) }
func (f *fragment) String() string   { return string(f.b) }

// reset empties the fragment, keeping its memory for what comes next.
func (f *fragment) reset() { f.b = f.b[:0] }

// raw writes markup that is part of the theme, never a value.
func (f *fragment) raw(s string) { f.write(s) }

func (f *fragment) int(n int) { f.b = strconv.AppendInt(f.b, int64(n), 10) }

// plural is the "plural" template function, which needs no escaping for
// the theme's own words.
func (f *fragment) plural(n int, one, many string) {
	f.int(n)
	f.writeByte(' ')
	if n == 1 {
		f.write(one)
	} else {
		f.write(many)
	}
}

// text writes a string as html/template writes {{.}} in text or in a
// quoted attribute value (its htmlEscaper and attrEscaper, which agree on
// strings): NUL and the five characters that can end text or an attribute,
// and "+", are replaced. Bytes of a multi-byte sequence are never ASCII, so
// the byte loop sees the same characters html/template's rune loop does.
func (f *fragment) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		f.write(s[last:i])
		f.write(repl)
		last = i + 1
	}
	f.write(s[last:])
}

// url writes a string as html/template writes href="{{.}}": a URL whose
// scheme is not http, https or mailto becomes "#ZgotmplZ" (urlFilter); bytes
// that may not appear in a URL are percent-encoded, existing escapes kept
// (urlNormalizer); and the result is escaped for the attribute (attrEscaper).
func (f *fragment) url(s string) {
	if !isSafeURL(s) {
		s = "#ZgotmplZ"
	}
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		case c == '&':
			f.write(s[last:i])
			f.write("&amp;")
		case c == '+':
			f.write(s[last:i])
			f.write("&#43;")
		default:
			f.write(s[last:i])
			f.writeByte('%')
			f.writeByte(hex[c>>4])
			f.writeByte(hex[c&15])
		}
		last = i + 1
	}
	f.write(s[last:])
}

// isSafeURL is html/template's: a URL with a scheme must be http, https or
// mailto.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (f *fragment) html() template.HTML {
	return template.HTML(f.String()) // #nosec G203 -- every value went through text or url
}

// fragments are reused, so that a list costs one string of its own size.
var fragments = sync.Pool{New: func() any { return new(fragment) }}

func newFragment() *fragment {
	f := fragments.Get().(*fragment)
	f.reset()
	return f
}

// done returns the HTML and the fragment to the pool.
func (f *fragment) done() template.HTML {
	h := f.html()
	fragments.Put(f)
	return h
}

// usageList writes a term page's usage, document by document: what the
// theme's term.html wrote with {{range .Usage}} and "usage-sentence". It
// yields the HTML in pieces for {{range}} to print one at a time: the list
// for a common term can run to hundreds of kilobytes (DefaultUsagePerPage
// documents, each with a sentence and its sections), and text/template copies
// whatever it prints into a buffer of that size first.
func usageList(usage []DocUsage) iter.Seq[template.HTML] {
	return func(yield func(template.HTML) bool) {
		f := newFragment()
		defer fragments.Put(f)
		for i := range usage {
			f.usage(&usage[i])
			if len(f.b) >= usageChunk || i == len(usage)-1 {
				if !yield(f.html()) {
					return
				}
				f.reset()
			}
		}
	}
}

// usageChunk is the size of the pieces usageList yields, below the size
// above which fmt stops reusing its buffers.
const usageChunk = 16 << 10

func (f *fragment) usage(u *DocUsage) {
	f.raw("\n<h3 class=\"usage__doc\"><a href=\"")
	f.url(u.Doc.Href)
	f.raw("\">")
	f.text(u.Doc.Text)
	f.raw("</a> <span class=\"usage__count\">(")
	f.plural(u.Count, "use", "uses")
	f.raw(")</span></h3>\n<p class=\"usage")
	if u.Quote != nil && u.Quote.Deprecated {
		f.raw(" usage--deprecated")
	}
	f.raw("\">")
	rest := u.Sections
	if u.Quote != nil && len(rest) > 0 {
		f.usageLink(rest[0])
		f.writeByte(':')
		f.usageSentence(u.Quote)
		rest = rest[1:]
		if len(rest) > 0 {
			f.raw("<br>Also in ")
		}
	} else {
		f.raw("In ")
	}
	for i, l := range rest {
		if i > 0 {
			f.raw(", ")
		}
		f.usageLink(l)
	}
	if len(rest) > 0 {
		f.writeByte('.')
	}
	f.raw("</p>")
}

func (f *fragment) usageLink(l Link) {
	f.raw("<a href=\"")
	f.url(l.Href)
	f.raw("\">")
	f.text(l.Text)
	f.raw("</a>")
}

// usageSentence writes a sentence that uses a term, in quotation marks,
// the term's words marked.
func (f *fragment) usageSentence(s *Sentence) {
	if s.Deprecated {
		f.raw(" <strong class=\"tag tag--warning\">Deprecated wording</strong>")
	}
	f.raw(" “")
	for _, p := range s.Parts {
		if p.Mark {
			f.raw("<mark>")
			f.text(p.Text)
			f.raw("</mark>")
		} else {
			f.text(p.Text)
		}
	}
	f.raw("”")
}

// linkItems writes the items of a list of links, as the theme wrote them
// with {{range}}<li><a href="{{.Href}}">{{.Text}}</a></li>: a document's
// contents and related guidance, the breadcrumbs.
func linkItems(links []Link) template.HTML {
	f := newFragment()
	for _, l := range links {
		f.linkItem(l.Href, l.Text)
	}
	return f.done()
}

// termItems is linkItems for terms, which every document lists.
func termItems(terms []TermRef) template.HTML {
	f := newFragment()
	for _, t := range terms {
		f.linkItem(t.Href, t.Term)
	}
	return f.done()
}

// termDefs writes the glossary terms a document uses as the items of a
// definition list: each term linked to its page, and a place for its
// summary, which every link to the term in the text refers to
// (describedByID). assets/concord.js fills it from assets/terms.js
// (termsScript), which holds every summary once for the whole site.
func termDefs(terms []TermRef) template.HTML {
	f := newFragment()
	for _, t := range terms {
		f.raw("\n<dt><a href=\"")
		f.url(t.Href)
		f.raw("\">")
		f.text(t.Term)
		f.raw("</a></dt><dd id=\"")
		f.text(describedByID(t.ID))
		f.raw("\"></dd>")
	}
	return f.done()
}

func (f *fragment) linkItem(href, text string) {
	f.raw("\n<li><a href=\"")
	f.url(href)
	f.raw("\">")
	f.text(text)
	f.raw("</a></li>")
}

// navItems writes the items of the header navigation, on every page.
func navItems(nav []NavItem) template.HTML {
	f := newFragment()
	for _, n := range nav {
		if n.Active {
			f.raw("\n<li class=\"header__nav-item--active\"><a href=\"")
		} else {
			f.raw("\n<li><a href=\"")
		}
		f.url(n.Href)
		if n.Current {
			f.raw("\" aria-current=\"page\">")
		} else {
			f.raw("\">")
		}
		f.text(n.Text)
		f.raw("</a></li>")
	}
	return f.done()
}
