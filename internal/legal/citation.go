package legal

import (
	"cmp"
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Form says how a citation names its Act.
type Form uint8

const (
	// FormNone: no Act is named ("s.4A", "section 2A(3)").
	FormNone Form = iota
	// FormTitle: a short title, with or without its year
	// ("Protection from Harassment Act 1997", "the Stalking Protection Act").
	FormTitle
	// FormShort: an abbreviation, with or without a year ("PHA 1997", "PHA").
	FormShort
	// FormYearAct: "the 1997 Act".
	FormYearAct
	// FormThisAct: "the Act", the Act under discussion.
	FormThisAct
)

func (f Form) String() string {
	switch f {
	case FormTitle:
		return "title"
	case FormShort:
		return "short"
	case FormYearAct:
		return "year-act"
	case FormThisAct:
		return "this-act"
	}
	return "none"
}

// Citation is one statutory reference in text: some sections of an Act, an
// Act alone, or sections with no Act named.
type Citation struct {
	// Start and End are byte offsets of the whole citation in the text,
	// from its first word ("section", "s.", or an Act name written before
	// the section) to its last (a closing bracket of "(PHA 1997)").
	Start, End int
	// Sections are normalised: "2A", "4A(1)(b)", ranges as "359-360". Empty
	// for an Act named without a section.
	Sections []string
	// Lead is how the first section was introduced, as written ("section",
	// "Sections", "s.", "ss.", "s"); empty for an Act alone.
	Lead string
	// ActName is the Act as written: a full title ("Protection from
	// Harassment Act 1997"), a short form ("PHA 1997", "PHA"), "the 1997 Act",
	// "the Act", or "" when no Act is named.
	ActName string
	Form    Form
	// Year is the Act's year where the citation gives one, else 0.
	Year int
	// ActStart and ActEnd are the byte offsets of ActName (both 0 when
	// ActName is "").
	ActStart, ActEnd int
}

// actName is an Act name found in the text before sections are parsed.
type actName struct {
	first, last int // token range [first, last)
	start, end  int
	form        Form
	year        int
	// standalone names may be reported as citations without sections;
	// others ("the Act", acronyms that do not look like an Act's) only
	// count when attached to a section.
	standalone bool
	used       bool
	// paren is a bracketed short form right after the name, "(PHA 1997)",
	// which belongs to the same citation: its end, or 0.
	parenEnd int
	absorbed bool // this name is another's bracketed short form
}

// connectors are the lower-case words allowed inside an Act's short title.
var connectors = map[string]bool{"of": true, "from": true, "and": true, "for": true, "against": true, "on": true, "in": true, "to": true}

// leadingNonTitle are capitalised words that start a sentence or a phrase
// before an Act's title ("Under the...", "See Protection..."), trimmed from
// the front of a title.
var leadingNonTitle = map[string]bool{
	"under": true, "the": true, "in": true, "see": true, "by": true, "section": true, "sections": true,
	"part": true, "parts": true, "schedule": true, "chapter": true, "both": true, "this": true, "that": true,
	"these": true, "those": true, "unlike": true, "like": true, "whereas": true, "where": true, "when": true,
	"as": true, "since": true, "before": true, "after": true, "until": true, "following": true, "from": true,
	"and": true, "or": true, "also": true, "only": true, "each": true, "read": true, "note": true, "a": true,
	"an": true, "if": true, "once": true, "while": true, "although": true, "further": true, "however": true,
	"neither": true, "either": true, "with": true, "without": true, "for": true, "of": true, "to": true,
	"on": true, "at": true, "its": true, "their": true, "his": true, "her": true, "it": true, "then": true,
	"thus": true, "therefore": true, "so": true, "but": true, "yet": true, "nor": true, "amended": true,
	"inserted": true, "paragraph": true, "article": true, "contrary": true, "s": true, "ss": true,
}

// ParseCitations finds the statutory citations in text, in order. It
// recognises "section 2A of the Protection from Harassment Act 1997",
// "s.2A PHA 1997", "s 4A(1)(b)", "s.4A", "ss.2A and 4A", "sections 359 to
// 360", "section 2A(3) of the 1997 Act", "PHA 1997, s.4A", "s.42A of the
// Criminal Justice and Police Act 2001", and Acts named alone, such as
// "Protection from Harassment Act 1997 (PHA 1997)" or any "X Act YYYY".
//
// It parses the text a piece at a time (see pieceEnd), and only the pieces
// that could hold a citation (mayCite): most sentences of guidance cite
// nothing, and lexing them was most of the parse.
func ParseCitations(text string) []Citation {
	var out []Citation
	for from := 0; from < len(text); {
		to := pieceEnd(text, from)
		if piece := text[from:to]; mayCite(piece) {
			cs := parseCitations(piece)
			if from == 0 && to == len(text) {
				return cs
			}
			for _, c := range cs {
				c.Start += from
				c.End += from
				if c.ActName != "" { // else both are 0
					c.ActStart += from
					c.ActEnd += from
				}
				out = append(out, c)
			}
		}
		from = to
	}
	return out
}

// pieceEnd returns the end of the piece of text that starts at from and
// that ParseCitations parses on its own: up to and including the first
// full stop that ends a word not starting with "s" or "S" and is followed
// by white space, or the end of the text.
//
// Parsing the pieces one by one gives exactly the citations parsing the
// whole text does, each in its piece, because no step of the parse reads
// across such a stop:
//
//   - Lexing: the piece ends with the stop, which lex makes a token of its
//     own, and the next piece starts with white space, where lex starts
//     afresh; so the pieces' tokens are the text's.
//   - Reading on past a token (more sections after ", " or "and", their
//     subsections, "of the X Act", "PHA" or "PHA 1997" after the sections,
//     a bracketed short form, a year after "Act" or an abbreviation, the
//     section number after "s" and "." in "s. 4A"): each step asks for a
//     word, a number or "," "(" ")" "-", never ".", so it stops at the
//     stop; the one step that reads a section number past a "." follows a
//     lead word starting with "s", which a cut never follows. commaName
//     asks whether a name is followed by "." and then nothing or a token
//     with space before it, which the end of a piece and white space both
//     are.
//   - Reading back from a token (the words of a title before "Act", "the"
//     before a title or "1997 Act", a name just before "s.4A", the "'" of
//     "victim's 2"): each step asks for a word, a number or "," ")" "(" "-"
//     touching the token, and the token before a piece is a stop that
//     touches nothing after it.
//   - State carried along the tokens: a name may not overlap the name
//     before it, and citations and names never contain a stop that ends a
//     piece, so what one piece finds never decides another's.
//
// The sort by start in parseCitations keeps equal starts in the order
// they were found, and such citations are always in one piece, so the
// pieces' lists, one after another, are the whole text's list.
// FuzzCitationsPrefilter compares the two.
func pieceEnd(text string, from int) int {
	for i := from; i < len(text); {
		k := strings.IndexByte(text[i:], '.')
		if k < 0 {
			break
		}
		p := i + k
		if p+1 < len(text) && lexClass[text[p+1]]&lexSpace != 0 {
			// The word before the stop: a run of ASCII letters and digits
			// after ASCII that is not one, or after the start of the text,
			// which lex makes a token.
			q := p
			for q > 0 && lexClass[text[q-1]]&lexAlnum != 0 {
				q--
			}
			if q < p && (q == 0 || text[q-1] < utf8.RuneSelf) && text[q] != 's' && text[q] != 'S' {
				return p + 1
			}
		}
		i = p + 1
	}
	return len(text)
}

// mayCite reports whether text could hold a citation at all, from a look at
// its bytes that is much cheaper than lexing them; most blocks of guidance
// fail it. What every citation needs:
//
//   - a section: a number straight after a lead word ("section 2", "s.2",
//     "s 2", "ss. 2") or glued to one ("s2A"); the leads end in "s", "n" or
//     "c", and only white space and a full stop come between;
//   - or an Act named alone: with a year after an abbreviation ending in
//     "A" ("PHA 1997"), or with the word "Act" ("the 1997 Act", "the
//     Stalking Protection Act").
//
// So a text without "Act" needs a digit after "s", "n", "c" or "A" (in
// either case but for the "A"), white space and full stops aside.
func mayCite(text string) bool {
	if strings.Contains(text, "Act") {
		return true
	}
	// Eight bytes at a time, look for a digit (a byte of x below 10, by
	// the test for a byte less than n of Bit Twiddling Hacks); only eight
	// bytes that hold one are looked at one by one.
	i := 0
	for ; i+8 <= len(text); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(text[i:i+8])) ^ 0x3030303030303030
		if (x-0x0a0a0a0a0a0a0a0a)&^x&0x8080808080808080 == 0 {
			continue
		}
		for k := i; k < i+8; k++ {
			if leadsDigit(text, k) {
				return true
			}
		}
	}
	for ; i < len(text); i++ {
		if leadsDigit(text, i) {
			return true
		}
	}
	return false
}

