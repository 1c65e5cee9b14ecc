package rules

import (
	"fmt"
	"strings"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/wording"
)

// driftThreshold is calibrated on real restatements of the bundled
// glossary's definitions. Faithful ones (the definition word for word, in
// another order, with a trailing clause dropped or a list of examples
// added) score 0.65 to 1; drifted ones (synonyms swapped for the key words,
// limbs dropped or replaced, a different idea altogether) score 0.56 and
// below. See TestDriftCalibration.
const driftThreshold = 0.6

// looseThreshold is the similarity below which a restatement of a term
// with no required elements (a role, an order, a mnemonic, a concept) is
// reported. Such terms have no limbs a paraphrase can lose: on real pages
// their short, accurate lay glosses ("an ISAC supports victims through the
// case") scored 0.3 to 0.5 and were read by editors as right, while the
// wrong ones scored 0.2 and below.
const looseThreshold = 0.3

func init() {
	register(&Rule{
		ID:    "definition-drift",
		Title: "A restated definition that has drifted from the glossary's wording",
		Rationale: "Every document that says what a term means should say what the glossary says, in its words; restating stalking in one's own words is how \"a course of conduct that amounts to harassment\" becomes \"persistent unwanted attention\" and the legal test is lost. " +
			"The rule compares each restatement (a sentence such as \"Stalking means ...\" or a plain \"X is ...\" that reads as a definition, a `| Term | Meaning |` table row, a definition-list entry, the first paragraph under a \"What is X?\" heading, a mnemonic written out) with the canonical definition on analysed words: case, plurals and inflections folded, stop words, citations and the names of Acts left out, and the term's own words ignored. " +
			"The score is the Dice coefficient (F1) of the two sets of words, so word order does not matter, against the best of the whole definition and each of its sentences. Below the threshold it reports the similarity, the main words dropped and added, and a word diff. " +
			"Not flagged: a faithful restatement in a different order, with a trailing clause dropped, or with examples added; sentences that mention the term without defining it (\"Stalking is common\", \"Stalking is a serious offence\"); a negated sentence (\"Stalking is not a separate offence from ...\"). A restatement inside a block quote is reported as info: guidance often quotes an old or outside definition in order to discuss it. " +
			"Each mention is read before it is scored (see Reading): only a definition is held to the threshold; a partial description (\"An ISAC is a caseworker employed by a charity\"), a lead-in to a quoted definition, a scope note (\"harassment is used here to mean ...\"), an informal description marked as such (\"Put simply, ...\"), a page, section or sentence about Scots or Northern Irish law, an archived page and a page dated before the definition came into force (glossary in_force) are not. " +
			"A paraphrase passes (option paraphrases): a legal test restated with every required element and no excluded one, at least as close as loose-threshold, or in any words on a page written for the public; and a gloss of a term with no required elements at least as close as loose-threshold.",
		Severity: Warning,
		Options: []Option{
			{Name: "paraphrases", Default: 1, Unit: Switch, Doc: "1 (the default) to let a paraphrase pass: a restatement of a legal test that keeps every required element and adds no excluded one, at least as close as loose-threshold (or in any words on a page written for the public), and a gloss of a term with no required elements at least as close as loose-threshold; 0 to hold every restatement to threshold, for teams that want the glossary's exact words everywhere."},
			{Name: "loose-threshold", Default: looseThreshold, Doc: "Minimum similarity for terms the glossary gives no required elements (roles, orders, mnemonics, concepts): their restatements are reported only below it. Legal tests with required elements are held to threshold."},
			{Name: "threshold", Default: driftThreshold, Doc: "Minimum similarity (0 to 1, the Dice coefficient of the analysed content words) between a restatement and the canonical definition. Faithful paraphrases that keep the key words score 0.65 to 1 on the calibration set; drifted ones 0.56 and below. Raise it to insist on the glossary's exact words, lower it to see only the wildest departures."},
		},
		Examples: []Example{
			{Title: "the legal test replaced by a description", Markdown: "## Introduction\n\nStalking means persistent unwanted online attention that leaves a person feeling uneasy or watched.\n", Want: []string{"definition-drift@3:1"}},
			{Title: "synonyms swapped for the key words, and a limb lost", Markdown: "Stalking is a pattern of behaviour where the acts involved are associated with stalking and the perpetrator knows or should know it is unwelcome.\n", Want: []string{"definition-drift@1:1"}},
			{Title: "synonyms that keep every element (paraphrases: 0 reports them too)", Markdown: "Stalking is a pattern of behaviour amounting to harassment, where the acts involved are associated with stalking and the perpetrator knows or should know it is harassment.\n"},
			{Title: "a glossary table row", Markdown: "| Term | Meaning |\n|---|---|\n| Course of conduct | Any behaviour that upsets the victim, even once. |\n", Want: []string{"definition-drift@3:23"}},
			{Title: "a short, accurate gloss of a term with no required elements", Markdown: "| Term | Meaning |\n|---|---|\n| Course of conduct | Conduct on two or more occasions. |\n"},
			{Title: "the answer to a \"What is\" heading", Markdown: "## What is a Stalking Protection Order?\n\nAn order a criminal court makes on conviction to stop the defendant contacting the victim.\n", Want: []string{"definition-drift@3:1"}},
			{Title: "a faithful restatement in a different word order", Markdown: "Stalking is a course of conduct, involving acts or omissions associated with stalking, that amounts to harassment of another person and that the person pursuing it knows or ought to know amounts to harassment.\n"},
			{Title: "a trailing clause dropped, after a citation", Markdown: "Under s.7(3) PHA 1997, a course of conduct is conduct on at least two occasions in relation to a single person.\n"},
			{Title: "mentions that do not define", Markdown: "Stalking is a serious offence. Stalking is common, and stalking is often charged as harassment.\n"},
			{Title: "sentence splitting survives legal abbreviations", Markdown: "Under s.2A PHA 1997, e.g. in para. 3 of No. 5, stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking (cf. s.2A(3)).\n"},
		},
		Check: checkDrift,
	})
}

