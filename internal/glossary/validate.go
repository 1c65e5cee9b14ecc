package glossary

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/source"
)

// validate checks what the YAML shape cannot: required values, ids, and
// claims that cross files (a duplicate id, an alias used by two terms, a
// related term that does not exist).
func (g *Glossary) validate() source.Errors {
	var errs source.Errors
	bad := func(t *Term, key, msg, hint string) {
		errs = append(errs, &source.Error{Pos: t.KeyPos(key), Key: key, Msg: msg, Hint: hint})
	}
	for _, t := range g.Terms {
		switch {
		case strings.TrimSpace(t.ID) == "":
			bad(t, "id", "missing id", "add id: matching the file name")
		case !idPattern.MatchString(t.ID):
			bad(t, "id", fmt.Sprintf("id %q must be lower-case words joined by hyphens", t.ID), "for example: stalking-protection-order")
		}
		if prev, ok := g.byID[t.ID]; ok && t.ID != "" {
			bad(t, "id", fmt.Sprintf("duplicate id %q, also at %s", t.ID, prev.Pos), "ids must be unique")
		} else if t.ID != "" {
			g.byID[t.ID] = t
		}
		if strings.TrimSpace(t.Term) == "" {
			bad(t, "term", "missing term", "add term: with the preferred wording")
		}
		if strings.TrimSpace(t.Definition) == "" {
			bad(t, "definition", "empty definition", "add the canonical definition every document is held to")
		}
		if strings.TrimSpace(t.Summary) == "" {
			bad(t, "summary", "missing summary", "add a one-line summary for tooltips")
		}
		if t.Kind == "" {
			t.Kind = "concept"
		} else if !slices.Contains(kinds, t.Kind) {
			bad(t, "kind", fmt.Sprintf("unknown kind %q", t.Kind), "one of: "+strings.Join(kinds, ", "))
		}
		if len(t.Sources) == 0 {
			bad(t, "sources", "no sources", "cite the provision or document the term rests on")
		}
		for i, s := range t.Sources {
			k := fmt.Sprintf("sources[%d]", i)
			switch {
			case s.Act == "" && s.Document == "":
				bad(t, k, "a source needs act: (with section:) or document:", "")
			case s.Act != "" && s.Document != "":
				bad(t, k, "a source has either act: or document:, not both", "")
			}
		}
		if t.InForce != "" {
			if _, err := time.Parse(time.DateOnly, t.InForce); err != nil {
				bad(t, "in_force", fmt.Sprintf("in_force %q is not a date", t.InForce), "write it as YYYY-MM-DD, the day the provision came into force")
			}
		}
		if (t.Acronym == "") != (t.Expansion == "") {
			bad(t, "acronym", "acronym and expansion go together", "give both acronym: and expansion:")
		}
		if len(t.Admitted) > 0 && t.Acronym == "" {
			bad(t, "admitted", "admitted expansions need an acronym", "give acronym: and expansion:, or remove admitted:")
		}
		for i, ad := range t.Admitted {
			k := fmt.Sprintf("admitted[%d]", i)
			switch {
			case strings.TrimSpace(ad.Expansion) == "" || strings.TrimSpace(ad.Reason) == "":
				bad(t, k, "an admitted expansion needs expansion: and reason:", "say who uses this form and why it is right")
			case strings.Join(analysis.Terms(ad.Expansion), " ") == strings.Join(analysis.Terms(t.Expansion), " "):
				bad(t, k+".expansion", "this is the preferred expansion itself", "remove it from admitted:")
			}
		}
		for i, d := range t.Deprecated {
			k := fmt.Sprintf("deprecated[%d]", i)
			if strings.TrimSpace(d.Phrase) == "" {
				bad(t, k, "deprecated entry has no phrase", "")
			}
			if strings.TrimSpace(d.Replacement) == "" || strings.TrimSpace(d.Reason) == "" {
				bad(t, k, "deprecated entry needs replacement: and reason:", "say what to write instead and why")
			}
			if _, ok := d.SinceDate(); d.Since != "" && !ok {
				bad(t, k+".since", fmt.Sprintf("since %q is not a date", d.Since), "write YYYY-MM-DD, quoted")
			}
			phrase := strings.Join(analysis.Terms(d.Phrase), " ")
			for j, a := range d.Accepted {
				ka := fmt.Sprintf("%s.accepted[%d]", k, j)
				name := strings.Join(analysis.Terms(a.Name), " ")
				switch {
				case name == "" || strings.TrimSpace(a.Reason) == "":
					bad(t, ka+".name", "an accepted name needs name: and reason:", "say why the name stands")
				case phrase != "" && !strings.Contains(" "+name+" ", " "+phrase+" "):
					bad(t, ka+".name", fmt.Sprintf("accepted name %q does not contain %q", a.Name, d.Phrase), "list only names that contain the deprecated phrase")
				case slices.ContainsFunc(d.Except, func(e string) bool { return strings.Join(analysis.Terms(e), " ") == name }):
					bad(t, ka+".name", fmt.Sprintf("%q is already in except:", a.Name), "keep it in one list")
				}
			}
		}
		for _, group := range []struct {
			name string
			els  []Element
		}{{"required", t.Required}, {"excluded", t.Excluded}} {
			for i, e := range group.els {
				k := fmt.Sprintf("%s[%d]", group.name, i)
				if e.ID == "" || len(e.Cues) == 0 || e.Reason == "" {
					bad(t, k, "an element needs id:, cues: and reason:", "")
				}
			}
		}
		for i, p := range t.Penalty {
			k := fmt.Sprintf("penalty[%d]", i)
			if !slices.Contains(modes, p.Mode) {
				bad(t, k+".mode", fmt.Sprintf("unknown mode %q", p.Mode), "summary or indictment")
			}
			if p.Months < 0 {
				bad(t, k+".months", "months cannot be negative", "")
			}
			from, fromOK := checkDate(p.From)
			until, untilOK := checkDate(p.Until)
			if !fromOK {
				bad(t, k+".from", fmt.Sprintf("from %q is not a date", p.From), "write YYYY-MM-DD, the first day the maximum applies")
			}
			if !untilOK {
				bad(t, k+".until", fmt.Sprintf("until %q is not a date", p.Until), "write YYYY-MM-DD, the first day the maximum no longer applies")
			}
			if fromOK && untilOK && p.From != "" && p.Until != "" && !from.Before(until) {
				bad(t, k+".until", fmt.Sprintf("until %s is not after from %s", p.Until, p.From), "a maximum holds from its from: date up to the day before its until: date")
			}
		}
		for i, p := range t.Phrases {
			if p.Kind != "" && !slices.Contains(phraseKinds, p.Kind) {
				bad(t, fmt.Sprintf("phrases[%d].kind", i), fmt.Sprintf("unknown phrase kind %q", p.Kind), strings.Join(phraseKinds, ", "))
			}
		}
		if t.Kind == "act" && t.Act == nil {
			bad(t, "kind", "an act needs an act: block", "give act: with title:, year: and short:")
		}
		if t.Act != nil && (t.Act.Title == "" || t.Act.Year == 0) {
			bad(t, "act", "act: needs title: and year:", "")
		}
		if b := t.Breach; b != nil && (len(b.Orders) == 0 || len(b.Verbs) == 0 || len(b.Context) == 0) {
			bad(t, "breach", "breach: needs orders:, verbs: and context:", "")
		}
	}
	for _, t := range g.Terms {
		for i, r := range t.Related {
			if g.byID[r] == nil {
				e := &source.Error{Pos: t.KeyPos(fmt.Sprintf("related[%d]", i)), Key: fmt.Sprintf("related[%d]", i), Msg: fmt.Sprintf("related term %q does not exist", r)}
				if s := closest(r, g.ids()); s != "" {
					e.Hint = fmt.Sprintf("did you mean %q?", s)
				}
				errs = append(errs, e)
			}
		}
		for i, e := range t.Excluded {
			if e.Belongs != "" && g.byID[e.Belongs] == nil {
				bad(t, fmt.Sprintf("excluded[%d].belongs", i), fmt.Sprintf("term %q does not exist", e.Belongs), "")
			}
		}
	}
	errs = append(errs, g.checkClaims()...)
	return errs
}

