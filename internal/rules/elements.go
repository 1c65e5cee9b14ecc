package rules

import (
	"fmt"
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/restate"
)

func init() {
	register(&Rule{
		ID:    "missing-element",
		Title: "A restated definition that leaves out an element the glossary requires",
		Rationale: "A restatement that drops a limb of the legal test tells the reader the offence is easier to prove, or different, from what the statute says: stalking without a course of conduct, or without acts associated with stalking, is no longer the s.2A test. " +
			"For every restatement of a term that has `required` elements in the glossary (a defining sentence, a glossary-table row, a definition-list entry, the paragraph under a \"What is X?\" heading), the rule looks for each element's cues on analysed words (\"following\", \"followed\" and \"follows\" all match the cue \"following\"); an element is present when any of its cues is. " +
			"A restating sentence is read together with the sentences straight after it that continue it (\"It ...\", \"This ...\", \"Such conduct ...\"). One finding per restatement lists every missing element and why the glossary requires it. " +
			"Not flagged: mnemonics (FOUR is a recognition aid, not a test); mentions that do not define (\"Stalking is common\"); a short characterisation such as \"Stalking is a kind of harassment\", which is excluded-element's business. In a block quote the finding is info.",
		Severity: Warning,
		Options: []Option{
			{Name: "weak", Default: 1, Unit: Switch, Doc: "1 to check plain \"X is ...\" sentences that read as definitions as well as the strong forms (\"means\", \"is defined as\", glossary tables, definition lists, \"What is X?\" sections); 0 to check only the strong forms."},
		},
		Examples: []Example{
			{Title: "no course of conduct", Markdown: "Stalking means harassment that involves acts associated with stalking, such as following or watching a person.\n", Want: []string{"missing-element@1:1"}},
			{Title: "a description with none of the elements", Markdown: "## Introduction\n\nStalking means persistent unwanted online attention that leaves a person feeling uneasy.\n", Want: []string{"missing-element@3:1"}},
			{Title: "controlling or coercive behaviour without its serious effect", Markdown: "| Term | Meaning |\n|---|---|\n| Controlling or coercive behaviour | Repeated or continuous behaviour towards a person the suspect is personally connected to. |\n", Want: []string{"missing-element@3:39"}},
			{Title: "every element, in other words and another order", Markdown: "Stalking is a course of conduct, involving acts associated with stalking such as following, monitoring or loitering, that amounts to harassment of the victim.\n"},
			{Title: "an element given in the next sentence", Markdown: "Stalking is a course of conduct that amounts to harassment of another person. It must involve acts or omissions associated with stalking.\n"},
			{Title: "a mnemonic is not a test", Markdown: "Police use Fixated, Obsessive, Unwanted, Repeated (FOUR) to spot stalking.\n"},
			{Title: "not a definition", Markdown: "Stalking is common, and stalking is often charged as harassment.\n"},
		},
		Check: checkMissing,
	})
	register(&Rule{
		ID:    "excluded-element",
		Title: "A restated definition that adds an element the glossary excludes",
		Rationale: "Some wrong elements recur because they belong somewhere else: fear or alarm is the threshold of the s.4A offence, not part of stalking under s.2A; the \"living together\" limb of controlling or coercive behaviour was repealed in 2023; stalking is its own offence, not a type or degree of harassment. " +
			"For every restatement of a term with `excluded` elements, the rule looks for each element's cues on analysed words and reports each element found, saying why it does not belong and where it does. " +
			"Not flagged: the element in a sentence that cites or names the term it belongs to (\"where the victim feared violence, the offence is under s.4A\"), or in a paragraph or section that has already done so; a negated mention (\"Fear is not an element of stalking\", \"need not\", \"without\", \"whether or not\"); a historical one (\"the living-together requirement was removed in 2023\"); a clause that comments rather than defines (\", so ...\", \", but ...\"); sentences that mention the term without defining it. In a block quote the finding is info. " +
			"Besides restatements it reads claims about the term: what it requires (\"a stalking conviction requires evidence that the victim was frightened\", a list after \"the Crown has to prove:\"), a heading's claim after a colon, and an aside (\"Stalking, a form of harassment, ...\"). " +
			"Not flagged either: a cue that is one alternative among others that are not excluded (\"scared, distressed or threatened\": distress alone suffices), that follows a modal or a descriptive frame (\"can cause fear\", \"characterised by\"), that sits inside quotation marks (wording attributed to someone else), or that explains what harassing includes (s.7(2)); pages, sections or sentences about Scots or Northern Irish law; archived pages, and pages dated before the definition came into force. " +
			"The default severity is warning: how a description is worded is a judgement a careful editor makes, not a figure or a citation. Set it to error in concord.yaml to gate on it.",
		Severity: Warning,
		Options: []Option{
			{Name: "paragraph-context", Default: 1, Unit: Switch, Doc: "1 to excuse an element when an earlier sentence of the same paragraph, or the section's heading, cites or names the term it belongs to (a paragraph about the s.4A offence may discuss fear); 0 to excuse it only within the same sentence."},
		},
		Examples: []Example{
			{Title: "fear presented as an element of stalking", Markdown: "Stalking is a course of conduct amounting to harassment, involving acts associated with stalking, that causes the victim fear or alarm.\n", Want: []string{"excluded-element@1:122"}},
			{Title: "stalking as a degree of harassment", Markdown: "Stalking is a more serious form of harassment, so prosecutors should consider it whenever harassment is charged.\n", Want: []string{"excluded-element@1:28"}},
			{Title: "the repealed living-together limb", Markdown: "Controlling or coercive behaviour is repeated or continuous behaviour towards a partner or family member the suspect lives with, which has a serious effect on the victim.\n", Want: []string{"excluded-element@1:118"}},
			{Title: "fear in a sentence about the s.4A offence", Markdown: "Stalking is a course of conduct that amounts to harassment, where the acts involved are associated with stalking; if it also causes fear of violence on at least two occasions, charge s.4A PHA 1997.\n"},
			{Title: "fear in a paragraph about the s.4A offence", Markdown: "## Sections 4 and 4A\n\nThe more serious offence is in s.4A. Stalking is a course of conduct amounting to harassment, involving acts associated with stalking, that causes the victim fear of violence on at least two occasions.\n"},
			{Title: "a negated mention", Markdown: "## What is stalking?\n\nStalking is a course of conduct that amounts to harassment, where the acts involved are associated with stalking. Fear is not an element, and stalking does not require the victim to be alarmed.\n"},
			{Title: "the repealed limb as history", Markdown: "Controlling or coercive behaviour is repeated or continuous behaviour towards a person who is personally connected, with a serious effect on them; the requirement to live together was removed in 2023.\n"},
			{Title: "the s.4A offence itself", Markdown: "Stalking involving fear of violence or serious alarm or distress is a course of conduct that amounts to stalking and causes the victim to fear, on at least two occasions, that violence will be used against them.\n"},
		},
		Check: checkExcluded,
	})
}

