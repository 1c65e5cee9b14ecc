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

// Restatement detection finds the places where a document says what a
// glossary term means, so that definition-drift, missing-element,
// excluded-element and inconsistent-description can hold them to the
// canonical definition. The forms it knows:
//
//   - a sentence whose subject is the term (or an alias, acronym or
//     expansion), possibly after a determiner ("The", "A"), a naming phrase
//     ("The offence of", "The term") or a short leading adverbial with a
//     comma ("In law,", "Under s.7,"), followed by a defining verb. Strong
//     verbs ("means", "refers to", "is defined as", "can be described as",
//     "occurs when", "is where", "covers", "involves", "is the offence of",
//     "consists of") always make a restatement; a plain "is"/"are" does so
//     only when the predicate reads as a definition: its first clause
//     shares at least two content words with the canonical definition
//     (besides the term's own words and a few generic ones) and does not
//     merely classify ("one of the main ways ..."), or it is a noun phrase
//     carrying a cue of one of the term's required or excluded elements.
//     "Stalking is common" and "Stalking is frightening" are not
//     restatements; "Stalking is a more serious form of harassment" is.
//     "The definition of X is ..." is strong; "X, in short, is ..." is weak.
//     A negated verb ("is not", "does not mean") is never a restatement.
//   - "... is X if ...", the shape of statutory definitions ("Behaviour ...
//     is domestic abuse if ...").
//   - a definition-list entry whose term is a glossary term, with each of
//     its descriptions;
//   - a glossary table in a document (header "Term | Meaning", "Phrase |
//     Definition", "Concept | Description"...): each body row whose term
//     cell names a glossary term restates it with its meaning cell;
//   - a "What is X?", "What does X mean?", "Meaning of X" or "Definition of
//     X" heading, restating X with the first paragraph under it (a sentence
//     restatement of X inside that paragraph is folded into it);
//   - a mnemonic written out: "FOUR (Fixated, Obsessive, ...)",
//     "Fixated, Obsessive, ... (FOUR)" or "FOUR stands for ...", compared
//     with the glossary's expansion, not the whole definition.
//
// The longest glossary match wins, as the matcher finds it: "stalking
// involving fear of violence or serious alarm or distress is ..." restates
// the s.4A term, not stalking. Only the first term of a sentence can be its
// subject, so "A course of conduct that amounts to stalking will ..." is
// about course of conduct, and has no defining verb.
//
// Block quotes are searched like any other prose: a quoted definition is
// still a definition the reader takes away, so it is a restatement (the site
// shows it, consistency counts it). The rules report findings on it as info
// only (see rsQuoted), because guidance often quotes an old or outside
// definition in order to discuss it.
func Find(df *DocFacts, g *glossary.Glossary) []*Restatement {
	if g == nil || g.Matcher == nil {
		return nil
	}
	gp := ProfileOf(g)
	var out []*Restatement
	out = append(out, headingRestatements(df, gp)...)
	out = append(out, tableRestatements(df, gp)...)
	out = append(out, definitionListRestatements(df, gp)...)
	out = append(out, notCovered(entryRestatements(df, gp), out)...)
	structural := len(out)
	for _, bf := range df.Blocks {
		switch bf.Block.Kind {
		case corpus.HeadingBlock, corpus.DefinitionTerm:
			continue
		case corpus.TableCell:
			if bf.Block.Header {
				continue
			}
		}
		out = append(out, mnemonicRestatements(df, bf, gp)...)
		for _, r := range sentenceRestatements(df, bf, gp) {
			if !CoveredBy(r, out[:structural]) {
				out = append(out, r)
			}
		}
	}
	kept := out[:0]
	for _, r := range out {
		if r.How != "mnemonic" && saysNothing(gp, r) {
			continue // "ISAC | Independent Stalking Advocacy Caseworker": only the name
		}
		r.Reading = reading(gp, df, r)
		kept = append(kept, r)
	}
	out = kept
	slices.SortStableFunc(out, func(a, b *Restatement) int {
		if a.Block.Block.Index != b.Block.Block.Index {
			return a.Block.Block.Index - b.Block.Block.Index
		}
		return a.Start - b.Start
	})
	return out
}

// CoveredBy reports whether a structural restatement (heading, table,
// definition list) of the same term already covers r.
func CoveredBy(r *Restatement, structural []*Restatement) bool {
	for _, s := range structural {
		if s.Term == r.Term && s.Block == r.Block && r.Start < s.End && s.Start < r.End {
			return true
		}
	}
	return false
}