// checkDate parses an optional YYYY-MM-DD date; "" is fine.
func checkDate(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.DateOnly, v)
	return t, err == nil
}

func (g *Glossary) ids() []string {
	var out []string
	for id := range g.byID {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// checkClaims makes sure no wording (term, alias, expansion, deprecated
// phrase, fixed phrase) is claimed by two terms, since the matcher could not
// say which term a document meant.
func (g *Glossary) checkClaims() source.Errors {
	type claim struct {
		t   *Term
		key string
	}
	owner := map[string]claim{}
	var errs source.Errors
	add := func(t *Term, key, text string) {
		k := strings.Join(analysis.Terms(text), " ")
		if k == "" {
			return
		}
		if c, ok := owner[k]; ok && c.t != t {
			errs = append(errs, &source.Error{Pos: t.KeyPos(key), Key: key, Msg: fmt.Sprintf("%q is also claimed by term %q at %s", text, c.t.ID, c.t.KeyPos(c.key)), Hint: "one wording can belong to one term only"})
			return
		}
		owner[k] = claim{t, key}
	}
	for _, t := range g.Terms {
		add(t, "term", t.Term)
		for i, a := range t.Aliases {
			add(t, fmt.Sprintf("aliases[%d]", i), a)
		}
		if t.Expansion != "" {
			add(t, "expansion", t.Expansion)
		}
		for i, ad := range t.Admitted {
			add(t, fmt.Sprintf("admitted[%d].expansion", i), ad.Expansion)
		}
		for i, d := range t.Deprecated {
			add(t, fmt.Sprintf("deprecated[%d]", i), d.Phrase)
		}
		for i, p := range t.Phrases {
			if strings.Join(analysis.Terms(p.Text), " ") != strings.Join(analysis.Terms(t.Term), " ") &&
				strings.Join(analysis.Terms(p.Text), " ") != strings.Join(analysis.Terms(t.Expansion), " ") {
				add(t, fmt.Sprintf("phrases[%d]", i), p.Text)
			}
		}
	}
	return errs
}