// leadsDigit reports whether text[i] is a digit after "s", "n", "c" or "A"
// with only white space and full stops between: mayCite's test of a byte.
func leadsDigit(text string, i int) bool {
	if c := text[i]; c < '0' || c > '9' {
		return false
	}
	j := i
	for j > 0 {
		if c := text[j-1]; c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '.' {
			j--
			continue
		}
		if text[j-1] >= utf8.RuneSelf {
			// White space as lex sees it.
			if r, n := utf8.DecodeLastRuneInString(text[:j]); r == '\u00a0' || (r != utf8.RuneError && unicode.IsSpace(r)) {
				j -= n
				continue
			}
		}
		break
	}
	if j == 0 {
		return false
	}
	switch text[j-1] {
	case 's', 'S', 'n', 'N', 'c', 'C', 'A':
		return true
	}
	return false
}

// parseCitations is ParseCitations without the check that text could hold a
// citation.
func parseCitations(text string) []Citation {
	s := newScanner(text)
	defer s.release()
	names := s.actNames()
	// Name lookups by token index; most blocks name no Act, and at()
	// treats a missing table as "no name here".
	var nameStart, nameEnd []int // nameEnd by the index of a name's last token
	if len(names) > 0 {
		n := s.n() + 1
		s.tables = slices.Grow(s.tables[:0], 2*n)[:2*n]
		for i := range s.tables {
			s.tables[i] = -1
		}
		nameStart, nameEnd = s.tables[:n:n], s.tables[n:]
	}
	for k, nm := range names {
		nameStart[nm.first] = k
		nameEnd[nm.last-1] = k
	}
	// A bracketed short form straight after a name is part of it.
	for k := range names {
		nm := &names[k]
		if !s.punct(nm.last, "(") {
			continue
		}
		if j := at(nameStart, nm.last+1); j >= 0 && s.punct(names[j].last, ")") {
			nm.parenEnd = s.toks[names[j].last].end
			names[j].absorbed = true
		} else if isAcronym(s.str(nm.last+1)) && s.punct(nm.last+2, ")") {
			nm.parenEnd = s.toks[nm.last+2].end
		}
	}

	var out []Citation
	for i := 0; i < s.n(); {
		if !s.mayLead(i) {
			i++
			continue
		}
		c, next, ok := s.sectionCitation(i, names, nameStart, nameEnd)
		if !ok {
			i++
			continue
		}
		out = append(out, c)
		i = next
	}
	for k := range names {
		nm := &names[k]
		if nm.used || nm.absorbed || !nm.standalone {
			continue
		}
		c := Citation{Start: nm.start, End: nm.end}
		s.attach(&c, nm)
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Citation) int { return cmp.Compare(a.Start, b.Start) })
	return out
}

