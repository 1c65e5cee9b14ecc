package restate

import (
	"slices"
	"strings"
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
// only (the rules' rsQuoted), because guidance often quotes an old or outside
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
	var law docLaw
	for _, r := range out {
		if r.How != "mnemonic" && saysNothing(gp, r) {
			continue // "ISAC | Independent Stalking Advocacy Caseworker": only the name
		}
		r.Reading = reading(gp, df, r, &law)
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

// ---- comparing ----

// ---- sentence restatements ----

// sentenceRestatements finds "X is/means/refers to ..." sentences in a block.
func sentenceRestatements(df *DocFacts, bf *BlockFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	mi := 0
	toks := bf.Tokens
	for _, s := range bf.Sentences {
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
		// The sentence's first token, needed only when it has a subject:
		// counted back from the subject's first token over the words
		// before it, not forward over every token of the block.
		ti := 0
		if m != nil {
			ti = m.First
			for ti > 0 && toks[ti-1].Start >= s.Start {
				ti--
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
	if m == nil {
		return nil
	}
	tp := gp.Terms[m.Entry.Term]
	if tp == nil {
		return nil
	}
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

// isDeterminer reports whether w is a determiner, which may open a
// subject: "the", "a" or "an".
func isDeterminer(w string) bool { return w == "the" || w == "a" || w == "an" }

// The cutsets of the quotes and marks that may stand around a term.
const (
	quotes      = " \"'‘’“”"
	quotesMarks = " \"'‘’“”*_"
)

// onlyOf reports whether s holds nothing but runes of cutset, as
// strings.Trim(s, cutset) == "" does. Trim with a cutset outside ASCII
// decodes it and s rune by rune; this looks at ASCII bytes as they are.
// An invalid byte decodes to utf8.RuneError, as in Trim, which no cutset
// here holds.
func onlyOf(s, cutset string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if strings.IndexByte(cutset, byte(r)) < 0 {
				return false
			}
		} else if !strings.ContainsRune(cutset, r) {
			return false
		}
	}
	return true
}

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
	// Most sentences have none before it: IndexByte, which reads many
	// bytes at a time, says so sooner than LastIndexByte, which reads
	// one.
	if c := lastComma(text[sStart:m.Start]); c >= 0 {
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
	if !onlyOf(text[from:m.Start], quotesMarks) && len(lead) == 0 {
		return false, false
	}
	for i, tk := range lead {
		switch {
		case i == 0 && isDeterminer(tk.Surface):
		case i > 0 || !isDeterminer(tk.Surface):
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
		if !onlyOf(text[lead[i-1].End:lead[i].Start], quotes) {
			return false, false
		}
	}
	if len(lead) > 0 && !onlyOf(text[lead[len(lead)-1].End:m.Start], quotesMarks) {
		return false, false
	}
	return definitionOf, true
}

// lastComma is strings.LastIndexByte(s, ',').
func lastComma(s string) int {
	if strings.IndexByte(s, ',') < 0 {
		return -1
	}
	return strings.LastIndexByte(s, ',')
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
	// Only the phrases that open with the word at j can match there, in
	// strongVerbs' order.
	for _, v := range strongByHead[toks[j].Surface] {
		if k, ok := v.match(text, toks, j, end); ok {
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

// strongByHead holds strongVerbs, compiled, under their first word.
var strongByHead = func() map[string][]phrase {
	by := map[string][]phrase{}
	for _, v := range strongVerbs {
		p := compilePhrase(v)
		by[p.words[0]] = append(by[p.words[0]], p)
	}
	return by
}()

// phrase is a verb phrase, compiled: its words without the "*" marks
// (strongVerbs), and which of them may be followed by a gap.
type phrase struct {
	words []string
	gap   []bool
}

func compilePhrase(ws []string) phrase {
	p := phrase{words: make([]string, len(ws)), gap: make([]bool, len(ws))}
	for i, w := range ws {
		p.gap[i] = strings.HasSuffix(w, "*")
		p.words[i] = strings.TrimSuffix(w, "*")
	}
	return p
}

// match matches the phrase at token j, returning the token after it.
func (p phrase) match(text string, toks []analysis.Token, j, end int) (int, bool) {
	k := j
	for pi, w := range p.words {
		if k >= len(toks) || toks[k].Start >= end || toks[k].Surface != w {
			return 0, false
		}
		if pi > 0 && strings.ContainsAny(text[toks[k-1].End:toks[k].Start], ".;:") {
			return 0, false
		}
		k++
		if p.gap[pi] && pi+1 < len(p.words) {
			next := p.words[pi+1]
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
		if m.First == 0 || m.Last >= len(toks) {
			continue
		}
		// The tests are all of them needed, so the cheap ones on the
		// words around the match go first: most matches fail there, and
		// need no look-up of their term's profile.
		p := m.First - 1
		if isDeterminer(toks[p].Surface) && p > 0 {
			p--
		}
		if toks[p].Start < s.Start || (toks[p].Surface != "is" && toks[p].Surface != "are") {
			continue
		}
		if toks[m.Last].Surface != "if" || strings.TrimSpace(bf.Block.Run.Text[m.End:toks[m.Last].Start]) != "" {
			continue
		}
		if gp.Terms[m.Entry.Term] == nil || gp.isMnemonic(m.Entry.Term) {
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

// ---- glossary tables ----

// ---- definition lists ----

// ---- mnemonics ----

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
