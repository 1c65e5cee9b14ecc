package restate

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rx"
)

// Reading says what a restatement sets out to do, which decides what it is
// held to. Real guidance mentions a term in a defining shape far more often
// than it defines it: it introduces a quoted definition ("Section 2A(2)
// puts it this way:"), says what a word covers in the document ("harassment
// is used here to mean ..."), or says one true thing about
// a term ("A Stalking Protection Order is a civil order"). Scoring those
// against the whole definition reported drift and missing elements that a
// careful editor would reject, often three findings on one sentence.
type Reading int8

const (
	// Defines: the text sets out to say what the term means. Held to the
	// whole definition: drift, missing and excluded elements, consistency.
	Defines Reading = iota
	// Describes: a partial description that says one thing about the term
	// (what kind of thing it is, who applies for it). Held only to what it
	// contradicts: excluded elements.
	Describes
	// LeadsIn: the text introduces a definition given next (a quotation, a
	// list, a sentence ending in a colon). Held to nothing itself.
	LeadsIn
	// Scopes: a scope note, saying what the document uses a word to cover.
	// Held to nothing: it defines the document's usage, not the law.
	Scopes
	// OtherLaw: the text states another jurisdiction's law (a Scottish or
	// Northern Irish page or sentence), or the law before the definition
	// came into force (a page dated before it). Held to nothing: by its own
	// law and date it may be right.
	OtherLaw
)

func (r Reading) String() string {
	switch r {
	case Describes:
		return "partial description"
	case LeadsIn:
		return "lead-in"
	case Scopes:
		return "scope note"
	case OtherLaw:
		return "another jurisdiction's or date's law"
	}
	return "definition"
}

// scopeNote matches the shapes of a scope note: a word "used to cover" or
// "taken to include" something, or references to it that "include" more.
var scopeNote = rx.MustCompile(`(?i)\b(?:is|are|will be|has been|have been)\s+(?:\w+\s+){0,2}?(?:used|taken|meant|understood)\s+(?:here\s+|in this \w+\s+|throughout\s+)?(?:to\s+(?:cover|describe|refer|mean|include|capture|encompass|denote)|as\s+(?:a\s+)?(?:shorthand|short\s*hand|an umbrella))|\breferences?\s+(?:in\s+this\s+\w+\s+)?to\s+.{1,60}?\b(?:include|includes|are to|cover|covers)\b|\bumbrella term\b|\bfor the purposes? of this (?:guidance|document|policy|protocol|page|chapter|section|report)\b`)

// reportingVerb matches the verbs that introduce what a provision or a
// body says, as a lead-in does ("Section 1 sets out ...", "The Act puts it
// this way").
var reportingVerb = rx.MustCompile(`(?i)\b(?:sets?\s+out|set\s+out|provides?|provided|states?|stated|defines?|defined\s+in|says?|said|describes?|puts?\s+it|as\s+follows|the\s+following|reads?|explains?|lists?)\b`)

// weakStrongVerbs are defining verbs that the restatement finder counts
// as strong but that, in real text, as often describe as define: "Stalking
// involves following ..." names part of it, "The order covers ..." its
// scope. They define only when the predicate covers the definition.
var weakStrongVerbs = map[string]bool{"involves": true, "covers": true, "includes": true, "comprises": true}