// attach gives c the Act named by nm, widening its span to cover the name
// and any bracketed short form after it.
func (s *scanner) attach(c *Citation, nm *actName) {
	nm.used = true
	c.ActName = s.text[nm.start:nm.end]
	c.Form = nm.form
	c.Year = nm.year
	c.ActStart, c.ActEnd = nm.start, nm.end
	c.Start = min(c.Start, nm.start)
	c.End = max(c.End, nm.end, nm.parenEnd)
}

// actNames finds every Act name in one pass over the tokens: titles ending
// in "Act" (with a year, or after "the"), "the 1997 Act", "the Act" is left
// to section parsing, and abbreviations followed by a year ("PHA 1997").
func (s *scanner) actNames() []actName {
	var out []actName
	for i := 0; i < s.n(); i++ {
		w := s.str(i)
		switch {
		case w == "Act" || w == "Code":
			if s.isYear(i-1) && !s.adjacent(i-1) && w == "Act" {
				// "the 1997 Act"
				first := i - 1
				if s.is(i-2, "the") {
					first = i - 2
				}
				out = append(out, actName{first: first, last: i + 1, start: s.toks[first].start, end: s.toks[i].end, form: FormYearAct, year: atoi(s.str(i - 1)), standalone: true})
				continue
			}
			first, ok := s.titleBefore(i)
			if !ok {
				continue
			}
			nm := actName{first: first, last: i + 1, start: s.toks[first].start, end: s.toks[i].end, form: FormTitle}
			if w == "Act" && s.isYear(i+1) && !s.adjacent(i) {
				nm.year = atoi(s.str(i + 1))
				nm.last = i + 2
				nm.end = s.toks[i+1].end
				nm.standalone = true
			} else if !s.is(first-1, "the") {
				// Without a year, only "the X Act" reads as a title.
				continue
			} else {
				nm.standalone = w == "Act"
			}
			// A name never overlaps the one before it.
			if len(out) > 0 && out[len(out)-1].last > nm.first {
				continue
			}
			out = append(out, nm)
			i = nm.last - 1
		case s.isYear(i+1) && isAcronym(w) && !s.adjacent(i) && !s.is(i+2, "Act"):
			// "PHA 1997"; acronyms of Acts end in A ("CDA", "PoFA"), and
			// only those stand alone ("NPCC 2018" is not an Act).
			out = append(out, actName{first: i, last: i + 2, start: s.toks[i].start, end: s.toks[i+1].end, form: FormShort, year: atoi(s.str(i + 1)), standalone: strings.HasSuffix(w, "A")})
			i++
		}
	}
	return out
}

