package rules

import (
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
)

// breachClass is what a sentence that mentions a breach does with it.
type breachClass int

const (
	// breachPassing: mentions a breach without saying how to read or
	// handle it (a case narrative, a statistic).
	breachPassing breachClass = iota
	// breachPointer: points the reader elsewhere with a link.
	breachPointer
	// breachLabel: a heading, or a short list item or table cell (a
	// contents entry, an aggravating factor, an offence a guideline covers).
	breachLabel
	// breachReported: says what a report, inspection or complaint found.
	breachReported
	// breachReporting: tells a member of the public to report a breach.
	breachReporting
	// breachStatistic: counts breaches ("3,100 breaches were recorded",
	// "the number of breaches charged rose").
	breachStatistic
	// breachNarrative: tells what happened in one case ("he was charged
	// with breaching the order").
	breachNarrative
	// breachOffence: states the breach offence, its section, mode of
	// trial or maximum, and nothing about handling a breach.
	breachOffence
	// breachDiscussion: says what happens when an order is breached, or
	// how to charge, prosecute or respond to a breach.
	breachDiscussion
)

// The word lists the reading uses, by analysed form.
var (
	breachWords = sync.OnceValue(func() breachWordSets {
		return breachWordSets{
			// Actions, not agents: "the police" and "prosecutors" appear in
			// sentences about drafting an order as much as in ones about
			// handling its breach.
			handling: wordSet("charge charges charged charging prosecute prosecutes prosecuted prosecuting prosecution " +
				"sentence sentenced sentencing " +
				"arrest arrests arrested arresting investigate investigates investigated investigating investigation " +
				"listed listing hearing hearings remand remands remanded oppose opposes opposed " +
				"treat treats treated treating deal deals dealt dealing respond responds responded responding response " +
				"proceed proceeds proceeded proceedings review reviews reviewed reviewing advise advises advised advice " +
				"consider considers considered considering decide decides decided decision action actioned " +
				"caution summons evidence seriously heard hears venue allocation allocated"),
			// Handling by the police, prosecutors or the court, as against a
			// member of the public telling the police (for reporting).
			prosecution: wordSet("charge charges charged charging prosecute prosecutes prosecuted prosecuting prosecution " +
				"arrest arrests arrested arresting investigate investigates investigated investigating investigation " +
				"listed listing hearing remand remanded oppose treat treated deal dealt respond response " +
				"proceed proceedings review reviewed advise consider considered decide decision caution summons"),
			offence: stemSet("offence offences offense offenses maximum imprisonment imprisoned penalty penalties punishable triable " +
				"indictment indictable excuse"),
			conditional: map[string]bool{"where": true, "if": true, "when": true, "whenever": true, "once": true},
			reportNoun:  stemSet("report reports inspection inspectorate complaint review study research survey audit HMICFRS HMCPSI"),
			findingVerb: stemSet("found finds finding findings highlighted highlights raised identified noted concluded showed shows said recommended recommends recommendation"),
			concern:     stemSet("concern concerns"),
			directive:   map[string]bool{"should": true, "must": true, "ought": true, "need": true, "needs": true},
			modal: map[string]bool{"should": true, "must": true, "may": true, "might": true, "can": true, "could": true,
				"will": true, "would": true, "shall": true, "ought": true, "need": true, "needs": true},
			past: map[string]bool{"breached": true, "contravened": true, "failed": true, "disobeyed": true, "did": true, "was": true, "were": true},
			// Every key starts "you" (publicFacing reads only such words).
			you:       map[string]bool{"you": true, "your": true, "yours": true, "yourself": true, "yourselves": true},
			reporting: stemSet("report reported reporting call ring phone dial 999 101 tell contact record diary log"),
			imperative: map[string]bool{"call": true, "ring": true, "phone": true, "dial": true, "report": true, "tell": true,
				"contact": true, "keep": true, "write": true, "record": true, "let": true},
			// A bare breach word next to one of these is a breach of
			// something other than a protective order.
			other: stemSet("bail condition conditions peace licence license injunction contract duty trust confidence confidentiality privacy data rule rules code"),
		}
	})
)

type breachWordSets struct {
	offence, reportNoun, findingVerb, concern, reporting, other map[string]bool
	// These are matched on the written word, not its stem, so that an
	// "arrestable offence" is not an arrest.
	handling, prosecution, conditional, directive, modal, past, you, imperative map[string]bool
}

// wordSet is the set of the space-separated words, lower-cased.
func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[strings.ToLower(w)] = true
	}
	return m
}

// breachSentenceFacts are what the classifier needs about one sentence.
type breachSentenceFacts struct {
	block   *BlockFacts
	toks    []analysis.Token // the sentence's tokens
	verbAt  int              // index in toks of the breach word, or -1
	hasLink bool
}

