package site

import (
	"fmt"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/rules"
)

// The home page and the documents listing: every document by topic
// (front matter topic:), topics A to Z and documents by title within each,
// those without a topic last under "Other guidance". The home page lists
// them all while they fit on one page of the listing; past that it
// summarises each topic (its first documents and how many there are) and
// links the listing, documents/ and documents/page/<n>/.

func init() {
	registerKind(&pageKind{name: "home", template: "home",
		nav: &navEntry{text: "Guidance", section: "home", order: 10},
		pages: func(b *builder) []page {
			return []page{{path: homePage, weight: len(b.docs), model: func() (any, error) { return b.homePage(), nil }, reads: b.homeReads}}
		}})
	registerKind(&pageKind{name: "documents", template: "documents",
		pages: func(b *builder) []page {
			if !b.homeSummarised() {
				return nil
			}
			var out []page
			for n := 1; n <= b.listPaging().pages(); n++ {
				out = append(out, page{path: documentsPage(n), weight: b.listPer / 4,
					model: func() (any, error) { return b.documentsPageModel(n), nil },
					reads: func() any { return b.documentsReads(n) }})
			}
			return out
		}})
}

// docListing is what a list of documents shows of one (docSummary), and
// the topic it is filed under.
type docListing struct {
	Slug, Title, Summary, Topic, Updated, Owner string
	// Findings are counted in the editors' view only.
	Findings Counts
}

func (b *builder) listing(e *entry) docListing {
	r := e.rec
	l := docListing{Slug: r.Slug, Title: r.Title, Summary: r.Summary, Topic: r.Topic, Updated: r.Updated, Owner: r.Owner}
	if b.in.Editor {
		l.Findings = countOf(b.byDoc[e])
	}
	return l
}

// homeReads are what the home page is built from: every document as lists
// show it, and in the editors' view the findings counted by rule.
func (b *builder) homeReads() any {
	var in struct {
		Docs     []docListing
		Rules    []ruleCount
		Findings Counts
	}
	in.Docs = make([]docListing, len(b.docs))
	for i, e := range b.docs {
		in.Docs[i] = b.listing(e)
	}
	if b.in.Editor {
		in.Rules, in.Findings = b.ruleCounts(), countOf(b.findings)
	}
	return in
}

// documentsReads are what page n of the documents listing is built from:
// the topics, and the documents on the page as lists show them.
func (b *builder) documentsReads(n int) any {
	type topic struct {
		Name, ID string
		Docs     int
	}
	var in struct {
		Topics []topic
		Docs   []docListing
	}
	for _, t := range b.topics {
		in.Topics = append(in.Topics, topic{t.name, t.id, len(t.docs)})
	}
	lo, hi := b.listPaging().bounds(n)
	for _, e := range b.listed[lo:hi] {
		l := b.listing(e)
		// The listing's template shows no counts of findings (the home
		// page's health and the report do): a new finding leaves it be.
		// TestKeysFollowModels fails should it show them.
		l.Findings = Counts{}
		in.Docs = append(in.Docs, l)
	}
	return in
}

// topicDocs is one topic's documents, by title.
type topicDocs struct {
	name, id string
	docs     []*entry
	// at is the place of the topic's first document in the listing.
	at int
}

// topicsOf groups documents (by title) by topic, in the order the home
// page lists them.
func topicsOf(byTitle []*entry) []topicDocs {
	groups := map[string][]*entry{}
	for _, e := range byTitle {
		topic := strings.TrimSpace(e.rec.Topic)
		groups[topic] = append(groups[topic], e)
	}
	var names []string
	for t := range groups {
		if t != "" {
			names = append(names, t)
		}
	}
	sort.Slice(names, func(i, j int) bool { return lessFold(names[i], names[j]) })
	if len(groups[""]) > 0 {
		names = append(names, "")
	}
	ids := map[string]int{}
	out := make([]topicDocs, 0, len(names))
	at := 0
	for _, t := range names {
		g := topicDocs{name: t, docs: groups[t], at: at}
		if t == "" {
			g.name = "Other guidance"
		}
		g.id = uniqueID(ids, "topic-"+corpus.Anchor(g.name))
		at += len(g.docs)
		out = append(out, g)
	}
	return out
}

// documentsPage is the site path of page n of the documents listing.
func documentsPage(n int) string { return pagedPath("documents", n) }

// listPaging is the paging of the documents listing.
func (b *builder) listPaging() paging {
	return paging{total: len(b.listed), per: b.listPer, path: documentsPage, noun: "Documents", lower: "documents"}
}

// homeSummarised reports whether the home page summarises the documents
// rather than listing them all, and so whether there is a documents
// listing.
func (b *builder) homeSummarised() bool { return len(b.docs) > b.listPer }