// titleBefore walks back from the word "Act" at k over the capitalised words
// and connectors of a short title and returns the index of its first word.
func (s *scanner) titleBefore(k int) (int, bool) {
	first := k
	j := k - 1
	for steps := 0; j >= 0 && steps < 20; steps++ {
		w := s.str(j)
		switch {
		case s.isWord(j) && s.punct(j-1, "-") && s.adjacent(j-1) && s.adjacent(j-2) && s.isWord(j-2):
			// "Anti-social", "Counter-Terrorism"
			if s.capitalised(j - 2) {
				first = j - 2
			}
			j -= 3
			continue
		case s.capitalised(j):
			first = j
		case s.isWord(j) && connectors[w]:
		case s.punct(j, ",") && s.capitalised(j-1) && !s.adjacent(j):
		case s.punct(j, ")") && s.capitalised(j-1) && s.punct(j-2, "("):
			// "Domestic Abuse (Scotland) Act"
			j -= 3
			continue
		default:
			j = -1
			continue
		}
		j--
	}
	// A comma list inside a title ends in "and" ("Police, Crime, Sentencing
	// and Courts Act"); otherwise the comma is not part of the title.
	lastComma := -1
	for t := first; t < k; t++ {
		if s.punct(t, ",") {
			lastComma = t
		}
	}
	if lastComma >= 0 {
		hasAnd := false
		for t := lastComma + 1; t < k; t++ {
			if s.is(t, "and") {
				hasAnd = true
			}
		}
		if !hasAnd {
			first = lastComma + 1
		}
	}
	for first < k && (s.kind(first) == tPunct || leadingNonTitle[strings.ToLower(s.str(first))] || !s.capitalised(first)) {
		first++
	}
	if first >= k {
		return 0, false
	}
	return first, true
}