// reading classifies a restatement. Headings, tables, definition lists and
// mnemonics are definitions by their form unless they only lead in.
func reading(gp *Profile, df *DocFacts, r *Restatement, law *docLaw) Reading {
	text := r.Block.Block.Run.Text
	span := text[r.Start:r.End]
	if law.statesOtherLaw(df, r, span) {
		return OtherLaw
	}
	if scopeNote.MatchString(span) {
		return Scopes
	}
	if leadsIn(df, gp.Terms[r.Term], r) {
		return LeadsIn
	}
	tp := gp.Terms[r.Term]
	if (r.How == "heading" || r.How == "entry") && tp != nil {
		return headingReading(tp, r)
	}
	if r.How == "definition-list" && r.Block.Block.Kind != corpus.DefinitionDescription && tp != nil {
		return entryReading(r)
	}
	if r.How != "sentence" {
		return Defines
	}
	if layMarker.MatchString(span) {
		return Describes
	}
	if tp == nil {
		return Defines
	}
	if r.Strong && aboutTheDefinition(tp, r) {
		return Describes
	}
	if r.Strong && !weakVerbUsed(r) {
		return Defines
	}
	if coversDefinition(tp, r) || assertsExcluded(tp, r) {
		return Defines
	}
	pred := PredicateStart(r)
	if modalPredicate(r.Block, pred, r.End) || !definitional(tp, r.Block, pred, r.End) {
		return Describes
	}
	if len(tp.Required) == 0 && coverage(tp, r) < 0.5 {
		// "An ISAC is a caseworker employed by a charity": an order, a role
		// or a concept has no limbs, and a plain "is" names its kind and
		// one fact about it.
		return Describes
	}
	return Defines
}

// assertsExcluded reports whether a restatement's predicate carries an
// excluded element's cue that is not hedged: "Stalking is a pattern of
// unwanted behaviour that causes the victim fear" sets out to say what
// stalking is, however little of the definition it shares.
func assertsExcluded(tp *TermProfile, r *Restatement) bool {
	bf := r.Block
	terms, at := SpanTerms(bf, PredicateStart(r), r.End)
	for _, ec := range tp.Excluded {
		for i := range terms {
			for _, c := range ec.Cues {
				if CueAt(terms, i, c) {
					first, last := at+i, at+i+len(c)-1
					s := bf.Sentences[bf.SentenceAt(bf.Tokens[first].Start)]
					if !Hedged(bf, first, last, tp) && !Negated(bf, first, last, s) {
						return true
					}
				}
			}
		}
	}
	return false
}

// modalPredicate reports whether a predicate says what may be rather than
// what is ("a civil order which the police can apply for"): a partial
// description of who may do what, not a definition.
func modalPredicate(bf *BlockFacts, from, to int) bool {
	for _, tk := range bf.Tokens[tokenFrom(bf.Tokens, from):] {
		if tk.Start >= to {
			break
		}
		switch tk.Surface {
		case "can", "may", "might", "could":
			return true
		}
	}
	return false
}

// leadsIn reports whether a restatement only introduces a definition: it
// ends in a colon, or it reports what a provision says and the next block is
// a quotation or a list that gives it.
func leadsIn(df *DocFacts, tp *TermProfile, r *Restatement) bool {
	text := r.Block.Block.Run.Text
	span := strings.TrimSpace(text[r.Start:r.End])
	if strings.HasSuffix(span, ":") {
		return true
	}
	if r.How == "heading" || r.How == "entry" {
		// The paragraph under the heading may end by introducing a quotation.
		if strings.HasSuffix(strings.TrimSpace(text), ":") {
			return true
		}
	}
	next := nextBlock(df, r.Block)
	if next == nil || !(next.Block.InQuote && !r.Block.Block.InQuote || next.Block.InList && !r.Block.Block.InList) {
		return false
	}
	// The sentence that ends the block introduces the next one when it
	// reports what something says.
	last := span
	if n := len(r.Block.Sentences); n > 0 {
		s := r.Block.Sentences[n-1]
		if s.Start >= r.Start && s.End <= r.End {
			last = text[s.Start:s.End]
		}
	}
	return reportingVerb.MatchString(last) && coverage(tp, r) < 0.5
}

// nextBlock returns the block after bf in the document, or nil. The
// blocks are in document order, so bf is found by its index.
func nextBlock(df *DocFacts, bf *BlockFacts) *BlockFacts {
	i, ok := slices.BinarySearchFunc(df.Blocks, bf.Block.Index, func(b *BlockFacts, idx int) int { return b.Block.Index - idx })
	if !ok || df.Blocks[i] != bf || i+1 >= len(df.Blocks) {
		return nil
	}
	return df.Blocks[i+1]
}

// weakVerbUsed reports whether a strong restatement's verb is one of
// weakStrongVerbs.
func weakVerbUsed(r *Restatement) bool {
	bf := r.Block
	if k := tokenFrom(bf.Tokens, r.SubjectEnd); k < len(bf.Tokens) && bf.Tokens[k].Start < r.End {
		return weakStrongVerbs[bf.Tokens[k].Surface]
	}
	return false
}

