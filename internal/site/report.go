package site

import (
	"fmt"
	"sort"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

// The consistency report (the editors' view): every finding, by rule in
// full, by document and by term in brief. While the findings fit on one
// page of DefaultFindingsPerPage and the documents with findings on one
// page of the listing, report/index.html holds them all. Past that it
// summarises (counts by rule, the documents with most findings, counts by
// term) and the findings in full are paged at report/findings/, the
// documents with findings at report/documents/ (see paging.go); every link
// to a finding goes to the page holding it.

func init() {
	registerKind(&pageKind{name: "report", template: "report",
		nav: &navEntry{text: "Consistency report", section: "report", order: 40},
		pages: func(b *builder) []page {
			if !b.in.Editor {
				return nil
			}
			return []page{{path: reportPage, weight: 3 * len(b.findings),
				model: func() (any, error) { return b.reportPage(), nil }, reads: b.reportReads}}
		}})
	registerKind(&pageKind{name: "report-findings", template: "report-findings",
		pages: func(b *builder) []page {
			if !b.reportPaged() {
				return nil
			}
			var out []page
			for n := 1; n <= b.findingsPaging().pages(); n++ {
				out = append(out, page{path: reportFindingsPage(n), weight: 3 * b.findPer,
					model: func() (any, error) { return b.reportFindingsPageModel(n), nil },
					reads: func() any { return b.reportFindingsReads(n) }})
			}
			return out
		}})
	registerKind(&pageKind{name: "report-documents", template: "report-documents",
		pages: func(b *builder) []page {
			if !b.reportPaged() {
				return nil
			}
			var out []page
			for n := 1; n <= b.reportDocsPaging(len(b.files)).pages(); n++ {
				out = append(out, page{path: reportDocumentsPage(n), weight: b.listPer / 4,
					model: func() (any, error) { return b.reportDocumentsPageModel(n), nil },
					reads: func() any { return b.reportDocumentsReads(n) }})
			}
			return out
		}})
}

// reportReads are what the report is built from: every finding, and the
// documents with findings in the order it lists them.
func (b *builder) reportReads() any {
	type ranked struct {
		Slug string
		Rank int
	}
	var in struct {
		Findings []Key
		Docs     []ranked
	}
	in.Findings = b.keysOf(b.findings)
	for _, e := range b.docs {
		if len(b.byDoc[e]) > 0 {
			in.Docs = append(in.Docs, ranked{e.rec.Slug, b.rank[e]})
		}
	}
	return in
}

// reportFindingsReads are what page n of the findings reads: the counts of
// all findings, the findings on it, and each rule's heading (its counts, and whether it began on an
// earlier page).
func (b *builder) reportFindingsReads(n int) any {
	type heading struct {
		Rule      string
		Counts    Counts
		Continued bool
	}
	var in struct {
		// All is every finding counted, in the page's lead.
		All      Counts
		Headings []heading
		Findings []Key
	}
	in.All = countOf(b.findings)
	lo, hi := b.findingsPaging().bounds(n)
	order := b.ordered
	for _, f := range order[lo:hi] {
		if len(in.Headings) == 0 || in.Headings[len(in.Headings)-1].Rule != f.Rule {
			at := b.findingAt[f]
			in.Headings = append(in.Headings, heading{f.Rule, countOf(b.byRule[f.Rule]), at > 0 && order[at-1].Rule == f.Rule})
		}
	}
	in.Findings = b.keysOf(order[lo:hi])
	return in
}

// reportDocumentsReads are what page n of the files with findings reads:
// how many files there are, and each file's group on the page, its findings
// left out.
func (b *builder) reportDocumentsReads(n int) any {
	lo, hi := b.reportDocsPaging(len(b.files)).bounds(n)
	var in struct {
		Files  int
		Groups []FindingGroup
	}
	in.Files = len(b.files)
	for _, ff := range b.files[lo:hi] {
		in.Groups = append(in.Groups, b.fileGroup(ff, ""))
	}
	return in
}

func reportFindingsPage(n int) string  { return pagedPath("report/findings", n) }
func reportDocumentsPage(n int) string { return pagedPath("report/documents", n) }

// ruleOrder is the rules with findings as the report lists them: in
// registry order, then any rule the registry no longer has.
func (b *builder) ruleOrder() []string {
	seen := map[string]bool{}
	var ids, unknown []string
	for _, r := range rules.All() {
		seen[r.ID] = true
		if len(b.byRule[r.ID]) > 0 {
			ids = append(ids, r.ID)
		}
	}
	for id := range b.byRule {
		if !seen[id] {
			unknown = append(unknown, id)
		}
	}
	sort.Strings(unknown)
	return append(ids, unknown...)
}

// reportOrder is every finding in the report's order: by rule.
func (b *builder) reportOrder() []*rules.Finding {
	out := make([]*rules.Finding, 0, len(b.findings))
	for _, id := range b.ruleOrder() {
		out = append(out, b.byRule[id]...)
	}
	return out
}

// fileFindings are the findings of one file the report lists: a document,
// or a file that is not a published document (e is nil).
type fileFindings struct {
	e        *entry
	file     string
	findings []*rules.Finding
	// id is the group's id: doc-<slug>, or file-<name> made unique.
	id string
}

// reportFiles are the files with findings as the report lists them: the
// documents by title, then other files by name.
func (b *builder) reportFiles() []fileFindings {
	out := make([]fileFindings, 0, len(b.withFindings))
	inDoc := map[*rules.Finding]bool{}
	for _, e := range b.withFindings {
		out = append(out, fileFindings{e: e, file: e.rec.Path, findings: b.byDoc[e]})
		for _, f := range b.byDoc[e] {
			inDoc[f] = true
		}
	}
	other := map[string][]*rules.Finding{}
	var files []string
	for _, f := range b.findings {
		if !inDoc[f] {
			if len(other[f.File]) == 0 {
				files = append(files, f.File)
			}
			other[f.File] = append(other[f.File], f)
		}
	}
	sort.Strings(files)
	ids := map[string]int{}
	for _, file := range files {
		out = append(out, fileFindings{file: file, findings: other[file], id: uniqueID(ids, "file-"+corpus.Anchor(file))})
	}
	for i := range out {
		if e := out[i].e; e != nil {
			out[i].id = "doc-" + idPart(e.rec.Slug)
		}
	}
	return out
}

// reportPaged reports whether the report summarises and pages its lists.
func (b *builder) reportPaged() bool {
	return b.in.Editor && (len(b.findings) > b.findPer || len(b.files) > b.listPer)
}

func (b *builder) findingsPaging() paging {
	return paging{total: len(b.findings), per: b.findPer, path: reportFindingsPage, noun: "Findings", lower: "findings"}
}

func (b *builder) reportDocsPaging(total int) paging {
	return paging{total: total, per: b.listPer, path: reportDocumentsPage, noun: "Documents", lower: "documents"}
}

// findingHref is where a finding is in full, from the page at from.
func (b *builder) findingHref(f *rules.Finding, from string) string {
	page := reportPage
	if b.reportPaged() {
		page = reportFindingsPage(b.findingsPaging().pageOf(b.findingAt[f]))
	}
	return withFragment(relHref(from, page), findingID(f))
}

// docReportPage is the report page that lists a document's findings.
func (b *builder) docReportPage(e *entry) string {
	if !b.reportPaged() {
		return reportPage
	}
	i := sort.Search(len(b.withFindings), func(i int) bool { return b.rank[b.withFindings[i]] >= b.rank[e] })
	return reportDocumentsPage(b.reportDocsPaging(len(b.files)).pageOf(i))
}

// fileGroup is a file's findings as a group, its findings left out.
func (b *builder) fileGroup(ff fileFindings, page string) FindingGroup {
	g := FindingGroup{ID: ff.id, Title: ff.file, Counts: countOf(ff.findings)}
	if ff.e != nil {
		g.Title, g.Href = ff.e.rec.Title, relHref(page, docPage(ff.e.rec.Slug))
	}
	return g
}

// ruleGroup is a rule's findings as a group, its findings left out.
func (b *builder) ruleGroup(id string, page string) FindingGroup {
	g := FindingGroup{ID: "rule-" + id, Title: id, Counts: countOf(b.byRule[id])}
	if r := rules.Lookup(id); r != nil {
		g.Title = id + ": " + r.Title
		g.Href = relHref(page, rulePage(id))
	}
	return g
}

// termsByName are the glossary's terms A to Z.
func (b *builder) termsByName() []*glossary.Term {
	terms := append([]*glossary.Term(nil), b.g.Terms...)
	sort.SliceStable(terms, func(i, j int) bool { return lessFold(terms[i].Term, terms[j].Term) })
	return terms
}

func (b *builder) reportPage() *ReportPage {
	page := reportPage
	p := &ReportPage{Layout: b.layout(page, "Consistency report", "report"), Counts: countOf(b.findings)}
	paged := b.reportPaged()
	views := map[*rules.Finding]FindingView{}
	view := func(f *rules.Finding) FindingView {
		v, ok := views[f]
		if !ok {
			v = b.finding(f, page)
			views[f] = v
		}
		return v
	}
	if paged {
		p.FindingsHref = relHref(page, reportFindingsPage(1))
	}
	fp := b.findingsPaging()
	for _, id := range b.ruleOrder() {
		g := b.ruleGroup(id, page)
		if paged {
			g.FindingsHref = withFragment(relHref(page, reportFindingsPage(fp.pageOf(b.findingAt[b.byRule[id][0]]))), g.ID)
		} else {
			for _, f := range b.byRule[id] {
				g.Findings = append(g.Findings, view(f))
			}
		}
		p.ByRule = append(p.ByRule, g)
	}
	files := b.files
	if paged {
		// The files with most findings; report/documents/ lists them all.
		p.DocsTotal = len(files)
		p.DocsHref = relHref(page, reportDocumentsPage(1))
		top := append([]fileFindings(nil), files...)
		sort.SliceStable(top, func(i, j int) bool {
			a, c := countOf(top[i].findings), countOf(top[j].findings)
			if a.Errors != c.Errors {
				return a.Errors > c.Errors
			}
			if a.Warnings != c.Warnings {
				return a.Warnings > c.Warnings
			}
			return a.Total > c.Total
		})
		for _, ff := range top[:min(len(top), summaryShown, b.listPer)] {
			p.ByDoc = append(p.ByDoc, b.fileGroup(ff, page))
		}
	} else {
		for _, ff := range files {
			g := b.fileGroup(ff, page)
			for _, f := range ff.findings {
				g.Findings = append(g.Findings, view(f))
			}
			p.ByDoc = append(p.ByDoc, g)
		}
	}
	for _, t := range b.termsByName() {
		fs := b.byTerm[t.ID]
		if len(fs) == 0 {
			continue
		}
		g := FindingGroup{ID: "term-" + t.ID, Title: upperFirst(t.Term), Href: relHref(page, termPage(t.ID)), Counts: countOf(fs)}
		if !paged {
			for _, f := range fs {
				g.Findings = append(g.Findings, view(f))
			}
		}
		p.ByTerm = append(p.ByTerm, g)
	}
	return p
}

// reportFindingsPageModel is page n of the findings in full, by rule.
func (b *builder) reportFindingsPageModel(n int) *ReportFindingsPage {
	page := reportFindingsPage(n)
	pg := b.findingsPaging()
	lo, hi := pg.bounds(n)
	title := fmt.Sprintf("Consistency report: findings %d to %d", lo+1, hi)
	p := &ReportFindingsPage{Layout: b.layout(page, title, "report", Link{Text: "Consistency report", Href: relHref(page, reportPage)}),
		Counts: countOf(b.findings), Total: len(b.findings), First: lo + 1, Last: hi, Pager: pg.pager(n, page)}
	pg.linkPages(&p.Layout, n)
	i := 0
	for _, id := range b.ruleOrder() {
		fs := b.byRule[id]
		from, to := max(lo, i), min(hi, i+len(fs))
		if from < to {
			g := b.ruleGroup(id, page)
			g.Continued = from > i
			for _, f := range fs[from-i : to-i] {
				g.Findings = append(g.Findings, b.finding(f, page))
			}
			p.ByRule = append(p.ByRule, g)
		}
		i += len(fs)
	}
	return p
}

// reportDocumentsPageModel is page n of the files with findings.
func (b *builder) reportDocumentsPageModel(n int) *ReportDocumentsPage {
	page := reportDocumentsPage(n)
	files := b.files
	pg := b.reportDocsPaging(len(files))
	lo, hi := pg.bounds(n)
	title := fmt.Sprintf("Consistency report: documents %d to %d", lo+1, hi)
	p := &ReportDocumentsPage{Layout: b.layout(page, title, "report", Link{Text: "Consistency report", Href: relHref(page, reportPage)}),
		Total: len(files), First: lo + 1, Last: hi, Pager: pg.pager(n, page)}
	pg.linkPages(&p.Layout, n)
	for _, ff := range files[lo:hi] {
		g := b.fileGroup(ff, page)
		if ff.e != nil {
			g.Href = withFragment(g.Href, "Findings")
		}
		p.Docs = append(p.Docs, g)
	}
	return p
}
