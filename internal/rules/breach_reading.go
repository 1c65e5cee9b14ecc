package rules

import (
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
)

// How breach-context reads a page: which sentences discuss a breach, and
// which say that a breach is more than a one-off event. Everything here
// works on analysed words (stems), so inflections fold: "escalates",
// "escalating" and "escalation" are one word, as are "offence" and
// "offences".

// breachConcept is one idea that shows a breach is read in context, with
// the wordings that express it. A wording is a sequence of slots separated
// by spaces; a slot is alternative words separated by "|", and the slot "~"
// lets up to five other words come between its neighbours. Wordings match
// within one sentence.
type breachConcept struct {
	name     string
	wordings []string
}

// breachConcepts are the context a breach should be given, beyond the
// fixed phrases of the glossary's `breach.context` lists: the same four
// ideas (further stalking, the wider course of conduct, escalating risk,
// new offences charged as well) in the ordinary words guidance uses.
var breachConcepts = []breachConcept{
	{"further stalking", []string{
		"further|more|continued|continuing|ongoing|renewed|fresh|repeat|repeated stalking|harassment|harassing|abuse",
		"itself|themselves ~ stalking|harassment|harassing",
		"amount|amounts|amounted|amounting|constitute|constitutes|constituting ~ stalking|harassment",
		"stalking|harassment|harassing|conduct|behaviour|behavior|abuse|offending|contact ~ continue|continues|continued|continuing|persist|persists|persisted|persisting|resume|resumes|resumed|ongoing",
		"stalking|harassment|harassing|conduct|behaviour|behavior|abuse|offending|contact ~ carry|carries|carried|carrying on",
		"still stalking|harassing",
	}},
	{"the wider course of conduct", []string{
		"course|courses of conduct",
		"pattern|patterns",
		"campaign|campaigns",
		"totality",
		"wider|whole|full|entire|overall|broader|bigger|complete ~ history|picture|context|conduct|behaviour|behavior|offending|background|chronology|circumstances",
		"history of ~ conduct|behaviour|behavior|abuse|stalking|harassment|breach|breaches|offending|contact",
		"part of ~ same|wider|larger|continuing|ongoing|series|campaign|course|pattern|stalking|harassment|conduct|behaviour|behavior|abuse|offending",
		"isolation|isolated",
		"one off",
		"not|never ~ just|only|merely|simply|solely ~ breach|breaches",
		"breach|breaches alone",
		"than ~ breach|breaches",
		"previous|earlier|prior|past|repeat|repeated|persistent|multiple|several|further|continued|continuing|successive breach|breaches|breaching|incidents|reports",
		"linked|linking ~ together|earlier|previous|other",
	}},
	{"escalating risk", []string{
		"escalate|escalates|escalated|escalating|escalation",
		"risk|risks|danger|threat|harm ~ increase|increases|increased|increasing|rise|rises|risen|rising|grow|grows|grown|growing|heightened|higher|greater|worse|worsening",
		"increased|increasing|heightened|rising|growing|higher|greater|elevated|raised ~ risk|danger|threat",
		"assess|assessed|assessing|reassess|reassessed|review|reviewed|reviewing|reconsider ~ risk|risks",
		"risk ~ assessment|assessments|reassessed|reassessment",
	}},
	{"new offences charged as well", []string{
		"new|fresh|further|additional|substantive|underlying ~ offence|offences|offense|offenses|offending|crime|crimes|criminality|charge|charges",
		"addition to ~ breach|breaches",
		"well as ~ breach|breaches",
		"alongside|besides ~ breach|breaches",
		"charge|charges|charged|charging ~ stalking|harassment",
		"also ~ charge|charged|charging",
	}},
}

// conceptSlot is one slot of a compiled wording: the stems it accepts, or
// a gap.
type conceptSlot struct {
	stems map[string]bool
	gap   bool
}

type conceptWording struct {
	concept string
	slots   []conceptSlot
}

// breachConceptGap is how many words a "~" slot lets through.
const breachConceptGap = 5

