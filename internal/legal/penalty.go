package legal

import (
	"strings"
)

// Penalty is a stated custodial maximum: "a maximum of five years'
// imprisonment", "up to 10 years", "51 weeks".
type Penalty struct {
	// Start and End are byte offsets of the quantity as written, with its
	// possessive mark and a following "imprisonment" or "custody": "five
	// years' imprisonment", "10 years", "51 weeks", "10-year".
	Start, End int
	// Amount is the number and unit alone: "five years", "10-year".
	Amount string
	// Months is the length compared with the glossary: years times 12;
	// weeks in months, rounded, except that 51 weeks (the figure written
	// into s.2A PHA 1997 and read as 6 months) is 6.
	Months int
	// Weeks keeps the figure when the text gave weeks.
	Weeks int
	// Maximum is set when the phrase says so outright: "maximum",
	// "carries", "liable to", "punishable", "not exceeding", "not more than".
	Maximum bool
	// UpTo is set for "up to", which also introduces durations of orders.
	UpTo bool
	// Custodial is set when the phrase speaks of imprisonment, custody, a
	// sentence or a penalty.
	Custodial bool
	// Range is set for the top of a range ("2–8 years", "two to eight
	// years"), as sentencing guidelines give them, and for the new figure
	// of "from five to ten years".
	Range bool
}

// numberWord is the value of a number written as a word, given in lower
// case. (A switch, not a map: it is asked about most short words of a text
// with a unit in it, and comparing with constants beats hashing.)
func numberWord(w []byte) (int, bool) {
	switch string(w) {
	case "one":
		return 1, true
	case "two":
		return 2, true
	case "three":
		return 3, true
	case "four":
		return 4, true
	case "five":
		return 5, true
	case "six":
		return 6, true
	case "seven":
		return 7, true
	case "eight":
		return 8, true
	case "nine":
		return 9, true
	case "ten":
		return 10, true
	case "eleven":
		return 11, true
	case "twelve":
		return 12, true
	case "thirteen":
		return 13, true
	case "fourteen":
		return 14, true
	case "fifteen":
		return 15, true
	case "sixteen":
		return 16, true
	case "seventeen":
		return 17, true
	case "eighteen":
		return 18, true
	case "nineteen":
		return 19, true
	case "twenty":
		return 20, true
	case "thirty":
		return 30, true
	case "forty":
		return 40, true
	case "fifty":
		return 50, true
	case "sixty":
		return 60, true
	case "seventy":
		return 70, true
	case "eighty":
		return 80, true
	case "ninety":
		return 90, true
	}
	return 0, false
}

// notAMaximum are words just before a quantity that make it something else:
// a time limit ("within six months"), a duration ("for at least two years",
// "lasts two years"), an age, a sentence actually passed ("sentenced to two
// years"), or a guideline starting point.
var notAMaximum = map[string]bool{
	"within": true, "least": true, "after": true, "aged": true, "age": true, "over": true,
	"every": true, "each": true, "last": true, "lasts": true, "lasting": true, "period": true, "since": true,
	"past": true, "previous": true, "minimum": true, "starting": true, "point": true, "range": true,
	"category": true, "guideline": true, "guidelines": true, "typically": true, "average": true,
	"usually": true, "given": true,
	"later": true, "earlier": true, "first": true, "next": true, "duration": true, "valid": true,
	"remain": true, "remains": true, "about": true, "around": true, "nearly": true, "almost": true,
	"approximately": true, "under": true, "additional": true, "extra": true, "further": true,
	"another": true, "less": true, "elapsed": true, "until": true, "till": true,
	"during": true, "throughout": true,
}

// notAMaximumAfter are words just after a quantity that make it a time or
// an age: "two years ago", "six months after", "the 12-month time limit".
var notAMaximumAfter = map[string]bool{
	"ago": true, "after": true, "later": true, "old": true, "earlier": true, "before": true,
	"since": true, "limit": true, "period": true, "apart": true, "elapsed": true, "have": true, "has": true,
	"time": true, "beginning": true, "starting": true, "running": true,
}