// isAcronym reports whether w looks like an abbreviated Act name: two to
// eight ASCII letters, starting and ending with a capital, with at least
// two capitals ("PHA", "SA", "PoFA", "CJPA").
func isAcronym(w string) bool {
	if len(w) < 2 || len(w) > 8 {
		return false
	}
	caps := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'A' && c <= 'Z':
			caps++
		case c >= 'a' && c <= 'z':
		default:
			return false
		}
	}
	return caps >= 2 && w[0] >= 'A' && w[0] <= 'Z' && w[len(w)-1] >= 'A' && w[len(w)-1] <= 'Z'
}

// sectionLead recognises the word that introduces a section number at i and
// returns the index of the number, the lead as written, whether it is
// plural, and, for glued forms ("s2A"), the section text inside the token.
type lead struct {
	num    int // token index of the number
	text   string
	plural bool
	glued  string // "2A" of "s2A"; the number is then token num itself
	bare   bool   // "s 4A" with no full stop: guard against stray letters
}

// mayLead is a cheap test that sectionLead(i) can succeed: every lead is a
// word starting with "s" or "S" (no other rune lower-cases to "s").
func (s *scanner) mayLead(i int) bool {
	if i < 0 || i >= len(s.toks) || s.toks[i].kind != tWord {
		return false
	}
	c := s.text[s.toks[i].start]
	return c == 's' || c == 'S'
}

func (s *scanner) sectionLead(i int) (lead, bool) {
	if !s.mayLead(i) {
		return lead{}, false
	}
	w := s.str(i)
	switch {
	case lowerIs(w, "section"), lowerIs(w, "sections"):
		if s.isNum(i+1) && !s.adjacent(i) {
			return lead{num: i + 1, text: w, plural: lowerIs(w, "sections")}, true
		}
	case lowerIs(w, "s"), lowerIs(w, "ss"), lowerIs(w, "sec"), lowerIs(w, "secs"):
		if i > 0 && s.adjacent(i-1) && s.punct(i-1, "'", "’", "-", "/") {
			return lead{}, false // "victim's 2", "e-s"
		}
		if s.punct(i+1, ".") && s.adjacent(i) && s.isNum(i+2) {
			return lead{num: i + 2, text: s.text[s.toks[i].start:s.toks[i+1].end], plural: lowerIs(w, "ss") || lowerIs(w, "secs")}, true
		}
		if (w == "s" || w == "ss") && s.isNum(i+1) && !s.adjacent(i) {
			return lead{num: i + 1, text: w, plural: w == "ss", bare: true}, true
		}
	default:
		// "s2A", "ss2A"
		k := 0
		for k < len(w) && k < 2 && w[k] == 's' {
			k++
		}
		if k > 0 && k < len(w) && w[k] >= '1' && w[k] <= '9' {
			if _, ok := sectionBase(w[k:]); ok {
				return lead{num: i, text: w[:k], plural: k == 2, glued: w[k:]}, true
			}
		}
	}
	return lead{}, false
}

// sectionBase checks and normalises a section number: one to three digits
// without a leading zero, then up to three capitals or one small letter
// ("2A", "42A", "4a" → "4A").
func sectionBase(t string) (string, bool) {
	d := 0
	for d < len(t) && t[d] >= '0' && t[d] <= '9' {
		d++
	}
	if d == 0 || d > 3 || t[0] == '0' {
		return "", false
	}
	rest := t[d:]
	switch {
	case rest == "":
		return t, true
	case len(rest) == 1 && rest[0] >= 'a' && rest[0] <= 'z':
		return t[:d] + strings.ToUpper(rest), true
	case len(rest) <= 3 && strings.ToUpper(rest) == rest && allLetters(rest):
		return t, true
	}
	return "", false
}

func allLetters(t string) bool {
	for i := 0; i < len(t); i++ {
		if !(t[i] >= 'A' && t[i] <= 'Z' || t[i] >= 'a' && t[i] <= 'z') {
			return false
		}
	}
	return true
}