// classifyBreachSentence says what a sentence that mentions a breach (or
// sits in a section about one) does with it. The order of the tests
// matters: a label or a report's finding is never a discussion, whatever
// words it holds; an offence statement is one only when nothing in it is
// about handling the breach.
func classifyBreachSentence(s breachSentenceFacts) breachClass {
	w := breachWords()
	blk := s.block.Block
	if s.hasLink {
		return breachPointer
	}
	// The word lists the sentence has words in, read in one pass.
	terms, surfaces := classWordsIn(s.toks)
	hasTerm := func(bit uint32) bool { return terms&bit != 0 }
	hasSurface := func(bit uint32) bool { return surfaces&bit != 0 }
	cond := false
	if s.verbAt >= 0 {
		for _, t := range s.toks[:s.verbAt] {
			if w.conditional[t.Surface] {
				cond = true
			}
		}
	}
	directive := hasSurface(classDirective)
	switch {
	case blk.Kind == corpus.HeadingBlock || blk.Kind == corpus.DefinitionTerm:
		return breachLabel
	case (blk.InList || blk.Kind == corpus.TableCell) && len(s.toks) <= 14 && !cond && !directive:
		return breachLabel
	}
	if (hasTerm(classReportNoun) && hasTerm(classFindingVerb) || hasTerm(classConcern)) && !directive {
		return breachReported
	}
	if hasTerm(classReporting) && (hasSurface(classYou) || imperativeIn(s)) && !hasSurface(classProsecution) {
		return breachReporting
	}
	if !cond && !directive && statisticIn(s) {
		return breachStatistic
	}
	handling := hasSurface(classHandling)
	// A sentence that opens with the breach and then says what must be
	// done ("For a breach of a restraining order the file must contain:")
	// discusses it; "prosecutors should note that a breach is an
	// offence" states the offence.
	if s.verbAt >= 0 && s.verbAt <= breachLeadWords {
		for _, t := range s.toks[s.verbAt+1:] {
			if w.directive[t.Surface] {
				return breachDiscussion
			}
		}
	}
	// A statement of the offence may say what can be done ("can be
	// prosecuted as an offence"); it discusses the breach only when it
	// also says what should be done, or when.
	if (hasTerm(classOffence) || citesSection(s.toks)) && !(handling && (cond || directive)) {
		return breachOffence
	}
	if !cond && !handling {
		if !hasSurface(classModal) && hasSurface(classPast) {
			return breachNarrative
		}
		return breachPassing
	}
	if !cond && !hasSurface(classModal) && hasSurface(classPast) {
		return breachNarrative // "he was charged with breaching the order"
	}
	return breachDiscussion
}

// imperativeIn reports whether the sentence tells the reader to do
// something: a reporting verb at its start or just after a comma ("If the
// order is breached, call 999").
func imperativeIn(s breachSentenceFacts) bool {
	w := breachWords()
	text := s.block.Block.Run.Text
	for i, t := range s.toks {
		if !w.imperative[t.Surface] {
			continue
		}
		if i == 0 || strings.TrimSpace(text[s.toks[i-1].End:t.Start]) == "," {
			return true
		}
	}
	return false
}

// citesSection reports whether the tokens cite a section ("s.8", "section
// 363"): a statement of the offence.
func citesSection(toks []analysis.Token) bool {
	for i := 0; i+1 < len(toks); i++ {
		switch toks[i].Surface {
		case "s", "ss", "section", "sections":
			if c := toks[i+1].Surface[0]; c >= '0' && c <= '9' {
				return true
			}
		}
	}
	return false
}

// publicFacing reports whether a document speaks to the public ("you",
// "your") rather than to prosecutors: at least three uses, and at least
// one word in a hundred.
func publicFacing(facts *DocFacts) bool {
	w := breachWords()
	you, all := 0, 0
	for _, b := range facts.Blocks {
		for _, t := range b.Tokens {
			all++
			// Every key starts "you": the prefix spares hashing the
			// other words of the document, nearly all of them.
			if strings.HasPrefix(t.Surface, "you") && w.you[t.Surface] {
				you++
			}
		}
	}
	return you >= 3 && you*100 >= all
}

// sentenceCursor finds the tokens of a block's sentences, taken in order:
// where sentenceTokens (the tests' reference) looks from the block's first
// token for each sentence, the cursor goes on from the previous sentence's
// first token, which is exact because every token before it starts before
// the previous sentence, so before this one. A sentence that starts before
// the previous one (never, as sentences are in order) starts the search
// over.
type sentenceCursor struct{ i, start int }

