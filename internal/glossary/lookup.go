package glossary

import (
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/analysis"
)

// Found is a term a look-up found, and how.
type Found struct {
	Term *Term
	// By is what matched: "id", "term", "alias", "acronym", "expansion",
	// "admitted expansion" or "deprecated wording".
	By string
	// Text is the wording that matched, as the glossary writes it.
	Text string
}

// Find looks a term up the way a person names it: by id, preferred term,
// alias, acronym or expansion, in any case and inflection ("Stalking",
// "SPO", "stalking protection orders"). An exact id wins outright; then
// every term whose names match is returned, one match per term, sorted by
// id, so more than one means the name is ambiguous. Only when no name
// matches are deprecated wordings tried, since they name the term to use
// instead ("stalking prevention order" finds stalking-protection-order).
func (g *Glossary) Find(q string) []Found {
	if t := g.Get(q); t != nil {
		return []Found{{Term: t, By: "id", Text: t.ID}}
	}
	key := lookupKey(q)
	if key == "" {
		return nil
	}
	var out []Found
	add := func(t *Term, by, text string) bool {
		if lookupKey(text) != key {
			return false
		}
		out = append(out, Found{Term: t, By: by, Text: text})
		return true
	}
	for _, t := range g.Terms {
		found := add(t, "term", t.Term)
		if t.Acronym != "" {
			found = found || add(t, "acronym", t.Acronym) || add(t, "expansion", t.Expansion)
		}
		for _, a := range t.Aliases {
			found = found || add(t, "alias", a)
		}
		for _, a := range t.Admitted {
			found = found || add(t, "admitted expansion", a.Expansion)
		}
		if !found {
			add(t, "id", t.ID)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, t := range g.Terms {
		for _, d := range t.Deprecated {
			if add(t, "deprecated wording", d.Phrase) {
				break
			}
		}
	}
	return out
}

// Suggest returns the ids of terms whose id, term, alias or acronym is
// within two edits of q (case aside), closest first, for "did you mean".
func (g *Glossary) Suggest(q string) []string {
	q = strings.ToLower(strings.TrimSpace(q))
	best := map[string]int{}
	for _, t := range g.Terms {
		names := append([]string{t.ID, t.Term, t.Acronym}, t.Aliases...)
		for _, n := range names {
			if n == "" {
				continue
			}
			d := Distance(q, strings.ToLower(n))
			if prev, ok := best[t.ID]; d <= 2 && (!ok || d < prev) {
				best[t.ID] = d
			}
		}
	}
	var ids []string
	for id := range best {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		if best[a] != best[b] {
			return best[a] - best[b]
		}
		return strings.Compare(a, b)
	})
	return ids
}

// lookupKey is a name as analysed text: case, inflection and the hyphens
// of an id aside.
func lookupKey(s string) string {
	return strings.Join(analysis.Terms(strings.ReplaceAll(s, "-", " ")), " ")
}
