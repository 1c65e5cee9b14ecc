package restate

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// TermProfile is what restatement rules need to know about one term,
// analysed once per glossary.
type TermProfile struct {
	term *glossary.Term
	// own holds the stems of the term's own words (term, aliases, acronym,
	// expansion), left out of every comparison: restating stalking always
	// says "stalking".
	own map[string]bool
	// defs are the canonical texts a restatement is compared with: the whole
	// definition, then each of its sentences. For a mnemonic, its expansion.
	defs []Canon
	// defStems is every content stem of the definition, for deciding
	// whether a plain "X is ..." reads as a definition.
	defStems map[string]bool
	// distinctive holds the stems of defStems that are neither the term's
	// own nor generic (genericStems): the words sharedIn counts
	// and coverage divides by, worked out once rather than per call.
	distinctive map[string]bool
	Required    []Element
	Excluded    []Element
	// cueHeads holds the first analysed word of every cue of Required and
	// Excluded: a cue can occur only where its first word does.
	cueHeads map[string]bool
	mnemonic bool
	// expansion is the canonical expansion of a mnemonic.
	expansion Canon
}

// Canon is a canonical wording and its comparable stems.
type Canon struct {
	Text string
	Set  map[string]bool
}

// Element is a required or excluded element with its cues as sequences
// of analysed words. Cues match whole word sequences, stop words included,
// so "lives with" needs the "with" and "form of harassment" the "of", while
// inflections fold ("forms of harassment", "living together").
type Element struct {
	Element *glossary.Element
	Cues    [][]string
	Belongs *glossary.Term
	// sections are the provisions of the term the element belongs to
	// ("4a"), so that a sentence citing them is known to be about it.
	Sections []string
	// heads holds the first word of each of Cues, when there are enough
	// cues for one look-up to cost less than trying each (nil otherwise).
	heads map[string]bool
}

// headsFrom is the number of cues from which an Element keeps heads.
const headsFrom = 4

// Profile holds the term profiles of one glossary.
type Profile struct {
	g     *glossary.Glossary
	Terms map[*glossary.Term]*TermProfile
	// acronyms the glossary knows, which inconsistent-description leaves to
	// acronym-expansion.
	Acronyms map[string]bool
	// mnemonics are the terms whose profile is a mnemonic's: a glossary
	// has few, so asking whether a match's term is one of them costs less
	// than looking its profile up.
	mnemonics []*glossary.Term
}

// isMnemonic reports whether t has a profile and it is a mnemonic's, as
// gp.Terms[t] != nil && gp.Terms[t].mnemonic.
func (gp *Profile) isMnemonic(t *glossary.Term) bool {
	return slices.Contains(gp.mnemonics, t)
}

// profiles caches the profiles of the few most recent glossaries (serve
// reloads the glossary when it changes; tests load several).
var profiles struct {
	sync.Mutex
	recent []*Profile
}

// ProfileOf returns the analysed profile of a glossary, built once.
func ProfileOf(g *glossary.Glossary) *Profile {
	profiles.Lock()
	defer profiles.Unlock()
	for _, p := range profiles.recent {
		if p.g == g {
			return p
		}
	}
	gp := newProfile(g)
	profiles.recent = append(profiles.recent, gp)
	if n := len(profiles.recent); n > 4 {
		profiles.recent = profiles.recent[n-4:]
	}
	return gp
}

func newProfile(g *glossary.Glossary) *Profile {
	gp := &Profile{g: g, Terms: map[*glossary.Term]*TermProfile{}, Acronyms: map[string]bool{}}
	for _, t := range g.Terms {
		gp.Terms[t] = newTermProfile(g, t)
		if gp.Terms[t].mnemonic {
			gp.mnemonics = append(gp.mnemonics, t)
		}
		if t.Acronym != "" {
			gp.Acronyms[t.Acronym] = true
		}
		if t.Act != nil {
			for _, s := range t.Act.Short {
				if f := strings.Fields(s); len(f) > 0 && CapsWord(f[0]) {
					gp.Acronyms[f[0]] = true
				}
			}
		}
	}
	return gp
}

