package rules

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rx"
)

// deprecatedUse is how a deprecated phrase is used where it was found, from
// the page's own voice (a defect) to a name, quotation or historical remark
// (not one). deprecated.go turns it into a severity and a confidence.
type deprecatedUse int

const (
	// useOwnVoice: the page itself calls the thing by the deprecated word.
	useOwnVoice deprecatedUse = iota
	// useUnclear: looks like a name or a mention (lower-case before
	// "flag" or "unit", after "called", the bare phrase in quotation marks),
	// or the page predates the deprecation.
	useUnclear
	// useQuiet: a title, a quotation, a name, a historical remark, or a
	// sentence whose point is that the deprecated thing is wrong.
	useQuiet
)

// deprecatedContext judges one match; why says what it saw, for messages.
// A page that states the law of a date before the deprecation's since: date
// used the word of its time: what would be a defect today is at most a note
// (nothing on an archived page).
func deprecatedContext(doc *corpus.Document, all []*BlockFacts, k int, m glossary.Match) (use deprecatedUse, why string) {
	use, why = readDeprecated(doc, all, k, m)
	if use == useQuiet {
		return use, why
	}
	if since, ok := m.Entry.Deprecated.SinceDate(); ok {
		if at, ok := doc.LawDate(); ok && at.Before(since) {
			if doc.Archived() {
				return useQuiet, "archived page from before the change"
			}
			return useUnclear, "the page states the law of " + at.Format("2 January 2006") + ", before " + since.Format("2 January 2006") + ", when the phrase was in use; update it when the page is revised"
		}
	}
	return use, why
}

// readDeprecated reads the context of one match, leaving dates aside.
func readDeprecated(doc *corpus.Document, all []*BlockFacts, k int, m glossary.Match) (use deprecatedUse, why string) {
	b := all[k]
	d := m.Entry.Deprecated
	text := b.Block.Run.Text
	sent := b.Sentences[b.SentenceAt(m.Start)]
	misnomer := isMisnomer(d)

	if b.Block.InQuote && !isCallout(doc, b.Block) {
		return useQuiet, "block quote"
	}
	before := strings.ToLower(text[sent.Start:m.Start])
	after := strings.ToLower(text[m.End:sent.End])
	whole := strings.ToLower(text[sent.Start:sent.End])
	if historical(whole, d) || correctiveBefore.MatchString(before) || correctiveAfter.MatchString(after) || corrective.MatchString(whole) {
		return useQuiet, "historical or corrective sentence"
	}
	if reportedBefore.MatchString(before) {
		return useQuiet, "what others say or believe, reported"
	}
	if askedBefore.MatchString(before) && strings.HasSuffix(strings.TrimSpace(whole), "?") {
		return useQuiet, "a question whether it exists"
	}
	if headword(b, m) && describedAsWrong(all, k) {
		return useQuiet, "an entry that explains the phrase is wrong"
	}
	if qs, qe, ok := quotedSpan(text, m.Start, m.End); ok {
		if extraWords(text, b.Tokens, qs, qe, m, false) {
			return useQuiet, "quotation or title"
		}
		return useUnclear, "in quotation marks: if it names the old word or quotes a source, nothing needs to change"
	}
	if es, ee, ok := emphasisSpan(&b.Block.Run, doc.File.Text, m.Start, m.End); ok {
		if extraWords(text, b.Tokens, es, ee, m, true) {
			return useQuiet, "italic title"
		}
		if !misnomer && titleCase(text, b.Tokens[m.First:m.Last]) {
			return useUnclear, "in italics and capitals, perhaps a short title: if so, nothing needs to change"
		}
		// Italics over the lower-case phrase alone are emphasis in the
		// page's own voice, like bold.
	}
	if misnomer {
		// A misnamed order or Act is as wrong in capitals as in lower
		// case, and "called" it does not make it right.
		return useOwnVoice, ""
	}
	titled := titleCase(text, b.Tokens[m.First:m.Last]) && !titleCaseContext(b.Block, text, b.Tokens, m)
	if titled && capitalisedNeighbour(text, b.Tokens, m) {
		return useQuiet, "part of a capitalised name"
	}
	if namedBy.MatchString(before) {
		if titled {
			return useQuiet, "a name introduced by entitled, called or known as"
		}
		return useUnclear, "introduced as a name: if it is the name of a document, team or scheme, nothing needs to change"
	}
	if headNounAfter(text, b.Tokens, m.Last) {
		return useUnclear, "names a flag, unit, team or scheme: if that is its current name, nothing needs to change"
	}
	return useOwnVoice, ""
}

