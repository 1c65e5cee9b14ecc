package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/restate"
)

// consistencyThreshold is the similarity at which two restatements count as
// the same description. It matches definition-drift's threshold: two
// faithful restatements of one definition score well above it, and a
// restatement that drifts from the glossary drifts from them too.
const consistencyThreshold = 0.6

func init() {
	register(&Rule{
		ID:    "inconsistent-description",
		Title: "A term described in different ways across the guidance",
		Rationale: "The 2024 super-complaint report asked for stalking to be described consistently across all CPS guidance: a reader who meets five descriptions in five documents cannot tell which is the test. " +
			"The rule gathers every restatement of each term in the whole corpus (defining sentences, glossary tables, definition lists, \"What is X?\" sections) and groups them by similarity on analysed words (the same measure as definition-drift), joining two restatements when they are at least `threshold` alike, and anything alike to a member of a group into that group. " +
			"When a term is described in more than one way, every restatement outside the group closest to the glossary definition is reported, naming each variant and the documents that use it, with the other variants as related locations. " +
			"It does the same for acronyms the glossary does not know, written as \"Expansion Words (ACR)\": when documents expand one acronym differently (\"Multi-Agency Risk Assessment Conference\" and \"... Committee\"), each use of the less common expansion is reported (the expansion most documents use is the reference; on a tie, the first alphabetically). " +
			"Not flagged: a term every document describes the same way, even if that way differs from the glossary (definition-drift reports that); glossary acronyms, which acronym-expansion checks; mnemonics, whose exact wording variant-wording checks; an acronym expanded one way everywhere. A restatement inside a block quote is reported as info.",
		Severity: Warning,
		Scope:    CorpusScope,
		Options: []Option{
			{Name: "paraphrases", Default: 1, Unit: Switch, Doc: "1 (the default) to let a paraphrase pass: a restatement of a legal test that keeps every required element and adds no excluded one, at least as close as loose-threshold (or in any words on a page written for the public), and a gloss of a term with no required elements at least as close as loose-threshold; 0 to hold every restatement to threshold, for teams that want the glossary's exact words everywhere."},
			{Name: "threshold", Default: consistencyThreshold, Doc: "Similarity (0 to 1, the Dice coefficient of analysed content words) at which two restatements of a term count as the same description. Faithful restatements of one definition score 0.65 and above against it."},
			{Name: "acronyms", Default: 1, Unit: Switch, Doc: "1 to also report acronyms the glossary does not know that documents expand in different ways; 0 to check only glossary terms."},
		},
		Examples: []Example{
			{
				Title:    "stalking described three ways",
				Markdown: "## Introduction\n\nStalking means persistent unwanted online attention that leaves a person feeling uneasy or watched.\n",
				More: []string{
					"Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking and the person pursuing the conduct knows or ought to know that it amounts to harassment.\n",
					"| Term | Meaning |\n|---|---|\n| Stalking | A course of conduct amounting to harassment of another person, where the acts or omissions involved are ones associated with stalking. |\n",
					"Stalking is a pattern of fixated, obsessive and unwanted behaviour that causes the victim fear.\n",
				},
				Want: []string{"inconsistent-description@3:1", "inconsistent-description@other3.md:1:1"},
			},
			{
				Title:    "an acronym expanded two ways",
				Markdown: "Cases are referred to a Multi-Agency Risk Assessment Committee (MARAC).\n",
				More: []string{
					"The case was discussed at a Multi-Agency Risk Assessment Conference (MARAC).\n",
					"Refer the case to the local multi-agency risk assessment conference (MARAC).\n",
				},
				Want: []string{"inconsistent-description@1:25"},
			},
			{
				Title:    "faithful restatements in different words and order",
				Markdown: "Stalking is a course of conduct, involving acts or omissions associated with stalking, that amounts to harassment of another person and that the person pursuing it knows or ought to know amounts to harassment.\n",
				More: []string{
					"Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking and the person pursuing the conduct knows or ought to know that it amounts to harassment.\n",
					"## What is stalking?\n\nIn law, stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking.\n",
				},
			},
			{
				Title:    "one expansion everywhere, with hyphens or without",
				Markdown: "Cases go to a Multi-Agency Risk Assessment Conference (MARAC).\n",
				More:     []string{"The Multi Agency Risk Assessment Conference (MARAC) met.\n"},
			},
			{
				Title:    "glossary acronyms are left to acronym-expansion",
				Markdown: "Police may apply for a Stalking Prevention Order (SPO).\n",
				More:     []string{"Police may apply for a Stalking Protection Order (SPO).\n"},
			},
		},
		Check: checkConsistency,
	})
}

func checkConsistency(p *Pass) {
	checkDescriptions(p)
	if p.Option("acronyms") != 0 {
		checkAcronymVariants(p)
	}
}

// ---- terms described differently ----

// A finding about one variant names at most maxOthers of the others (the
// rest are counted: "and 1997 more") and relates at most maxRelated places,
// so output grows with the number of variants, not with its square.
const (
	maxOthers  = 4
	maxRelated = 10
)

type rsVariant struct {
	r     *Restatement
	set   map[string]bool
	score float64 // similarity to the canonical definition
	quiet bool    // a paraphrase: counted, never reported (restate.Paraphrase)
}