func newTermProfile(g *glossary.Glossary, t *glossary.Term) *TermProfile {
	tp := &TermProfile{term: t, own: map[string]bool{}, defStems: map[string]bool{}}
	for _, w := range append([]string{t.Term, t.Acronym, t.Expansion}, t.Aliases...) {
		for _, s := range analysis.ContentTerms(w) {
			tp.own[s] = true
		}
	}
	tp.mnemonic = t.Kind == "mnemonic"
	for _, ph := range t.Phrases {
		if ph.Kind == "mnemonic" {
			tp.mnemonic = true
		}
	}
	if tp.mnemonic {
		exp := t.Expansion
		if exp == "" {
			for _, ph := range t.Phrases {
				if ph.Kind == "mnemonic" {
					exp = ph.Text
				}
			}
		}
		tp.expansion = Canon{Text: exp, Set: stemSet(comparableStems(g, exp), nil)}
	}
	def := strings.TrimSpace(t.Definition)
	stems := comparableStems(g, def)
	for _, s := range stems {
		tp.defStems[s] = true
	}
	tp.distinctive = map[string]bool{}
	for s := range tp.defStems {
		if !tp.own[s] && !genericStems[s] {
			tp.distinctive[s] = true
		}
	}
	tp.defs = append(tp.defs, Canon{Text: def, Set: stemSet(stems, tp.own)})
	run := corpus.Run{Text: def}
	if sents := run.Sentences(); len(sents) > 1 {
		for _, s := range sents {
			txt := s.Text(&run)
			tp.defs = append(tp.defs, Canon{Text: txt, Set: stemSet(comparableStems(g, txt), tp.own)})
		}
	}
	for i := range t.Required {
		tp.Required = append(tp.Required, newElement(g, &t.Required[i]))
	}
	for i := range t.Excluded {
		tp.Excluded = append(tp.Excluded, newElement(g, &t.Excluded[i]))
	}
	tp.cueHeads = map[string]bool{}
	for _, ecs := range [][]Element{tp.Required, tp.Excluded} {
		for _, ec := range ecs {
			for _, c := range ec.Cues {
				tp.cueHeads[c[0]] = true
			}
		}
	}
	return tp
}

func newElement(g *glossary.Glossary, el *glossary.Element) Element {
	ec := Element{Element: el}
	for _, c := range el.Cues {
		if st := analysis.Terms(c); len(st) > 0 {
			ec.Cues = append(ec.Cues, st)
		}
	}
	if len(ec.Cues) >= headsFrom {
		ec.heads = map[string]bool{}
		for _, c := range ec.Cues {
			ec.heads[c[0]] = true
		}
	}
	if el.Belongs != "" {
		ec.Belongs = g.Get(el.Belongs)
		if ec.Belongs != nil {
			for _, s := range ec.Belongs.Sources {
				if s.Act == "" || s.Section == "" {
					continue
				}
				sec := strings.ToLower(s.Section)
				if i := strings.IndexAny(sec, "( -–"); i > 0 {
					sec = sec[:i]
				}
				if !slices.Contains(ec.Sections, sec) {
					ec.Sections = append(ec.Sections, sec)
				}
			}
		}
	}
	return ec
}

// stemSet makes a set of stems, leaving out the term's own words.
func stemSet(stems []string, own map[string]bool) map[string]bool {
	set := make(map[string]bool, len(stems))
	for _, s := range stems {
		if !own[s] {
			set[s] = true
		}
	}
	return set
}

// comparableStems analyses a canonical text the way restatements are
// analysed: content words only, without citations or the names of Acts.
func comparableStems(g *glossary.Glossary, text string) []string {
	toks := analysis.Analyze(text)
	skip := ActTokens(g.Matcher.Find(text, toks))
	var out []string
	for i, tk := range toks {
		if !skip[i] && Comparable(tk) {
			out = append(out, tk.Term)
		}
	}
	return out
}

// ActTokens marks the tokens that name an Act (in a citation), which say
// where a definition comes from, not what it says.
func ActTokens(ms []glossary.Match) map[int]bool {
	var skip map[int]bool
	for _, m := range ms {
		if m.Entry.Term.Act == nil {
			continue
		}
		if skip == nil {
			skip = map[int]bool{}
		}
		for i := m.First; i < m.Last; i++ {
			skip[i] = true
		}
	}
	return skip
}

// citationWords are the words of a citation, and a few function words,
// which never count as content.
var citationWords = map[string]bool{
	"s": true, "ss": true, "section": true, "sections": true, "subsection": true, "subsections": true,
	"para": true, "paragraph": true, "sch": true, "schedule": true,
	// function words the stop list keeps, which say nothing about meaning
	"where": true, "when": true, "whether": true, "while": true, "also": true, "such": true,
}

