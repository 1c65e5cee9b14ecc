package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/legal"
)

// penVerdict is how a stated maximum compares with the glossary's.
type penVerdict struct {
	now      bool              // a maximum in force today allows it
	then     *glossary.Penalty // else one in force on the page's date
	thenTerm *glossary.Term
	ever     bool // else one in force at some other time
}

// judgePenalty compares a stated maximum with those of every offence it may
// belong to, narrowed by the provisions named and the mode of trial stated.
func judgePenalty(ix *legal.Index, chosen []penAttach, months int, mode string, when legal.When, groups ...[]legal.Ref) penVerdict {
	var v penVerdict
	for _, a := range chosen {
		if penaltyTolerates(a.term, months, mode) {
			v.now = true
			return v
		}
		for _, pn := range ix.AllowedMaxima(a.term, mode, groups...) {
			if pn.Months != months {
				continue
			}
			switch {
			case pn.Current():
				v.now = true
				return v
			case when.Dated && (pn.InForce(when.Date) || penaltyFirst(a.term, pn, when.Date)):
				if v.then == nil {
					v.then, v.thenTerm = pn, a.term
				}
			default:
				v.ever = true
			}
		}
	}
	return v
}

// penaltyTolerates reports whether a figure of 12 months or less, stated for
// no mode or for summary trial, fits an offence whose summary maximum the
// glossary gives only as the general limit in a magistrates' court, or an
// either-way offence (whose summary maximum that limit can raise).
func penaltyTolerates(t *glossary.Term, months int, mode string) bool {
	if months > 12 || mode == "indictment" {
		return false
	}
	indictment, summary := false, false
	for i := range t.Penalty {
		pn := &t.Penalty[i]
		if !pn.Current() {
			continue
		}
		switch pn.Mode {
		case "indictment":
			indictment = true
		case "summary":
			if pn.Months == 0 {
				return true
			}
			summary = true
		}
	}
	return indictment && summary
}

// penaltyCurrent keeps the maxima in force today with a figure to compare.
func penaltyCurrent(ps []*glossary.Penalty) []*glossary.Penalty {
	var out []*glossary.Penalty
	for _, pn := range ps {
		if pn.Months > 0 && pn.Current() {
			out = append(out, pn)
		}
	}
	return out
}

// penaltyModeWords says a maximum's mode: " on indictment".
func penaltyModeWords(pn *glossary.Penalty) string {
	switch pn.Mode {
	case "indictment":
		return " on indictment"
	case "summary":
		return " on summary conviction"
	}
	return ""
}

// penaltyNearest is the maximum nearest the one written: a wrong indictment
// maximum wants the right indictment maximum, not the summary one.
func penaltyNearest(allowed []*glossary.Penalty, months int) *glossary.Penalty {
	best := allowed[0]
	for _, pn := range allowed[1:] {
		if penRatioGap(pn.Months, months) < penRatioGap(best.Months, months) {
			best = pn
		}
	}
	return best
}

// penaltyFinding explains a maximum that differs from the glossary's.
func penaltyFinding(ix *legal.Index, t *glossary.Term, allowed []*glossary.Penalty, text string, pen legal.Penalty) Finding {
	if cur := penaltyCurrent(allowed); len(cur) > 0 {
		allowed = cur
	} else {
		allowed = penaltyCurrent(ix.AllowedMaxima(t, ""))
	}
	allowed = penaltyLikeMode(allowed, pen.Months)
	label := ix.PenaltyLabel(t)
	var gives, want []string
	for _, pn := range allowed {
		g := pn.Maximum + penaltyModeWords(pn)
		if len(allowed) == 1 {
			g += " for " + label
			if pn.Note != "" {
				g += "; " + pn.Note
			}
		} else if pn.Note != "" {
			g += " (" + pn.Note + ")"
		}
		gives = append(gives, g)
		want = append(want, pn.Maximum)
	}
	msg := fmt.Sprintf("maximum stated as %s; the glossary gives %s", pen.Amount, strings.Join(gives, ", or "))
	if len(allowed) > 1 {
		msg += " for " + label
	}
	f := Finding{
		Term:     t.ID,
		Message:  msg,
		Expected: strings.Join(want, " or "),
		Actual:   text[pen.Start:pen.End],
	}
	if len(allowed) > 0 {
		f.Suggestion = penaltyNearest(allowed, pen.Months).Maximum
	}
	return f
}

// penaltyLikeMode leaves out of a message the summary maxima when the
// figure written is longer than any summary maximum can be.
func penaltyLikeMode(allowed []*glossary.Penalty, months int) []*glossary.Penalty {
	if months <= 12 {
		return allowed
	}
	var out []*glossary.Penalty
	for _, pn := range allowed {
		if pn.Mode != "summary" {
			out = append(out, pn)
		}
	}
	if len(out) == 0 {
		return allowed
	}
	return out
}

// penaltyThenFinding notes that a dated page gives the maximum of its date,
// which has changed since.
func penaltyThenFinding(ix *legal.Index, t *glossary.Term, then *glossary.Penalty, allowed []*glossary.Penalty, when legal.When, text string, pen legal.Penalty) Finding {
	now := penaltyLikeMode(penaltyCurrent(allowed), pen.Months)
	var gives, want []string
	for _, pn := range now {
		g := pn.Maximum + penaltyModeWords(pn)
		if d, ok := legal.ParseDay(pn.From); ok {
			g += " for offences committed from " + humanDate(d.Format(time.DateOnly))
		}
		gives = append(gives, g)
		want = append(want, pn.Maximum)
	}
	msg := fmt.Sprintf("this page is dated %s, when the maximum for %s was %s; the law has since changed", when.Year(), ix.PenaltyLabel(t), then.Maximum)
	if len(gives) > 0 {
		msg += ": the maximum is now " + strings.Join(gives, ", or ")
	}
	f := Finding{
		Term:       t.ID,
		Message:    msg,
		Severity:   Info,
		Confidence: 0.5,
		Expected:   strings.Join(want, " or "),
		Actual:     text[pen.Start:pen.End],
	}
	if len(now) > 0 {
		f.Suggestion = penaltyNearest(now, pen.Months).Maximum
	}
	return f
}

// penaltyFamilyFinding explains a maximum stated for a family's bare name
// ("stalking") that none of its offences has.
func penaltyFamilyFinding(ix *legal.Index, t *glossary.Term, mode string, text string, pen legal.Penalty) Finding {
	var gives, want []string
	var all []*glossary.Penalty
	for _, o := range ix.Families[t] {
		cur := penaltyLikeMode(penaltyCurrent(ix.AllowedMaxima(o, mode)), pen.Months)
		var ms []string
		for _, pn := range cur {
			ms = appendNew(ms, pn.Maximum+penaltyModeWords(pn))
			want = appendNew(want, pn.Maximum)
		}
		all = append(all, cur...)
		if len(ms) > 0 {
			gives = append(gives, strings.Join(ms, " or ")+" for "+ix.PenaltyLabel(o))
		}
	}
	f := Finding{
		Term:     t.ID,
		Message:  fmt.Sprintf("maximum stated as %s, which none of the %s offences has: the glossary gives %s; name the offence the figure is for", pen.Amount, t.Term, strings.Join(gives, "; ")),
		Expected: strings.Join(want, " or "),
		Actual:   text[pen.Start:pen.End],
	}
	if len(all) > 0 {
		f.Suggestion = penaltyNearest(all, pen.Months).Maximum
	}
	return f
}
