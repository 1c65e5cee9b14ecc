package site

import (
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/concord-guidance/concord/internal/audit"
)

// The audit section: what `concord audit` read of other bodies' pages,
// one page per glossary term with each publisher's wording beside the
// definition. Everything shown comes from those pages or from audit.yaml
// and is untrusted: templates escape it as text, and the only URL used as
// a link is the listed address itself, and only when it is http or https.

func init() {
	registerKind(&pageKind{name: "audit", template: "audit",
		nav: &navEntry{text: "Audit", section: "audit", order: 30},
		pages: func(b *builder) []page {
			d := b.in.Audit
			if d == nil {
				return nil
			}
			return []page{{path: auditPage, weight: len(d.Terms), model: func() (any, error) { return b.auditPage(), nil },
				reads: func() any { return auditReads(d) }}}
		}})
	registerKind(&pageKind{name: "audit-term", template: "audit-term",
		pages: func(b *builder) []page {
			d := b.in.Audit
			if d == nil {
				return nil
			}
			var out []page
			for _, t := range d.Terms {
				out = append(out, page{path: auditTermPage(t.ID), weight: 5 * len(t.Entries),
					model: func() (any, error) { return b.auditTermPage(t), nil },
					reads: func() any {
						return auditReads(struct {
							Pages []audit.SitePage
							Term  audit.SiteTerm
						}{d.Pages, t})
					}})
			}
			return out
		}})
}

// auditReads is the audit data a page shows, as JSON: it holds times,
// which keep their state in unexported fields that keyer.value cannot see.
func auditReads(v any) any {
	data, _ := json.Marshal(v) // plain values: cannot fail
	return string(data)
}

const auditPage = "audit/index.html"

func auditTermPage(id string) string { return "audit/" + id + "/index.html" }

// AuditPage is audit/index.html: the pages read, and per term each
// publisher's verdict.
type AuditPage struct {
	Layout
	Sources    []AuditSource  `json:"sources"`
	Publishers []string       `json:"publishers"` // the read pages, the table's columns
	Terms      []AuditTermRow `json:"terms"`
}

// AuditSource is one page listed in audit.yaml.
type AuditSource struct {
	Publisher string `json:"publisher"`
	// URL is the listed address, shown as text; Href is the same address
	// for the link, "" when it is not a plain http or https URL.
	URL  string `json:"url,omitempty"`
	Href string `json:"href,omitempty"`
	File string `json:"file,omitempty"`
	// Fetched is the date shown (FetchedISO the machine-readable one);
	// both "" for a saved copy.
	Fetched    string `json:"fetched,omitempty"`
	FetchedISO string `json:"fetchedISO,omitempty"`
	How        string `json:"how"`
	Failed     string `json:"failed,omitempty"`
}

// AuditTermRow is one row of the index's table.
type AuditTermRow struct {
	Term     Link           `json:"term"`
	Verdicts []AuditVerdict `json:"verdicts"`
}

// AuditVerdict is a verdict as shown: its words, and the tag class that
// repeats them in colour.
type AuditVerdict struct {
	Text  string `json:"text"`
	Class string `json:"class"`
}

// AuditTermPage is audit/TERM/index.html.
type AuditTermPage struct {
	Layout
	Term         string       `json:"term"`
	Definition   string       `json:"definition"`
	GlossaryHref string       `json:"glossaryHref"`
	Entries      []AuditEntry `json:"entries"`
	// Failed are the pages that could not be read, so none is dropped
	// unsaid.
	Failed []AuditSource `json:"failed,omitempty"`
}

// AuditEntry is one publisher's standing on the term.
type AuditEntry struct {
	ID       string         `json:"id"`
	Source   AuditSource    `json:"source"`
	Verdict  AuditVerdict   `json:"verdict"`
	Wording  []AuditWording `json:"wording,omitempty"`
	Findings []FindingView  `json:"findings,omitempty"`
}

// AuditWording is a publisher's description of the term beside the
// definition: the two wordings with the words each lacks marked, and the
// difference in phrases.
type AuditWording struct {
	Text    string    `json:"text"`
	Same    bool      `json:"same"`
	Dropped []string  `json:"dropped,omitempty"`
	Added   []string  `json:"added,omitempty"`
	Sides   DiffSides `json:"sides"`
}