// ---- missing-element ----

func checkMissing(p *Pass) {
	gp := restate.ProfileOf(p.Glossary)
	weak := p.Option("weak") != 0
	for _, r := range p.Facts(p.Doc).Restatements {
		tp := gp.Terms[r.Term]
		if tp == nil || len(tp.Required) == 0 || r.How == "mnemonic" || r.Reading != restate.Defines || !restate.FullDefinition(gp, r) || (!r.Strong && !weak) {
			continue
		}
		terms, _ := restate.SpanTerms(r.Block, r.Start, restate.ContinuationEnd(r))
		var missing []restate.Element
		for _, ec := range tp.Required {
			if i, _ := restate.FindCue(terms, ec); i < 0 {
				missing = append(missing, ec)
			}
		}
		if len(missing) == 0 {
			continue
		}
		var labels, reasons []string
		for _, ec := range missing {
			labels = append(labels, ec.Element.Label)
			if ec.Element.Reason != "" {
				reasons = append(reasons, strings.TrimSpace(ec.Element.Reason))
			}
		}
		msg := fmt.Sprintf("%s of %s leaves out %s", rsHowName(r), r.Term.Term, rsJoinAnd(labels))
		if len(reasons) > 0 {
			msg += ": " + strings.Join(reasons, " ")
		}
		start, end := r.SourceRange()
		p.Report(p.Doc, start, end, rsQuoted(r, Finding{
			Term:       r.Term.ID,
			Message:    msg,
			Suggestion: fmt.Sprintf("include %s, as the glossary definition does: %s", rsJoinAnd(labels), strings.TrimSpace(r.Term.Definition)),
			Expected:   strings.TrimSpace(r.Term.Definition),
			Actual:     r.Text(),
			Context:    r.Text(),
		}))
	}
}

func rsJoinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// ---- excluded-element ----

func checkExcluded(p *Pass) {
	gp := restate.ProfileOf(p.Glossary)
	df := p.Facts(p.Doc)
	paragraph := p.Option("paragraph-context") != 0
	headings := map[*corpus.Block]*BlockFacts{}
	for _, bf := range df.Blocks {
		if bf.Block.Kind == corpus.HeadingBlock {
			headings[bf.Block] = bf
		}
	}
	rs := df.Restatements
	for _, c := range restate.ExcludedClaims(df, gp) {
		if !restate.CoveredBy(c, df.Restatements) && !restate.StatesOtherLaw(df, c, c.Text()) {
			rs = append(rs, c)
		}
	}
	for _, r := range rs {
		tp := gp.Terms[r.Term]
		if tp == nil || len(tp.Excluded) == 0 || r.How == "mnemonic" || r.Reading == restate.LeadsIn || r.Reading == restate.Scopes || r.Reading == restate.OtherLaw {
			continue
		}
		bf := r.Block
		// A condition stated in the sentences that continue it ("It
		// applies only where ...") is part of what the restatement says.
		terms, at := restate.SpanTerms(bf, r.Start, restate.ContinuationEnd(r))
		for _, ec := range tp.Excluded {
			for i := range terms {
				n := 0
				for _, c := range ec.Cues {
					if restate.CueAt(terms, i, c) {
						n = len(c)
						break
					}
				}
				if n == 0 {
					continue
				}
				first, last := at+i, at+i+n-1
				if rsExcused(bf, first, last, ec, paragraph, headings) || restate.Hedged(bf, first, last, tp) {
					continue
				}
				start, end := bf.Block.Run.Span(bf.Tokens[first].Start, bf.Tokens[last].End)
				written := bf.Block.Run.Text[bf.Tokens[first].Start:bf.Tokens[last].End]
				s := bf.Sentences[bf.SentenceAt(bf.Tokens[first].Start)]
				p.Report(p.Doc, start, end, rsQuoted(r, Finding{
					Term:       r.Term.ID,
					Message:    rsExcludedMessage(r, ec, written),
					Suggestion: rsExcludedSuggestion(r, ec, written),
					Expected:   strings.TrimSpace(r.Term.Definition),
					Actual:     r.Text(),
					Context:    s.Text(&bf.Block.Run),
				}))
				break // one finding per element per restatement
			}
		}
	}
}

func rsExcludedMessage(r *Restatement, ec restate.Element, written string) string {
	msg := fmt.Sprintf("%s of %s adds %s (%q)", rsHowName(r), r.Term.Term, ec.Element.Label, written)
	if ec.Element.Reason != "" {
		msg += ": " + strings.TrimSpace(ec.Element.Reason)
	}
	if ec.Belongs != nil {
		msg = strings.TrimRight(msg, ".") + fmt.Sprintf(". It belongs to %s (%s).", ec.Belongs.Term, rsSourceLabel(ec.Belongs))
	}
	return msg
}

func rsExcludedSuggestion(r *Restatement, ec restate.Element, written string) string {
	if ec.Belongs != nil {
		// The message names the term it belongs to; say it once.
		return fmt.Sprintf("leave %q out of what %s is, or name the offence it belongs to", written, r.Term.Term)
	}
	return fmt.Sprintf("leave %q out; the glossary definition is: %s", written, strings.TrimSpace(r.Term.Definition))
}

