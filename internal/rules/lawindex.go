package rules

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/legal"
)

// lawAct is an Act the glossary knows, from a `kind: act` entry or only
// from the sources of other terms.
type lawAct struct {
	term     *glossary.Term // nil when known only from sources
	title    string         // "Protection from Harassment Act 1997"
	year     int
	words    []string // title words in lower case, without "Act" and the year
	acronyms []string // abbreviations in lower case without a year: "pha"
	label    string   // how findings cite it: "PHA 1997"
}

// lawRef is one provision: an Act and a section ("2A", "4A(1)(b)", "359-360").
type lawRef struct {
	act     *lawAct
	section string
}

// lawProvision is a source of a term.
type lawProvision struct {
	lawRef
	term *glossary.Term
	src  *glossary.Source
	span lawSecSpan // section, parsed once: every citation is compared with it
}

type lawSuperseded struct {
	lawRef
	term *glossary.Term
	s    *glossary.Superseded
}

// lawIndex is what the citation and penalty rules know of the law, built
// once per glossary.
type lawIndex struct {
	acts       []*lawAct
	byTitle    map[string]*lawAct // normalised title with year
	byShort    map[string]*lawAct // normalised short forms: "pha 1997", "pha", "1997 act", "sentencing code"
	byAcronym  map[string]*lawAct // "pha", "cda"
	provisions []lawProvision
	sources    map[*glossary.Term][]lawProvision
	superseded []lawSuperseded
	// scopes are the provisions a penalty's note cites ("aggravated s.4 or
	// s.4A PHA 1997"), which say which of a term's several maxima applies.
	scopes map[*glossary.Penalty][]lawRef
	// fearTerms are the terms named for fear of violence (s.4, s.4A).
	fearTerms []*glossary.Term
	// scoped lists, in glossary order, each provision a penalty note cites
	// with the term whose penalty it is: the aggravated offences are built
	// on s.2, s.2A, s.4 and s.4A.
	scoped []lawScopedRef
	// distinct are the words of each term's name that name no other term.
	distinct map[*glossary.Term][]string
	// sourceNames are the terms with sources that are not Acts, with the
	// words of their names, for finding one term's name inside another's.
	sourceNames []lawSourceName
	// families are the offences a bare name can mean (see lawFamilies).
	families map[*glossary.Term][]*glossary.Term
}

type lawSourceName struct {
	term   *glossary.Term
	words  []string // the name's words in lower case
	fields int      // how many words the name has as written
}

type lawScopedRef struct {
	lawRef
	term *glossary.Term
}

var lawIndexes sync.Map

func lawIndexFor(g *glossary.Glossary) *lawIndex {
	if v, ok := lawIndexes.Load(g); ok {
		return v.(*lawIndex)
	}
	ix := &lawIndex{byTitle: map[string]*lawAct{}, byShort: map[string]*lawAct{}, byAcronym: map[string]*lawAct{}, sources: map[*glossary.Term][]lawProvision{}, scopes: map[*glossary.Penalty][]lawRef{}}
	for _, t := range g.Terms {
		if t.Act == nil || t.Act.Title == "" {
			continue
		}
		a := ix.actByTitle(t.Act.Title)
		a.term = t
		if t.Act.Year != 0 {
			a.year = t.Act.Year
		}
		shorts := append([]string(nil), t.Act.Short...)
		if t.Acronym != "" {
			shorts = append(shorts, t.Acronym)
		}
		for _, s := range shorts {
			ix.byShort[lawNormAct(s)] = a
			base, year := lawSplitYear(s)
			if year == 0 && !strings.HasSuffix(strings.ToLower(base), " act") && !strings.HasPrefix(strings.ToLower(base), "the ") {
				a.acronyms = lawAppendUnique(a.acronyms, strings.ToLower(base))
			}
			if year != 0 && base != "" && !strings.EqualFold(base, "the") {
				a.acronyms = lawAppendUnique(a.acronyms, strings.ToLower(base))
				if a.label == a.title {
					a.label = s
				}
			}
		}
	}
	for _, a := range ix.acts {
		for _, ac := range a.acronyms {
			if _, taken := ix.byAcronym[ac]; !taken {
				ix.byAcronym[ac] = a
			}
		}
	}
	for _, t := range g.Terms {
		for i := range t.Sources {
			src := &t.Sources[i]
			if src.Act == "" || src.Section == "" {
				continue
			}
			pv := lawProvision{lawRef: lawRef{ix.actByTitle(src.Act), lawNormSection(src.Section)}, term: t, src: src}
			pv.span = lawParseSection(pv.section)
			ix.provisions = append(ix.provisions, pv)
			ix.sources[t] = append(ix.sources[t], pv)
		}
		for i := range t.Superseded {
			s := &t.Superseded[i]
			if s.Act == "" || s.Section == "" {
				continue
			}
			ix.superseded = append(ix.superseded, lawSuperseded{lawRef: lawRef{ix.actByTitle(s.Act), lawNormSection(s.Section)}, term: t, s: s})
		}
		if strings.Contains(strings.ToLower(t.Term+" "+strings.Join(t.Aliases, " ")), "fear of violence") {
			ix.fearTerms = append(ix.fearTerms, t)
		}
	}
	for _, t := range g.Terms {
		if len(ix.sources[t]) > 0 && t.Act == nil {
			ix.sourceNames = append(ix.sourceNames, lawSourceName{t, strings.Fields(strings.ToLower(t.Term)), len(strings.Fields(t.Term))})
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
			if seen[w] == 1 && !actConnectors[w] && !analysis.IsStop(w) {
				ix.distinct[t] = lawAppendUnique(ix.distinct[t], w)
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
			var last *lawAct
			for _, c := range legal.ParseCitations(pn.Note) {
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
					ix.scopes[pn] = append(ix.scopes[pn], lawRef{a, s})
					ix.scoped = append(ix.scoped, lawScopedRef{lawRef{a, s}, t})
				}
			}
		}
	}
	ix.families = lawFamilies(g)
	v, _ := lawIndexes.LoadOrStore(g, ix)
	return v.(*lawIndex)
}

