package legal

import "strings"

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
}

var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
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
	"passed": true, "awarded": true,
}

var maximumWords = map[string]bool{
	"maximum": true, "max": true, "maxima": true, "maximums": true, "liable": true, "punishable": true,
	"punished": true, "carries": true, "carry": true, "carrying": true, "exceeding": true,
}

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
	s := &scanner{text: text, toks: lex(text)}
	var out []Penalty
	for i := 0; i < s.n(); i++ {
		p, last, ok := s.penaltyAt(i)
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
	if !s.isWord(i) || len(t) > 9 || strings.IndexByte("aotfsenAOTFSEN", t[0]) < 0 {
		return 0, 0, false
	}
	lt := strings.ToLower(t)
	if lt == "a" || lt == "an" {
		if s.isAny(i+1, "year", "month", "week") {
			return 1, i, true
		}
		return 0, 0, false
	}
	v, ok := numberWords[lt]
	if !ok {
		return 0, 0, false
	}
	if v >= 20 && v%10 == 0 {
		j := i + 1
		if s.punct(j, "-") && s.adjacent(i) && s.adjacent(j) {
			j++
		}
		if u, ok := numberWords[strings.ToLower(s.str(j))]; ok && u < 10 {
			return v + u, j, true
		}
	}
	return v, i, true
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

func (s *scanner) penaltyAt(i int) (Penalty, int, bool) {
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

	// Words before, nearest first, up to a clause boundary.
	var before []string
	for k := i - 1; k >= 0 && len(before) < 14 && !s.boundary(k); k-- {
		if s.isWord(k) || s.isNum(k) {
			before = append(before, strings.ToLower(s.str(k)))
		}
	}
	// Words after, up to a clause boundary.
	var after []string
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
	for _, w := range before {
		if sentencePassed[w] {
			return Penalty{}, 0, false
		}
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
	for k, w := range before {
		switch {
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
		case custodialWords[w] && w != "term" && w != "penalty":
			p.Custodial = true
		}
	}
	if !p.Maximum && !p.Custodial && !p.UpTo {
		return Penalty{}, 0, false
	}
	return p, last, true
}
