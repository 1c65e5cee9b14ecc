package rules

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/analysis"
)

// How breach-context reads a page: which sentences discuss a breach, and
// which say that a breach is more than a one-off event. Everything here
// works on analysed words (stems), so inflections fold: "escalates",
// "escalating" and "escalation" are one word, as are "offence" and
// "offences".

// breachConcept is one idea about how a breach is read, with the wordings
// that express it. A wording is a sequence of slots separated by spaces; a
// slot is alternative words separated by "|" (matched on their analysed
// form, or as written when a word starts with "="), and the slot "~" lets up
// to five other words come between its neighbours ("~N": up to N). A first
// slot followed by "~N>" must come up to N words before the rest: the
// wording is looked up by its rarer second part ("charge the breach
// alone" by "alone"), and read from its first (a denial before "charge").
// Wordings match within one clause of a sentence.
type breachConcept struct {
	name     string
	kind     conceptKind
	wordings []string
}

// conceptKind is what a concept says about the breach, asserted or denied.
// Context is read with its polarity: "the breach is not part of the course
// of conduct" denies the context it names, and "never deal with a breach in
// isolation" gives it.
type conceptKind int

const (
	// conceptContext gives the context; denied, it says the breach stands
	// alone.
	conceptContext conceptKind = iota
	// conceptAlone says the breach stands alone (in isolation, on its own,
	// separately from the case); denied, it gives the context.
	conceptAlone
	// conceptAloneWord is a word that gives the context when denied ("not
	// in isolation") but is too common to say anything asserted ("the victim
	// felt isolated").
	conceptAloneWord
	// conceptTrivial calls a breach routine or a formality; denied, it says
	// nothing either way.
	conceptTrivial
)

