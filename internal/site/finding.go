package site

import (
	"fmt"
	"strings"

	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/wording"
)

// Findings as pages show them, and word diffs as two wordings side by side.

// idPart makes a slug usable inside an id.
func idPart(s string) string { return strings.ReplaceAll(s, "/", "--") }

func findingID(f *rules.Finding) string { return "F-" + f.Fingerprint }

// finding is a finding's view from the page at from. It reads the finding,
// its place (placeOf) and the page holding it (findingHref): what its key,
// findingKey, is made of.
func (b *builder) finding(f *rules.Finding, from string) FindingView {
	v := FindingView{ID: findingID(f), Href: b.findingHref(f, from),
		Rule: f.Rule, RuleTitle: f.Rule, Severity: f.Severity.String(),
		Location: fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column),
		Message:  f.Message, Suggestion: f.Suggestion, Context: f.Context, Expected: f.Expected, Actual: f.Actual}
	if r := rules.Lookup(f.Rule); r != nil {
		v.RuleHref = relHref(from, rulePage(r.ID))
		v.RuleTitle = r.Title
	}
	if pl := b.placeOf(f); pl != nil {
		v.DocTitle = pl.Title
		href := relHref(from, docPage(pl.Slug))
		if h := pl.Section; h != nil {
			v.Section = h.Text
			href = withFragment(href, h.Anchor)
		}
		v.DocHref = href
	}
	if t := b.g.Get(f.Term); t != nil {
		r := b.termRef(t, from)
		v.Term = &r
	}
	for _, op := range f.Diff {
		v.Diff = append(v.Diff, DiffOp{Op: op.Op, Text: op.Text})
	}
	if len(v.Diff) == 0 && f.Expected != "" && f.Actual != "" {
		v.Diff = fromWording(wording.Diff(f.Expected, f.Actual))
	}
	if len(v.Diff) > 0 {
		s := sides(v.Diff)
		s.CanonicalLabel, s.WrittenLabel = "The glossary’s wording", "This document’s wording"
		v.Sides = &s
	}
	for _, l := range f.Related {
		s := fmt.Sprintf("%s:%d", l.File, l.Line)
		if l.Message != "" {
			s += ": " + l.Message
		}
		v.Related = append(v.Related, s)
	}
	return v
}

func fromWording(ops []wording.Op) []DiffOp {
	out := make([]DiffOp, 0, len(ops))
	for _, o := range ops {
		out = append(out, DiffOp{Op: o.Op, Text: o.Text})
	}
	return out
}

// sides splits a diff into the canonical wording (what the glossary says,
// deletions marked) and the written one (what the document says, insertions
// marked).
func sides(ops []DiffOp) DiffSides {
	var s DiffSides
	for _, o := range ops {
		switch o.Op {
		case "delete":
			s.Canonical = append(s.Canonical, o)
		case "insert":
			s.Written = append(s.Written, o)
		default:
			s.Canonical = append(s.Canonical, o)
			s.Written = append(s.Written, o)
		}
	}
	return s
}