// subsections reads "(1)(b)(ii)" glued to token j and returns it with the
// index of its last token.
func (s *scanner) subsections(j int) (string, int) {
	var b strings.Builder
	for s.punct(j+1, "(") && s.adjacent(j) && s.adjacent(j+1) && s.adjacent(j+2) && s.punct(j+3, ")") {
		inner := s.str(j + 2)
		if s.kind(j+2) == tPunct || len(inner) > 6 {
			break
		}
		b.WriteString("(")
		b.WriteString(inner)
		b.WriteString(")")
		j += 3
	}
	return b.String(), j
}

// quantityWords after a bare number mean it is not a section ("s.4A and 10
// years", "sections 2 and 3 occasions").
var quantityWords = map[string]bool{
	"years": true, "year": true, "months": true, "month": true, "weeks": true, "week": true, "days": true,
	"day": true, "hours": true, "hour": true, "occasions": true, "occasion": true, "times": true, "other": true,
	"more": true, "people": true, "persons": true, "victims": true, "counts": true, "per": true, "percent": true,
	"am": true, "pm": true,
}

// sectionCitation parses a section citation starting at token i.
func (s *scanner) sectionCitation(i int, names []actName, nameStart, nameEnd []int) (Citation, int, bool) {
	ld, ok := s.sectionLead(i)
	if !ok {
		return Citation{}, 0, false
	}
	base, ok := ld.glued, ld.glued != ""
	if !ok {
		base, ok = sectionBase(s.str(ld.num))
	}
	if !ok {
		return Citation{}, 0, false
	}
	subs, last := s.subsections(ld.num)
	if ld.bare && subs == "" && quantityWords[strings.ToLower(s.str(last+1))] {
		return Citation{}, 0, false
	}
	c := Citation{Start: s.toks[i].start, End: s.toks[last].end, Lead: ld.text, Sections: []string{base + subs}}
	prevBase := base

	// More sections: ", 4A", "and 4A", "or s.4A", "to 360", "-360", "and (6)".
	for {
		j := last + 1
		rangeSep, comma := false, false
		switch {
		case s.punct(j, ","):
			comma = true
			j++
			if s.isAny(j, "and", "or") {
				j++
			}
		case s.isAny(j, "and", "or"):
			j++
		case s.is(j, "to") || s.punct(j, "-", "–", "—"):
			rangeSep = true
			j++
		default:
		}
		if j == last+1 {
			break
		}
		hasLead := false
		if l2, ok := s.sectionLead(j); ok {
			hasLead = true
			j = l2.num
			if l2.glued != "" {
				b2 := l2.glued
				subs2, last2 := s.subsections(j)
				c.Sections = append(c.Sections, b2+subs2)
				prevBase, last = b2, last2
				c.End = s.toks[last].end
				continue
			}
		}
		if b2, ok := sectionBase(s.str(j)); ok && s.isNum(j) {
			subs2, last2 := s.subsections(j)
			if !hasLead {
				if comma && !ld.plural {
					break
				}
				if quantityWords[strings.ToLower(s.str(last2+1))] {
					break
				}
			}
			if rangeSep {
				lo := c.Sections[len(c.Sections)-1]
				if subs2 != "" || strings.Contains(lo, "(") || strings.Contains(lo, "-") || atoi(b2) <= atoi(lo) {
					break
				}
				c.Sections[len(c.Sections)-1] = lo + "-" + b2
			} else {
				c.Sections = append(c.Sections, b2+subs2)
			}
			prevBase, last = b2, last2
			c.End = s.toks[last].end
			continue
		}
		if !rangeSep && s.punct(j, "(") && !hasLead {
			// "s.32(5) and (6)"
			subs2, last2 := s.subsections(j - 1)
			if subs2 == "" && s.punct(j+2, ")") && s.adjacent(j) && s.adjacent(j+1) && s.kind(j+1) != tPunct && len(s.str(j+1)) <= 6 {
				subs2, last2 = "("+s.str(j+1)+")", j+2
				more, l3 := s.subsections(last2)
				subs2 += more
				last2 = l3
			}
			if subs2 != "" {
				c.Sections = append(c.Sections, prevBase+subs2)
				last = last2
				c.End = s.toks[last].end
				continue
			}
		}
		break
	}

	// The Act: after ("of the Protection from Harassment Act 1997", "of the
	// 1997 Act", "of the Act", "PHA 1997", "PHA") or before ("PHA 1997,
	// s.4A").
	j := last + 1
	switch {
	case s.is(j, "of"):
		k := j + 1
		if n := at(nameStart, k); n >= 0 && !names[n].used {
			s.attach(&c, &names[n])
			break
		}
		if !s.is(k, "the") {
			if isAcronym(s.str(k)) && !s.isYear(k+1) {
				s.attachBare(&c, k)
			}
			break
		}
		k++
		if n := at(nameStart, k); n >= 0 && !names[n].used {
			s.attach(&c, &names[n])
		} else if s.str(k) == "Act" {
			nm := actName{start: s.toks[k-1].start, end: s.toks[k].end, form: FormThisAct}
			s.attach(&c, &nm)
		} else if isAcronym(s.str(k)) && !s.isYear(k+1) {
			s.attachBare(&c, k)
		}
	case at(nameStart, j) >= 0 && !names[at(nameStart, j)].used && (names[at(nameStart, j)].form == FormShort || names[at(nameStart, j)].form == FormTitle):
		s.attach(&c, &names[at(nameStart, j)])
	case isAcronym(s.str(j)) && strings.HasSuffix(s.str(j), "A") && !s.adjacent(last) && !s.isYear(j+1):
		s.attachBare(&c, j)
	case s.punct(j, ",") && commaName(s, names, nameStart, j+1) >= 0:
		// "(section 76, Serious Crime Act 2015)": a titled Act after a
		// comma, closing a bracket or the sentence.
		s.attach(&c, &names[commaName(s, names, nameStart, j+1)])
	default:
		p := i - 1
		if s.punct(p, ",") {
			p--
		}
		if n := at(nameEnd, p); n >= 0 {
			nm := &names[n]
			if !nm.used && nm.form != FormThisAct && (nm.year != 0 || nm.form == FormYearAct) {
				s.attach(&c, nm)
			}
		}
	}
	if c.ActName == "" && s.punct(last+1, "(") {
		// A bracketed short form after the sections: "s.2A (PHA 1997)".
		if n := at(nameStart, last+2); n >= 0 && !names[n].used && s.punct(names[n].last, ")") {
			s.attach(&c, &names[n])
			c.End = s.toks[names[n].last].end
		}
	}
	return c, max(last+1, tokenAfter(s, c.End)), true
}