func checkDrift(p *Pass) {
	gp := restate.ProfileOf(p.Glossary)
	threshold := p.Option("threshold")
	public := p.facts.publicFacing(p.Facts(p.Doc))
	lenient := p.Option("paraphrases") != 0
	loose := p.Option("loose-threshold")
	for _, r := range p.Facts(p.Doc).Restatements {
		if r.Reading != restate.Defines || r.How != "mnemonic" && !restate.FullDefinition(gp, r) {
			continue
		}
		c := restate.Compare(gp, r)
		if r.How != "mnemonic" && gp.Terms[r.Term] != nil {
			// describe-consistently compares it too (checkDescriptions).
			p.facts.noteCompared(r, c)
		}
		if c.Score >= threshold || c.Canon.Text == "" {
			continue
		}
		if tp := gp.Terms[r.Term]; tp != nil && r.How != "mnemonic" && lenient && restate.Paraphrase(tp, r, c.Score, loose, public) {
			continue
		}
		start, end := r.SourceRange()
		if p.Over(p.Doc, start) {
			// Left out by the per-document budget: counted, not diffed.
			p.Report(p.Doc, start, end, rsQuoted(r, Finding{}))
			continue
		}
		dropped := rsWordsOnlyIn(c.Canon.Text, c.Canon.Set, c.Set, 6)
		added := rsWordsOnlyIn(c.Actual, c.Set, c.Canon.Set, 6)
		what := "the glossary definition"
		if r.How == "mnemonic" {
			what = "the glossary's expansion"
		}
		msg := fmt.Sprintf("%s of %s is %d%% similar to %s (at least %d%% expected)", rsHowName(r), r.Term.Term, rsPct(c.Score), what, rsPct(threshold))
		var parts []string
		if len(dropped) > 0 {
			parts = append(parts, "drops "+rsQuoteList(dropped))
		}
		if len(added) > 0 {
			parts = append(parts, "adds "+rsQuoteList(added))
		}
		if len(parts) > 0 {
			msg += ": it " + strings.Join(parts, " and ")
		}
		msg += "; readers should meet one test for " + r.Term.Term + ", the one in " + rsSourceLabel(r.Term) + "."
		diff := wording.Diff(c.Canon.Text, c.Actual)
		p.Report(p.Doc, start, end, rsQuoted(r, Finding{
			Term:       r.Term.ID,
			Message:    msg,
			Suggestion: "restate it in the glossary's words: " + c.Canon.Text,
			Expected:   c.Canon.Text,
			Actual:     c.Actual,
			Diff:       diff,
			Context:    r.Text(),
		}))
	}
}

// rsQuoted lowers a finding on a restatement in a block quote to info: a
// quotation is still a definition the reader takes away, so it is reported,
// but guidance often quotes an old or outside definition in order to
// discuss it, so it is only worth a look.
func rsQuoted(r *Restatement, f Finding) Finding {
	if r.Block.Block.InQuote {
		f.Severity = Info
		f.Message = "In a quotation: " + f.Message
	}
	return f
}

func rsPct(f float64) int { return int(f*100 + 0.5) }

// rsHowName names a restatement's form for messages.
func rsHowName(r *Restatement) string {
	switch r.How {
	case "table":
		return "This glossary-table entry"
	case "definition-list":
		return "This definition-list entry"
	case "entry":
		return "This glossary entry"
	case "claim":
		return "This statement"
	case "heading":
		return "The answer under this heading"
	case "mnemonic":
		return "This expansion"
	}
	return "This restatement"
}

// rsSourceLabel names the provision a term rests on ("Protection from
// Harassment Act 1997, s.2A"), or the glossary when it has none.
func rsSourceLabel(t *glossary.Term) string {
	for _, s := range t.Sources {
		if s.Act != "" || s.Document != "" {
			return s.Label()
		}
	}
	return "the glossary"
}

// rsWordsOnlyIn lists, in text order, the phrases of text whose content
// words are in set but not in other: what a restatement dropped or added.
// Stop words between two such words join them into one phrase ("course of
// conduct").
func rsWordsOnlyIn(text string, set, other map[string]bool, max int) []string {
	var out []string
	seen := map[string]bool{}
	toks := analysis.Analyze(text)
	start, end, n := -1, -1, 0
	flush := func() {
		if start >= 0 && n > 0 && len(out) < max {
			out = append(out, text[start:end])
		}
		start, end, n = -1, -1, 0
	}
	for i, tk := range toks {
		if i > 0 && strings.ContainsAny(text[toks[i-1].End:tk.Start], ",;:.()") {
			flush()
		}
		switch {
		case restate.Comparable(tk) && set[tk.Term] && !other[tk.Term] && !seen[tk.Term]:
			seen[tk.Term] = true
			if start < 0 {
				start = tk.Start
			}
			end = tk.End
			n++
			if n == 4 {
				flush()
			}
		case analysis.IsStop(tk.Surface) && start >= 0:
			// may join two dropped words
		default:
			flush()
		}
	}
	flush()
	return out
}

func rsQuoteList(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = "\"" + w + "\""
	}
	return strings.Join(q, ", ")
}