func (b *builder) docSummary(e *entry, from string) DocSummary {
	l := b.listing(e)
	s := DocSummary{Title: l.Title, Href: relHref(from, docPage(l.Slug)), Summary: l.Summary,
		Updated: l.Updated, Owner: l.Owner, Findings: l.Findings}
	if s.Findings.Total > 0 {
		s.FindingsHref = withFragment(s.Href, "Findings")
	}
	return s
}

// topicShown is how many documents of each topic a summarised home page
// shows: summaryShown, or fewer when there are many topics, so that it
// shows no more than a page of the listing.
func (b *builder) topicShown() int {
	return max(1, min(summaryShown, b.listPer/min(len(b.topics), summaryTopics)))
}

func (b *builder) homePage() *HomePage {
	p := &HomePage{Layout: b.layout(homePage, b.title, "home")}
	if intro := paragraphs(b.in.Intro); len(intro) > 0 {
		p.Lead, p.Intro = intro[0], intro[1:]
	}
	summarise := b.homeSummarised()
	if summarise {
		p.Total = len(b.docs)
		p.AllHref = relHref(homePage, documentsPage(1))
	}
	pg := b.listPaging()
	for i, t := range b.topics {
		if summarise && i == summaryTopics {
			p.MoreTopics = len(b.topics) - i
			break
		}
		g := TopicGroup{Topic: t.name, ID: t.id}
		docs := t.docs
		if summarise {
			docs = docs[:min(len(docs), b.topicShown())]
			g.Total = len(t.docs)
			g.Href = withFragment(relHref(homePage, documentsPage(pg.pageOf(t.at))), t.id)
		}
		for _, d := range docs {
			g.Docs = append(g.Docs, b.docSummary(d, homePage))
		}
		p.Topics = append(p.Topics, g)
	}
	if !b.in.Editor {
		return p
	}
	p.Health = &Health{}
	h := p.Health
	h.Documents, h.Terms = len(b.docs), len(b.g.Terms)
	h.Findings = countOf(b.findings)
	h.ReportHref = relHref(homePage, reportPage)
	h.DocsWithFindings = len(b.withFindings)
	for _, d := range b.docs {
		if len(b.byDoc[d]) > 0 {
			h.Docs = append(h.Docs, b.docSummary(d, homePage))
		}
	}
	sort.SliceStable(h.Docs, func(i, j int) bool {
		a, c := h.Docs[i].Findings, h.Docs[j].Findings
		if a.Errors != c.Errors {
			return a.Errors > c.Errors
		}
		if a.Warnings != c.Warnings {
			return a.Warnings > c.Warnings
		}
		if a.Total != c.Total {
			return a.Total > c.Total
		}
		return lessFold(h.Docs[i].Title, h.Docs[j].Title)
	})
	if len(h.Docs) > b.listPer {
		// The documents with most findings; the report lists them all.
		h.Docs = h.Docs[:min(summaryShown, b.listPer)]
		h.DocsHref = relHref(homePage, reportDocumentsPage(1))
	}
	for id, fs := range b.byRule {
		rc := RuleCount{Rule: id, Count: len(fs), Title: id}
		if r := rules.Lookup(id); r != nil {
			rc.Title = r.Title
			rc.Href = relHref(homePage, rulePage(id))
		}
		h.ByRule = append(h.ByRule, rc)
	}
	sort.Slice(h.ByRule, func(i, j int) bool {
		if h.ByRule[i].Count != h.ByRule[j].Count {
			return h.ByRule[i].Count > h.ByRule[j].Count
		}
		return h.ByRule[i].Rule < h.ByRule[j].Rule
	})
	return p
}

// documentsPageModel is page n of the documents listing.
func (b *builder) documentsPageModel(n int) *DocumentsPage {
	page := documentsPage(n)
	pg := b.listPaging()
	lo, hi := pg.bounds(n)
	title := "All guidance"
	if pg.pages() > 1 {
		title = fmt.Sprintf("All guidance: documents %d to %d", lo+1, hi)
	}
	p := &DocumentsPage{Layout: b.layout(page, title, "home"), Total: len(b.listed), First: lo + 1, Last: hi, Pager: pg.pager(n, page)}
	pg.linkPages(&p.Layout, n)
	for _, t := range b.topics {
		from, to := max(lo, t.at), min(hi, t.at+len(t.docs))
		if from >= to {
			continue
		}
		g := TopicGroup{Topic: t.name, ID: t.id, Total: len(t.docs), Continued: from > t.at}
		for _, d := range t.docs[from-t.at : to-t.at] {
			g.Docs = append(g.Docs, b.docSummary(d, page))
		}
		p.Topics = append(p.Topics, g)
	}
	return p
}
