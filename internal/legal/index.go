package legal

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/glossary"
)

// Act is an Act the glossary knows, from a `kind: act` entry or only
// from the sources of other terms.
type Act struct {
	Term     *glossary.Term // nil when known only from sources
	Title    string         // "Protection from Harassment Act 1997"
	Year     int
	Words    []string // title words in lower case, without "Act" and the year
	acronyms []string // abbreviations in lower case without a year: "pha"
	Label    string   // how findings cite it: "PHA 1997"
}

// Ref is one provision: an Act and a section ("2A", "4A(1)(b)", "359-360").
type Ref struct {
	Act     *Act
	Section string
}

// Provision is a source of a term.
type Provision struct {
	Ref
	term   *glossary.Term
	Source *glossary.Source
	span   secSpan // section, parsed once: every citation is compared with it
}

// Superseded is a provision the glossary records as superseded for a term.
type Superseded struct {
	Ref
	Term  *glossary.Term
	Entry *glossary.Superseded
}

// Index is what the citation and penalty rules know of the law, built
// once per glossary (IndexFor).
type Index struct {
	Acts       []*Act
	byTitle    map[string]*Act // normalised title with year
	byShort    map[string]*Act // normalised short forms: "pha 1997", "pha", "1997 act", "sentencing code"
	ByAcronym  map[string]*Act // "pha", "cda"
	provisions []Provision
	Sources    map[*glossary.Term][]Provision
	// sourcesByName are Sources by the term's name in lower case, so that
	// CitesEntryTerm, asked once a citation, finds a heading's term without
	// lowering every term's name each time.
	sourcesByName map[string][]Provision
	Superseded    []Superseded
	// scopes are the provisions a penalty's note cites ("aggravated s.4 or
	// s.4A PHA 1997"), which say which of a term's several maxima applies.
	scopes map[*glossary.Penalty][]Ref
	// FearTerms are the terms named for fear of violence (s.4, s.4A).
	FearTerms []*glossary.Term
	// scoped lists, in glossary order, each provision a penalty note cites
	// with the term whose penalty it is: the aggravated offences are built
	// on s.2, s.2A, s.4 and s.4A.
	scoped []scopedRef
	// distinct are the words of each term's name that name no other term.
	distinct map[*glossary.Term][]string
	// SourceNames are the terms with sources that are not Acts, with the
	// words of their names, for finding one term's name inside another's.
	SourceNames []SourceName
	// Families are the offences a bare name can mean (see families).
	Families map[*glossary.Term][]*glossary.Term
	// namedAfter is NamedAfter for every pair of the glossary's terms,
	// worked out once: citation-mismatch asks it for every owner of every
	// provision it judges, and lower-casing both names each time was most
	// of that judgement.
	namedAfter map[[2]*glossary.Term]NamedAfter
}

// SourceName is a term with sources that is not an Act, with its name's words.
type SourceName struct {
	Term   *glossary.Term
	Words  []string // the name's words in lower case
	Fields int      // how many words the name has as written
}

type scopedRef struct {
	Ref
	term *glossary.Term
}

var indexes sync.Map // *glossary.Glossary → *Index