// breachConcepts are the context a breach should be given, beyond the
// fixed phrases of the glossary's `breach.context` lists: the same four
// ideas (further stalking, the wider course of conduct, escalating risk,
// new offences charged as well) in the ordinary words guidance uses; and
// their opposites, which read a breach as a one-off or routine event.
var breachConcepts = []breachConcept{
	{"further stalking", conceptContext, []string{
		"further|more|continued|continuing|ongoing|renewed|fresh|repeat|repeated stalking|harassment|harassing|abuse",
		"itself|themselves ~ stalking|harassment|harassing",
		"amount|amounts|amounted|amounting|constitute|constitutes|constituting ~ stalking|harassment",
		"stalking|harassment|harassing|conduct|behaviour|behavior|abuse|offending|contact ~ continue|continues|continued|continuing|persist|persists|persisted|persisting|resume|resumes|resumed|ongoing",
		"stalking|harassment|harassing|conduct|behaviour|behavior|abuse|offending|contact ~ carry|carries|carried|carrying on",
		"still stalking|harassing",
	}},
	{"the wider course of conduct", conceptContext, []string{
		"course|courses of conduct",
		"pattern|patterns",
		"campaign|campaigns",
		"totality",
		"wider|whole|full|entire|overall|broader|bigger|complete ~ history|picture|context|conduct|behaviour|behavior|offending|background|chronology|circumstances",
		"as a whole",
		"history of ~ conduct|behaviour|behavior|abuse|stalking|harassment|breach|breaches|offending|contact",
		"part of ~ same|wider|larger|continuing|ongoing|series|campaign|course|pattern|stalking|harassment|conduct|behaviour|behavior|abuse|offending",
		"not|never ~ just|only|merely|simply|solely ~ breach|breaches",
		"than ~ breach|breaches",
		"previous|earlier|prior|past|repeat|repeated|persistent|multiple|several|further|continued|continuing|successive breach|breaches|breaching|incidents|reports",
		"linked|linking ~ together|earlier|previous|other",
		"previous|earlier|prior|past ~1 conduct|behaviour|behavior|incidents|offending|contact",
	}},
	{"escalating risk", conceptContext, []string{
		"escalate|escalates|escalated|escalating|escalation",
		"risk|risks|danger|threat|harm ~ increase|increases|increased|increasing|rise|rises|risen|rising|grow|grows|grown|growing|heightened|higher|greater|worse|worsening",
		"increased|increasing|heightened|rising|growing|higher|greater|elevated|raised ~ risk|danger|threat",
		"assess|assessed|assessing|reassess|reassessed|review|reviewed|reviewing|reconsider ~ risk|risks",
		"risk ~ assessment|assessments|reassessed|reassessment",
		"warning sign|signs|signal|signals",
		"red flag|flags",
		"precursor|precursors",
		"more|greater|worse serious ~2 offending|harm|violence",
	}},
	{"new offences charged as well", conceptContext, []string{
		"new|fresh|further|additional|substantive|underlying ~ offence|offences|offense|offenses|offending|crime|crimes|criminality|charge|charges",
		"addition to ~ breach|breaches",
		"well as ~ breach|breaches",
		"alongside|besides ~ breach|breaches",
		"charge|charges|charged|charging ~ stalking|harassment",
		"also ~ charge|charged|charging",
	}},
	{"a one-off event", conceptAlone, []string{
		"in isolation",
		"isolated incident|incidents|event|events|matter|matters|act|acts|occurrence|occurrences|episode|episodes|breach|breaches|one",
		"one off",
		"standalone|freestanding",
		"stand alone",
		"free standing",
		"self contained",
		breachHandlingVerbs + " ~10> =alone",
		breachHandlingVerbs + " ~10> on its|their own",
		breachHandlingVerbs + " ~10> by itself|themselves",
		// Charging, sentencing or considering a breach "separately" may
		// mean a count or a sentence of its own; dealing with it
		// separately is reading it alone.
		"deal|deals|dealt|dealing|treat|treats|treated|treating|read|view|viewed|assess|assessed|judge|judged|handle|handled|approach|approached|look|looked ~10> =separately|=independently",
		"separate|separately|apart|independent|independently|distinct|divorced ~2 from|of ~3 original|underlying|earlier|previous|prior|main|substantive|stalking|harassment|index|parent|wider|rest ~2 case|cases|proceedings|prosecution|matter|conduct|behaviour|behavior|history",
		"without ~3 history|background|chronology|context|pattern|picture",
		"no need ~4 history|background|chronology|context|pattern|picture",
		"one|single ~1 day|day's|incident|text|message|call|act ~2 =alone",
	}},
	{"a one-off event", conceptAloneWord, []string{
		"isolation|isolated",
		"breach|breaches|contravention|contraventions alone",
	}},
	{"a routine matter", conceptTrivial, []string{
		"=is|=are|=be|=been|=being|=was|=were|=as|=largely|=mostly|=usually|=merely|=simply|=purely|=generally|=often|=normally ~2> =routine",
		"=routine matter|matters|case|cases|business|listing|listings|hearing|hearings|event|events|procedure|step|steps|item|items|work",
		"=formality|=formalities|=technicality|=technicalities",
		"matter of course",
		"=straightforward matter|matters|case|cases|business",
		"=minor|=trivial|=technical breach|breaches|contravention|contraventions|matter|matters",
		"rubber stamp|stamped|stamping",
		"=mere|=simple|=simply|=purely|=plain|=just|=merely ~1> =procedural|=administrative|=technical|=disobedience|=defiance",
		"made|there ~2 to be obeyed|followed|respected|complied",
	}},
}

// breachHandlingVerbs are the slot of what is done with a breach, for the
// wordings that say it is done with the breach alone.
const breachHandlingVerbs = "charge|charged|charges|charging|deal|deals|dealt|dealing|treat|treats|treated|treating|" +
	"sentence|sentenced|sentencing|prosecute|prosecuted|prosecutes|prosecuting|consider|considered|considering|" +
	"read|view|viewed|assess|assessed|judge|judged|handle|handled|tried|try|hear|heard|decide|decided|approach|approached"

// conceptSlot is one slot of a compiled wording: the stems (or written
// words) it accepts, as sets of their numbers in conceptWords, or a gap of
// up to gap words.
type conceptSlot struct {
	stems, surfaces wordBits
	// stemList and surfaceList are the same sets as lists, for indexing.
	stemList, surfaceList []int32
	gap                   int // > 0 for a gap
}

func (s conceptSlot) accepts(w wordIDs) bool {
	return s.stems.has(w.term) || s.surfaces.has(w.surface)
}

// wordBits is a set of word numbers.
type wordBits []uint64

func (b wordBits) has(id int32) bool {
	return id > 0 && int(id>>6) < len(b) && b[id>>6]&(1<<(id&63)) != 0
}

func (b *wordBits) add(id int32) {
	for int(id>>6) >= len(*b) {
		*b = append(*b, 0)
	}
	(*b)[id>>6] |= 1 << (id & 63)
}

// wordIDs are a token's stem and written word as numbered by conceptWords,
// 0 for a word no wording names. Sentences are read by these numbers: a
// string hashed once per token, rather than once per slot tried, was most
// of what reading a sentence for breach context cost.
type wordIDs struct{ term, surface int32 }