// commaName returns the index of an unused titled Act with a year starting
// at token k that closes a bracket or ends the sentence or text, or -1: the
// Act of "s.76, Serious Crime Act 2015", not of "under s.4, the Crime and
// Disorder Act 1998 adds".
func commaName(s *scanner, names []actName, nameStart []int, k int) int {
	n := at(nameStart, k)
	if n < 0 || names[n].used || names[n].form != FormTitle || names[n].year == 0 {
		return -1
	}
	end := names[n].last
	if end >= s.n() || s.punct(end, ")", ";") || s.punct(end, ".") && (end+1 >= s.n() || !s.adjacent(end)) {
		return n
	}
	return -1
}

// attachBare attaches an abbreviation with no year ("PHA") at token k.
func (s *scanner) attachBare(c *Citation, k int) {
	nm := actName{start: s.toks[k].start, end: s.toks[k].end, form: FormShort}
	s.attach(c, &nm)
	if s.punct(k+1, ")") && s.punct(k-1, "(") {
		c.End = max(c.End, s.toks[k+1].end)
	}
}

// tokenAfter returns the index of the first token starting at or after
// offset off.
func tokenAfter(s *scanner, off int) int {
	return sort.Search(s.n(), func(i int) bool { return s.toks[i].start >= off })
}

// at indexes a lookup table, giving -1 outside it.
func at(table []int, k int) int {
	if k < 0 || k >= len(table) {
		return -1
	}
	return table[k]
}