// next returns the tokens of b's tokens all that lie in s, and the index in
// all of the first of them (0 when there are none).
func (c *sentenceCursor) next(all []analysis.Token, s corpus.Sentence) ([]analysis.Token, int) {
	if s.Start < c.start {
		c.i = 0
	}
	c.start = s.Start
	i := c.i
	for i < len(all) && all[i].Start < s.Start {
		i++
	}
	c.i = i
	j := i
	for j < len(all) && all[j].End <= s.End {
		j++
	}
	if i == j {
		return all[i:j], 0
	}
	return all[i:j], i
}

// statisticIn reports whether the sentence counts breaches: a number just
// before the breach ("3,100 breaches", "40 recorded breaches"), a
// percentage, or a word for a count ("the number of breaches", "figures").
func statisticIn(s breachSentenceFacts) bool {
	text := s.block.Block.Run.Text
	isNumber := func(t analysis.Token) bool { return t.Surface[0] >= '0' && t.Surface[0] <= '9' }
	for i, t := range s.toks {
		if statisticWords()[t.Term] {
			return true
		}
		if !isNumber(t) {
			continue
		}
		if strings.HasPrefix(text[t.End:], "%") || i+1 < len(s.toks) && (s.toks[i+1].Surface == "percent" ||
			s.toks[i+1].Surface == "per" && i+2 < len(s.toks) && s.toks[i+2].Surface == "cent") {
			return true
		}
		// A count just before the breach, not a sum of money or a
		// section: "3,100 breaches", "40 recorded breaches".
		money := t.Start > 0 && strings.ContainsAny(text[max(0, t.Start-2):t.Start], "£$€")
		near := i == s.verbAt-1 || i == s.verbAt-2 && !countBreakers[s.toks[i+1].Surface]
		if s.verbAt >= 0 && near && !money && (i == 0 || !sectionWord(s.toks[i-1].Surface)) {
			return true
		}
	}
	return false
}

var statisticWords = sync.OnceValue(func() map[string]bool {
	return stemSet("number numbers proportion percentage rate rates figures statistics data total totals " +
		"rose risen fell fallen doubled halved trebled tripled recorded")
})

// countBreakers are words that part a number from the breach after them:
// "fined 300 after breaching" counts nothing.
var countBreakers = map[string]bool{"after": true, "for": true, "by": true, "of": true, "on": true, "in": true, "with": true, "from": true, "to": true, "and": true, "or": true}

func sectionWord(w string) bool {
	switch w {
	case "s", "ss", "section", "sections", "article", "paragraph", "para", "schedule":
		return true
	}
	return false
}

// circumstanceAt reports whether the breach word at toks[i] is a
// circumstance of another offence ("committed in breach of an order",
// "while in breach"): an aggravating factor, not the breach offence.
func circumstanceAt(toks []analysis.Token, i int) bool {
	if i <= 0 {
		return false
	}
	switch toks[i-1].Surface {
	case "in":
		return true
	case "while", "whilst":
		return true
	}
	return i >= 2 && (toks[i-2].Surface == "while" || toks[i-2].Surface == "whilst")
}

// prosecutorVoice reports whether a page speaks as or to prosecutors: it
// names prosecutors, the prosecution or the CPS, its front matter names
// the CPS or prosecutors, or it has a press release's notes to editors.
func prosecutorVoice(facts *DocFacts) bool {
	front := facts.Doc.Front
	for _, f := range []string{front.Owner, front.Title, front.Topic, front.Extra["publisher"]} {
		for _, t := range analysis.Analyze(f) {
			if prosecutorWords[t.Surface] {
				return true
			}
		}
	}
	for _, b := range facts.Blocks {
		for i, t := range b.Tokens {
			if prosecutorWords[t.Surface] {
				return true
			}
			// "Should we proceed ...?", "we charge": a prosecutor's own
			// decisions in the first person.
			if t.Surface == "we" {
				for k := i + 1; k < len(b.Tokens) && k <= i+2; k++ {
					if prosecutorDecisions[b.Tokens[k].Surface] {
						return true
					}
				}
			}
			if b.Block.Kind == corpus.HeadingBlock && t.Surface == "notes" && i+2 < len(b.Tokens) &&
				b.Tokens[i+1].Surface == "to" && b.Tokens[i+2].Surface == "editors" {
				return true
			}
		}
	}
	return false
}

// prosecutorDecisions are the decisions a prosecutor takes, said in the
// first person ("should we proceed", "we will charge").
var prosecutorDecisions = map[string]bool{"proceed": true, "charge": true, "prosecute": true, "discontinue": true,
	"indict": true, "review": true, "authorise": true}

var prosecutorWords = map[string]bool{
	"prosecutor": true, "prosecutors": true, "prosecution": true, "prosecutions": true, "cps": true,
}
