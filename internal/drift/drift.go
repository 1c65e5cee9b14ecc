// Package drift compares two versions of the glossary and says what changed,
// term by term and field by field, with word diffs of changed wording. It
// knows nothing of git or documents; the CLI supplies the old glossary and
// finds the documents each change affects.
package drift

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/wording"
)

// Change is one changed field of one term.
type Change struct {
	Term     string         `json:"term"`
	Field    string         `json:"field"`
	Before   string         `json:"before"`
	After    string         `json:"after"`
	Diff     []rules.DiffOp `json:"diff,omitempty"`
	Affected []Place        `json:"affected"`
	Behind   []Place        `json:"-"`
	Old, New *glossary.Term `json:"-"`
	Phrases  []string       `json:"-"` // wording whose use marks a document as affected
}

// Place is a document line a change affects.
type Place struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// Compare lists what changed from old to new, sorted by term and field.
func Compare(old, new *glossary.Glossary) []*Change {
	var out []*Change
	ids := map[string]bool{}
	for _, t := range old.Terms {
		ids[t.ID] = true
	}
	for _, t := range new.Terms {
		ids[t.ID] = true
	}
	var sorted []string
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	for _, id := range sorted {
		o, n := old.Get(id), new.Get(id)
		switch {
		case o == nil:
			out = append(out, &Change{Term: id, Field: "term", After: n.Term, New: n})
		case n == nil:
			out = append(out, &Change{Term: id, Field: "term", Before: o.Term, Old: o})
		default:
			out = append(out, compareTerm(o, n)...)
		}
	}
	return out
}

func compareTerm(o, n *glossary.Term) []*Change {
	var out []*Change
	add := func(field, before, after string, phrases ...string) {
		if before == after {
			return
		}
		c := &Change{Term: n.ID, Field: field, Before: before, After: after, Old: o, New: n, Phrases: phrases}
		if field == "definition" || field == "summary" {
			c.Diff = wording.Diff(before, after)
		}
		out = append(out, c)
	}
	add("term", o.Term, n.Term, o.Term)
	add("definition", o.Definition, n.Definition)
	add("summary", o.Summary, n.Summary)
	add("acronym", o.Acronym+" = "+o.Expansion, n.Acronym+" = "+n.Expansion, o.Expansion)
	add("aliases", list(o.Aliases), list(n.Aliases))
	dep := func(t *glossary.Term) []string {
		var s []string
		for _, d := range t.Deprecated {
			s = append(s, fmt.Sprintf("%s → %s", d.Phrase, d.Replacement))
		}
		return s
	}
	var newPhrases []string
	for _, d := range n.Deprecated {
		newPhrases = append(newPhrases, d.Phrase)
	}
	add("deprecated", list(dep(o)), list(dep(n)), newPhrases...)
	el := func(es []glossary.Element) []string {
		var s []string
		for _, e := range es {
			s = append(s, e.Label+" ("+strings.Join(e.Cues, ", ")+")")
		}
		return s
	}
	add("required", list(el(o.Required)), list(el(n.Required)))
	add("excluded", list(el(o.Excluded)), list(el(n.Excluded)))
	pen := func(t *glossary.Term) []string {
		var s []string
		for _, p := range t.Penalty {
			s = append(s, p.Mode+": "+p.Maximum)
		}
		return s
	}
	add("penalty", list(pen(o)), list(pen(n)))
	src := func(t *glossary.Term) []string {
		var s []string
		for _, x := range t.Sources {
			s = append(s, x.Label())
		}
		return s
	}
	add("sources", list(src(o)), list(src(n)))
	ph := func(t *glossary.Term) []string {
		var s []string
		for _, p := range t.Phrases {
			s = append(s, p.Text)
		}
		return s
	}
	add("phrases", list(ph(o)), list(ph(n)), ph(o)...)
	return out
}

func list(s []string) string {
	s = slices.Clone(s)
	slices.Sort(s)
	return strings.Join(s, "; ")
}