// IndexFor returns the law index of a glossary, built on first use and
// shared by every rule and goroutine after.
func IndexFor(g *glossary.Glossary) *Index {
	if v, ok := indexes.Load(g); ok {
		return v.(*Index)
	}
	ix := &Index{byTitle: map[string]*Act{}, byShort: map[string]*Act{}, ByAcronym: map[string]*Act{}, Sources: map[*glossary.Term][]Provision{}, sourcesByName: map[string][]Provision{}, scopes: map[*glossary.Penalty][]Ref{}}
	for _, t := range g.Terms {
		if t.Act == nil || t.Act.Title == "" {
			continue
		}
		a := ix.actByTitle(t.Act.Title)
		a.Term = t
		if t.Act.Year != 0 {
			a.Year = t.Act.Year
		}
		shorts := append([]string(nil), t.Act.Short...)
		if t.Acronym != "" {
			shorts = append(shorts, t.Acronym)
		}
		for _, s := range shorts {
			ix.byShort[normAct(s)] = a
			base, year := SplitYear(s)
			if year == 0 && !strings.HasSuffix(strings.ToLower(base), " act") && !strings.HasPrefix(strings.ToLower(base), "the ") {
				a.acronyms = appendNew(a.acronyms, strings.ToLower(base))
			}
			if year != 0 && base != "" && !strings.EqualFold(base, "the") {
				a.acronyms = appendNew(a.acronyms, strings.ToLower(base))
				if a.Label == a.Title {
					a.Label = s
				}
			}
		}
	}
	for _, a := range ix.Acts {
		for _, ac := range a.acronyms {
			if _, taken := ix.ByAcronym[ac]; !taken {
				ix.ByAcronym[ac] = a
			}
		}
	}
	for _, t := range g.Terms {
		for i := range t.Sources {
			src := &t.Sources[i]
			if src.Act == "" || src.Section == "" {
				continue
			}
			pv := Provision{Ref: Ref{ix.actByTitle(src.Act), normSection(src.Section)}, term: t, Source: src}
			pv.span = parseSection(pv.Section)
			ix.provisions = append(ix.provisions, pv)
			ix.Sources[t] = append(ix.Sources[t], pv)
			name := strings.ToLower(t.Term)
			ix.sourcesByName[name] = append(ix.sourcesByName[name], pv)
		}
		for i := range t.Superseded {
			s := &t.Superseded[i]
			if s.Act == "" || s.Section == "" {
				continue
			}
			ix.Superseded = append(ix.Superseded, Superseded{Ref: Ref{ix.actByTitle(s.Act), normSection(s.Section)}, Term: t, Entry: s})
		}
		if strings.Contains(strings.ToLower(t.Term+" "+strings.Join(t.Aliases, " ")), "fear of violence") {
			ix.FearTerms = append(ix.FearTerms, t)
		}
	}
	for _, t := range g.Terms {
		if len(ix.Sources[t]) > 0 && t.Act == nil {
			ix.SourceNames = append(ix.SourceNames, SourceName{t, strings.Fields(strings.ToLower(t.Term)), len(strings.Fields(t.Term))})
		}
	}
	// The words that name a term and no other ("aggravated", "racially").
	seen := map[string]int{}
	names := func(t *glossary.Term) map[string]bool {
		ws := map[string]bool{}
		for _, n := range append([]string{t.Term}, t.Aliases...) {
			for _, w := range strings.Fields(strings.ToLower(n)) {
				ws[w] = true
			}
		}
		return ws
	}
	for _, t := range g.Terms {
		for w := range names(t) {
			seen[w]++
		}
	}
	ix.distinct = map[*glossary.Term][]string{}
	for _, t := range g.Terms {
		for _, w := range strings.Fields(strings.ToLower(t.Term)) {
			if seen[w] == 1 && !TitleConnectors[w] && !analysis.IsStop(w) {
				ix.distinct[t] = appendNew(ix.distinct[t], w)
			}
		}
	}
	// Penalty notes cite the provisions each maximum applies to.
	for _, t := range g.Terms {
		for i := range t.Penalty {
			pn := &t.Penalty[i]
			if pn.Note == "" {
				continue
			}
			var last *Act
			for _, c := range ParseCitations(pn.Note) {
				a, named := ix.resolveName(c, nil)
				if named {
					last = a
				} else {
					a = last
				}
				if a == nil {
					continue
				}
				for _, s := range c.Sections {
					ix.scopes[pn] = append(ix.scopes[pn], Ref{a, s})
					ix.scoped = append(ix.scoped, scopedRef{Ref{a, s}, t})
				}
			}
		}
	}
	ix.Families = families(g)
	ix.namedAfter = make(map[[2]*glossary.Term]NamedAfter, len(g.Terms)*len(g.Terms))
	lower := make([]lowerNames, len(g.Terms))
	for i, t := range g.Terms {
		lower[i] = lowerNamesOf(t)
	}
	for i, o := range g.Terms {
		for j, t := range g.Terms {
			ix.namedAfter[[2]*glossary.Term{o, t}] = lower[i].namedAfter(&lower[j])
		}
	}
	v, _ := indexes.LoadOrStore(g, ix)
	return v.(*Index)
}

// NamedAfter says how term o is named after term t: o's name holds t's as
// whole words ("stalking involving fear of violence" after "stalking"), or
// o's summary calls it a t offence ("the either-way harassment offence"),
// both in any case.
type NamedAfter struct{ Name, Summary bool }

// NamedAfter says how term o is named after term t.
func (ix *Index) NamedAfter(o, t *glossary.Term) NamedAfter {
	if v, ok := ix.namedAfter[[2]*glossary.Term{o, t}]; ok {
		return v
	}
	return namedAfter(o, t) // terms of another glossary
}

func namedAfter(o, t *glossary.Term) NamedAfter {
	lo, lt := lowerNamesOf(o), lowerNamesOf(t)
	return lo.namedAfter(&lt)
}

// lowerNames are what NamedAfter compares of a term, in lower case.
type lowerNames struct {
	words   []string // the name's words
	summary string
	offence string // the name and " offence"
}

func lowerNamesOf(t *glossary.Term) lowerNames {
	name := strings.ToLower(t.Term)
	return lowerNames{strings.Fields(name), strings.ToLower(t.Summary), name + " offence"}
}

// namedAfter is NamedAfter for the terms whose names o and t are.
func (o *lowerNames) namedAfter(t *lowerNames) NamedAfter {
	var na NamedAfter
	if n := len(t.words); n > 0 {
		for i := 0; i+n <= len(o.words); i++ {
			if slices.Equal(o.words[i:i+n], t.words) {
				na.Name = true
				break
			}
		}
	}
	na.Summary = strings.Contains(o.summary, t.offence)
	return na
}