func checkDescriptions(p *Pass) {
	gp := restate.ProfileOf(p.Glossary)
	threshold := p.Option("threshold")
	lenient := p.Option("paraphrases") != 0
	byTerm := map[string][]*rsVariant{}
	var ids []string
	// Each document's restatements are compared with the glossary on all
	// cores, then gathered in document order.
	sums := p.Summaries()
	perDoc := par.Map(len(sums), func(i int) []*rsVariant {
		var vs []*rsVariant
		public := sums[i].Public
		for k, r := range sums[i].Restatements {
			if r.How == "mnemonic" || gp.Terms[r.Term] == nil || r.Reading != restate.Defines {
				continue
			}
			var c rsCompared
			if k < len(sums[i].compared) {
				c = sums[i].compared[k] // drift's, the same
			}
			if !c.ok {
				cmp := restate.Compare(gp, r)
				c = rsCompared{set: cmp.Set, score: cmp.Score, ok: true}
			}
			// A paraphrase (see restate.Paraphrase) is compared like any other
			// description and may be the reference, but is never reported
			// as a different one.
			vs = append(vs, &rsVariant{r: r, set: c.set, score: c.score, quiet: lenient && restate.Paraphrase(gp.Terms[r.Term], r, c.score, looseThreshold, public)})
		}
		return vs
	})
	for _, vs := range perDoc {
		for _, v := range vs {
			id := v.r.Term.ID
			if _, ok := byTerm[id]; !ok {
				ids = append(ids, id)
			}
			byTerm[id] = append(byTerm[id], v)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		vs := byTerm[id]
		groups := rsCluster(vs, threshold)
		if len(groups) < 2 {
			continue
		}
		// The reference is the group closest to the glossary definition.
		ref := 0
		best := func(g []*rsVariant) float64 {
			m := -1.0
			for _, v := range g {
				m = max(m, v.score)
			}
			return m
		}
		for i := range groups {
			if best(groups[i]) > best(groups[ref]) {
				ref = i
			}
		}
		docs := map[*corpus.Document]bool{}
		for _, v := range vs {
			docs[v.r.Doc] = true
		}
		term := vs[0].r.Term
		// Each group is named once. A finding names at most maxOthers
		// other variants and relates at most maxRelated places, counting
		// the rest: a file with thousands of different descriptions gives
		// output and work that grow with their number, not its square.
		names := make([]string, len(groups))
		for i, g := range groups {
			names[i] = rsVariantName(g)
		}
		for gi, g := range groups {
			if gi == ref {
				continue
			}
			// The other variants, the reference first.
			others := []string{"the description closest to the glossary, " + names[ref]}
			var related []Location
			relate := func(oi int) {
				for _, ov := range groups[oi] {
					if len(related) == maxRelated {
						return
					}
					related = append(related, rsLocation(ov.r, fmt.Sprintf("%s described as %q", term.Term, rsExcerpt(ov.r, 8))))
				}
			}
			relate(ref)
			for oi := range groups {
				if len(others) == maxOthers && len(related) == maxRelated {
					break
				}
				if oi == ref || oi == gi {
					continue
				}
				if len(others) < maxOthers {
					others = append(others, names[oi])
				}
				relate(oi)
			}
			if more := len(groups) - 1 - len(others); more > 0 {
				others = append(others, fmt.Sprintf("and %d more", more))
			}
			for _, v := range g {
				if v.quiet {
					continue
				}
				msg := fmt.Sprintf("%s is described %d ways across %s: this description (%q, %d%% like the glossary definition) differs from %s",
					rsCapitalise(term.Term), len(groups), rsCount(len(docs), "document"), rsExcerpt(v.r, 8), rsPct(v.score), strings.Join(others, "; "))
				start, end := v.r.SourceRange()
				p.Report(v.r.Doc, start, end, rsQuoted(v.r, Finding{
					Term:       term.ID,
					Message:    msg,
					Suggestion: "describe " + term.Term + " as the glossary does: " + strings.TrimSpace(term.Definition),
					Expected:   strings.TrimSpace(term.Definition),
					Actual:     v.r.Text(),
					Related:    related,
					Context:    v.r.Text(),
				}))
			}
		}
	}
}

// rsVariantName describes a group for messages: a short quotation of its
// member closest to the glossary, and the documents that use it.
func rsVariantName(g []*rsVariant) string {
	best := g[0]
	for _, v := range g {
		if v.score > best.score {
			best = v
		}
	}
	var files []string
	seen := map[*corpus.Document]bool{}
	for _, v := range g {
		if !seen[v.r.Doc] {
			seen[v.r.Doc] = true
			files = append(files, v.r.Doc.Rel)
		}
	}
	slices.Sort(files)
	if len(files) > 3 {
		files = append(files[:3:3], fmt.Sprintf("%d more", len(files)-3))
	}
	return fmt.Sprintf("%q in %s", rsExcerpt(best.r, 8), strings.Join(files, ", "))
}

// rsExcerpt is the start of a restatement's predicate, up to n words.
func rsExcerpt(r *Restatement, n int) string {
	text := r.Block.Block.Run.Text[restate.PredicateStart(r):r.End]
	words := strings.Fields(text)
	if len(words) > n {
		return strings.TrimRight(strings.Join(words[:n], " "), ",;:") + " …"
	}
	return strings.TrimRight(text, ".")
}

func rsCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func rsLocation(r *Restatement, msg string) Location {
	start, _ := r.SourceRange()
	pos := r.Doc.File.Position(start)
	return Location{File: r.Doc.Path, Line: pos.Line, Column: pos.Column, Message: msg}
}

func rsCapitalise(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}