// conceptVocab numbers the stems and written words the breach wordings
// name, all lists together, so that a sentence is numbered once for any of
// them.
type conceptVocab struct {
	terms, surfaces vocabTable
}

// vocabTable numbers words in an open-addressing table probed by
// stemFilterBit's hash: cheaper than a map's hash of the whole string, and
// a word no wording names (most words) nearly always finds an empty slot at
// once.
type vocabTable struct {
	slots [vocabSlots]int32 // word numbers, 0 for empty
	words []string          // by number; words[0] is unused
	// byID is the word numbers by the analysis's numbers (analysis.WordID),
	// which tokens carry: most tokens are numbered by an index, not a hash.
	byID []int32
}

// at is get(w) for a token's word w, which the analysis numbered id.
func (t *vocabTable) at(id uint32, w string) int32 {
	switch {
	case id == 0:
		return t.get(w)
	case int(id) < len(t.byID):
		return t.byID[id]
	}
	return 0
}

// vocabSlots keeps the table under a fifth full.
const vocabSlots = 1 << 12

func (t *vocabTable) get(w string) int32 {
	for h := stemFilterBit(w) % vocabSlots; ; h = (h + 1) % vocabSlots {
		id := t.slots[h]
		if id == 0 || t.words[id] == w {
			return id
		}
	}
}

func (t *vocabTable) number(w string) {
	if len(t.words) == 0 {
		t.words = []string{""}
	}
	if t.get(w) != 0 {
		return
	}
	if 5*len(t.words) > vocabSlots {
		panic("too many words in the breach wordings for vocabTable")
	}
	h := stemFilterBit(w) % vocabSlots
	for t.slots[h] != 0 {
		h = (h + 1) % vocabSlots
	}
	t.slots[h] = int32(len(t.words))
	if id := analysis.WordID(w); id != 0 {
		t.byID = append(t.byID, make([]int32, max(0, int(id)+1-len(t.byID)))...)
		t.byID[id] = int32(len(t.words))
	}
	t.words = append(t.words, w)
}

var conceptWords = sync.OnceValue(func() *conceptVocab {
	v := &conceptVocab{}
	for _, list := range [][]breachConcept{breachConcepts, boundBreachWordsFirst, boundBreachWordsLast} {
		for _, c := range list {
			for _, w := range c.wordings {
				for _, slot := range strings.Fields(w) {
					if strings.HasPrefix(slot, "~") {
						continue
					}
					for _, alt := range strings.Split(slot, "|") {
						if word, ok := strings.CutPrefix(alt, "="); ok {
							v.surfaces.number(strings.ToLower(word))
							continue
						}
						for _, t := range analysis.Terms(alt) {
							v.terms.number(t)
						}
					}
				}
			}
		}
	}
	return v
})

// ids numbers toks into buf.
func (v *conceptVocab) ids(toks []analysis.Token, buf []wordIDs) []wordIDs {
	buf = slices.Grow(buf[:0], len(toks))[:len(toks)]
	for i, t := range toks {
		buf[i] = wordIDs{v.terms.at(t.TermID, t.Term), v.surfaces.at(t.SurfaceID, t.Surface)}
	}
	return buf
}

type conceptWording struct {
	concept *breachConcept
	slots   []conceptSlot
	// before, when before.gap > 0, must accept a word up to before.gap
	// words before slots[0].
	before conceptSlot
}

// match matches w at toks[i] and returns the index where its reading
// starts (its "before" word, or i), and the index just after it.
func (w *conceptWording) match(text string, toks []analysis.Token, ids []wordIDs, i int) (start, end int, ok bool) {
	end, ok = matchWordingEnd(w.slots[1:], ids, i+1)
	if !ok || end-1 > i && strings.ContainsAny(text[toks[i].End:toks[end-1].Start], ";:!?()") {
		return 0, 0, false // no match, or one across clauses
	}
	if w.before.gap == 0 {
		return i, end, true
	}
	for j := i - 1; j >= 0 && i-j <= w.before.gap+1; j-- {
		if gapBreaks(text[toks[j].End:toks[j+1].Start], ";:!?()") {
			break
		}
		if w.before.accepts(ids[j]) {
			return j, end, true
		}
	}
	return 0, 0, false
}

// breachConceptGap is how many words a "~" slot lets through.
const breachConceptGap = 5