func auditVerdict(v audit.Verdict) AuditVerdict {
	class := map[audit.Verdict]string{audit.Consistent: "ok", audit.Differs: "warning", audit.Contradicts: "error", audit.NotUsed: "info"}[v]
	return AuditVerdict{Text: upperFirst(string(v)), Class: class}
}

// auditSource shows one listed page. The link is the address audit.yaml
// gave, which audit.Load accepts only as http or https; it is checked
// again here, since the site must never link to anything else.
func auditSource(p audit.SitePage) AuditSource {
	s := AuditSource{Publisher: p.Publisher, URL: p.URL, File: p.File, Failed: p.Failed}
	if u, err := url.Parse(p.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		s.Href = u.String()
	}
	switch {
	case p.Failed != "":
		s.How = "could not be read"
	case p.Status == "file":
		s.How = "saved copy"
	case p.Status == string(audit.NotModified):
		s.How = "fetched (unchanged)"
	default:
		s.How = "fetched"
	}
	if !p.Fetched.IsZero() {
		s.Fetched = p.Fetched.Format("2 January 2006, 15:04 UTC")
		s.FetchedISO = p.Fetched.Format("2006-01-02T15:04:05Z")
	}
	return s
}

func (b *builder) auditPage() *AuditPage {
	d := b.in.Audit
	p := &AuditPage{Layout: b.layout(auditPage, "How published guidance describes the glossary’s terms", "audit")}
	for _, sp := range d.Pages {
		p.Sources = append(p.Sources, auditSource(sp))
		if sp.Failed == "" {
			p.Publishers = append(p.Publishers, sp.Publisher)
		}
	}
	for _, t := range d.Terms {
		row := AuditTermRow{Term: Link{Text: t.Term, Href: relHref(auditPage, auditTermPage(t.ID))}}
		for _, e := range t.Entries {
			row.Verdicts = append(row.Verdicts, auditVerdict(e.Verdict))
		}
		p.Terms = append(p.Terms, row)
	}
	return p
}

func (b *builder) auditTermPage(t audit.SiteTerm) *AuditTermPage {
	from := auditTermPage(t.ID)
	p := &AuditTermPage{Layout: b.layout(from, "How published guidance describes "+t.Term, "audit", Link{Text: "Audit", Href: relHref(from, auditPage)}),
		Term: t.Term, Definition: t.Definition}
	if b.g.Get(t.ID) != nil {
		p.GlossaryHref = relHref(from, termPage(t.ID))
	}
	for i, e := range t.Entries {
		src := auditSource(b.in.Audit.Pages[e.Page])
		v := AuditEntry{ID: fmt.Sprintf("publisher-%d", i+1), Source: src, Verdict: auditVerdict(e.Verdict)}
		for _, w := range e.Wording {
			ops := fromWording(w.Diff)
			aw := AuditWording{Text: w.Text, Same: true, Dropped: w.Dropped, Added: w.Added, Sides: sides(ops)}
			for _, o := range ops {
				if o.Op != "equal" {
					aw.Same = false
				}
			}
			aw.Sides.CanonicalLabel, aw.Sides.WrittenLabel = "The glossary’s definition", src.Publisher+"’s wording"
			aw.Sides.DroppedNote, aw.Sides.AddedNote = "not in the publisher’s wording", "not in the glossary"
			v.Wording = append(v.Wording, aw)
		}
		where := src.URL
		if where == "" {
			where = src.File
		}
		for j, f := range e.Findings {
			fv := FindingView{ID: fmt.Sprintf("%s-finding-%d", v.ID, j+1), Rule: f.Rule, Severity: f.Severity,
				Location: fmt.Sprintf("%s:%d:%d", where, f.Line, f.Column), Message: f.Message}
			if b.in.Editor {
				fv.RuleHref = relHref(from, rulePage(f.Rule))
			}
			v.Findings = append(v.Findings, fv)
		}
		p.Entries = append(p.Entries, v)
	}
	for _, sp := range b.in.Audit.Pages {
		if sp.Failed != "" {
			p.Failed = append(p.Failed, auditSource(sp))
		}
	}
	return p
}

// audited says whether the audit section has a page for the term.
func (b *builder) audited(id string) bool {
	if b.in.Audit == nil {
		return false
	}
	for _, t := range b.in.Audit.Terms {
		if t.ID == id {
			return true
		}
	}
	return false
}