// coversDefinition reports whether a plain "X is ..." predicate says
// enough of the definition to be read as one: a good share of its content
// words, or most of its required elements. "An SPO is a civil order the
// police apply for" shares two words of a long definition and names no
// element: a true partial description, not a drifted definition.
func coversDefinition(tp *TermProfile, r *Restatement) bool {
	if coverage(tp, r) >= 0.3 {
		return true
	}
	if len(tp.Required) == 0 {
		return false
	}
	terms, _ := SpanTerms(r.Block, PredicateStart(r), ContinuationEnd(r))
	n := 0
	for _, ec := range tp.Required {
		if i, _ := FindCue(terms, ec); i >= 0 {
			n++
		}
	}
	return n >= 2 || n == len(tp.Required)
}

// coverage is the share of the definition's distinctive content words
// (not the term's own, not generic) that the restatement's predicate uses.
func coverage(tp *TermProfile, r *Restatement) float64 {
	if tp == nil {
		return 1
	}
	// The definition's stems neither the term's own nor generic.
	total := len(tp.distinctive)
	if total == 0 {
		return 1
	}
	return float64(sharedIn(tp, r.Block, PredicateStart(r), r.End)) / float64(total)
}

// Hedged reports whether an excluded element's cue, at tokens first to
// last, is not asserted as an element: it is one alternative among others
// that are not excluded ("scared, distressed or threatened": distress alone
// suffices, so fear is not required), or it follows a modal ("can cause
// fear", "may leave victims afraid"), which says what may happen, not what
// must.
func Hedged(bf *BlockFacts, first, last int, tp *TermProfile) bool {
	s := bf.Sentences[bf.SentenceAt(bf.Tokens[first].Start)]
	return modal(bf, first, s) || alternativeOf(bf, first, last, s, tp) || explainsHarassing(bf, first, s) ||
		descriptiveFrame(bf, first, s) || inlineQuote(bf.Block.Run.Text, bf.Tokens[first].Start)
}

// descriptive are words that present what follows as typical features,
// not as what must be proved ("characterised by ... that creates fear").
var descriptive = map[string]bool{"characterised": true, "characterized": true, "characteristic": true,
	"characteristics": true, "typically": true, "often": true, "usually": true, "commonly": true,
	"generally": true, "tends": true, "frequently": true, "hallmarks": true, "features": true}

// descriptiveFrame reports whether a word of descriptive comes before
// the cue in its sentence.
func descriptiveFrame(bf *BlockFacts, first int, s corpus.Sentence) bool {
	for k := first - 1; k >= 0 && bf.Tokens[k].Start >= s.Start; k-- {
		if descriptive[bf.Tokens[k].Surface] {
			return true
		}
	}
	return false
}

// inlineQuote reports whether offset at falls inside quotation marks in
// its paragraph (a quotation may run over several sentences): wording the
// page attributes to someone else ("the police use this description: '...
// fear ...'").
func inlineQuote(text string, at int) bool {
	open := -1
	for i, r := range text[:at] {
		switch r {
		case '“', '‘':
			open = i
		case '”':
			open = -1
		case '"':
			if open >= 0 {
				open = -1
			} else {
				open = i
			}
		case '’':
			// An apostrophe inside a word ("victim’s") closes nothing.
			j := i + len("’")
			if j < len(text) && (text[j] == ' ' || text[j] == ',' || text[j] == '.') {
				open = -1
			}
		}
	}
	if open < 0 {
		return false
	}
	rest := text[at:]
	return strings.ContainsAny(rest, "”\"") || strings.Contains(rest, "’")
}

// modals are words that make what follows possible rather than required.
var modals = map[string]bool{"can": true, "could": true, "may": true, "might": true, "often": true,
	"sometimes": true, "usually": true, "frequently": true, "commonly": true, "typically": true,
	"likely": true, "perhaps": true, "possibly": true, "potentially": true, "generally": true}