// rsExcused reports whether an excluded element's cue at tokens
// [first, last] of a block is not presented as an element of the term: it
// is about the term it belongs to, negated, historical, or in a clause that
// comments rather than defines.
func rsExcused(bf *BlockFacts, first, last int, ec restate.Element, paragraph bool, headings map[*corpus.Block]*BlockFacts) bool {
	si := bf.SentenceAt(bf.Tokens[first].Start)
	s := bf.Sentences[si]
	if ec.Belongs != nil {
		if rsMentions(bf, s.Start, s.End, ec) {
			return true
		}
		if paragraph {
			if si > 0 && rsMentions(bf, bf.Sentences[0].Start, s.Start, ec) {
				return true
			}
			for sec := bf.Block.Section; sec != nil; sec = sec.Parent {
				if sec.Heading != nil {
					if h := headings[sec.Heading.Block]; h != nil && rsMentions(h, 0, len(h.Block.Run.Text), ec) {
						return true
					}
				}
			}
		}
	}
	return restate.Negated(bf, first, last, s) || rsHistorical(bf, s) || rsCommentClause(bf, first, s)
}

// rsMentions reports whether the run range [from, to) of a block names the
// term an element belongs to or cites one of its sections ("s.4A").
func rsMentions(bf *BlockFacts, from, to int, ec restate.Element) bool {
	for _, m := range bf.Matches {
		if m.Start >= from && m.End <= to && m.Entry.Term == ec.Belongs {
			return true
		}
	}
	if len(ec.Sections) == 0 {
		return false
	}
	for k, tk := range bf.Tokens {
		if tk.Start < from {
			continue
		}
		if tk.End > to {
			break
		}
		for _, sec := range ec.Sections {
			if tk.Term != sec {
				continue
			}
			for b := k - 1; b >= 0 && b >= k-3; b-- {
				if rsSectionWords[bf.Tokens[b].Surface] {
					return true
				}
			}
		}
	}
	return false
}

var rsSectionWords = map[string]bool{"s": true, "ss": true, "section": true, "sections": true}

// rsHistoryWords mark a sentence about the law as it was.
var rsHistoryWords = map[string]bool{"removed": true, "repealed": true, "abolished": true, "formerly": true,
	"previously": true, "historically": true, "amended": true, "amendment": true, "superseded": true, "replaced": true}

// rsHistorical reports whether a sentence talks about the law as it was:
// "was removed in 2023", "before 5 April 2023", "no longer", "used to".
func rsHistorical(bf *BlockFacts, s corpus.Sentence) bool {
	toks := bf.Tokens
	for k, tk := range toks {
		if tk.Start < s.Start {
			continue
		}
		if tk.End > s.End {
			break
		}
		w := tk.Surface
		if rsHistoryWords[w] {
			return true
		}
		if k+1 < len(toks) {
			next := toks[k+1].Surface
			if (w == "no" && next == "longer") || (w == "used" && next == "to") || (w == "prior" && next == "to") {
				return true
			}
		}
		if w == "before" || w == "until" || w == "pre" {
			for j := k + 1; j < len(toks) && j <= k+3; j++ {
				if rsYear(toks[j].Surface) {
					return true
				}
			}
		}
	}
	return false
}

func rsYear(w string) bool {
	if len(w) != 4 || (w[:2] != "19" && w[:2] != "20") {
		return false
	}
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// rsCommentWords open a clause that comments on the definition rather than
// adding to it (", so prosecutors ...", ", but victims often feel ...").
var rsCommentWords = map[string]bool{"so": true, "but": true, "because": true, "although": true, "though": true,
	"while": true, "whilst": true, "whereas": true, "yet": true}

// rsCommentClause reports whether the cue at token first sits in such a
// clause of its sentence.
func rsCommentClause(bf *BlockFacts, first int, s corpus.Sentence) bool {
	toks, text := bf.Tokens, bf.Block.Run.Text
	for k := first; k > 0 && toks[k-1].Start >= s.Start; k-- {
		gap := text[toks[k-1].End:toks[k].Start]
		if strings.ContainsAny(gap, ",;:") && rsCommentWords[toks[k].Surface] {
			return true
		}
	}
	return false
}
