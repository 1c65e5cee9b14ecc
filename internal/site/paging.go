package site

import (
	"fmt"
	"strconv"
)

// Every list that grows with the corpus is split into pages of a fixed size
// once it no longer fits on one, so that no page grows with the corpus: a
// term's uses (glossary/<id>/uses-<n>/), every document by topic
// (documents/page/<n>/), the findings in full (report/findings/page/<n>/)
// and the documents with findings (report/documents/page/<n>/). Page 1 is
// the list's own folder; the others have stable addresses, so a link to
// page 3 stays a link to the same slice of the list while the list's order
// holds. The home page and the report summarise such lists and link the
// pages; a small corpus, whose lists fit on one page, gets no paged list.

// DefaultListPerPage is how many documents each page of the documents
// listings holds, and how long a list the home page and the report show in
// full before they summarise it.
const DefaultListPerPage = 200

// DefaultFindingsPerPage is how many findings, in full, each page of the
// consistency report's findings holds; a report with no more than this
// shows them all on its own page.
const DefaultFindingsPerPage = 25

// summaryShown is how many items a summarised list shows before its link to
// the full list: the documents of each topic on the home page, the
// documents with most findings, a term's findings and restatements.
const summaryShown = 10

// summaryTopics is how many topics a summarised home page lists; the rest
// are in the documents listing.
const summaryTopics = 30

// paging is a list of total items split into pages of per items.
type paging struct {
	total, per int
	// path is the site path of page k (1 for the list's own page).
	path func(k int) string
	// fragment1, when set, is the fragment links to page 1 go to (the list's
	// place on a page that holds more than the list).
	fragment1 string
	// noun names the items, capitalised ("Documents", "Findings") in the
	// pager's labels; lower is it mid-sentence.
	noun, lower string
}

// pages is how many pages the list takes (1 for an empty list).
func (pg paging) pages() int { return max(1, (pg.total+pg.per-1)/pg.per) }

// bounds are the indexes of the items on page n: [lo, hi).
func (pg paging) bounds(n int) (lo, hi int) {
	return min((n-1)*pg.per, pg.total), min(n*pg.per, pg.total)
}

// pageOf is the page holding item i (0-based).
func (pg paging) pageOf(i int) int { return i/pg.per + 1 }

// href is the link from the page at from to page k.
func (pg paging) href(from string, k int) string {
	h := relHref(from, pg.path(k))
	if k == 1 {
		h = withFragment(h, pg.fragment1)
	}
	return h
}

// pager links the pages of the list from page n, on the page at from; nil
// when the list fits on one page.
func (pg paging) pager(n int, from string) *Pager {
	pages := pg.pages()
	if pages <= 1 {
		return nil
	}
	first, last := pg.bounds(n)
	p := &Pager{Label: fmt.Sprintf("%s %d to %d of %d", pg.noun, first+1, last, pg.total), Noun: pg.lower}
	// As GOV.UK's pagination does: the first and last pages, the current
	// one and its neighbours, and a gap for the rest.
	for k := 1; k <= pages; k++ {
		if k != 1 && k != pages && (k < n-2 || k > n+2) {
			if len(p.Pages) > 0 && !p.Pages[len(p.Pages)-1].Gap {
				p.Pages = append(p.Pages, PagerLink{Gap: true})
			}
			continue
		}
		lo, hi := pg.bounds(k)
		p.Pages = append(p.Pages, PagerLink{Text: strconv.Itoa(k), Label: fmt.Sprintf("%s %d to %d", pg.noun, lo+1, hi), Href: pg.href(from, k), Current: k == n})
	}
	if n > 1 {
		p.Prev = pg.href(from, n-1)
	}
	if n < pages {
		p.Next = pg.href(from, n+1)
	}
	return p
}

// linkPages sets the page's <link rel="prev"> and <link rel="next"> for page
// n of the list.
func (pg paging) linkPages(l *Layout, n int) {
	if n > 1 {
		l.PrevHref = relHref(l.Path, pg.path(n-1))
	}
	if n < pg.pages() {
		l.NextHref = relHref(l.Path, pg.path(n+1))
	}
}

// pagedPath is the site path of page n of a list whose first page is
// dir/index.html: dir/page/<n>/index.html.
func pagedPath(dir string, n int) string {
	if n <= 1 {
		return dir + "/index.html"
	}
	return dir + "/page/" + strconv.Itoa(n) + "/index.html"
}