func modal(bf *BlockFacts, first int, s corpus.Sentence) bool {
	toks, text := bf.Tokens, bf.Block.Run.Text
	for k := first - 1; k >= 0 && k >= first-5 && toks[k].Start >= s.Start; k-- {
		if strings.ContainsAny(text[toks[k].End:toks[k+1].Start], ",;:()") {
			return false
		}
		if modals[toks[k].Surface] {
			return true
		}
	}
	return false
}

// itemBreak are words that, after a comma, start a new clause rather than
// another item of a list.
var itemBreak = map[string]bool{"which": true, "who": true, "that": true, "where": true, "when": true,
	"so": true, "but": true, "because": true, "as": true, "if": true, "while": true, "whilst": true,
	"the": true, "a": true, "an": true, "it": true, "this": true, "they": true, "he": true, "she": true,
	"you": true, "and": true, "or": true, "even": true, "including": true, "such": true}

// alternativeOf reports whether the cue is one item of an "A, B or C" list
// in which some other item is not a cue of an excluded element.
func alternativeOf(bf *BlockFacts, first, last int, s corpus.Sentence, tp *TermProfile) bool {
	toks, text := bf.Tokens, bf.Block.Run.Text
	isCue := func(k int) bool {
		for _, ec := range tp.Excluded {
			for _, c := range ec.Cues {
				if len(c) == 1 && c[0] == toks[k].Term {
					return true
				}
			}
		}
		return false
	}
	sawOr, other := false, false
	// Forward: ", B", "or B", ", or B".
	for k, n := last+1, 0; k < len(toks) && toks[k].End <= s.End && n < 4; n++ {
		gap := text[toks[k-1].End:toks[k].Start]
		if w := toks[k].Surface; w == "or" || w == "and" {
			sawOr = sawOr || w == "or"
			k++
			if k >= len(toks) || toks[k].End > s.End {
				break
			}
		} else if !strings.Contains(gap, ",") || strings.ContainsAny(gap, ";:()") || itemBreak[w] {
			break
		}
		if itemBreak[toks[k].Surface] {
			break
		}
		if !isCue(k) {
			other = true
		}
		k++
	}
	// Backward: "A, B or" before the cue ("or to fear": the infinitive
	// marker is part of the item).
	if k := first - 1; k > 0 && toks[k].Surface == "to" {
		first = k
	}
	for k, n := first-1, 0; k >= 0 && toks[k].Start >= s.Start && n < 4; n++ {
		if w := toks[k].Surface; w == "or" || w == "and" {
			sawOr = sawOr || w == "or"
			k--
			if k < 0 || toks[k].Start < s.Start {
				break
			}
		} else if gap := text[toks[k].End:toks[k+1].Start]; !strings.Contains(gap, ",") || strings.ContainsAny(gap, ";:()") {
			break
		}
		if itemBreak[toks[k].Surface] {
			break
		}
		if !isCue(k) {
			other = true
		}
		k--
	}
	return sawOr && other
}

// layMarker matches the openings that mark a description as informal: the
// writer says it is not the legal test ("Put simply, ...", "In plain
// English, ...").
var layMarker = rx.MustCompile(`(?i)^\W*(?:put simply|simply put|to put it simply|in simple terms|in plain (?:english|terms|words|language)|in everyday (?:terms|language|words)|in general terms|broadly(?: speaking)?|roughly(?: speaking)?|in short|in a nutshell|loosely)\b`)

// OtherLaw reports whether a restatement states law other than the
// glossary's: the page, its section or the sentence names Scotland or
// Northern Ireland, or the page is dated before the term's definition came
// into force.
func StatesOtherLaw(df *DocFacts, r *Restatement, span string) bool {
	var law docLaw
	return law.statesOtherLaw(df, r, span)
}

// docLaw holds what StatesOtherLaw asks of the document rather than of
// the restatement, asked once for all the document's restatements: its
// jurisdiction and whether it is archived (front matter, title, owner and
// source read through several patterns).
type docLaw struct {
	known bool
	// other: the document states another jurisdiction's law or is archived.
	other bool
}