// compiledBreachConcepts are the wordings by the stems (and written words)
// they can start with, so that a sentence is tried only against the
// wordings its words can begin.
var compiledBreachConcepts = sync.OnceValue(func() *wordingIndex {
	return compileWordings(breachConcepts)
})

// wordingIndex holds wordings by the stems, and the written words, their
// first slot accepts, by their numbers in conceptWords.
type wordingIndex struct {
	byTerm, bySurface [][]conceptWording
}

// starting returns the wordings that the word numbered w can start: by its
// stem, then by its written word.
func (ix *wordingIndex) starting(w wordIDs) (byTerm, bySurface []conceptWording) {
	if int(w.term) < len(ix.byTerm) {
		byTerm = ix.byTerm[w.term]
	}
	if int(w.surface) < len(ix.bySurface) {
		bySurface = ix.bySurface[w.surface]
	}
	return byTerm, bySurface
}

// compileWordings indexes the wordings of concepts by their first slot's
// stems and written words.
func compileWordings(concepts []breachConcept) *wordingIndex {
	v := conceptWords()
	out := &wordingIndex{byTerm: make([][]conceptWording, len(v.terms.words)), bySurface: make([][]conceptWording, len(v.surfaces.words))}
	for ci := range concepts {
		c := &concepts[ci]
		for _, w := range c.wordings {
			cw := compileWording(c, w)
			for _, st := range cw.slots[0].stemList {
				out.byTerm[st] = append(out.byTerm[st], cw)
			}
			for _, w := range cw.slots[0].surfaceList {
				out.bySurface[w] = append(out.bySurface[w], cw)
			}
		}
	}
	return out
}

// compileWording compiles wording w of concept c.
func compileWording(c *breachConcept, w string) conceptWording {
	cw := conceptWording{concept: c}
	fields := strings.Fields(w)
	if len(fields) > 2 && strings.HasPrefix(fields[1], "~") && strings.HasSuffix(fields[1], ">") {
		cw.before = wordSlot(fields[0])
		cw.before.gap, _ = strconv.Atoi(strings.Trim(fields[1], "~>"))
		fields = fields[2:]
	}
	for _, slot := range fields {
		if gap, ok := strings.CutPrefix(slot, "~"); ok {
			n := breachConceptGap
			if gap != "" {
				n, _ = strconv.Atoi(gap)
			}
			cw.slots = append(cw.slots, conceptSlot{gap: n})
			continue
		}
		cw.slots = append(cw.slots, wordSlot(slot))
	}
	if cw.slots[0].gap > 0 {
		panic("breach concept wording starts with a gap: " + w)
	}
	return cw
}

// wordSlot compiles one slot of alternative words.
func wordSlot(slot string) conceptSlot {
	v := conceptWords()
	var cs conceptSlot
	for _, alt := range strings.Split(slot, "|") {
		if word, ok := strings.CutPrefix(alt, "="); ok {
			if id := v.surfaces.get(strings.ToLower(word)); id > 0 && !cs.surfaces.has(id) {
				cs.surfaces.add(id)
				cs.surfaceList = append(cs.surfaceList, id)
			}
			continue
		}
		for _, t := range analysis.Terms(alt) {
			if id := v.terms.get(t); id > 0 && !cs.stems.has(id) {
				cs.stems.add(id)
				cs.stemList = append(cs.stemList, id)
			}
		}
	}
	return cs
}

// stemSet is the analysed form of each of the space-separated words.
func stemSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, t := range analysis.Terms(words) {
		m[t] = true
	}
	return m
}

// contextReading is what one sentence says about how a breach is read.
type contextReading struct {
	// context: the sentence gives the context (asserted, or a one-off
	// reading denied).
	context bool
	// alone: the sentence reads the breach as a one-off or routine event,
	// or denies the context, and gives no context of its own.
	alone bool
	// aloneAt is the token index where the one-off reading starts.
	aloneAt int
}

