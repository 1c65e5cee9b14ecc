package audit

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/htmlin"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// Got is one page as the audit read it, or why it could not.
type Got struct {
	Page    Page
	Doc     *corpus.Document // nil when the page failed
	Status  Status           // fetched, not-modified, cached, or "file"
	Fetched time.Time
	Err     error
}

// ReadFile reads a saved page; fetched pages come from a Fetcher.
type ReadFile func(path string) (*source.File, error)

// Read gets every page, one at a time in the order listed (so one host is
// never asked twice at once), and parses each as HTML. A page that fails is
// kept with its error.
func Read(ctx context.Context, cfg *Config, f *Fetcher, readFile ReadFile) []*Got {
	out := make([]*Got, 0, len(cfg.Pages))
	for _, p := range cfg.Pages {
		g := &Got{Page: p}
		out = append(out, g)
		var file *source.File
		if p.File != "" {
			g.Status = "file"
			file, g.Err = readFile(p.File)
		} else {
			var res *Result
			res, g.Err = f.Fetch(ctx, p.URL)
			if g.Err == nil {
				g.Status, g.Fetched = res.Status, res.Fetched
				file, g.Err = source.New(p.URL, res.Body)
			}
		}
		if g.Err != nil {
			continue
		}
		rel := slug(p.Publisher) + ".html"
		g.Doc, g.Err = corpus.ParseHTML(file, rel, htmlin.Options{Selector: p.Selector})
		if g.Err != nil {
			g.Doc = nil
		}
	}
	return out
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// Verdict is how a publisher's page stands to the glossary on one term.
type Verdict string

const (
	Consistent  Verdict = "consistent"
	Differs     Verdict = "differs"
	Contradicts Verdict = "contradicts the law"
	NotUsed     Verdict = "not mentioned"
)

// lawRules are the rules whose findings say a page states the law wrongly,
// not only in other words.
var lawRules = map[string]bool{"citation-mismatch": true, "penalty-mismatch": true}

// againstLaw says whether a finding states the law wrongly: a wrong
// citation or penalty, or an element added that the law gives to another
// offence (fear, which belongs to s.4A, added to s.2A stalking). An element
// the glossary excludes as a matter of policy (stalking called a kind of
// harassment) makes the wording differ, not contradict the law.
func againstLaw(g *glossary.Glossary, f *rules.Finding) bool {
	if lawRules[f.Rule] {
		return true
	}
	if f.Rule != "excluded-element" {
		return false
	}
	t := g.Get(f.Term)
	if t == nil {
		return false
	}
	for _, e := range t.Excluded {
		if e.Belongs != "" && strings.Contains(f.Message, e.Label) {
			return true
		}
	}
	return false
}

// Cell is one publisher's standing on one term.
type Cell struct {
	Verdict  Verdict
	Wording  []string // how the page describes the term (its restatements)
	Findings []*rules.Finding
}

// Summary is the audit's table: per term, per page.
type Summary struct {
	Terms []*glossary.Term
	Pages []*Got
	Cells map[string]map[int]*Cell // term id -> page index -> cell
}

// Summarise classifies each page's use of each glossary term from the
// rules' findings and the glossary matches in its text.
func Summarise(g *glossary.Glossary, pages []*Got, findings []*rules.Finding, facts func(*corpus.Document) *rules.DocFacts) *Summary {
	s := &Summary{Pages: pages, Cells: map[string]map[int]*Cell{}}
	byFile := map[string]int{}
	for i, p := range pages {
		if p.Doc != nil {
			byFile[p.Doc.Path] = i
		}
	}
	cell := func(term string, page int) *Cell {
		if s.Cells[term] == nil {
			s.Cells[term] = map[int]*Cell{}
		}
		c := s.Cells[term][page]
		if c == nil {
			c = &Cell{Verdict: NotUsed}
			s.Cells[term][page] = c
		}
		return c
	}
	for i, p := range pages {
		if p.Doc == nil {
			continue
		}
		df := facts(p.Doc)
		for _, b := range df.Blocks {
			for _, m := range b.Matches {
				if m.Entry.Term != nil && m.Entry.Kind != glossary.KindExcept {
					if c := cell(m.Entry.Term.ID, i); c.Verdict == NotUsed {
						c.Verdict = Consistent
					}
				}
			}
		}
		for _, r := range df.Restatements {
			c := cell(r.Term.ID, i)
			c.Wording = append(c.Wording, strings.Join(strings.Fields(r.Text()), " "))
		}
	}
	for _, f := range findings {
		i, ok := byFile[f.File]
		if !ok || f.Term == "" || f.Rule == "unused-suppression" {
			continue
		}
		c := cell(f.Term, i)
		c.Findings = append(c.Findings, f)
		switch {
		case againstLaw(g, f):
			c.Verdict = Contradicts
		case c.Verdict != Contradicts:
			c.Verdict = Differs
		}
	}
	for _, t := range g.Terms {
		if _, ok := s.Cells[t.ID]; ok {
			s.Terms = append(s.Terms, t)
		}
	}
	sort.SliceStable(s.Terms, func(i, j int) bool { return s.Terms[i].ID < s.Terms[j].ID })
	return s
}

// WriteText writes the summary for a policy lead: the pages and how they
// were got (failures included), then per term the glossary's definition
// and each publisher's verdict and wording.
func (s *Summary) WriteText(w io.Writer) {
	fmt.Fprintf(w, "Audit of %d page(s)\n\n", len(s.Pages))
	for _, p := range s.Pages {
		where := p.Page.URL
		if where == "" {
			where = p.Page.File
		}
		switch {
		case p.Err != nil:
			fmt.Fprintf(w, "  FAILED  %s: %s: %v\n", p.Page.Publisher, where, p.Err)
		case p.Status == "file":
			fmt.Fprintf(w, "  read    %s: %s\n", p.Page.Publisher, where)
		default:
			fmt.Fprintf(w, "  %-7s %s: %s (as of %s)\n", p.Status, p.Page.Publisher, where, p.Fetched.Format("2006-01-02 15:04 MST"))
		}
	}
	for _, t := range s.Terms {
		fmt.Fprintf(w, "\n%s\n  glossary: %s\n", t.Term, strings.Join(strings.Fields(t.Definition), " "))
		for i, p := range s.Pages {
			c := s.Cells[t.ID][i]
			if p.Doc == nil {
				continue
			}
			if c == nil {
				c = &Cell{Verdict: NotUsed}
			}
			fmt.Fprintf(w, "  %-22s %s", p.Page.Publisher+":", c.Verdict)
			if len(c.Findings) > 0 {
				var ids []string
				for _, f := range c.Findings {
					ids = append(ids, fmt.Sprintf("%s at %d:%d", f.Rule, f.Line, f.Column))
				}
				fmt.Fprintf(w, " (%s)", strings.Join(ids, "; "))
			}
			fmt.Fprintln(w)
			for _, wd := range c.Wording {
				fmt.Fprintf(w, "      says: %q\n", wd)
			}
		}
	}
}
