package legal

import (
	"slices"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/restate"
)

// QualifiedMember narrows a family's bare name to the member its own clause
// describes by an ingredient of that member: "stalking that causes fear of
// violence", "stalking involving serious alarm or distress" are the s.4A
// offence. An ingredient is fear of violence (for the members named for
// it) or a concept whose source lies within the member's section.
func (ix *Index) QualifiedMember(b *restate.BlockFacts, m Mention) *glossary.Term {
	text := b.Block.Run.Text
	s := b.Sentences[b.SentenceAt(m.Start)]
	// The clause after the name: up to a semicolon, colon or a comma that
	// starts a new clause, and no further than a dozen words.
	end := s.End
	for i := m.End; i < s.End; i++ {
		if strings.ContainsRune(";:", rune(text[i])) || text[i] == ',' && GapBreaksClause(text[m.End:min(s.End, i+12)], false) {
			end = i
			break
		}
	}
	if WordsBetween(b, m.End, end) > 12 {
		for _, t := range b.Tokens {
			if t.Start >= m.End && WordsBetween(b, m.End, t.End) > 12 {
				end = t.Start
				break
			}
		}
	}
	clause := strings.ToLower(text[m.End:end])
	var found *glossary.Term
	pick := func(o *glossary.Term) bool {
		if found != nil && found != o {
			return false // two members: nothing narrowed
		}
		found = o
		return true
	}
	members := ix.Families[m.Term][1:]
	if strings.Contains(clause, "fear of violence") {
		for _, o := range members {
			if slices.Contains(ix.FearTerms, o) && !pick(o) {
				return nil
			}
		}
	}
	for _, c := range b.Matches {
		if c.Start < m.End || c.End > end || c.Entry.Term == nil || c.Entry.Term.Kind != "concept" {
			continue
		}
		for _, o := range members {
			if ix.ingredientOf(c.Entry.Term, o) && !pick(o) {
				return nil
			}
		}
	}
	return found
}

// ingredientOf reports whether a concept's source lies within one of an
// offence's sources (serious alarm or distress, s.4A(1)(b)(ii), of the s.4A
// offence).
func (ix *Index) ingredientOf(concept, offence *glossary.Term) bool {
	for _, cs := range ix.Sources[concept] {
		if !strings.Contains(cs.Section, "(") {
			continue
		}
		for _, os := range ix.Sources[offence] {
			if os.Act == cs.Act && !strings.Contains(os.Section, "(") && SectionWithin(cs.Section, os.Section) {
				return true
			}
		}
	}
	return false
}

// breachOffenceMaps maps each order to the offence of breaching it, from the
// glossary's offence names ("breach of a restraining order" is the offence
// for the restraining order, and for the restraining order on acquittal).
var breachOffenceMaps sync.Map // *Index → map[*glossary.Term]*glossary.Term

// BreachOffences maps each order of g, the glossary ix was built from, to
// the offence of breaching it, computed once per index.
func (ix *Index) BreachOffences(g *glossary.Glossary) map[*glossary.Term]*glossary.Term {
	if v, ok := breachOffenceMaps.Load(ix); ok {
		return v.(map[*glossary.Term]*glossary.Term)
	}
	out := map[*glossary.Term]*glossary.Term{}
	for _, t := range g.Terms {
		if t.Kind != "offence" || !HasMaximum(t) {
			continue
		}
		for _, n := range append([]string{t.Term}, t.Aliases...) {
			rest, ok := strings.CutPrefix(strings.ToLower(n), "breach of ")
			if !ok {
				continue
			}
			for _, a := range []string{"a ", "an ", "the "} {
				rest = strings.TrimPrefix(rest, a)
			}
			for _, o := range g.Terms {
				if o.Kind != "order" || out[o] != nil {
					continue
				}
				for _, on := range append([]string{o.Term, o.Acronym}, o.Aliases...) {
					on = strings.ToLower(on)
					if on != "" && (on == rest || strings.HasPrefix(on, rest+" ")) {
						out[o] = t
						break
					}
				}
			}
		}
	}
	v, _ := breachOffenceMaps.LoadOrStore(ix, out)
	return v.(map[*glossary.Term]*glossary.Term)
}

// IsBreachWord reports whether an analysed word names a breach. (A switch,
// not a map: it is asked of the words before every term a block names.)
func IsBreachWord(w string) bool {
	switch w {
	case "breach", "breaches", "breaching", "breached":
		return true
	}
	return false
}

// families groups each offence with the offences named after it: the
// stalking offences (s.2A, s.4A and their aggravated forms) under
// "stalking", the harassment offences under "harassment". A family's bare
// name can mean any of them. The term itself comes first.
func families(g *glossary.Glossary) map[*glossary.Term][]*glossary.Term {
	out := map[*glossary.Term][]*glossary.Term{}
	for _, t := range g.Terms {
		if t.Kind != "offence" || !HasMaximum(t) {
			continue
		}
		name := strings.Fields(strings.ToLower(t.Term))
		members := []*glossary.Term{t}
		for _, o := range g.Terms {
			if o == t || o.Kind != "offence" || len(o.Penalty) == 0 {
				continue
			}
			in := strings.Contains(strings.ToLower(o.Summary), strings.ToLower(t.Term)+" offence")
			for _, n := range append([]string{o.Term}, o.Aliases...) {
				w := strings.Fields(strings.ToLower(n))
				if len(w) > len(name) && (slices.Equal(w[:len(name)], name) || slices.Equal(w[len(w)-len(name):], name)) {
					in = true
				}
			}
			if in {
				members = append(members, o)
			}
		}
		if len(members) > 1 {
			out[t] = members
		}
	}
	return out
}
