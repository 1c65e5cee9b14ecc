package site

import (
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
)

// A document's page: docs/<slug>/index.html, its text rendered with
// every glossary term linked, the terms it uses, what links to it and, in
// the editors' view, its findings marked in the text.

func init() {
	registerKind(&pageKind{name: "document", template: "document",
		pages: func(b *builder) []page {
			out := make([]page, len(b.docs))
			for i, e := range b.docs {
				out[i] = page{path: docPage(e.rec.Slug), weight: 1,
					model: func() (any, error) { return b.docPage(e) },
					reads: func() any { return b.docReads(e) }}
			}
			return out
		}})
}

// docReads are what a document's page is built from: its text, which its
// record is made from (rkey), where each of its links leads, the documents it names as related
// and those linking to it, and in the editors' view its findings.
func (b *builder) docReads(e *entry) any {
	var in struct {
		Record     Key
		Links      []Key // each target's tkey; zero when there is none
		Related    []*docName
		LinkedFrom []docName
		ReportPage string
		Findings   []Key
	}
	in.Record = e.rkey
	in.Links = make([]Key, len(e.rec.Links))
	for i, rel := range e.rec.Links {
		if t := b.byRel[rel]; t != nil {
			in.Links[i] = t.tkey
		}
	}
	for _, slug := range e.rec.Related {
		var n *docName
		if o := b.bySlug[strings.TrimSpace(slug)]; o != nil {
			n = &docName{o.rec.Slug, o.rec.Title}
		}
		in.Related = append(in.Related, n)
	}
	for _, o := range b.linkedFrom[e] {
		in.LinkedFrom = append(in.LinkedFrom, nameOf(o))
	}
	// Readers' pages show no finding: a change in findings alone leaves
	// them as they were.
	if b.in.Editor {
		in.ReportPage = b.docReportPage(e)
		in.Findings = b.keysOf(b.byDoc[e])
	}
	return in
}

func (b *builder) docPage(e *entry) (*DocPage, error) {
	d, df, tree, err := e.page()
	if err != nil {
		return nil, err
	}
	r := e.rec
	page := docPage(r.Slug)
	p := &DocPage{Layout: b.layout(page, r.Title, "home"),
		Slug: r.Slug, Source: r.Path, Summary: r.Summary, Topic: r.Topic, Updated: r.Updated, Owner: r.Owner,
		ReportHref: withFragment(relHref(page, b.docReportPage(e)), "doc-"+idPart(r.Slug))}
	for _, h := range d.Headings {
		if h.Level == 2 {
			p.Contents = append(p.Contents, Link{Text: h.Text, Href: "#" + h.Anchor})
		}
	}
	c := &docContext{doc: d, page: page, byRel: b.byRel, matcher: b.g.Matcher,
		termHref: func(t *glossary.Term) string { return relHref(page, termPage(t.ID)) }, known: newKnownBlocks(df), tree: tree}
	if b.in.Editor {
		for _, f := range b.byDoc[e] {
			p.Findings = append(p.Findings, b.finding(f, page))
		}
		p.Counts = countOf(b.byDoc[e])
		c.flags = flagSpans(d, b.byDoc[e], p.Findings)
	} else {
		p.ReportHref = ""
	}
	body, err := renderDocument(c)
	if err != nil {
		return nil, err
	}
	p.Body = trustedHTML(body)

	for _, t := range b.g.Terms {
		if n := r.term(t.ID).Uses; n > 0 || c.usedSet[t.ID] {
			// A linked term is always listed: its summary there is what
			// each link to it is described by (describedByID).
			ref := b.termRef(t, page)
			ref.Count = n
			p.Terms = append(p.Terms, ref)
		}
	}
	sort.SliceStable(p.Terms, func(i, j int) bool { return lessFold(p.Terms[i].Term, p.Terms[j].Term) })
	if len(p.Terms) > 0 {
		// The summaries come from one shared script (termsScript), not
		// the page: written into every page they were a quarter of it.
		p.Scripts = append(p.Scripts, p.Root+termsScriptPath)
	}

	seen := map[string]bool{r.Slug: true}
	for _, slug := range r.Related {
		if o := b.bySlug[strings.TrimSpace(slug)]; o != nil && !seen[o.rec.Slug] {
			seen[o.rec.Slug] = true
			p.Related = append(p.Related, Link{Text: o.rec.Title, Href: relHref(page, docPage(o.rec.Slug))})
		}
	}
	for _, o := range b.linkedFrom[e] {
		p.LinkedFrom = append(p.LinkedFrom, Link{Text: o.rec.Title, Href: relHref(page, docPage(o.rec.Slug))})
	}
	sort.SliceStable(p.LinkedFrom, func(i, j int) bool { return lessFold(p.LinkedFrom[i].Text, p.LinkedFrom[j].Text) })
	for _, n := range c.flags {
		p.Marked += len(n.notes)
	}
	p.Marked -= len(c.unplaced)
	return p, nil
}