// readBreachContext reads one sentence's tokens (toks, with offsets into
// text) for context and for its opposite. cues are the token spans of the
// glossary's context phrases in the sentence, read as context wordings. A
// wording inside a denied one is denied with it: in "is not treated as part
// of the course of conduct", "course of conduct" is denied too.
func readBreachContext(text string, toks []analysis.Token, ids []wordIDs, cues [][2]int) contextReading {
	byStart := compiledBreachConcepts()
	var r contextReading
	aloneAt := -1
	var asserted, denied [][2]int
	read := func(w *conceptWording, i int) {
		i, end, ok := w.match(text, toks, ids, i)
		if !ok {
			return
		}
		neg := negatedAt(text, toks, i)
		if w.concept.kind != conceptContext && !neg && inCondition(text, toks, i) {
			return // "where the breach is an isolated incident": a case supposed, not a reading
		}
		switch w.concept.kind {
		case conceptContext:
			if neg {
				aloneAt = keepFirst(aloneAt, i)
				denied = append(denied, [2]int{i, end})
			} else {
				asserted = append(asserted, [2]int{i, end})
			}
		case conceptAlone:
			if neg {
				r.context = true
			} else {
				aloneAt = keepFirst(aloneAt, i)
			}
		case conceptAloneWord:
			if neg {
				r.context = true
			}
		case conceptTrivial:
			// "even a minor breach" says the opposite.
			if !neg && (i == 0 || toks[i-1].Surface != "even") {
				aloneAt = keepFirst(aloneAt, i)
			}
		}
	}
	for i := range toks {
		if ids[i] == (wordIDs{}) {
			continue // a word no wording names
		}
		byTerm, bySurface := byStart.starting(ids[i])
		for k := range byTerm {
			read(&byTerm[k], i)
		}
		for k := range bySurface {
			read(&bySurface[k], i)
		}
	}
	for _, c := range cues {
		if negatedAt(text, toks, c[0]) {
			aloneAt = keepFirst(aloneAt, c[0])
			denied = append(denied, c)
		} else {
			asserted = append(asserted, c)
		}
	}
	for _, a := range asserted {
		inside := false
		for _, d := range denied {
			if a[0] < d[1] && d[0] < a[1] {
				inside = true
			}
		}
		if !inside {
			r.context = true
		}
	}
	if aloneAt >= 0 && !r.context {
		r.alone, r.aloneAt = true, aloneAt
	}
	return r
}

func keepFirst(at, i int) int {
	if at < 0 || i < at {
		return i
	}
	return at
}

// matchWording reports whether slots match the words numbered ids from i
// on.
func matchWording(slots []conceptSlot, ids []wordIDs, i int) bool {
	_, ok := matchWordingEnd(slots, ids, i)
	return ok
}

// matchWordingEnd matches slots against the words numbered ids from i on
// and returns the index just after the match.
func matchWordingEnd(slots []conceptSlot, ids []wordIDs, i int) (int, bool) {
	if len(slots) == 0 {
		return i, true
	}
	if slots[0].gap > 0 {
		if len(slots) == 2 && slots[1].gap == 0 {
			// A gap and a last word, the commonest ending: the loop
			// below, with the call for the last word written out.
			for j := i; j <= i+slots[0].gap && j < len(ids); j++ {
				if slots[1].accepts(ids[j]) {
					return j + 1, true
				}
			}
			return 0, false
		}
		for skip := 0; skip <= slots[0].gap && i+skip <= len(ids); skip++ {
			if end, ok := matchWordingEnd(slots[1:], ids, i+skip); ok {
				return end, true
			}
		}
		return 0, false
	}
	if i < len(ids) && slots[0].accepts(ids[i]) {
		return matchWordingEnd(slots[1:], ids, i+1)
	}
	return 0, false
}

// boundBreachWordsFirst and boundBreachWordsLast are breach words that the
// glossary's lists leave out because they mean a breach only next to an
// order: "breaks the order", "the SPO was broken", and the statute's own
// wording, doing "anything" that an order "prohibits". They count only in a
// sentence that names an order or says "the order". In the first list the breach word is a
// wording's first word; in the second, its last.
var (
	boundBreachWordsFirst = []breachConcept{{"breach", conceptContext, []string{
		"break|breaks|broke|breaking|flout|flouts|flouted|flouting|defy|defies|defied|defying ~3 order|orders|spo|spos|terms|requirement|requirements|prohibition|prohibitions",
		"not|never|=doesn't|=don't|=didn't|=won't|=hasn't|=haven't comply|complies|complied|complying|obey|obeys|obeying|abide|abides ~1 with|by ~3 order|orders|spo|spos|terms|requirement|requirements|prohibition|prohibitions",
		"fail|fails|failed|failing|failure to comply|obey ~1 with ~3 order|orders|spo|spos|terms|requirement|requirements|prohibition|prohibitions",
		"non compliance|complying ~1 with ~3 order|orders|spo|spos|terms|requirement|requirements|prohibition|prohibitions",
	}}}
	boundBreachWordsLast = []breachConcept{{"breach", conceptContext, []string{
		"order|orders|spo|spos ~3 =broken|=flouted",
		"anything|something ~6 prohibited|forbidden|prohibits|forbids|barred",
	}}}
	compiledBoundFirst = sync.OnceValue(func() *wordingIndex { return compileWordings(boundBreachWordsFirst) })
	compiledBoundLast  = sync.OnceValue(func() *wordingIndex { return compileWordings(boundBreachWordsLast) })
)