// statesOtherLaw is StatesOtherLaw(df, r, span), with the part that does
// not depend on r worked out on the first call only. None of the tests
// has a side effect, so asking the document's part first, and once, gives
// the answer asking it every time gave.
func (l *docLaw) statesOtherLaw(df *DocFacts, r *Restatement, span string) bool {
	d := df.Doc
	if !l.known {
		// An archived page is kept for the record: it restates the law of
		// its day, and its label already tells readers not to follow it.
		l.known, l.other = true, d.Jurisdiction() != corpus.EnglandAndWales || d.Archived()
	}
	if l.other || corpus.JurisdictionNamed(span) != corpus.EnglandAndWales {
		return true
	}
	for sec := r.Block.Block.Section; sec != nil; sec = sec.Parent {
		if sec.Heading != nil && corpus.JurisdictionNamed(sec.Heading.Text) != corpus.EnglandAndWales {
			return true
		}
	}
	if r.Term.InForce != "" && !citesOwnSection(r.Term, span) {
		// A page dated before the definition came into force described the
		// law before it, unless it cites the new provision itself
		// (notes on a Bill that explain the provision it inserts).
		if from, err := time.Parse(time.DateOnly, r.Term.InForce); err == nil {
			if at, ok := d.LawDate(); ok && at.Before(from) {
				return true
			}
		}
	}
	return false
}

// citesOwnSection reports whether text cites a section the term rests on
// ("section 2A", "s.2A").
func citesOwnSection(t *glossary.Term, text string) bool {
	re, _ := ownSections.Load(t)
	if re == nil {
		var alts []string
		for _, s := range t.Sources {
			sec := strings.TrimSpace(s.Section)
			if i := strings.IndexByte(sec, '('); i > 0 {
				sec = sec[:i]
			}
			if sec != "" {
				alts = append(alts, regexp.QuoteMeta(sec))
			}
		}
		var c *rx.Regexp
		if len(alts) > 0 {
			c = rx.MustCompile(`(?i)\b(?:s|ss|section|sections)\.?\s*(?:` + strings.Join(alts, "|") + `)\b`)
		}
		re, _ = ownSections.LoadOrStore(t, c)
	}
	c := re.(*rx.Regexp)
	return c != nil && c.MatchString(text)
}

// ownSections holds, per term, the pattern of a citation of its own
// sections (nil when it has none), built once.
var ownSections sync.Map