// Comparable reports whether a token takes part in comparisons: a content
// word that is not a number, a citation or a single letter.
func Comparable(tk analysis.Token) bool {
	if analysis.IsStop(tk.Surface) || citationWords[tk.Surface] || utf8.RuneCountInString(tk.Surface) < 2 {
		return false
	}
	for _, r := range tk.Term {
		if unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// genericStems are content words too common in definitions to show, on
// their own, that a plain "X is ..." sentence is defining X.
var genericStems = map[string]bool{
	"person": true, "anoth": true, "other": true, "on": true, "ani": true, "such": true, "exampl": true,
	"where": true, "when": true, "whether": true, "includ": true, "also": true, "can": true, "mai": true,
	"must": true, "should": true, "will": true, "would": true, "not": true, "no": true, "all": true,
	"each": true, "both": true, "either": true, "case": true, "wai": true, "time": true, "two": true,
	"more": true, "than": true, "what": true, "how": true, "do": true, "doe": true, "offenc": true,
}

// restatementStems returns the comparable stems of a restatement's text:
// for a sentence, its predicate (the subject is the term, and a leading "Under
// s.7," or the verb say nothing about what the term means).
func restatementStems(r *Restatement) (stems []string, idx []int) {
	return spanStems(r.Block, PredicateStart(r), r.End)
}

// spanStems returns the comparable stems of the tokens of a block that lie
// in the run byte range [from, to), without the names of Acts.
func spanStems(bf *BlockFacts, from, to int) (stems []string, idx []int) {
	var buf [8]tokenSpan
	acts := actSpans(bf.Matches, buf[:0])
	for i := tokenFrom(bf.Tokens, from); i < len(bf.Tokens); i++ {
		tk := &bf.Tokens[i]
		if tk.End > to {
			break
		}
		if !inSpans(acts, i) && Comparable(*tk) {
			stems = append(stems, tk.Term)
			idx = append(idx, i)
		}
	}
	return stems, idx
}

// tokenFrom is the index of the first token that starts at or after run
// offset from (len(toks) if none). A block's tokens are in text order, so
// this is a binary search: the loops that used to skip the tokens before
// a span one by one read the whole block for every span.
func tokenFrom(toks []analysis.Token, from int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if toks[h].Start < from {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// tokenSpan is a range [first, last) of token indexes.
type tokenSpan struct{ first, last int }

// actSpans appends to spans the token ranges of the matches that name an
// Act: the tokens ActTokens marks, without building a map (a call per
// restatement candidate built one for every block with a citation).
func actSpans(ms []glossary.Match, spans []tokenSpan) []tokenSpan {
	for _, m := range ms {
		if m.Entry.Term.Act != nil {
			spans = append(spans, tokenSpan{m.First, m.Last})
		}
	}
	return spans
}

// inSpans reports whether token i lies in one of spans (as ActTokens(ms)[i]
// does for spans = actSpans(ms, nil)).
func inSpans(spans []tokenSpan, i int) bool {
	for _, s := range spans {
		if s.first <= i && i < s.last {
			return true
		}
	}
	return false
}

// Dice is the Dice coefficient (the F1 of two bags of words) of two sets:
// 2|A∩B| / (|A|+|B|). Word order does not matter, so a faithful
// restatement in a different order scores as high as the original.
func Dice(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	// The intersection is counted by looking up the smaller set's words in
	// the larger: clustering compares every pair of restatements.
	small, large := a, b
	if len(small) > len(large) {
		small, large = large, small
	}
	n := 0
	for w := range small {
		if large[w] {
			n++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}

// Comparison is how close a restatement is to its term's canonical
// wording: the best of the whole definition and each of its sentences.
type Comparison struct {
	Score  float64
	Canon  Canon
	Actual string
	Set    map[string]bool
}

// Compare measures a restatement against its term's canonical wording.
func Compare(gp *Profile, r *Restatement) Comparison {
	tp := gp.Terms[r.Term]
	stems, _ := restatementStems(r)
	set := stemSet(stems, tp.own)
	actual := r.Text()
	if r.SubjectEnd > r.SubjectStart && r.SubjectStart >= r.Start && r.SubjectEnd <= r.End && r.How == "sentence" {
		actual = r.Block.Block.Run.Text[r.SubjectStart:r.End]
	}
	c := Comparison{Score: -1, Actual: actual, Set: set}
	if r.How == "mnemonic" {
		// The expansion's words are the point of a mnemonic: compare all.
		c.Set = stemSet(stems, nil)
		c.Canon, c.Score = tp.expansion, Dice(c.Set, tp.expansion.Set)
		return c
	}
	for _, d := range tp.defs {
		if s := Dice(set, d.Set); s > c.Score {
			c.Score, c.Canon = s, d
		}
	}
	// A heading's paragraph may say more than the definition: compare its
	// best run of consecutive sentences as well.
	if (r.How == "heading" || r.How == "entry") && len(r.Block.Sentences) > 1 {
		for i, s := range r.Block.Sentences {
			for j := i; j < len(r.Block.Sentences); j++ {
				e := r.Block.Sentences[j]
				if s.Start < r.Start || e.End > r.End {
					continue
				}
				st, _ := spanStems(r.Block, s.Start, e.End)
				ws := stemSet(st, tp.own)
				for _, d := range tp.defs {
					if sc := Dice(ws, d.Set); sc > c.Score {
						c.Score, c.Canon, c.Set = sc, d, ws
						c.Actual = r.Block.Block.Run.Text[s.Start:e.End]
					}
				}
			}
		}
	}
	return c
}

// FullDefinition reports whether a restatement sets out to define the
// term, so that drift and missing elements can fairly be held against it:
// every strong form but a mnemonic, and a plain "X is ..." whose predicate
// reads as a definition (see definitional). A short characterisation
// that qualified only through an element cue ("Stalking is a kind of
// harassment") is left to excluded-element.
func FullDefinition(gp *Profile, r *Restatement) bool {
	if r.Strong {
		return r.How != "mnemonic"
	}
	tp := gp.Terms[r.Term]
	return definitional(tp, r.Block, PredicateStart(r), r.End) ||
		r.Reading == Defines && tp != nil && coversDefinition(tp, r)
}

// definitional reports whether the predicate of a plain "X is ..."
// sentence, from run offset from to end, reads as a definition of the
// term: its first clause shares at least two content words with the
// canonical definition (besides the term's own words and generic ones), and
// it does not merely classify ("one of the main ways ...", "among ...").
func definitional(tp *TermProfile, bf *BlockFacts, from, end int) bool {
	text := bf.Block.Run.Text
	clauseEnd := end
	first := true
	for i := tokenFrom(bf.Tokens, from); i < len(bf.Tokens); i++ {
		tk := &bf.Tokens[i]
		if tk.Start >= end {
			break
		}
		if first {
			first = false
			if classifying[tk.Surface] {
				return false
			}
			// "a common feature of ...", "a frequent part of ...".
			if (tk.Surface == "a" || tk.Surface == "an") && i+1 < len(bf.Tokens) && classifying[bf.Tokens[i+1].Surface] {
				return false
			}
			if tk.Surface == "one" && i+1 < len(bf.Tokens) && bf.Tokens[i+1].Surface == "of" {
				return false
			}
		}
		if i > 0 && bf.Tokens[i-1].End >= from {
			gap := text[bf.Tokens[i-1].End:tk.Start]
			if strings.ContainsAny(gap, ";:—–") || (strings.Contains(gap, ",") && clauseBreak[tk.Surface]) {
				clauseEnd = bf.Tokens[i-1].End
				break
			}
		}
	}
	return sharedIn(tp, bf, from, clauseEnd) >= 2
}

// classifying open a predicate that places the term in a class rather
// than defining it ("among the most serious offences", "just one factor").
var classifying = map[string]bool{"among": true, "amongst": true, "just": true, "only": true, "often": true,
	"usually": true, "sometimes": true, "frequently": true, "rarely": true, "commonly": true, "also": true,
	"still": true, "increasingly": true, "common": true, "rare": true, "likely": true, "unlikely": true}

// clauseBreak are the words that, after a comma, start a new clause of a
// sentence rather than continue a definition.
var clauseBreak = map[string]bool{"so": true, "but": true, "because": true, "although": true, "though": true,
	"while": true, "whilst": true, "whereas": true, "yet": true, "and": true, "as": true, "since": true}

// PredicateStart is where the predicate of a sentence restatement begins
// (after the subject, anything between it and the verb, and the verb), or
// the restatement's start for other forms.
func PredicateStart(r *Restatement) int {
	if r.How != "sentence" || r.SubjectEnd <= r.SubjectStart || r.SubjectStart < r.Start || r.SubjectEnd > r.End {
		return r.Start
	}
	bf := r.Block
	j := tokenFrom(bf.Tokens, r.SubjectEnd)
	if k, ok := skipGap(bf.Block.Run.Text, bf, j, r.End); ok {
		if _, pred, ok := definingVerb(bf.Block.Run.Text, bf.Tokens, k, r.End); ok && pred < len(bf.Tokens) {
			return bf.Tokens[pred].Start
		}
	}
	return r.SubjectEnd
}

// sharedIn is sharedDefinitional(tp, stems) for the stems spanStems(bf,
// from, to) gives, without gathering them: a token counts only if its
// stem is distinctive, which is asked first, as one look-up, since few
// are; then whether spanStems would keep it.
func sharedIn(tp *TermProfile, bf *BlockFacts, from, to int) int {
	var buf [8]tokenSpan
	acts := actSpans(bf.Matches, buf[:0])
	var seenBuf [16]string
	seen := seenBuf[:0]
	for i := tokenFrom(bf.Tokens, from); i < len(bf.Tokens); i++ {
		tk := &bf.Tokens[i]
		if tk.End > to {
			break
		}
		if tp.distinctive[tk.Term] && !inSpans(acts, i) && Comparable(*tk) && !slices.Contains(seen, tk.Term) {
			seen = append(seen, tk.Term)
		}
	}
	return len(seen)
}

// SpanTerms returns the analysed terms of every token of a block in the
// run byte range [from, to), stop words included, and the token index of
// the first; cues are matched on these.
func SpanTerms(bf *BlockFacts, from, to int) (terms []string, first int) {
	first = -1
	var buf [8]tokenSpan
	acts := actSpans(bf.Matches, buf[:0])
	for i := tokenFrom(bf.Tokens, from); i < len(bf.Tokens); i++ {
		tk := &bf.Tokens[i]
		if tk.End > to {
			break
		}
		if first < 0 {
			first = i
		}
		if inSpans(acts, i) {
			// "Harassment" in "Protection from Harassment Act" is a name,
			// not an element.
			terms = append(terms, "\x00")
			continue
		}
		terms = append(terms, tk.Term)
	}
	return terms, first
}

// CueAt reports whether a cue's terms occur in terms starting at i.
func CueAt(terms []string, i int, cue []string) bool {
	if i+len(cue) > len(terms) {
		return false
	}
	for k, c := range cue {
		if terms[i+k] != c {
			return false
		}
	}
	return true
}

// FindCue returns the position in terms of the first occurrence of any of
// an element's cues and its length, or -1.
func FindCue(terms []string, ec Element) (int, int) {
	for i := range terms {
		if ec.heads != nil && !ec.heads[terms[i]] {
			continue // no cue starts with this word
		}
		for _, c := range ec.Cues {
			if CueAt(terms, i, c) {
				return i, len(c)
			}
		}
	}
	return -1, 0
}

func hasAnyCue(terms []string, tp *TermProfile) bool {
	// Any cue of any element at any place will do: only the places where
	// some cue's first word stands need trying.
	for i, w := range terms {
		if !tp.cueHeads[w] {
			continue
		}
		for _, ecs := range [][]Element{tp.Required, tp.Excluded} {
			for _, ec := range ecs {
				for _, c := range ec.Cues {
					if CueAt(terms, i, c) {
						return true
					}
				}
			}
		}
	}
	return false
}

// saysNothing reports whether a restatement holds no comparable word
// beyond the term's own (its name, acronym or expansion): a table or list
// of abbreviations, not a description.
func saysNothing(gp *Profile, r *Restatement) bool {
	tp := gp.Terms[r.Term]
	if tp == nil {
		return false
	}
	// len(stemSet(restatementStems(r), tp.own)) == 0, without gathering
	// the stems or making the set.
	bf := r.Block
	var buf [8]tokenSpan
	acts := actSpans(bf.Matches, buf[:0])
	for i := tokenFrom(bf.Tokens, PredicateStart(r)); i < len(bf.Tokens); i++ {
		tk := &bf.Tokens[i]
		if tk.End > r.End {
			break
		}
		if !tp.own[tk.Term] && !inSpans(acts, i) && Comparable(*tk) {
			return false
		}
	}
	return true
}

// requiredFound counts the required elements whose cues occur in terms.
func requiredFound(tp *TermProfile, terms []string) int {
	n := 0
	for _, ec := range tp.Required {
		if i, _ := FindCue(terms, ec); i >= 0 {
			n++
		}
	}
	return n
}