// sentencePassed anywhere before a quantity in its clause make it a sentence
// actually passed, not a maximum: "where the offender receives a custodial
// sentence of 12 months", "he was sentenced to two years".
var sentencePassed = map[string]bool{
	"sentenced": true, "received": true, "receive": true, "receives": true, "receiving": true, "jailed": true,
	"served": true, "serving": true, "serve": true, "serves": true, "spent": true, "suspended": true,
	"passed": true, "awarded": true, "imprisoned": true, "handed": true, "jailing": true,
}

var maximumWords = map[string]bool{
	"maximum": true, "max": true, "maxima": true, "maximums": true, "liable": true, "punishable": true,
	"punished": true, "carries": true, "carry": true, "carrying": true, "exceeding": true,
}

// faceWords before a custodial term make it a maximum: "could face five
// years in jail". Alone they do not ("victims face two years of fear").
var faceWords = map[string]bool{"face": true, "faces": true, "facing": true}

var custodialWords = map[string]bool{
	"imprisonment": true, "custody": true, "custodial": true, "prison": true, "jail": true, "gaol": true,
	"sentence": true, "penalty": true, "term": true,
}

// adjectiveHeads are the nouns a hyphenated quantity ("10-year") must
// qualify to be a maximum: "the 10-year maximum", "a six-month sentence".
var adjectiveHeads = map[string]bool{
	"maximum": true, "sentence": true, "term": true, "prison": true, "custodial": true, "imprisonment": true,
	"custody": true, "jail": true,
}

// ParsePenalties finds stated custodial maxima in text, in order, in words
// or digits: "a maximum of five years' imprisonment", "up to 10 years",
// "maximum sentence of six months", "14 years' imprisonment", "51 weeks".
// A quantity counts only near a word that makes it a maximum or a custodial
// term (maximum, up to, carries, liable, imprisonment, custody, sentence), and
// never as a time limit, duration, age or date ("within two years", "for at
// least two years", "six months after", "the 12-month time limit").
func ParsePenalties(text string) []Penalty {
	if !mayState(text) {
		return nil
	}
	return parsePenalties(text, false)
}

// ParseTerms is ParsePenalties for text its context already says states
// maxima, such as a table cell under a column headed "Maximum": a bare
// quantity ("5 years") counts too, but never a time limit, duration, age,
// range or sentence passed.
func ParseTerms(text string) []Penalty {
	if !mayState(text) {
		return nil
	}
	return parsePenalties(text, true)
}

// mayState reports whether text could state a penalty: every penalty has a
// unit, a word that lower-cases to "year(s)", "month(s)" or "week(s)". Only
// ASCII letters lower-case to those, except that the Kelvin sign lower-cases
// to "k", so "wee" is what a week needs. Most blocks of guidance have no
// unit, and this look at their bytes saves lexing them.
func mayState(text string) bool {
	// Eight bytes at a time, look for the starts of "ye", "mo" and "we" in
	// any case; only eight bytes that hold one are looked at one by one. A
	// byte and the next are a pair sought when both XORed with the pair's
	// letters give zero, so when their OR does: three tests for zero bytes
	// a word, not five. The test for zero bytes is the short one of Bit
	// Twiddling Hacks, which also marks some bytes above a zero byte; only
	// whether any byte is marked is asked, and that is exact.
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+9 <= len(text); i += 8 {
		x, x1 := pairAt(text, i) // x1: the next byte of each
		x |= 0x2020202020202020
		x1 |= 0x2020202020202020
		e1 := x1 ^ 0x6565656565656565
		ye := (x ^ 0x7979797979797979) | e1
		we := (x ^ 0x7777777777777777) | e1
		mo := (x ^ 0x6d6d6d6d6d6d6d6d) | (x1 ^ 0x6f6f6f6f6f6f6f6f)
		if ((ye-ones)&^ye|(we-ones)&^we|(mo-ones)&^mo)&highs == 0 {
			continue
		}
		for k := i; k < i+8; k++ {
			if unitAtByte(text, k) {
				return true
			}
		}
	}
	for ; i < len(text); i++ {
		if unitAtByte(text, i) {
			return true
		}
	}
	return false
}