// compiledBreachConcepts are the wordings by the stems they can start
// with, so that a sentence is tried only against the wordings its words
// can begin.
var compiledBreachConcepts = sync.OnceValue(func() map[string][]conceptWording {
	out := map[string][]conceptWording{}
	for _, c := range breachConcepts {
		for _, w := range c.wordings {
			cw := conceptWording{concept: c.name}
			for _, slot := range strings.Fields(w) {
				if slot == "~" {
					cw.slots = append(cw.slots, conceptSlot{gap: true})
					continue
				}
				cw.slots = append(cw.slots, conceptSlot{stems: stemSet(strings.ReplaceAll(slot, "|", " "))})
			}
			if cw.slots[0].gap {
				panic("breach concept wording starts with a gap: " + w)
			}
			for st := range cw.slots[0].stems {
				out[st] = append(out[st], cw)
			}
		}
	}
	return out
})

// stemSet is the analysed form of each of the space-separated words.
func stemSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, t := range analysis.Terms(words) {
		m[t] = true
	}
	return m
}

// breachConceptIn returns the name of the first context concept expressed
// in toks (one sentence's tokens), or "".
func breachConceptIn(toks []analysis.Token) string {
	byStart := compiledBreachConcepts()
	for i := range toks {
		for _, w := range byStart[toks[i].Term] {
			if matchWording(w.slots[1:], toks, i+1) {
				return w.concept
			}
		}
	}
	return ""
}

// matchWording reports whether slots match toks from i on.
func matchWording(slots []conceptSlot, toks []analysis.Token, i int) bool {
	if len(slots) == 0 {
		return true
	}
	if slots[0].gap {
		for skip := 0; skip <= breachConceptGap && i+skip <= len(toks); skip++ {
			if matchWording(slots[1:], toks, i+skip) {
				return true
			}
		}
		return false
	}
	return i < len(toks) && slots[0].stems[toks[i].Term] && matchWording(slots[1:], toks, i+1)
}

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
				"arrest arrests arrested arresting investigate investigates investigated investigating investigation " +
				"listed listing hearing hearings remand remands remanded oppose opposes opposed " +
				"treat treats treated treating deal deals dealt dealing respond responds responded responding response " +
				"proceed proceeds proceeded proceedings review reviews reviewed reviewing advise advises advised advice " +
				"consider considers considered considering decide decides decided decision action actioned " +
				"caution summons evidence seriously"),
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
			past:      map[string]bool{"breached": true, "contravened": true, "failed": true, "disobeyed": true, "did": true, "was": true, "were": true},
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
	has := func(set map[string]bool, stem bool) bool {
		for _, t := range s.toks {
			if stem && set[t.Term] || !stem && set[t.Surface] {
				return true
			}
		}
		return false
	}
	blk := s.block.Block
	if s.hasLink {
		return breachPointer
	}
	cond := false
	if s.verbAt >= 0 {
		for _, t := range s.toks[:s.verbAt] {
			if w.conditional[t.Surface] {
				cond = true
			}
		}
	}
	directive := has(w.directive, false)
	switch {
	case blk.Kind == corpus.HeadingBlock || blk.Kind == corpus.DefinitionTerm:
		return breachLabel
	case (blk.InList || blk.Kind == corpus.TableCell) && len(s.toks) <= 14 && !cond && !directive:
		return breachLabel
	}
	if (has(w.reportNoun, true) && has(w.findingVerb, true) || has(w.concern, true)) && !directive {
		return breachReported
	}
	if has(w.reporting, true) && (has(w.you, false) || imperativeIn(s)) && !has(w.prosecution, false) {
		return breachReporting
	}
	handling := has(w.handling, false)
	// A statement of the offence may say what can be done ("can be
	// prosecuted as an offence"); it discusses the breach only when it
	// also says what should be done, or when.
	if (has(w.offence, true) || citesSection(s.toks)) && !(handling && (cond || directive)) {
		return breachOffence
	}
	if !cond && !handling {
		return breachPassing
	}
	if !cond && !has(w.modal, false) && has(w.past, false) {
		return breachPassing // a narrative of one case: "he was charged with breaching the order"
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
			if w.you[t.Surface] {
				you++
			}
		}
	}
	return you >= 3 && you*100 >= all
}

// sentenceTokens returns the tokens of b that lie in s.
func sentenceTokens(b *BlockFacts, s corpus.Sentence) []analysis.Token {
	i := 0
	for i < len(b.Tokens) && b.Tokens[i].Start < s.Start {
		i++
	}
	j := i
	for j < len(b.Tokens) && b.Tokens[j].End <= s.End {
		j++
	}
	return b.Tokens[i:j]
}