// isMisnomer reports whether a deprecation is a wrong name for a named thing
// (a misnamed order or Act): the phrase is written with capitals, or its
// replacement is itself a proper name. Capitals and "called" do not make such
// a phrase a different, right name.
func isMisnomer(d *glossary.Deprecated) bool {
	for _, r := range d.Phrase {
		if unicode.IsUpper(r) {
			return true
		}
	}
	content := 0
	for _, w := range strings.Fields(d.Replacement) {
		if nameLinks[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
		content++
	}
	return content > 0
}

// nameLinks are the small words a capitalised name keeps in lower case.
var nameLinks = map[string]bool{"of": true, "and": true, "or": true, "the": true, "for": true, "from": true, "in": true, "on": true, "to": true, "a": true, "an": true, "by": true, "with": true, "&": true, "at": true}

// isCallout reports whether a block quote is a note in the page's own voice
// ("> Note: ...", "> [!WARNING]") rather than someone else's words.
func isCallout(doc *corpus.Document, b *corpus.Block) bool {
	first := b
	for _, o := range doc.Blocks {
		if o.Group == b.Group && o.InQuote {
			first = o
			break
		}
	}
	t := strings.ToLower(strings.TrimSpace(first.Run.Text))
	if strings.HasPrefix(t, "[!") {
		return true
	}
	for _, w := range []string{"note", "tip", "important", "warning", "caution", "remember"} {
		if strings.HasPrefix(t, w) && !startsLetter(t[len(w):]) {
			return true
		}
	}
	return false
}

func startsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

var (
	// historicalCue marks a sentence about what a thing used to be called.
	historicalCue = rx.MustCompile(`\b(?:formerly|(?:previously|then|once|originally) (?:called|known as|termed|named|described as|referred to as)|used to be (?:called|known as|described as)|(?:was|were|has been|have been) (?:replaced|renamed|superseded)|replaced by|has replaced|now (?:called|known as|termed|referred to as)|(?:the|its|a) former (?:term|name|title|wording|label)|(?:old|older|earlier|outdated|historic|historical|previous) (?:term|name|title|wording|label)s?|no longer (?:used|in use|the (?:right |correct |legal |statutory |current )?(?:term|word|name)|called|correct|current|appropriate|recommended)|at that time|(?:until|before) (?:the )?domestic abuse act)\b`)
	// yearWord is a year; pastTense, said with one, is a past statement about
	// wording (what a body defined, called or published then).
	yearWord  = rx.MustCompile(`\b(1[89]\d\d|20\d\d)\b`)
	pastTense = rx.MustCompile(`\b(?:defined|definition|described|used|called|published|introduced|adopted|issued|referred|termed|known|titled|named|spoke|wrote)\b`)
	// notYearOfPast: a year that names an Act or opens a period ("since
	// 2015") says nothing about the past.
	notYearOfPast = rx.MustCompile(`(?:\bact|\border|\bregulations|\bcode|\bsince|\bfrom|\bafter|\bsection) $`)

	// corrective marks a sentence whose point is that the phrase is wrong
	// or names nothing that exists.
	corrective = rx.MustCompile(`\b(?:no such (?:offence|order|crime|thing|power|term)s?|(?:does|do|did) not exist|doesn't exist|not (?:an?|the) (?:(?:real|recognised|recognized|statutory|separate|legal|criminal|actual|distinct|specific) )+(?:offence|order|crime|term|power)|misnomer|misnamed)\b`)
	// correctiveBefore ends the text before a phrase that is being
	// corrected, avoided or named as a word ("there is no offence of",
	// "rather than", "do not use the term", "the phrase").
	correctiveBefore = rx.MustCompile(`(?:\bthere (?:is|are|was|exists?) no (?:such )?(?:(?:offence|order|crime|thing|power)s? )?(?:(?:of|as|called|known as|named) )?|\bno (?:such )?(?:offence|order|crime|power)s? (?:of|as|called|known as|named) |\b(?:instead of|rather than|in place of) |\b(?:do not|don't|never|avoid|should not|must not|shouldn't|stop) (?:using |use |saying |say |writing |write |calling |call |describing |describe |referring to |refer to )?(?:it |this |them |these |offences |conduct |cases )?(?:as )?(?:the )?(?:(?:term|phrase|word|words|expression|label|name) )?|\b(?:wrongly|incorrectly|mistakenly|loosely|informally|sometimes|often|commonly) (?:called|described as|referred to as|named|labelled|termed|known as) |\bthe (?:term|phrase|word|words|expression|label) )(?:an? |the )?["'“‘]?$`)
	// correctiveAfter starts the text after a phrase that is said not to
	// exist or not to be an offence.
	correctiveAfter = rx.MustCompile(`^["'”’]?(?:\s*\([^)]*\))?,? (?:(?:does|do|did) not exist|doesn't exist|(?:is|are|was) not (?:an? |the )?(?:(?:real|recognised|recognized|statutory|separate|legal|criminal|actual|distinct|specific) )*(?:offence|order|crime|term|power|thing)|(?:is|are) not recognised|has no (?:legal|statutory) (?:meaning|basis|status|standing)|is not a legal term|is a misnomer)`)
	// historicalFrame is a sentence that opens in the past and speaks in the
	// past tense: "Until the 2012 reforms there was ...".
	historicalFrame = rx.MustCompile(`^\W*(?:before|until|prior to|up to)\b[^.;]*?\b(?:there was|there were|was|were|had been|had)\b`)
	// reportedBefore ends the text before a phrase that someone else says,
	// is told or believes: "callers have been told that there is", "the
	// myth that".
	reportedBefore = rx.MustCompile(`\b(?:told|tell|telling|say|says|said|saying|claim|claims|claimed|claiming|believe|believes|believed|think|thinks|thought|assume|assumes|assumed|suggest|suggests|suggested|myth|misconception|misunderstanding)\s+(?:\w+\s+){0,2}?that\s+(?:there\s+(?:is|was|are|were)\s+|it\s+(?:is|was)\s+)?(?:an?\s+|the\s+)?["'“‘]?$`)
	// askedBefore ends the text before a phrase whose existence a question
	// asks about: "Is there an offence of", "Is there such a thing as".
	askedBefore = rx.MustCompile(`\b(?:is|are) there (?:an?y? |such a thing as (?:an? )?)?(?:(?:offence|order|crime|thing|power)s? )?(?:(?:of|as|called|known as) )?(?:an? |the )?["'“‘]?$`)
	// namedBy ends the text before a name: "a report entitled", "known as".
	namedBy = rx.MustCompile(`\b(?:entitled|titled|called|named|known as|headed|badged as|branded as)(?: the| an?)? ["'“‘]?$`)
)

// historical reports whether a sentence speaks of the past: what the thing
// was called before, or (for a deprecation with a since date) a past-tense
// statement about a year before that date.
func historical(sentence string, d *glossary.Deprecated) bool {
	if historicalCue.MatchString(sentence) || historicalFrame.MatchString(sentence) {
		return true
	}
	since, ok := d.SinceDate()
	if !ok || !pastTense.MatchString(sentence) {
		return false
	}
	for _, loc := range yearWord.FindAllStringIndex(sentence, -1) {
		y := 0
		for _, c := range sentence[loc[0]:loc[1]] {
			y = y*10 + int(c-'0')
		}
		if y < since.Year() && !notYearOfPast.MatchString(sentence[:loc[0]]) {
			return true
		}
	}
	return false
}

// headword reports whether the block is a heading, a defined term or a
// table's first cell that holds little more than the phrase: the head of an
// entry about the phrase itself.
func headword(b *BlockFacts, m glossary.Match) bool {
	switch {
	case b.Block.Kind == corpus.HeadingBlock, b.Block.Kind == corpus.DefinitionTerm:
	case b.Block.Kind == corpus.TableCell && b.Block.Col == 0 && !b.Block.Header:
	default:
		return false
	}
	others := 0
	for i, tk := range b.Tokens {
		if (i < m.First || i >= m.Last) && !nameLinks[tk.Surface] {
			others++
		}
	}
	return others == 0
}

// describedAsWrong reports whether the entry headed by block k says that the
// phrase is wrong or names nothing real: the definition after a defined
// term, the first paragraph under a heading, or the rest of a table row.
func describedAsWrong(all []*BlockFacts, k int) bool {
	b := all[k].Block
	says := func(o *BlockFacts) bool {
		t := strings.ToLower(o.Block.Run.Text)
		if len(o.Sentences) > 0 {
			t = strings.ToLower(o.Sentences[0].Text(&o.Block.Run))
		}
		return corrective.MatchString(t) || describesWrong.MatchString(t)
	}
	switch b.Kind {
	case corpus.TableCell:
		for _, o := range all {
			if o.Block.Kind == corpus.TableCell && o.Block.Table == b.Table && o.Block.Row == b.Row && o != all[k] && says(o) {
				return true
			}
		}
	default:
		if k+1 < len(all) && all[k+1].Block.Kind != corpus.HeadingBlock {
			return says(all[k+1])
		}
	}
	return false
}

// describesWrong opens a description that dismisses the term it describes.
var describesWrong = rx.MustCompile(`^(?:there is no|there are no|not an? |no (?:such )?(?:offence|order)|(?:this|it) is not an? |do not use|avoid|wrong|incorrect|outdated|deprecated|misleading|ambiguous)`)

// quotedSpan finds the quotation marks around text[s:e] within the block:
// the nearest quotation mark to the left must open and the nearest to the
// right must close. An apostrophe inside a word is not a quotation mark; a
// possessive apostrophe ("victims'") reads as a close, which only ever
// loses a quotation, never invents one.
//
// Both look at most spanReach bytes either side of the match: one scan to
// the start of the block for each match made a long paragraph of deprecated
// wording take time with the square of its length (attack 8 of issue 17).
// A quotation or title longer than that is taken for the page's own voice,
// so the finding is reported, never lost.
func quotedSpan(text string, s, e int) (qs, qe int, ok bool) {
	open := -1
	stop, end := max(0, s-spanReach), min(len(text), e+spanReach)
	for i := s; i > stop; {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		i -= n
		if !isQuote(r) {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(text[:i])
		next, _ := utf8.DecodeRuneInString(text[i+n:])
		if i > 0 && unicode.IsLetter(prev) && unicode.IsLetter(next) {
			continue // an apostrophe
		}
		if r == '”' || r == '’' || !(i == 0 || unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/", prev)) || unicode.IsSpace(next) {
			return 0, 0, false
		}
		open = i + n
		break
	}
	if open < 0 {
		return 0, 0, false
	}
	want := map[rune]rune{'“': '”', '‘': '’', '"': '"', '\'': '\''}
	opener, _ := utf8.DecodeLastRuneInString(text[:open])
	for i := e; i < end; {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isQuote(r) {
			i += n
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(text[:i])
		next, _ := utf8.DecodeRuneInString(text[i+n:])
		if unicode.IsLetter(prev) && unicode.IsLetter(next) {
			i += n
			continue
		}
		if unicode.IsSpace(prev) || r != want[opener] {
			return 0, 0, false
		}
		return open, i, true
	}
	return 0, 0, false
}

// spanReach is how far, in bytes of block text, quotedSpan and
// emphasisSpan look for the marks around a match.
const spanReach = 2000

func isQuote(r rune) bool { return strings.ContainsRune("\"'“”‘’", r) }

// emphasisSpan finds the italics around run text [s, e): the run leaves
// emphasis delimiters out of Text, so they show as gaps in the source map.
// The nearest delimiter to the left must open (a run of one or three * or
// _ before text) and the nearest to the right must close it; bold (**) is
// emphasis, not a title, and is not counted.
func emphasisSpan(r *corpus.Run, src []byte, s, e int) (es, ee int, ok bool) {
	if r.Len() == 0 || s >= r.Len() {
		return 0, 0, false
	}
	// The gaps the walk below reads lie between the source offsets of its
	// first and last bytes: without a * or _ there, none opens italics.
	lo := 0
	if from := max(0, s-spanReach); from > 0 {
		lo = r.Offset(from - 1)
	}
	if hi := r.Offset(s); lo <= hi && hi <= len(src) && !bytes.ContainsAny(src[lo:hi], "*_") {
		return 0, 0, false
	}
	es = -1
	for i := s; i >= max(0, s-spanReach); i-- {
		if i > 0 && r.Offset(i-1)+1 >= r.Offset(i) {
			continue
		}
		at := r.Offset(i)
		lo := 0
		if i > 0 {
			lo = r.Offset(i-1) + 1
		}
		gap := trimLink(src[lo:at], false)
		open := delimiterRun(gap, false)
		close := 0
		if i > 0 {
			close = delimiterRun(trimLink(src[lo:at], true), true)
		}
		switch {
		case open%2 == 1:
			es = i
		case close > 0 || open > 0:
			return 0, 0, false
		default:
			continue
		}
		break
	}
	if es < 0 {
		return 0, 0, false
	}
	for j := e; j <= min(r.Len(), e+spanReach); j++ {
		if j < r.Len() && r.Offset(j-1)+1 >= r.Offset(j) {
			continue
		}
		lo := r.Offset(j-1) + 1
		hi := len(src)
		if j < r.Len() {
			hi = r.Offset(j)
		}
		if lo > hi {
			return 0, 0, false
		}
		gap := trimLink(src[lo:hi], true)
		if j == r.Len() {
			// Past the end of the run only the delimiters right after
			// the text belong to it.
			gap = gap[:delimiterRun(gap, true)]
		}
		closer := delimiterRun(gap, true)
		switch {
		case closer%2 == 1:
			return es, j, true
		case closer > 0 || delimiterRun(trimLink(src[lo:hi], false), false) > 0:
			return 0, 0, false
		}
		if j == r.Len() {
			break
		}
	}
	return 0, 0, false
}

// trimLink takes link syntax off the edge of a gap next to the text, so that
// italics around a link still show their delimiters: "](url)" or "]" at the
// start (leading), "[" at the end.
func trimLink(gap []byte, leading bool) []byte {
	if !leading {
		return bytes.TrimSuffix(gap, []byte("["))
	}
	if !bytes.HasPrefix(gap, []byte("]")) {
		return gap
	}
	gap = gap[1:]
	if bytes.HasPrefix(gap, []byte("(")) {
		if k := bytes.IndexByte(gap, ')'); k >= 0 {
			gap = gap[k+1:]
		}
	}
	return gap
}

// delimiterRun is the length of the run of * or _ at the start of gap
// (leading) or at its end (trailing).
func delimiterRun(gap []byte, leading bool) int {
	n := 0
	for k := range gap {
		c := gap[len(gap)-1-k]
		if leading {
			c = gap[k]
		}
		if c != '*' && c != '_' {
			break
		}
		n++
	}
	return n
}

// extraWords reports whether the span [qs, qe) of the run holds words
// besides the match, its articles and years: a title or a quotation rather
// than the phrase alone. An italic span must also start with a capital, as
// titles do; italics over lower-case words are emphasis.
func extraWords(text string, toks []analysis.Token, qs, qe int, m glossary.Match, italic bool) bool {
	n := 0
	first := true
	for i, tk := range toks {
		if tk.Start < qs || tk.End > qe {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(text[tk.Start:]); first && italic && !unicode.IsUpper(r) {
			return false
		}
		first = false
		if i >= m.First && i < m.Last || tk.Surface == "the" || tk.Surface == "a" || tk.Surface == "an" || yearWord.MatchString(tk.Surface) {
			continue
		}
		n++
	}
	return n > 0
}

// titleCase reports whether every word of toks but the small linking words
// starts with a capital.
func titleCase(text string, toks []analysis.Token) bool {
	for _, tk := range toks {
		if nameLinks[tk.Surface] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[tk.Start:])
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// titleCaseContext reports whether capitals say nothing about a name here:
// a heading or table header written in title case, or the phrase written
// in capitals.
func titleCaseContext(b *corpus.Block, text string, toks []analysis.Token, m glossary.Match) bool {
	phrase := text[toks[m.First].Start:toks[m.Last-1].End]
	if strings.ToUpper(phrase) == phrase {
		return true
	}
	if b.Kind != corpus.HeadingBlock && !b.Header {
		return false
	}
	upper, all := 0, 0
	for _, tk := range toks {
		if nameLinks[tk.Surface] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[tk.Start:])
		if !unicode.IsLetter(r) {
			continue
		}
		all++
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return all >= 2 && upper*3 >= all*2
}

// capitalisedNeighbour reports whether a capitalised phrase runs on into a
// longer name: a capitalised word just before it, or after it (across "and",
// "of" and the like), or a year just after it.
func capitalisedNeighbour(text string, toks []analysis.Token, m glossary.Match) bool {
	capital := func(i int) bool {
		r, _ := utf8.DecodeRuneInString(text[toks[i].Start:])
		return unicode.IsUpper(r) && !nameLinks[toks[i].Surface]
	}
	if i := m.First - 1; i >= 0 && joined(text, toks[i].End, toks[i+1].Start) && capital(i) {
		return true
	}
	for i := m.Last; i < len(toks) && joined(text, toks[i-1].End, toks[i].Start); i++ {
		switch {
		case capital(i), yearWord.MatchString(toks[i].Surface) && i == m.Last:
			return true
		case nameLinks[toks[i].Surface] && i < m.Last+2:
			continue
		}
		break
	}
	return false
}

// joined reports whether two words are in one phrase: nothing but spaces or
// hyphens between them.
func joined(text string, a, b int) bool {
	return a <= b && strings.Trim(text[a:b], " -") == ""
}

// headNouns are the nouns that make a phrase before them the name of a
// thing: a case flag, a team, a scheme, a document.
var headNouns = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range analysis.Terms("flag marker code category checklist form team unit court scheme service strategy policy toolkit programme program protocol notice review report panel forum board coordinator officer adviser advisor advocate champion project plan guidance framework network partnership helpline register database bill conference training module identifier tag field indicator") {
		out[w] = true
	}
	return out
}()

// headNounAfter reports whether a head noun follows the phrase within two
// words (content words or "and"), as in "the domestic violence case flag".
func headNounAfter(text string, toks []analysis.Token, last int) bool {
	for i := last; i < len(toks) && i < last+3; i++ {
		if !joined(text, toks[i-1].End, toks[i].Start) {
			return false
		}
		if headNouns[toks[i].Term] {
			return true
		}
		if s := toks[i].Surface; analysis.IsStop(s) && s != "and" {
			return false
		}
	}
	return false
}