// zeroBytes has 0x80 in each byte of v that is zero and nothing elsewhere.
func zeroBytes(v uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((v&low7 + low7) | v | low7)
}

// unitAtByte reports whether "year", "month" or "wee" starts at text[i],
// in any ASCII case.
func unitAtByte(text string, i int) bool {
	switch text[i] | 0x20 {
	case 'y':
		return i+4 <= len(text) && text[i+1]|0x20 == 'e' && text[i+2]|0x20 == 'a' && text[i+3]|0x20 == 'r'
	case 'm':
		return i+5 <= len(text) && text[i+1]|0x20 == 'o' && text[i+2]|0x20 == 'n' && text[i+3]|0x20 == 't' && text[i+4]|0x20 == 'h'
	case 'w':
		return i+3 <= len(text) && text[i+1]|0x20 == 'e' && text[i+2]|0x20 == 'e'
	}
	return false
}

// parsePenalties is ParsePenalties without the check that text could state
// a penalty; bare keeps quantities no word marks as maxima.
func parsePenalties(text string, bare bool) []Penalty {
	s := newScanner(text)
	defer s.release()
	var out []Penalty
	// A penalty's unit is one to four tokens after where it starts (see
	// penaltyAt and number), so only the four tokens before each word
	// that may be a unit are tried.
	u := 0 // the first token after i that may be a unit, once u > i
	for i := 0; i < s.n(); i++ {
		if u <= i {
			u = i + 1
			for u < s.n() && !s.mayBeUnit(u) {
				u++
			}
			if u >= s.n() {
				break
			}
		}
		i = max(i, u-4)
		p, last, ok := s.penaltyAt(i, bare)
		if !ok {
			continue
		}
		out = append(out, p)
		i = last
	}
	return out
}

// number reads a quantity at i: digits ("10"), words ("ten", "fifty-one",
// "fifty one") or "a"/"one" before a singular unit. It returns the value and
// the index of its last token.
func (s *scanner) number(i int) (int, int, bool) {
	t := s.str(i)
	if s.kind(i) == tNum {
		if len(t) > 3 || !allDigits(t) || t[0] == '0' {
			return 0, 0, false
		}
		// "1.5 years" is not 5 years.
		if s.punct(i-1, ".", ",") && s.adjacent(i-1) && s.isNum(i-2) && s.adjacent(i-2) {
			return 0, 0, false
		}
		return atoi(t), i, true
	}
	if !s.isWord(i) || len(t) > 9 {
		return 0, 0, false
	}
	switch t[0] {
	case 'a', 'o', 't', 'f', 's', 'e', 'n', 'A', 'O', 'T', 'F', 'S', 'E', 'N':
	default:
		return 0, 0, false // no number word nor "a" starts so
	}
	var buf [16]byte
	lt := lowerInto(buf[:0], t)
	if string(lt) == "a" || string(lt) == "an" {
		if s.isAny(i+1, "year", "month", "week") {
			return 1, i, true
		}
		return 0, 0, false
	}
	v, ok := numberWord(lt)
	if !ok {
		return 0, 0, false
	}
	if v >= 20 && v%10 == 0 {
		j := i + 1
		if s.punct(j, "-") && s.adjacent(i) && s.adjacent(j) {
			j++
		}
		if u, ok := numberWord(lowerInto(buf[:0], s.str(j))); ok && u < 10 {
			return v + u, j, true
		}
	}
	return v, i, true
}