// actByTitle finds or adds the Act with a full title.
func (ix *lawIndex) actByTitle(title string) *lawAct {
	key := lawNormAct(title)
	if a := ix.byTitle[key]; a != nil {
		return a
	}
	base, year := lawSplitYear(title)
	a := &lawAct{title: strings.TrimSpace(title), year: year, words: lawTitleWords(base), label: strings.TrimSpace(title)}
	ix.byTitle[key] = a
	ix.acts = append(ix.acts, a)
	return a
}

func lawAppendUnique(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// lawNormAct lower-cases an Act name, folds spaces and typographic apostrophes
// and drops a leading "the".
func lawNormAct(s string) string {
	if k, ok := lawNormActASCII(s); ok {
		return k
	}
	s = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, ",", " ")), " "))
	return strings.TrimPrefix(s, "the ")
}

// lawNormActASCII is lawNormAct of an ASCII name in one pass and one
// allocation (every citation's Act name is normalised to be looked up);
// ok is false for any other name.
func lawNormActASCII(s string) (string, bool) {
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

// lawSplitYear splits "PHA 1997" into "PHA" and 1997.
func lawSplitYear(s string) (string, int) {
	f := strings.Fields(s)
	if n := len(f); n > 0 && len(f[n-1]) == 4 && lawAllDigits(f[n-1]) {
		y := 0
		for _, c := range f[n-1] {
			y = y*10 + int(c-'0')
		}
		return strings.Join(f[:n-1], " "), y
	}
	return strings.TrimSpace(s), 0
}

func lawAllDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// lawTitleWords are an Act title's words in lower case without "Act", the
// year or commas: "Police, Crime, Sentencing and Courts Act" → police crime
// sentencing and courts.
func lawTitleWords(title string) []string {
	base, _ := lawSplitYear(title)
	f := strings.Fields(strings.ToLower(strings.ReplaceAll(base, ",", " ")))
	if n := len(f); n > 0 && f[n-1] == "act" {
		f = f[:n-1]
	}
	if len(f) > 0 && f[0] == "the" {
		f = f[1:]
	}
	return f
}

// lawNormSection tidies a section as the glossary writes it: "2A", "359-360",
// "ss.1–5" → "1-5".
func lawNormSection(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"ss.", "s.", "sections ", "section "} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.NewReplacer("–", "-", "—", "-", " to ", "-", " ", "").Replace(s)
	return s
}

// lawSecNum is a section number: 2A is {2, "A"}.
type lawSecNum struct {
	n   int
	suf string
}

// lawSecSpan is a parsed section: a single section with subsections, or a range.
type lawSecSpan struct {
	lo, hi lawSecNum
	subs   string // "(1)(b)" for a single section
	rng    bool
}

func lawParseSecNum(s string) (lawSecNum, string) {
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
	return lawSecNum{n, strings.ToUpper(s[i:j])}, s[j:]
}

func lawParseSection(s string) lawSecSpan {
	lo, rest := lawParseSecNum(s)
	if strings.HasPrefix(rest, "-") {
		hi, _ := lawParseSecNum(rest[1:])
		return lawSecSpan{lo: lo, hi: hi, rng: true}
	}
	return lawSecSpan{lo: lo, hi: lo, subs: rest}
}

// lawSameSection reports whether two sections are the same section, ignoring
// subsections ("2A(3)" and "2A"), or overlapping ranges ("359" and
// "359-360"). "2" and "2A" differ.
func lawSameSection(a, b string) bool {
	return lawSameSpan(lawParseSection(a), lawParseSection(b))
}

// lawSameSpan is lawSameSection on parsed sections.
func lawSameSpan(pa, pb lawSecSpan) bool {
	if pa.rng || pb.rng {
		return pa.lo.n <= pb.hi.n && pb.lo.n <= pa.hi.n
	}
	return pa.lo == pb.lo
}

// lawSectionWithin reports whether cited lies inside within: the same section
// with within's subsections as a prefix ("5(1)" is within "5", "5A" is not),
// or inside a range.
func lawSectionWithin(cited, within string) bool {
	pc, pw := lawParseSection(cited), lawParseSection(within)
	if pw.rng {
		return pc.lo.n >= pw.lo.n && pc.hi.n <= pw.hi.n
	}
	if pc.rng {
		return false
	}
	return pc.lo == pw.lo && strings.HasPrefix(pc.subs, pw.subs)
}

// lawRefLabel cites a provision for people: "s.2A PHA 1997", "ss.359-360 SA 2020".
func lawRefLabel(r lawRef) string {
	lead := "s."
	if strings.Contains(r.section, "-") {
		lead = "ss."
	}
	if r.act == nil {
		return lead + r.section
	}
	return lead + r.section + " " + r.act.label
}