// ---- the glossary, analysed once ----

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
	Required []Element
	Excluded []Element
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
}

// Profile holds the term profiles of one glossary.
type Profile struct {
	g     *glossary.Glossary
	Terms map[*glossary.Term]*TermProfile
	// acronyms the glossary knows, which inconsistent-description leaves to
	// acronym-expansion.
	Acronyms map[string]bool
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
	return tp
}

func newElement(g *glossary.Glossary, el *glossary.Element) Element {
	ec := Element{Element: el}
	for _, c := range el.Cues {
		if st := analysis.Terms(c); len(st) > 0 {
			ec.Cues = append(ec.Cues, st)
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

// ---- comparing ----

// restatementStems returns the comparable stems of a restatement's text:
// for a sentence, its predicate (the subject is the term, and a leading "Under
// s.7," or the verb say nothing about what the term means).
func restatementStems(r *Restatement) (stems []string, idx []int) {
	return spanStems(r.Block, PredicateStart(r), r.End)
}

// spanStems returns the comparable stems of the tokens of a block that lie
// in the run byte range [from, to), without the names of Acts.
func spanStems(bf *BlockFacts, from, to int) (stems []string, idx []int) {
	acts := ActTokens(bf.Matches)
	for i, tk := range bf.Tokens {
		if tk.Start < from {
			continue
		}
		if tk.End > to {
			break
		}
		if !acts[i] && Comparable(tk) {
			stems = append(stems, tk.Term)
			idx = append(idx, i)
		}
	}
	return stems, idx
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
	for i, tk := range bf.Tokens {
		if tk.Start < from {
			continue
		}
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
	stems, _ := spanStems(bf, from, clauseEnd)
	return sharedDefinitional(tp, stems) >= 2
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
	j := 0
	for j < len(bf.Tokens) && bf.Tokens[j].Start < r.SubjectEnd {
		j++
	}
	if k, ok := skipGap(bf.Block.Run.Text, bf, j, r.End); ok {
		if _, pred, ok := definingVerb(bf.Block.Run.Text, bf.Tokens, k, r.End); ok && pred < len(bf.Tokens) {
			return bf.Tokens[pred].Start
		}
	}
	return r.SubjectEnd
}

// sharedDefinitional counts the distinct, non-generic stems shared with the
// definition.
func sharedDefinitional(tp *TermProfile, stems []string) int {
	seen := map[string]bool{}
	for _, s := range stems {
		if tp.defStems[s] && !tp.own[s] && !genericStems[s] && !seen[s] {
			seen[s] = true
		}
	}
	return len(seen)
}

// SpanTerms returns the analysed terms of every token of a block in the
// run byte range [from, to), stop words included, and the token index of
// the first; cues are matched on these.
func SpanTerms(bf *BlockFacts, from, to int) (terms []string, first int) {
	first = -1
	acts := ActTokens(bf.Matches)
	for i, tk := range bf.Tokens {
		if tk.Start < from {
			continue
		}
		if tk.End > to {
			break
		}
		if first < 0 {
			first = i
		}
		if acts[i] {
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
		for _, c := range ec.Cues {
			if CueAt(terms, i, c) {
				return i, len(c)
			}
		}
	}
	return -1, 0
}

// ---- sentence restatements ----

// sentenceRestatements finds "X is/means/refers to ..." sentences in a block.
func sentenceRestatements(df *DocFacts, bf *BlockFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	mi := 0
	toks := bf.Tokens
	ti := 0
	for _, s := range bf.Sentences {
		for ti < len(toks) && toks[ti].Start < s.Start {
			ti++
		}
		for mi < len(bf.Matches) && bf.Matches[mi].Start < s.Start {
			mi++
		}
		// The first term, alias, acronym or expansion of the sentence.
		var m *glossary.Match
		for k := mi; k < len(bf.Matches) && bf.Matches[k].Start < s.End; k++ {
			switch bf.Matches[k].Entry.Kind {
			case glossary.KindTerm, glossary.KindAlias, glossary.KindExpansion, glossary.KindAcronym:
				m = &bf.Matches[k]
			}
			if m != nil {
				break
			}
		}
		if r := subjectRestatement(df, bf, gp, s, ti, m); r != nil {
			out = append(out, r)
			continue
		}
		if r := conditionalRestatement(df, bf, gp, s, mi); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// subjectRestatement tries the sentence as "[lead] X [gap] VERB predicate".
func subjectRestatement(df *DocFacts, bf *BlockFacts, gp *Profile, s corpus.Sentence, first int, m *glossary.Match) *Restatement {
	if m == nil || gp.Terms[m.Entry.Term] == nil {
		return nil
	}
	tp := gp.Terms[m.Entry.Term]
	if tp.mnemonic && mnemonicAcronym(bf.Block.Run.Text, *m) {
		return nil // "FOUR stands for ..." is a mnemonic restatement
	}
	text := bf.Block.Run.Text
	definitionOf, ok := leadOK(text, bf.Tokens, s.Start, first, m)
	if !ok {
		return nil
	}
	j, ok := skipGap(text, bf, m.Last, s.End)
	if !ok {
		return nil
	}
	strong, pred, ok := definingVerb(text, bf.Tokens, j, s.End)
	if !ok {
		return nil
	}
	if definitionOf {
		strong = true
	}
	r := &Restatement{Term: m.Entry.Term, Doc: df.Doc, Block: bf, Start: s.Start, End: s.End,
		SubjectStart: m.Start, SubjectEnd: m.End, How: "sentence", Strong: strong}
	if !strong {
		predStart := s.End
		if pred < len(bf.Tokens) {
			predStart = bf.Tokens[pred].Start
		}
		if !definitional(tp, bf, predStart, s.End) {
			// Not a definition, but perhaps a characterisation that adds or
			// names an element ("Stalking is a kind of harassment"): a noun
			// phrase with a cue. "Stalking is frightening" is neither.
			terms, _ := SpanTerms(bf, predStart, s.End)
			if !hasAnyCue(terms, tp) || pred >= len(bf.Tokens) {
				return nil
			}
			// A noun phrase ("a kind of harassment"), or any predicate
			// naming two of the elements
			// ("obsessive, unwelcome contact, such as watching a person
			// and messaging them again and again").
			if w := bf.Tokens[pred]; !nounPhraseStart[w.Surface] && !tp.defStems[w.Term] && requiredFound(tp, terms) < 2 {
				return nil
			}
		}
	}
	return r
}

// nounPhraseStart open a noun phrase after "is".
var nounPhraseStart = map[string]bool{"a": true, "an": true, "the": true, "any": true, "one": true, "some": true, "conduct": true, "behaviour": true}

func hasAnyCue(terms []string, tp *TermProfile) bool {
	for _, ecs := range [][]Element{tp.Required, tp.Excluded} {
		for _, ec := range ecs {
			if i, _ := FindCue(terms, ec); i >= 0 {
				return true
			}
		}
	}
	return false
}

// determiners may open a subject.
var determiners = map[string]bool{"the": true, "a": true, "an": true}

// namingNouns name what the subject is ("the offence of stalking", "the
// term stalking"); those that ask for its meaning make the sentence strong.
var namingNouns = map[string]bool{
	"offence": true, "crime": true, "term": true, "word": true, "expression": true, "phrase": true,
	"concept": true, "notion": true, "idea": true, "definition": true, "meaning": true,
	"legal": true, "statutory": true, "of": true,
}

// subordinators open a leading clause that makes what follows conditional,
// not a definition ("Where the acts are absent, harassment is ...").
var subordinators = map[string]bool{
	"where": true, "if": true, "when": true, "although": true, "though": true, "because": true,
	"unless": true, "once": true, "while": true, "whilst": true, "as": true, "since": true,
	"after": true, "before": true, "until": true, "whether": true, "so": true, "but": true, "and": true,
}

// leadOK checks the words before the subject: nothing, a determiner, a
// naming phrase ("The offence of"), after an optional short adverbial that
// ends in a comma ("In law,", "Under s.7,"). definitionOf is true for "The
// definition of X" and "The meaning of X".
func leadOK(text string, toks []analysis.Token, sStart, first int, m *glossary.Match) (definitionOf, ok bool) {
	lead := toks[first:m.First]
	from := sStart
	// A paragraph number ("5.1", "12.", "(b)") before the subject is the
	// numbering of statutory guidance, not part of the sentence.
	if len(lead) > 0 && paraNumber(text[sStart:lead[0].End]) {
		from = lead[0].End
		if strings.HasPrefix(text[from:], ")") || strings.HasPrefix(text[from:], ".") {
			from++
		}
		lead = lead[1:]
	}
	// A leading adverbial ends at the last comma before the subject.
	if c := strings.LastIndexByte(text[sStart:m.Start], ','); c >= 0 {
		c += sStart
		n := 0
		for _, tk := range lead {
			if tk.End <= c {
				n++
			}
		}
		if n == 0 || n > 8 || subordinators[lead[0].Surface] || strings.ContainsAny(text[sStart:c], ";:") {
			return false, false
		}
		lead = lead[n:]
		from = c + 1
	}
	if strings.Trim(text[from:m.Start], " \"'‘’“”*_") != "" && len(lead) == 0 {
		return false, false
	}
	for i, tk := range lead {
		switch {
		case i == 0 && determiners[tk.Surface]:
		case i > 0 || !determiners[tk.Surface]:
			if !namingNouns[tk.Surface] {
				return false, false
			}
			if tk.Surface == "definition" || tk.Surface == "meaning" {
				definitionOf = true
			}
		}
	}
	// Nothing but spaces and quotes between the lead's words.
	for i := 1; i < len(lead); i++ {
		if strings.Trim(text[lead[i-1].End:lead[i].Start], " \"'‘’“”") != "" {
			return false, false
		}
	}
	if len(lead) > 0 && strings.Trim(text[lead[len(lead)-1].End:m.Start], " \"'‘’“”*_") != "" {
		return false, false
	}
	return definitionOf, true
}

// skipGap skips what may stand between the subject and its verb: a
// parenthesis ("(CCB)", "(s.2A)"), a comma-bounded aside (", in short,") or
// a citation ("under s.2A PHA 1997"). It returns the token index of the
// verb's first word.
func skipGap(text string, bf *BlockFacts, j, end int) (int, bool) {
	toks := bf.Tokens
	pos := 0
	if j > 0 {
		pos = toks[j-1].End
	}
	for steps := 0; steps < 3 && j < len(toks) && toks[j].Start < end; steps++ {
		gap := strings.TrimLeft(text[pos:toks[j].Start], " \"'’”*_")
		switch {
		case strings.HasPrefix(gap, "("):
			close := matchingParen(text, pos+strings.IndexByte(text[pos:], '('), end)
			if close < 0 {
				return 0, false
			}
			for j < len(toks) && toks[j].Start < close {
				j++
			}
			pos = close + 1
			continue
		case strings.HasPrefix(gap, ","):
			// ", in short," or ", for the purposes of this part of the Act," —
			// up to nine words, then a comma.
			k := j
			for k < len(toks) && k-j < 10 && !strings.Contains(text[toks[k].End:min(len(text), nextStart(toks, k+1, len(text)))], ",") {
				k++
			}
			if k >= len(toks) || k-j >= 9 || subordinators[toks[j].Surface] || relative[toks[j].Surface] {
				return 0, false
			}
			pos = toks[k].End + strings.IndexByte(text[toks[k].End:], ',') + 1
			j = k + 1
			continue
		case gap != "":
			return 0, false
		}
		break
	}
	if j >= len(toks) || toks[j].Start >= end {
		return 0, false
	}
	// "under s.2A PHA 1997 is ..."
	if w := toks[j].Surface; w == "under" || w == "in" || w == "within" {
		cited := false
		for k := j + 1; k < len(toks) && k <= j+8 && toks[k].Start < end; k++ {
			if hasDigit(toks[k].Term) || inActMatch(bf, k) {
				cited = true
			}
			if strings.ContainsAny(text[toks[k-1].End:toks[k].Start], ",;:") {
				return 0, false
			}
			if _, _, ok := definingVerb(text, toks, k, end); ok && cited {
				return k, true
			}
		}
		return 0, false
	}
	return j, true
}

var relative = map[string]bool{"which": true, "who": true, "whose": true, "that": true, "whom": true}

func nextStart(toks []analysis.Token, k, dflt int) int {
	if k < len(toks) {
		return toks[k].Start
	}
	return dflt
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func inActMatch(bf *BlockFacts, k int) bool {
	for _, m := range bf.Matches {
		if m.First <= k && k < m.Last && m.Entry.Term.Act != nil {
			return true
		}
	}
	return false
}

// matchingParen returns the index of the ")" closing the "(" at open, or -1
// if there is none before end.
func matchingParen(text string, open, end int) int {
	depth := 0
	for i := open; i < end && i < len(text); i++ {
		switch text[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// verb phrases, as folded surfaces; "*" after a word means the phrase may
// have up to eight words in between ("is defined in s.2A(2) as").
var strongVerbs = [][]string{
	{"means"}, {"mean"}, {"refers", "to"}, {"refer", "to"},
	{"is", "defined*", "as"}, {"are", "defined*", "as"},
	{"can", "be", "described", "as"}, {"may", "be", "described", "as"},
	{"can", "be", "defined", "as"}, {"may", "be", "defined", "as"},
	{"is", "described", "as"}, {"are", "described", "as"},
	{"occurs", "when"}, {"occurs", "where"}, {"occurs", "if"}, {"occur", "when"}, {"occur", "where"},
	{"is", "where"}, {"is", "when"}, {"are", "where"}, {"are", "when"},
	{"covers"}, {"involves"}, {"is", "the", "offence", "of"}, {"is", "an", "offence", "of"},
	{"stands", "for"}, {"consists", "of"}, {"is", "made", "up", "of"}, {"comprises"},
}

// notDefining follow "is" in sentences that are not definitions.
var notDefining = map[string]bool{"not": true, "never": true, "no": true, "n't": true}

// definingVerb matches a defining verb at token j; pred is the token index
// where the predicate starts.
func definingVerb(text string, toks []analysis.Token, j, end int) (strong bool, pred int, ok bool) {
	if j >= len(toks) || toks[j].Start >= end {
		return false, 0, false
	}
	for _, v := range strongVerbs {
		if k, ok := matchPhrase(text, toks, j, end, v); ok {
			return true, k, true
		}
	}
	if w := toks[j].Surface; w == "is" || w == "are" {
		if j+1 < len(toks) && notDefining[toks[j+1].Surface] {
			return false, 0, false
		}
		if j+1 < len(toks) && toks[j+1].Start < end {
			return false, j + 1, true
		}
	}
	return false, 0, false
}

// matchPhrase matches a verb phrase at token j, returning the token after it.
func matchPhrase(text string, toks []analysis.Token, j, end int, phrase []string) (int, bool) {
	k := j
	for pi, w := range phrase {
		gap := strings.HasSuffix(w, "*")
		w = strings.TrimSuffix(w, "*")
		if k >= len(toks) || toks[k].Start >= end || toks[k].Surface != w {
			return 0, false
		}
		if pi > 0 && strings.ContainsAny(text[toks[k-1].End:toks[k].Start], ".;:") {
			return 0, false
		}
		k++
		if gap && pi+1 < len(phrase) {
			next := phrase[pi+1]
			found := false
			for g := k; g < len(toks) && g <= k+8 && toks[g].Start < end; g++ {
				if toks[g].Surface == next {
					k, found = g, true
					break
				}
			}
			if !found {
				return 0, false
			}
		}
	}
	return k, true
}

// conditionalRestatement finds the shape of statutory definitions: "... is
// X if ..." or "... are X if ...", where X is a glossary term. It is weak: it
// counts only when the sentence reads as a definition. Its subject range is
// empty (the term is not the subject), so it is compared whole.
func conditionalRestatement(df *DocFacts, bf *BlockFacts, gp *Profile, s corpus.Sentence, mi int) *Restatement {
	toks := bf.Tokens
	for k := mi; k < len(bf.Matches) && bf.Matches[k].Start < s.End; k++ {
		m := bf.Matches[k]
		switch m.Entry.Kind {
		case glossary.KindTerm, glossary.KindAlias, glossary.KindExpansion:
		default:
			continue
		}
		if gp.Terms[m.Entry.Term] == nil || gp.Terms[m.Entry.Term].mnemonic || m.First == 0 || m.Last >= len(toks) {
			continue
		}
		p := m.First - 1
		if determiners[toks[p].Surface] && p > 0 {
			p--
		}
		if toks[p].Start < s.Start || (toks[p].Surface != "is" && toks[p].Surface != "are") {
			continue
		}
		if toks[m.Last].Surface != "if" || strings.TrimSpace(bf.Block.Run.Text[m.End:toks[m.Last].Start]) != "" {
			continue
		}
		// "The right charge is harassment if ..." is advice, not a
		// definition: the sentence must share the definition's words.
		if !definitional(gp.Terms[m.Entry.Term], bf, s.Start, s.End) {
			return nil
		}
		return &Restatement{Term: m.Entry.Term, Doc: df.Doc, Block: bf, Start: s.Start, End: s.End,
			SubjectStart: m.Start, SubjectEnd: m.Start, How: "sentence"}
	}
	return nil
}

// ---- headings ----

// headingRestatements finds "What is X?" sections and restates X with the
// first paragraph under the heading.
func headingRestatements(df *DocFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	for i, bf := range df.Blocks {
		if bf.Block.Kind != corpus.HeadingBlock {
			continue
		}
		t := headingTerm(bf, gp)
		if t == nil {
			continue
		}
		// The answer is the first paragraph under the heading, or the second
		// when the first only introduces it ("Section 1 of the 2021 Act sets
		// out the test.") and the second reads as the definition.
		var paras []*BlockFacts
		for _, next := range df.Blocks[i+1:] {
			if next.Block.Kind != corpus.Paragraph || next.Block.InList || len(paras) == 2 {
				break
			}
			paras = append(paras, next)
		}
		if len(paras) == 0 {
			continue
		}
		answer := paras[0]
		if len(paras) == 2 && !readsAsDefinition(gp.Terms[t], paras[0]) && readsAsDefinition(gp.Terms[t], paras[1]) {
			answer = paras[1]
		}
		r := &Restatement{Term: t, Doc: df.Doc, Block: answer, Start: 0, End: len(answer.Block.Run.Text), How: "heading", Strong: true}
		// When the paragraph opens with the term, that is the subject.
		if len(answer.Matches) > 0 && len(answer.Sentences) > 0 {
			if m := answer.Matches[0]; m.Entry.Term == t && m.Start < answer.Sentences[0].End {
				r.SubjectStart, r.SubjectEnd = m.Start, m.End
			}
		}
		out = append(out, r)
	}
	return out
}

// readsAsDefinition reports whether a paragraph shares at least two
// content words with a term's definition (or carries an element cue).
func readsAsDefinition(tp *TermProfile, bf *BlockFacts) bool {
	stems, _ := spanStems(bf, 0, len(bf.Block.Run.Text))
	if sharedDefinitional(tp, stems) >= 2 {
		return true
	}
	terms, _ := SpanTerms(bf, 0, len(bf.Block.Run.Text))
	return hasAnyCue(terms, tp)
}

// headingQuestions are the heading shapes that ask what a term means, as
// folded surfaces before and after the term.
var headingQuestions = []struct{ before, after []string }{
	{[]string{"what", "is"}, nil}, {[]string{"what", "are"}, nil},
	{[]string{"what", "is", "a"}, nil}, {[]string{"what", "is", "an"}, nil}, {[]string{"what", "is", "the"}, nil},
	{[]string{"what", "does"}, []string{"mean"}}, {[]string{"what", "do"}, []string{"mean"}},
	{[]string{"what", "does", "the", "term"}, []string{"mean"}},
	{[]string{"what", "is", "meant", "by"}, nil},
	{[]string{"meaning", "of"}, nil}, {[]string{"the", "meaning", "of"}, nil},
	{[]string{"definition", "of"}, nil}, {[]string{"the", "definition", "of"}, nil},
	{[]string{"defining"}, nil},
}

// headingTerm returns the term a heading asks the meaning of.
func headingTerm(bf *BlockFacts, gp *Profile) *glossary.Term {
	var m *glossary.Match
	for k := range bf.Matches {
		switch bf.Matches[k].Entry.Kind {
		case glossary.KindTerm, glossary.KindAlias, glossary.KindExpansion, glossary.KindAcronym:
			m = &bf.Matches[k]
		}
		if m != nil {
			break
		}
	}
	if m == nil || gp.Terms[m.Entry.Term] == nil {
		return nil
	}
	toks := bf.Tokens
	before := toks[:m.First]
	after := toks[m.Last:]
	// A citation in brackets after the term does not change the question.
	text := bf.Block.Run.Text
	if m.Last < len(toks) {
		if rest := strings.TrimSpace(text[m.End:]); strings.HasPrefix(rest, "(") {
			if c := matchingParen(text, m.End+strings.IndexByte(text[m.End:], '('), len(text)); c >= 0 {
				var kept []analysis.Token
				for _, tk := range after {
					if tk.Start > c {
						kept = append(kept, tk)
					}
				}
				after = kept
			}
		}
	}
	for _, q := range headingQuestions {
		if len(before) != len(q.before) || len(after) != len(q.after) {
			continue
		}
		ok := true
		for i, w := range q.before {
			if before[i].Surface != w {
				ok = false
			}
		}
		for i, w := range q.after {
			if after[i].Surface != w {
				ok = false
			}
		}
		if ok {
			return m.Entry.Term
		}
	}
	return nil
}

// ---- glossary tables ----

var termHeaders = map[string]bool{"term": true, "terms": true, "key term": true, "phrase": true, "concept": true,
	"word": true, "expression": true, "offence": true, "name": true, "acronym": true}
var meaningHeaders = map[string]bool{"meaning": true, "definition": true, "description": true, "what it means": true,
	"means": true, "defined as": true, "explanation": true, "what it is": true}

// tableRestatements finds glossary tables in a document: for each body row
// whose term cell names a glossary term, its meaning cell restates it.
func tableRestatements(df *DocFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	type cellKey struct{ table, row, col int }
	cells := map[cellKey]*BlockFacts{}
	termCol, meanCol := map[int]int{}, map[int]int{}
	var tables []int
	for _, bf := range df.Blocks {
		b := bf.Block
		if b.Kind != corpus.TableCell {
			continue
		}
		cells[cellKey{b.Table, b.Row, b.Col}] = bf
		if !b.Header {
			continue
		}
		h := strings.ToLower(strings.Trim(strings.TrimSpace(b.Run.Text), "*_:"))
		if _, ok := termCol[b.Table]; !ok && termHeaders[h] {
			termCol[b.Table] = b.Col
			tables = append(tables, b.Table)
		} else if _, ok := meanCol[b.Table]; !ok && meaningHeaders[h] {
			meanCol[b.Table] = b.Col
		}
	}
	// A meaning column ("What it means") makes a glossary table whatever
	// the first column is called ("Form of abuse"): the term is the first
	// other column.
	for t, mc := range meanCol {
		if _, ok := termCol[t]; !ok {
			termCol[t] = 0
			if mc == 0 {
				termCol[t] = 1
			}
			tables = append(tables, t)
		}
	}
	slices.Sort(tables)
	for _, bf := range df.Blocks {
		b := bf.Block
		if b.Kind != corpus.TableCell || b.Header || !slices.Contains(tables, b.Table) {
			continue
		}
		mc, ok := meanCol[b.Table]
		if !ok || b.Col != termCol[b.Table] || mc <= b.Col {
			continue
		}
		t := wholeTerm(bf, gp)
		if t == nil {
			continue
		}
		if cell := cells[cellKey{b.Table, b.Row, mc}]; cell != nil {
			out = append(out, &Restatement{Term: t, Doc: df.Doc, Block: cell, Start: 0, End: len(cell.Block.Run.Text), How: "table", Strong: true})
		}
	}
	return out
}

// wholeTerm returns the glossary term a short block (a table cell, a
// definition-list term) consists of, allowing a determiner, quotes, a
// bracketed acronym or citation, and closing punctuation.
func wholeTerm(bf *BlockFacts, gp *Profile) *glossary.Term {
	text := bf.Block.Run.Text
	for _, m := range bf.Matches {
		switch m.Entry.Kind {
		case glossary.KindTerm, glossary.KindAlias, glossary.KindExpansion, glossary.KindAcronym:
		default:
			continue
		}
		before := strings.ToLower(strings.Trim(text[:m.Start], " \"'‘’“”*_"))
		if before != "" && !determiners[before] {
			return nil
		}
		after := strings.Trim(text[m.End:], " \"'‘’“”*_:.")
		if after != "" && !(strings.HasPrefix(after, "(") && strings.HasSuffix(after, ")")) {
			return nil
		}
		if gp.Terms[m.Entry.Term] == nil {
			return nil
		}
		return m.Entry.Term
	}
	return nil
}

// ---- definition lists ----

// definitionListRestatements restates each definition-list term that is a
// glossary term with its descriptions.
func definitionListRestatements(df *DocFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	var cur *glossary.Term
	for _, bf := range df.Blocks {
		switch bf.Block.Kind {
		case corpus.DefinitionTerm:
			cur = wholeTerm(bf, gp)
		case corpus.DefinitionDescription:
			if cur != nil {
				out = append(out, &Restatement{Term: cur, Doc: df.Doc, Block: bf, Start: 0, End: len(bf.Block.Run.Text), How: "definition-list", Strong: true})
			}
		default:
			cur = nil
		}
	}
	return out
}

// ---- mnemonics ----

// mnemonicRestatements finds a mnemonic written out next to its acronym:
// "FOUR (Fixated, Obsessive, Unwanted, Repeated)", "Fixated, Obsessive,
// Unwanted, Repeated (FOUR)" and "FOUR stands for Fixated, ...". The
// restatement is the expansion; its subject is the acronym.
func mnemonicRestatements(df *DocFacts, bf *BlockFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	text := bf.Block.Run.Text
	toks := bf.Tokens
	for _, m := range bf.Matches {
		tp := gp.Terms[m.Entry.Term]
		if tp == nil || !tp.mnemonic || !mnemonicAcronym(text, m) {
			continue
		}
		add := func(s, e int) {
			if e > s {
				out = append(out, &Restatement{Term: m.Entry.Term, Doc: df.Doc, Block: bf, Start: s, End: e,
					SubjectStart: m.Start, SubjectEnd: m.End, How: "mnemonic", Strong: true})
			}
		}
		after := strings.TrimLeft(text[m.End:], " ")
		open := m.End + len(text[m.End:]) - len(after)
		switch {
		case strings.HasPrefix(after, "("):
			// FOUR (Fixated, ...)
			if c := matchingParen(text, open, len(text)); c > open+1 {
				if k := capitalisedRun(text, toks, m.Last, c); k > 0 {
					add(open+1, c)
				}
			}
		case m.First > 0 && strings.HasSuffix(strings.TrimRight(text[:m.Start], " "), "(") && strings.HasPrefix(after, ")"):
			// Fixated, ... (FOUR): walk back over capitalised words.
			s := m.First
			for s > 0 && Capitalised(text[toks[s-1].Start:toks[s-1].End]) && strings.Trim(text[toks[s-1].End:toks[s].Start], " ,(") == "" {
				s--
				if s > 0 && toks[s-1].Surface == "and" {
					s--
				}
			}
			if m.First-s >= 2 {
				add(toks[s].Start, toks[m.First-1].End)
			}
		default:
			// FOUR stands for ... / FOUR means ...
			k := m.Last
			for _, v := range [][]string{{"stands", "for"}, {"is", "short", "for"}, {"means"}} {
				if j, ok := matchPhrase(text, toks, m.Last, len(text), v); ok {
					k = j
					break
				}
			}
			if k == m.Last {
				continue
			}
			if e := capitalisedRun(text, toks, k, len(text)); e > 0 {
				add(toks[k].Start, e)
			}
		}
	}
	return out
}

// mnemonicAcronym reports whether a match is a mnemonic's acronym, as
// written: "FOUR", not "four".
func mnemonicAcronym(text string, m glossary.Match) bool {
	switch m.Entry.Kind {
	case glossary.KindAcronym, glossary.KindTerm, glossary.KindAlias:
		return CapsWord(text[m.Start:m.End])
	}
	return false
}

// capitalisedRun returns the end offset of a run of at least two
// capitalised words from token k (separated by spaces, commas or "and"),
// stopping before limit; 0 if there is none.
func capitalisedRun(text string, toks []analysis.Token, k, limit int) int {
	n, end := 0, 0
	for ; k < len(toks) && toks[k].End <= limit; k++ {
		w := text[toks[k].Start:toks[k].End]
		if toks[k].Surface == "and" && n > 0 {
			continue
		}
		if !Capitalised(w) {
			break
		}
		if n > 0 && strings.Trim(text[toks[k-1].End:toks[k].Start], " ,") != "" && toks[k-1].Surface != "and" {
			break
		}
		n++
		end = toks[k].End
	}
	if n < 2 {
		return 0
	}
	return end
}

func Capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// CapsWord reports whether w is an acronym: two or more letters, all
// capitals.
func CapsWord(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// paraNumber reports whether s, the start of a sentence up to its first
// word, is a paragraph number: "5.1", "12.", "(b)", "3)".
func paraNumber(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "(")
	if s == "" {
		return false
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ')':
		case r >= 'a' && r <= 'z' && len(s) <= 2:
			digits++
		default:
			return false
		}
	}
	return digits > 0
}

// notCovered returns the restatements of rs whose block no restatement of
// have already restates for the same term.
func notCovered(rs, have []*Restatement) []*Restatement {
	var out []*Restatement
	for _, r := range rs {
		if !CoveredBy(r, have) {
			out = append(out, r)
		}
	}
	return out
}

// saysNothing reports whether a restatement holds no comparable word
// beyond the term's own (its name, acronym or expansion): a table or list
// of abbreviations, not a description.
func saysNothing(gp *Profile, r *Restatement) bool {
	tp := gp.Terms[r.Term]
	if tp == nil {
		return false
	}
	stems, _ := restatementStems(r)
	return len(stemSet(stems, tp.own)) == 0
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