// headingReading reads the paragraph under a "What is X?" heading. It
// defines X when it says enough of the definition, asserts an excluded
// element, or opens with X and a defining verb; a paragraph that answers
// the question with history, context or a caveat ("Stalking is a crime.
// Since 2012 ...") describes it.
func headingReading(tp *TermProfile, r *Restatement) Reading {
	if coverage(tp, r) >= 0.3 || assertsExcluded(tp, r) || coversDefinition(tp, r) {
		return Defines
	}
	bf := r.Block
	text := bf.Block.Run.Text
	if layMarker.MatchString(text[r.Start:r.End]) {
		return Describes
	}
	if len(bf.Sentences) == 0 {
		return Defines
	}
	s := bf.Sentences[0]
	if n := paraNumberLen(text[s.Start:s.End]); n > 0 {
		s.Start += n // "4.2 Harassment is ..."
	}
	// A first sentence that opens with a noun phrase ("An order a court
	// makes ...", "Behaviour that ...") answers the question the way a
	// glossary does; one that opens by pointing elsewhere ("That is ...",
	// "In 2012 ...", "There is no ...") does not.
	opens := strings.ToLower(FirstWord(text[s.Start:s.End]))
	if notAnAnswer[opens] {
		return Describes
	}
	if r.How == "entry" && opensWithClause(bf, s) {
		// Under a heading that only names the term, a gloss is a noun
		// phrase ("Conduct that ..."); a sentence with its own verb at once
		// ("A judge may impose one ...") is prose about it.
		return Describes
	}
	// Under the question, "It is ..." answers it as "X is ..." would.
	if opens == "it" && r.How == "heading" {
		if j, ok := skipGap(text, bf, firstToken(bf, s), s.End); ok {
			if strong, pred, ok := definingVerb(text, bf.Tokens, j, s.End); ok {
				n := 0
				for k := pred; k < len(bf.Tokens) && bf.Tokens[k].Start < s.End; k++ {
					n++
				}
				if strong || n > 4 {
					return Defines
				}
			}
		}
		return Describes
	}
	// When it opens with the term, the term needs a strong defining verb,
	// or a plain "is" whose predicate reads as a definition.
	startsWithTerm := false
	for _, m := range bf.Matches {
		if m.Start >= s.End {
			break
		}
		if m.Entry.Term != r.Term {
			continue
		}
		if strings.TrimSpace(strings.Trim(text[s.Start:m.Start], "\"'‘“*_")) != "" && !determinerOnly(text[s.Start:m.Start]) {
			break
		}
		startsWithTerm = true
		if j, ok := skipGap(text, bf, m.Last, s.End); ok {
			if strong, pred, ok := definingVerb(text, bf.Tokens, j, s.End); ok {
				// Under the question, "X is ..." answers it unless all it
				// does is classify ("Stalking is a crime.") before moving on.
				n := 0
				for k := pred; k < len(bf.Tokens) && bf.Tokens[k].Start < s.End; k++ {
					n++
				}
				if strong || n > 4 && (r.How == "heading" || definitional(tp, bf, bf.Tokens[pred].Start, s.End)) {
					// Under a heading that only names the term, "X is at
					// the heart of ..." is prose; it must read as a
					// definition.
					return Defines
				}
			}
		}
		break
	}
	if startsWithTerm {
		return Describes
	}
	if r.How == "entry" {
		return Defines // a glossary's gloss, already checked for a clause
	}
	// Under a question, a gloss opens with a determiner or with a word of the definition
	// ("A pattern of ...", "Conduct that ..."); "Taken
	// in isolation, ..." opens a comment.
	first := tokenFrom(bf.Tokens, s.Start)
	if first == len(bf.Tokens) {
		return Describes
	}
	w := bf.Tokens[first]
	if nounPhraseStart[w.Surface] || tp.defStems[w.Term] || cueWord(tp, w.Term) {
		return Defines
	}
	return Describes
}

// cueWord reports whether an analysed word opens a cue of one of the
// term's elements.
func cueWord(tp *TermProfile, term string) bool {
	return tp.cueHeads[term]
}

// notAnAnswer are first words with which a paragraph under a "What is X?"
// heading points elsewhere instead of answering: a pronoun standing for
// something said before, a time or place, a caveat. "It" is not among
// them: under the question, "It is ..." answers it.
var notAnAnswer = map[string]bool{"that": true, "this": true, "these": true, "those": true,
	"there": true, "in": true, "on": true, "at": true, "since": true, "under": true, "from": true,
	"for": true, "although": true, "though": true, "while": true, "whilst": true, "when": true, "if": true,
	"as": true, "by": true, "with": true, "we": true, "you": true, "our": true, "your": true, "many": true,
	"most": true, "some": true, "until": true, "before": true, "after": true, "no": true, "not": true,
	"unlike": true, "whether": true, "because": true, "here": true, "below": true, "above": true}

func determinerOnly(s string) bool {
	w := strings.ToLower(strings.TrimSpace(s))
	return w == "a" || w == "an" || w == "the"
}

// auxiliaryVerbs open a clause's verb phrase.
var auxiliaryVerbs = map[string]bool{"is": true, "are": true, "was": true, "were": true, "can": true, "may": true,
	"will": true, "must": true, "should": true, "has": true, "have": true, "had": true, "would": true,
	"could": true, "might": true, "does": true, "do": true, "did": true, "shall": true}

// opensWithClause reports whether a sentence has a verb among its first
// three words: a clause, not the noun phrase of a gloss.
func opensWithClause(bf *BlockFacts, s corpus.Sentence) bool {
	n := 0
	for _, tk := range bf.Tokens[tokenFrom(bf.Tokens, s.Start):] {
		if tk.Start >= s.End || n == 3 {
			break
		}
		if auxiliaryVerbs[tk.Surface] {
			return true
		}
		n++
	}
	return false
}