// statesMaximum reports whether words (nearest first) say "maximum" or
// "up to".
func statesMaximum(words []string) bool {
	for k, w := range words {
		if maximumWords[w] || w == "to" && k+1 < len(words) && words[k+1] == "up" {
			return true
		}
	}
	return false
}

// superlativeSubjects may follow "the most" when it names what a court can
// do: "the most the court can impose is", "the most you could get is".
var superlativeSubjects = map[string]bool{
	"the": true, "a": true, "an": true, "that": true, "you": true, "they": true, "he": true, "she": true,
	"someone": true, "anyone": true, "offenders": true, "judges": true, "magistrates": true, "courts": true,
}

var modalWords = map[string]bool{
	"can": true, "could": true, "may": true, "might": true, "will": true, "would": true, "must": true,
}

// statesSuperlative reports whether words (nearest first) state a maximum as
// a superlative: "at most 12 months", "the most the court can impose is six
// months". "The most serious offence carries ..." does not: what follows
// "most" there is an adjective, not who imposes the sentence.
func statesSuperlative(before []string) bool {
	if len(before) > 1 && before[0] == "most" && before[1] == "at" {
		return true
	}
	for k, w := range before {
		if w != "most" || k == 0 || k+1 >= len(before) || before[k+1] != "the" || !superlativeSubjects[before[k-1]] {
			continue
		}
		for _, m := range before[:k-1] {
			if modalWords[m] {
				return true
			}
		}
	}
	return false
}

func isNumberWord(w string) bool {
	_, ok := numberWord([]byte(w))
	return ok
}

// isNumberWord reports whether token i is a number written as a word.
func (s *scanner) isNumberWord(i int) bool {
	if !s.isWord(i) || len(s.str(i)) > 9 {
		return false
	}
	var buf [16]byte
	_, ok := numberWord(lowerInto(buf[:0], s.str(i)))
	return ok
}

func allDigits(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return t != ""
}

// unit reads "years", "month", "weeks" at j, returning the unit's length in
// months per unit (0 for weeks) and whether it is singular.
// mayBeUnit is false when token i is no unit for unitAt: one lower-cases
// to "year", "month" or "wee" and more, which needs those letters in ASCII
// but for the "k" (see mayState).
func (s *scanner) mayBeUnit(i int) bool {
	t := s.toks[i]
	return t.end-t.start >= 3 && unitAtByte(s.text[:t.end], t.start)
}

func unitAt(w string) (unit string, singular bool, ok bool) {
	switch strings.ToLower(w) {
	case "year", "years":
		return "year", strings.EqualFold(w, "year"), true
	case "month", "months":
		return "month", strings.EqualFold(w, "month"), true
	case "week", "weeks":
		return "week", strings.EqualFold(w, "week"), true
	}
	return "", false, false
}