// actByTitle finds or adds the Act with a full title.
func (ix *Index) actByTitle(title string) *Act {
	key := normAct(title)
	if a := ix.byTitle[key]; a != nil {
		return a
	}
	base, year := SplitYear(title)
	a := &Act{Title: strings.TrimSpace(title), Year: year, Words: TitleWords(base), Label: strings.TrimSpace(title)}
	ix.byTitle[key] = a
	ix.Acts = append(ix.Acts, a)
	return a
}

// normAct lower-cases an Act name, folds spaces and typographic apostrophes
// and drops a leading "the".
func normAct(s string) string {
	if k, ok := normActASCII(s); ok {
		return k
	}
	s = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, ",", " ")), " "))
	return strings.TrimPrefix(s, "the ")
}

// normActASCII is normAct of an ASCII name in one pass and one
// allocation (every citation's Act name is normalised to be looked up);
// ok is false for any other name.
func normActASCII(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return "", false
		case c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			inWord = false
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if !inWord && b.Len() > 0 {
			b.WriteByte(' ')
		}
		inWord = true
		b.WriteByte(c)
	}
	return strings.TrimPrefix(b.String(), "the "), true
}

// SplitYear splits "PHA 1997" into "PHA" and 1997.
func SplitYear(s string) (string, int) {
	f := strings.Fields(s)
	if n := len(f); n > 0 && len(f[n-1]) == 4 && allDigits(f[n-1]) {
		y := 0
		for _, c := range f[n-1] {
			y = y*10 + int(c-'0')
		}
		return strings.Join(f[:n-1], " "), y
	}
	return strings.TrimSpace(s), 0
}

// TitleWords are an Act title's words in lower case without "Act", the
// year or commas: "Police, Crime, Sentencing and Courts Act" → police crime
// sentencing and courts.
func TitleWords(title string) []string {
	base, _ := SplitYear(title)
	f := strings.Fields(strings.ToLower(strings.ReplaceAll(base, ",", " ")))
	if n := len(f); n > 0 && f[n-1] == "act" {
		f = f[:n-1]
	}
	if len(f) > 0 && f[0] == "the" {
		f = f[1:]
	}
	return f
}

// normSection tidies a section as the glossary writes it: "2A", "359-360",
// "ss.1–5" → "1-5".
func normSection(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"ss.", "s.", "sections ", "section "} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.NewReplacer("–", "-", "—", "-", " to ", "-", " ", "").Replace(s)
	return s
}

// secNum is a section number: 2A is {2, "A"}.
type secNum struct {
	n   int
	suf string
}

// secSpan is a parsed section: a single section with subsections, or a range.
type secSpan struct {
	lo, hi secNum
	subs   string // "(1)(b)" for a single section
	rng    bool
}

func parseSecNum(s string) (secNum, string) {
	i := 0
	n := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if n < 1e6 {
			n = n*10 + int(s[i]-'0')
		}
		i++
	}
	j := i
	for j < len(s) && s[j] != '(' && s[j] != '-' {
		j++
	}
	return secNum{n, strings.ToUpper(s[i:j])}, s[j:]
}

func parseSection(s string) secSpan {
	lo, rest := parseSecNum(s)
	if strings.HasPrefix(rest, "-") {
		hi, _ := parseSecNum(rest[1:])
		return secSpan{lo: lo, hi: hi, rng: true}
	}
	return secSpan{lo: lo, hi: lo, subs: rest}
}

// SameSection reports whether two sections are the same section, ignoring
// subsections ("2A(3)" and "2A"), or overlapping ranges ("359" and
// "359-360"). "2" and "2A" differ.
func SameSection(a, b string) bool {
	return sameSpan(parseSection(a), parseSection(b))
}

// sameSpan is SameSection on parsed sections.
func sameSpan(pa, pb secSpan) bool {
	if pa.rng || pb.rng {
		return pa.lo.n <= pb.hi.n && pb.lo.n <= pa.hi.n
	}
	return pa.lo == pb.lo
}

// SectionWithin reports whether cited lies inside within: the same section
// with within's subsections as a prefix ("5(1)" is within "5", "5A" is not),
// or inside a range.
func SectionWithin(cited, within string) bool {
	pc, pw := parseSection(cited), parseSection(within)
	if pw.rng {
		return pc.lo.n >= pw.lo.n && pc.hi.n <= pw.hi.n
	}
	if pc.rng {
		return false
	}
	return pc.lo == pw.lo && strings.HasPrefix(pc.subs, pw.subs)
}

// RefLabel cites a provision for people: "s.2A PHA 1997", "ss.359-360 SA 2020".
func RefLabel(r Ref) string {
	lead := "s."
	if strings.Contains(r.Section, "-") {
		lead = "ss."
	}
	if r.Act == nil {
		return lead + r.Section
	}
	return lead + r.Section + " " + r.Act.Label
}