// paraNumberLen is the length of a paragraph number and the space after
// it at the start of s ("3.1 ", "12. "), or 0.
func paraNumberLen(s string) int {
	i := strings.IndexByte(s, ' ')
	if i <= 0 || !paraNumber(s[:i]) {
		return 0
	}
	return i + 1
}

// entryReading reads a "Term: gloss" list item. An acronym glossed with a
// capitalised name is a list of abbreviations ("IDVA – Independent Domestic
// Violence Adviser."), which acronym-expansion reads; a gloss that opens
// with a condition or pointer ("if the stalker is a partner", "see below")
// says when to use a service, not what it is. Otherwise it is a definition.
func entryReading(r *Restatement) Reading {
	text := r.Block.Block.Run.Text
	gloss := text[r.Start:r.End]
	if notAnAnswer[strings.ToLower(FirstWord(gloss))] || layMarker.MatchString(gloss) {
		return Describes
	}
	if r.Term.Acronym != "" && strings.Contains(text[:r.Start], r.Term.Acronym) {
		words := strings.Fields(gloss)
		caps := 0
		for _, w := range words {
			if !Capitalised(strings.Trim(w, ".,;:()")) {
				break
			}
			caps++
		}
		if caps >= 2 {
			return Describes
		}
	}
	return Defines
}

// keepsTheTest reports whether a restatement carries every required
// element of its term (in the sentences that continue it) and asserts no
// excluded one.
func keepsTheTest(tp *TermProfile, r *Restatement) bool {
	terms, _ := SpanTerms(r.Block, r.Start, ContinuationEnd(r))
	for _, ec := range tp.Required {
		if i, _ := FindCue(terms, ec); i < 0 {
			return false
		}
	}
	return !assertsExcluded(tp, r)
}

// definitionOfEnd matches "the definition of" or "the meaning of" just before
// a subject.
var definitionOfEnd = rx.MustCompile(`(?i)\b(?:definition|meaning)\s+of\s+["'“‘]?$`)

// aboutTheDefinition reports whether "The definition of X is ..." goes on
// to comment on the definition ("is illustrative rather than exhaustive",
// "is wide") rather than give it: its predicate shares no word of the
// definition and names no element.
func aboutTheDefinition(tp *TermProfile, r *Restatement) bool {
	if tp == nil || r.SubjectStart <= r.Start || !definitionOfEnd.MatchString(r.Block.Block.Run.Text[r.Start:r.SubjectStart]) {
		return false
	}
	pred := PredicateStart(r)
	if sharedIn(tp, r.Block, pred, r.End) > 0 {
		return false
	}
	terms, _ := SpanTerms(r.Block, pred, r.End)
	return !hasAnyCue(terms, tp)
}

// Paraphrase reports whether a restatement below the drift threshold is
// still a paraphrase rather than drift: a term with no required elements
// glossed with a fair share of its words (a score of at least loose); a
// legal test restated with every element and nothing excluded, in other
// words, at least as close as loose; or, on a page for the public, a plain
// account that keeps every element, however worded.
func Paraphrase(tp *TermProfile, r *Restatement, score, loose float64, public bool) bool {
	if len(tp.Required) == 0 {
		return score >= loose
	}
	if !keepsTheTest(tp, r) {
		return false
	}
	return public || score >= loose
}

// explainsHarassing reports whether the cue explains what harassing
// includes (s.7(2): alarming a person or causing them distress): "harass"
// and "include" come shortly before it.
func explainsHarassing(bf *BlockFacts, first int, s corpus.Sentence) bool {
	include, harass := false, false
	for k := first - 1; k >= 0 && k >= first-8 && bf.Tokens[k].Start >= s.Start; k-- {
		w := bf.Tokens[k].Surface
		switch {
		case strings.HasPrefix(w, "includ"):
			include = true
		case strings.HasPrefix(w, "harass"):
			harass = true
		}
	}
	return include && harass
}

// firstToken is the index of the token after the first token of sentence
// s (the verb's place after a one-word subject such as "It").
func firstToken(bf *BlockFacts, s corpus.Sentence) int {
	return min(tokenFrom(bf.Tokens, s.Start)+1, len(bf.Tokens))
}
