package legal

import (
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
)

// OffenceSource is the source that names a term's offence: the first that
// cites a whole section (harassment: s.2, not s.1(1)), else the first.
func (ix *Index) OffenceSource(t *glossary.Term) (Provision, bool) {
	srcs := ix.Sources[t]
	if len(srcs) == 0 {
		return Provision{}, false
	}
	for _, pv := range srcs {
		if !strings.Contains(pv.Section, "(") {
			return pv, true
		}
	}
	return srcs[0], true
}

// FamilyHasMaximum reports whether t, or an offence of its family (the
// offences its bare name can mean), had a maximum of months on the page's
// date (today, for an undated page).
func (ix *Index) FamilyHasMaximum(t *glossary.Term, months int, when When) bool {
	members := ix.Families[t]
	if len(members) == 0 {
		members = []*glossary.Term{t}
	}
	for _, m := range members {
		for i := range m.Penalty {
			if p := &m.Penalty[i]; p.Months == months && p.InForce(when.Date) {
				return true
			}
		}
	}
	return false
}

// HasMaximum reports whether a term has a quantified maximum to check.
func HasMaximum(t *glossary.Term) bool {
	for _, p := range t.Penalty {
		if p.Months > 0 {
			return true
		}
	}
	return false
}

// PenaltyRefs are the provisions a citation cites, for attaching penalties:
// under its own Act, or, when it names none and the inherited Act has no such
// source, under the latest Act the document has named that does ("s.32(1)(a)"
// after "the Crime and Disorder Act 1998").
func (ix *Index) PenaltyRefs(rc *Resolved, ctx *DocActs) []Ref {
	refs := rc.Refs()
	if rc.Named {
		return refs
	}
	known := false
	for _, r := range refs {
		if len(ix.Owners(r)) > 0 {
			known = true
		}
	}
	if known {
		return refs
	}
	for k := len(ctx.named) - 1; k >= 0; k-- {
		a := ctx.named[k].act
		if a == nil {
			continue
		}
		var out []Ref
		for _, s := range rc.Sections {
			if r := (Ref{a, s}); len(ix.Owners(r)) > 0 {
				out = append(out, r)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	// Guidance on this subject that cites "s.4A" with no Act anywhere
	// means the one Act under which the glossary has such an offence.
	var out []Ref
	for _, s := range rc.Sections {
		var found *Act
		unique := true
		for _, pv := range ix.provisions {
			if !HasMaximum(pv.term) || !SameSection(s, pv.Section) {
				continue
			}
			if found != nil && found != pv.Act {
				unique = false
			}
			found = pv.Act
		}
		if found != nil && unique {
			out = append(out, Ref{found, s})
		}
	}
	return out
}

// BuiltOn returns the terms whose penalty notes cite r (the aggravated
// forms of s.2 and s.4) when the sentence uses a word that names that term
// and no other ("aggravated", "racially").
func (ix *Index) BuiltOn(r Ref, owners []*glossary.Term, words []string) []*glossary.Term {
	var out []*glossary.Term
	offence := false
	for _, o := range owners {
		offence = offence || HasMaximum(o)
	}
	if !offence {
		return nil // only an offence can have an aggravated form
	}
	for _, sr := range ix.scoped {
		if sr.Act != r.Act || !SectionWithin(r.Section, sr.Section) || slices.Contains(out, sr.term) || slices.Contains(owners, sr.term) {
			continue
		}
		named := false
		for _, w := range ix.distinct[sr.term] {
			for _, sw := range words {
				if sw == w {
					named = true
				}
			}
		}
		if named {
			out = append(out, sr.term)
		}
	}
	return out
}

// AllowedMaxima returns the term's maxima (of any period) that apply,
// narrowed by the provisions the sentence speaks of when the term has
// several, and then by the mode of trial stated, when the term has a
// maximum in that mode.
func (ix *Index) AllowedMaxima(t *glossary.Term, mode string, groups ...[]Ref) []*glossary.Penalty {
	var all []*glossary.Penalty
	for i := range t.Penalty {
		all = append(all, &t.Penalty[i])
	}
	if len(all) > 1 {
		for _, refs := range groups {
			// The term's own sources (the Act that raised its maximum)
			// say nothing about which of its maxima applies.
			refs = ix.notOwnSources(t, refs)
			var sel []*glossary.Penalty
			for _, pn := range all {
				if ix.inScope(pn, refs) {
					sel = append(sel, pn)
				}
			}
			if len(sel) > 0 && len(sel) < len(all) {
				all = sel
				break
			}
		}
	}
	if mode != "" {
		var sel []*glossary.Penalty
		for _, pn := range all {
			if pn.Mode == mode {
				sel = append(sel, pn)
			}
		}
		if len(sel) > 0 {
			all = sel
		}
	}
	return all
}

// notOwnSources leaves out of refs the provisions that are, exactly, the
// term's own sources.
func (ix *Index) notOwnSources(t *glossary.Term, refs []Ref) []Ref {
	var out []Ref
	for _, r := range refs {
		own := false
		for _, pv := range ix.Sources[t] {
			own = own || pv.Act == r.Act && pv.Section == r.Section
		}
		if !own {
			out = append(out, r)
		}
	}
	return out
}

// inScope reports whether any provision lies within one the penalty's note cites.
func (ix *Index) inScope(pn *glossary.Penalty, refs []Ref) bool {
	for _, s := range ix.scopes[pn] {
		for _, r := range refs {
			if r.Act == s.Act && SectionWithin(r.Section, s.Section) {
				return true
			}
		}
	}
	return false
}

// PenaltyLabel names a term's offence with its section: "stalking (s.2A PHA 1997)".
func (ix *Index) PenaltyLabel(t *glossary.Term) string {
	label := t.Term
	if pv, ok := ix.OffenceSource(t); ok {
		label += " (" + RefLabel(pv.Ref) + ")"
	}
	return label
}