func (s *scanner) penaltyAt(i int, bare bool) (Penalty, int, bool) {
	v, numLast, ok := s.number(i)
	if !ok || v <= 0 {
		return Penalty{}, 0, false
	}
	j := numLast + 1
	hyphen := false
	if s.punct(j, "-") && s.adjacent(numLast) && s.adjacent(j) {
		hyphen = true
		j++
	}
	unit, singular, ok := unitAt(s.str(j))
	if !ok || (hyphen && !singular) {
		return Penalty{}, 0, false
	}
	if v == 1 && !singular && !hyphen || v > 1 && singular && !hyphen {
		return Penalty{}, 0, false
	}
	if (strings.EqualFold(s.str(i), "a") || strings.EqualFold(s.str(i), "an")) && hyphen {
		return Penalty{}, 0, false
	}
	p := Penalty{Start: s.toks[i].start}
	p.Amount = s.text[p.Start:s.toks[j].end]
	last := j
	if s.punct(j+1, "'", "’") && s.adjacent(j) && !hyphen {
		last = j + 1
	}
	switch unit {
	case "year":
		p.Months = v * 12
	case "month":
		p.Months = v
	case "week":
		p.Weeks = v
		if v == 51 {
			p.Months = 6
		} else {
			p.Months = (v*12 + 26) / 52
		}
	}

	// Words before, nearest first, up to a clause boundary. (At most 14
	// and 4 words: arrays on the stack, not slices grown on the heap.)
	var beforeBuf [14]string
	before := beforeBuf[:0]
	for k := i - 1; k >= 0 && len(before) < 14 && !s.boundary(k); k-- {
		if s.isWord(k) || s.isNum(k) {
			before = append(before, strings.ToLower(s.str(k)))
		}
	}
	// Words after, up to a clause boundary.
	var afterBuf [4]string
	after := afterBuf[:0]
	for k := last + 1; k < s.n() && len(after) < 4 && !s.boundary(k); k++ {
		if s.isWord(k) || s.isNum(k) {
			after = append(after, strings.ToLower(s.str(k)))
		}
	}
	if !hyphen && s.isAny(last+1, "imprisonment", "custody") {
		last++
	}
	p.End = s.toks[last].end

	for k := 0; k < len(before) && k < 4; k++ {
		w := before[k]
		if notAMaximum[w] {
			return Penalty{}, 0, false
		}
		if w == "than" && k+1 < len(before) && (before[k+1] == "more" || before[k+1] == "less") {
			if before[k+1] == "less" || k+2 >= len(before) || (before[k+2] != "not" && before[k+2] != "no") {
				return Penalty{}, 0, false
			}
			p.Maximum = true
		}
	}
	for k, w := range before {
		if sentencePassed[w] {
			// "can be jailed for up to 10 years", "could be sentenced to a
			// maximum of five years": a maximum between the verb and the
			// figure makes it one.
			if !statesMaximum(before[:k]) {
				return Penalty{}, 0, false
			}
			p.Custodial = true
			break
		}
	}
	// The top of a range: "2-8 years", "two to eight years".
	if s.punct(i-1, "-", "–", "—") && (s.isNum(i-2) || s.isNumberWord(i-2)) {
		p.Range = true
	}
	if len(before) > 1 && before[0] == "to" && (allDigits(before[1]) || isNumberWord(before[1])) {
		p.Range = true
	}
	if len(after) > 1 && after[0] == "or" && (after[1] == "more" || after[1] == "over" || after[1] == "longer" || after[1] == "above") {
		return Penalty{}, 0, false // a threshold: "12 months or more"
	}
	if len(after) > 0 && notAMaximumAfter[after[0]] {
		return Penalty{}, 0, false
	}
	if len(after) > 1 && (after[0] == "of" && (after[1] == "age" || after[1] == "the") || after[0] == "from" && (after[1] == "the" || after[1] == "when" || after[1] == "which")) {
		return Penalty{}, 0, false
	}
	if hyphen {
		head := len(after) > 0 && adjectiveHeads[after[0]]
		if !head && !(len(before) > 0 && maximumWords[before[0]]) {
			return Penalty{}, 0, false
		}
	}
	if statesSuperlative(before) {
		p.Maximum = true
	}
	faces := false
	for k, w := range before {
		switch {
		case faceWords[w]:
			faces = true
		case maximumWords[w]:
			p.Maximum = true
		case custodialWords[w]:
			p.Custodial = true
		case w == "to" && k+1 < len(before) && before[k+1] == "up":
			p.UpTo = true
		}
	}
	for _, w := range after {
		switch {
		case w == "maximum" || w == "max":
			p.Maximum = true
		case custodialWords[w] && w != "term" && w != "penalty", w == "bars":
			// "five years in prison", "five years behind bars".
			p.Custodial = true
		}
	}
	if faces && p.Custodial {
		// "offenders could face five years in jail": what a person faces
		// is the most the court can give.
		p.Maximum = true
	}
	if !p.Maximum && !p.Custodial && !p.UpTo && !bare {
		return Penalty{}, 0, false
	}
	return p, last, true
}