// boundBreachWordsIn returns the token index (in toks) of each bound
// breach word in one sentence.
func boundBreachWordsIn(toks []analysis.Token, ids []wordIDs) []int {
	var out []int
	first, last := compiledBoundFirst(), compiledBoundLast()
	for i := range toks {
		if ids[i] == (wordIDs{}) {
			continue // a word no wording names
		}
		byTerm, bySurface := first.starting(ids[i])
		for _, ws := range [2][]conceptWording{byTerm, bySurface} {
			for k := range ws {
				if matchWording(ws[k].slots[1:], ids, i+1) {
					out = append(out, i)
				}
			}
		}
		byTerm, bySurface = last.starting(ids[i])
		for _, ws := range [2][]conceptWording{byTerm, bySurface} {
			for k := range ws {
				if end, ok := matchWordingEnd(ws[k].slots[1:], ids, i+1); ok {
					out = append(out, end-1)
				}
			}
		}
	}
	return out
}

// Negation. A wording is denied by a negator shortly before it in its
// clause: "not", "never", "n't" up to six words before ("should not treat
// it as a one-off"), "without", "nor" up to four, "no" up to two ("no new
// offence", but not "causes no harm and may still be further stalking"),
// "rather than" and "instead of" up to three. It is not denied when the
// negator only limits ("not just", "not necessarily", "not always"), when a
// contrast ("but", "however"), a new predicate ("and", "that", "to be") or
// a clause break comes between, or when the negator sits in a condition
// ("if it is not part of a course of conduct" weighs the context rather
// than denying it).
var (
	negators       = map[string]int{"not": 6, "never": 6, "cannot": 6, "without": 4, "nor": 4, "neither": 4, "no": 2, "than": 3, "of": 3}
	negatorLimits  = map[string]bool{"just": true, "only": true, "merely": true, "simply": true, "solely": true, "necessarily": true, "always": true, "least": true}
	clauseContrast = map[string]bool{"but": true, "however": true, "although": true, "though": true, "yet": true, "whereas": true, "while": true, "whilst": true,
		"and": true, "that": true, "which": true, "who": true, "because": true, "since": true, "so": true}
	conditionWords = map[string]bool{"if": true, "where": true, "unless": true, "whether": true, "when": true, "once": true}
)

// inCondition reports whether toks[i] sits in a condition: "if", "where",
// "unless"... earlier in its comma clause.
func inCondition(text string, toks []analysis.Token, i int) bool {
	for k := i - 1; k >= 0; k-- {
		if gapBreaks(text[toks[k].End:toks[k+1].Start], ".;:!?()[],") {
			return false
		}
		if conditionWords[toks[k].Surface] {
			return true
		}
	}
	return false
}

// negatedAt reports whether the wording starting at toks[i] is denied.
func negatedAt(text string, toks []analysis.Token, i int) bool {
	if i < 0 || i >= len(toks) {
		return false
	}
	breakBetween := func(a, b int, commas bool) bool {
		gap := text[toks[a].End:toks[b].Start]
		return gapBreaks(gap, ".;:!?()[]") || commas && strings.Contains(gap, ",")
	}
	for j := i - 1; j >= 0 && i-j <= 6; j-- {
		if breakBetween(j, j+1, false) || clauseContrast[toks[j].Surface] ||
			toks[j].Surface == "to" && j+1 < i && toks[j+1].Surface == "be" {
			return false
		}
		w := toks[j].Surface
		reach, ok := negators[w]
		if strings.HasSuffix(w, "n't") {
			reach, ok = 6, true
		}
		switch w {
		case "than":
			ok = j > 0 && toks[j-1].Surface == "rather"
		case "of":
			ok = j > 0 && toks[j-1].Surface == "instead"
		}
		if !ok || i-j > reach {
			continue
		}
		if j+1 < len(toks) && negatorLimits[toks[j+1].Surface] {
			return false
		}
		// A negator in a condition weighs the context.
		return !inCondition(text, toks, j)
	}
	return false
}
