package audit

import (
	"strings"
	"time"

	"github.com/concord-guidance/concord/internal/wording"
)

// The audit as data for the site's audit section: plain values, every one
// of them untrusted text from another body's page or from audit.yaml,
// which the site escapes as it writes them. Order follows audit.yaml for
// pages and term id for terms, so the same cache gives the same pages.

// SitePage is one page of audit.yaml as the site shows it.
type SitePage struct {
	Publisher string `json:"publisher"`
	// URL is the address listed (fetched pages); File the saved copy.
	URL  string `json:"url,omitempty"`
	File string `json:"file,omitempty"`
	// Status is how the page was got: fetched, not-modified, cached or
	// file; Fetched is when a fetched page was last fetched or confirmed
	// (zero for a saved copy, which has no date of its own).
	Status  string    `json:"status"`
	Fetched time.Time `json:"fetched,omitzero"`
	// Failed says why the page could not be read ("" when it was).
	Failed string `json:"failed,omitempty"`
}

// SiteTerm is one glossary term that some page mentions.
type SiteTerm struct {
	ID         string      `json:"id"`
	Term       string      `json:"term"`
	Definition string      `json:"definition"`
	Entries    []SiteEntry `json:"entries"`
}

// SiteEntry is one read page's standing on a term.
type SiteEntry struct {
	Page     int           `json:"page"` // index into SiteData.Pages
	Verdict  Verdict       `json:"verdict"`
	Wording  []SiteWording `json:"wording,omitempty"`
	Findings []SiteFinding `json:"findings,omitempty"`
}

// SiteWording is a page's own description of a term, against the
// glossary's definition.
type SiteWording struct {
	Text string       `json:"text"`
	Diff []wording.Op `json:"diff"`
	// Dropped and Added say the difference in phrases, as a reader sees
	// it (wording.Phrases): what the page leaves out of the definition,
	// and what it adds.
	Dropped []string `json:"dropped,omitempty"`
	Added   []string `json:"added,omitempty"`
}

// SiteFinding is one finding on a page, positioned in its HTML source.
type SiteFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
}

// SiteData is the whole audit for the site.
type SiteData struct {
	Pages []SitePage `json:"pages"`
	Terms []SiteTerm `json:"terms"`
}

// Site turns the summary into the site's data: every page (failures
// included, with their reason), and per term each read page's verdict,
// wording with its word diff against the glossary, and findings.
func (s *Summary) Site() *SiteData {
	d := &SiteData{Pages: make([]SitePage, len(s.Pages)), Terms: []SiteTerm{}}
	for i, p := range s.Pages {
		sp := SitePage{Publisher: p.Page.Publisher, URL: p.Page.URL, File: p.Page.File, Status: string(p.Status)}
		if p.Err != nil {
			sp.Failed = p.Err.Error()
		} else if p.Status != "file" {
			sp.Fetched = p.Fetched.UTC()
		}
		d.Pages[i] = sp
	}
	for _, t := range s.Terms {
		def := strings.Join(strings.Fields(t.Definition), " ")
		st := SiteTerm{ID: t.ID, Term: t.Term, Definition: def}
		for i, p := range s.Pages {
			if p.Doc == nil {
				continue
			}
			e := SiteEntry{Page: i, Verdict: NotUsed}
			if c := s.Cells[t.ID][i]; c != nil {
				e.Verdict = c.Verdict
				for _, w := range c.Wording {
					ops := wording.Diff(def, w)
					dropped, added := wording.Phrases(ops)
					e.Wording = append(e.Wording, SiteWording{Text: w, Diff: ops, Dropped: dropped, Added: added})
				}
				for _, f := range c.Findings {
					e.Findings = append(e.Findings, SiteFinding{Rule: f.Rule, Severity: f.Severity.String(), Line: f.Line, Column: f.Column, Message: f.Message})
				}
			}
			st.Entries = append(st.Entries, e)
		}
		d.Terms = append(d.Terms, st)
	}
	return d
}
