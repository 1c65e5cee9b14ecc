package rules

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/legal"
)

func init() {
	register(&Rule{
		ID:    "citation-mismatch",
		Title: "A citation that does not match the glossary's source, names an Act wrongly, or cites a superseded power",
		Rationale: "Guidance that cites the wrong provision sends prosecutors to the wrong offence: stalking cited as section 2 (harassment) instead of section 2A is the very confusion the 2022 super-complaint described. " +
			"Citations are parsed in the forms guidance uses (\"section 2A of the Protection from Harassment Act 1997\", \"s.2A PHA 1997\", \"ss.2A and 4A\", \"section 2A(3) of the 1997 Act\", \"PHA 1997, s.4A\"), and their Act is resolved through the glossary's Act entries; a citation naming no Act takes the Act of the nearest earlier citation in the same paragraph, and is otherwise left alone. " +
			"\"The Act\" is the Act the document defines as \"the Act\", else in a paragraph that names none the one Act named earlier in the section, or else in the document, and nothing when they name several; an Act named only as the one that amended or inserted something (\"as amended by the Protection of Freedoms Act 2012\") is never \"the Act\", and a section \"the Act\" lacks is still reported when only one Act can be meant. " +
			"Three things are flagged: (1) a citation attached to a glossary term whose section is not among that term's sources in the same Act: the nearest term mentioned within a few words in the same sentence, except that a citation ending its sentence, away from the nearest term, belongs to the sentence's subject (reported as a warning); a citation alone in a table cell under a provisions heading belongs to the offence the row's first cell names; an order named after a breach word (\"breaching an interim SPO\") is the offence of breaching it; a concept's own citation is one beside it (\"X (s.7(3))\", \"defined in\") or in a sentence defining it (\"X means ... (s.7(3))\", \"Under s.7(3), X means\"), and a subsection that is another term's own (s.7(2), harassment's) is not the concept's; a provision of another Act altogether is reported only right by the term (\"X under\", \"X (...)\", or the sentence's subject framed as \"X ... is an offence under\" the citation) when it is another offence's or order's provision, or the term's own section number in the wrong Act (\"s.76 of the Domestic Abuse Act 2021\" for s.76 of the Serious Crime Act 2015); (2) an Act-like name that is a near miss of a glossary Act (a changed or misspelt word) or a glossary Act with the wrong year; (3) a provision the glossary marks as superseded, cited as current law. " +
			"It does NOT flag a citation when a term named with the attached one (\"stalking and harassment are offences under ss.2 and 2A\"), or in the previous sentence, rests on the cited provision (a term elsewhere in the sentence does not excuse it), when the page or its section is about Scotland or Northern Ireland and the citation names no Act of England and Wales, when the cited provision belongs to a more specific offence named after the term (the s.4A stalking offence), when the words between term and citation contrast them (\"not\", \"rather than\", \"unlike\"), when the Act is unknown, when deprecated-term already reports the misnamed Act, or when a superseded provision is framed historically (\"before 1 December 2020\", \"previously\", \"were made under\"). A superseded provision cited on a page dated before it was superseded gets an info note, not an error.",
		Severity: Error,
		Options: []Option{
			{Name: "attach-words", Default: 8, Unit: Count, Doc: "most words between a term and a citation for the citation to be read as the term's source"},
			{Name: "year-distance", Default: 3, Unit: Count, Doc: "a known Act's title with a year at most this far off is reported as a wrong year (further off may be another Act of the same name, such as the Criminal Justice Act 1988)"},
		},
		Examples: []Example{
			{Title: "stalking cited as the harassment section", Markdown: "Stalking is an offence under section 2 of the Protection from Harassment Act 1997.\n", Want: []string{"citation-mismatch@1:30"}},
			{Title: "the s.4A offence cited to the wrong section in short form", Markdown: "Stalking involving fear of violence or serious alarm or distress is an offence under s.4 PHA 1997.\n", Want: []string{"citation-mismatch@1:86"}},
			{Title: "a provision inherited from an earlier citation in the paragraph", Markdown: "The Protection from Harassment Act 1997 (PHA 1997) creates the offences prosecutors use most.\nIn practice, stalking is often charged under s.2.\n", Want: []string{"citation-mismatch@2:46"}},
			{Title: "the Act with the wrong year", Markdown: "Police may apply for an order under the Stalking Protection Act 2020.\n", Want: []string{"citation-mismatch@1:41"}},
			{Title: "a misnamed Act", Markdown: "Racially or religiously aggravated stalking is an offence under section 32 of the Crime and Disorders Act 1998.\n", Want: []string{"citation-mismatch@1:83"}},
			{Title: "a superseded power cited as current law", Markdown: "On conviction for stalking, the court may make a restraining order under s.5 PHA 1997.\n", Want: []string{"citation-mismatch@1:74"}},
			{Title: "each offence with its own section", Markdown: "Harassment is an offence under section 2 and stalking under section 2A of the Protection from Harassment Act 1997.\n"},
			{Title: "a superseded power framed historically", Markdown: "Before 1 December 2020, restraining orders on conviction were made under s.5 PHA 1997.\n"},
			{Title: "a subsection of the right section", Markdown: "Stalking is defined in section 2A(2) of the 1997 Act, and s.2A(3) PHA 1997 lists examples of acts associated with stalking.\n"},
			{Title: "the more serious stalking offence", Markdown: "Where the conduct amounts to stalking, the stalking offence in s.4A PHA 1997 should be considered.\n"},
			{Title: "the misspelt Act that deprecated-term reports", Markdown: "Stalking is an offence under s.2A of the Protection of Harassment Act 1997.\n"},
			{Title: "a different Act of the same name", Markdown: "Hearsay is admissible under the Criminal Justice Act 1988 and the Criminal Justice Act 2003.\n"},
			{Title: "a charge that is not the term's section", Markdown: "Conduct showing acts associated with stalking should not be charged as harassment under s.2 PHA 1997.\n"},
			{Title: "a sentence-final citation belongs to the subject (a warning)", Markdown: "Stalking, which often begins as harassment, is an offence under section 2 of the Protection from Harassment Act 1997.\n", Want: []string{"citation-mismatch@1:65"}},
			{Title: "the subject, not the nearest term", Markdown: "Harassment that involves acts associated with stalking is an offence under s.2 PHA 1997.\n"},
			{Title: "the Act named earlier in the section", Markdown: "## The offences\n\nThe Protection from Harassment Act 1997 creates the offences.\n\nStalking is an offence under section 2 of the Act.\n", Want: []string{"citation-mismatch@5:30"}},
			{Title: "a page dated before the power was superseded (an info note)", Markdown: "---\ntitle: Orders\nupdated: 2019-05-01\n---\nOn conviction for stalking, the court may make a restraining order under s.5 PHA 1997.\n", Want: []string{"citation-mismatch@5:74"}},
			{Title: "a page about Scotland cites Scotland's law", Markdown: "---\ntitle: Stalking\njurisdiction: scotland\n---\nThe Protection from Harassment Act 1997 (PHA 1997) is mostly English law. In Scotland, stalking is charged under s.4.\n"},
			{Title: "a table row: the provision cell is the source of the row's offence", Markdown: "| Offence | Provision |\n|---|---|\n| Stalking involving fear of violence | s.4 PHA 1997 |\n", Want: []string{"citation-mismatch@3:41"}},
			{Title: "a table with the right provisions", Markdown: "| Offence | Provision |\n|---|---|\n| Stalking involving fear of violence | s.4A PHA 1997 |\n| Breach of an SPO | s.8 SPA 2019 |\n"},
			{Title: "another Act's provision for another order, right by the term", Markdown: "Police may apply for a Stalking Protection Order under section 360 of the Sentencing Act 2020.\n", Want: []string{"citation-mismatch@1:56"}},
			{Title: "the term's own section number in the wrong Act", Markdown: "Controlling or coercive behaviour is an offence under s.76 of the Domestic Abuse Act 2021.\n", Want: []string{"citation-mismatch@1:55"}},
			{Title: "a breach framed as an offence under another Act's section", Markdown: "Breaching a Stalking Protection Order without reasonable excuse is an offence under section 5A of the Protection from Harassment Act 1997.\n", Want: []string{"citation-mismatch@1:85"}},
			{Title: "a long subject framed as an offence under the wrong Act", Markdown: "Controlling or coercive behaviour towards a partner, ex-partner or family member is an offence under section 76 of the Domestic Abuse Act 2021.\n", Want: []string{"citation-mismatch@1:102"}},
			{Title: "another Act named beside the term for something else", Markdown: "An SPO can sit alongside a restraining order under s.360 SA 2020.\n"},
			{Title: "a definition cites another term's subsection", Markdown: "A course of conduct must involve conduct on at least two occasions (s.7(2) PHA 1997).\n", Want: []string{"citation-mismatch@1:69"}},
			{Title: "a definition citing the right subsection", Markdown: "Under section 7(3) of the Protection from Harassment Act 1997, a course of conduct means conduct on at least two occasions.\n"},
			{Title: "the Act, a section it lacks, for a breach", Markdown: "The Stalking Protection Act 2019 created SPOs.\n\nBreach of an interim SPO is the offence in section 9 of the Act.\n", Want: []string{"citation-mismatch@3:44"}},
			{Title: "the Act is not the one that amended it", Markdown: "The Protection from Harassment Act 1997 (as amended by the Protection of Freedoms Act 2012) created the offences. Stalking involving fear of violence is an offence under section 4 of the Act.\n", Want: []string{"citation-mismatch@1:171"}},
		},
		Check: checkCitationMismatch,
	})
}

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

var lawIndexes sync.Map // *glossary.Glossary → *lawIndex

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

// lawDocActs remembers the Acts a document has named so far, for "the 1997
// Act" and for citations whose Act is only clear from the document.
type lawDocActs struct {
	named []lawDocAct
	// defined is the Act the document defines as "the Act" ("the
	// Protection from Harassment Act 1997 (\"the Act\")"), if any.
	defined *lawAct
}

type lawDocAct struct {
	year int
	act  *lawAct // nil for an Act the glossary does not know
	// section is the H2-level section that named it.
	section *corpus.Section
	// aside: named only as the Act that amended or inserted something
	// ("as amended by the Protection of Freedoms Act 2012"), which is
	// not the Act a later "the Act" means.
	aside bool
}

// thisAct resolves "the Act" from the Acts named so far: the one Act named
// in the section, else the one Act named in the document; nil when they
// name several (an Act the glossary does not know counts) or none the
// glossary knows.
func (ctx *lawDocActs) thisAct(section *corpus.Section) *lawAct {
	if ctx.defined != nil {
		return ctx.defined
	}
	one := func(inSection bool) (*lawAct, bool) {
		var found *lawDocAct
		for k := range ctx.named {
			n := &ctx.named[k]
			if inSection && n.section != section || n.aside {
				continue
			}
			if found != nil && (found.act != n.act || n.act == nil && found.year != n.year) {
				return nil, true // several
			}
			found = n
		}
		if found == nil {
			return nil, false
		}
		return found.act, true
	}
	if a, any := one(true); any {
		return a
	}
	a, _ := one(false)
	return a
}

// resolveName resolves the Act a citation names. named is false when it
// names none ("s.4A", "section 7 of the Act"); act is nil when it names one
// the glossary does not know.
func (ix *lawIndex) resolveName(c legal.Citation, ctx *lawDocActs) (act *lawAct, named bool) {
	switch c.Form {
	case legal.FormTitle:
		key := lawNormAct(c.ActName)
		if a := ix.byTitle[key]; a != nil {
			return a, true
		}
		if a := ix.byShort[key]; a != nil {
			return a, true
		}
		if c.Year == 0 {
			w := lawTitleWords(c.ActName)
			var found *lawAct
			for _, a := range ix.acts {
				if slices.Equal(w, a.words) {
					if found != nil {
						return nil, true
					}
					found = a
				}
			}
			return found, true
		}
		return nil, true
	case legal.FormShort:
		key := lawNormAct(c.ActName)
		if a := ix.byShort[key]; a != nil {
			return a, true
		}
		base, year := lawSplitYear(c.ActName)
		if a := ix.byAcronym[strings.ToLower(base)]; a != nil && (year == 0 || year == a.year) {
			return a, true
		}
		return nil, true
	case legal.FormYearAct:
		if ctx != nil {
			for k := len(ctx.named) - 1; k >= 0; k-- {
				if ctx.named[k].year == c.Year {
					return ctx.named[k].act, true
				}
			}
		}
		if a := ix.byShort[lawNormAct(c.ActName)]; a != nil {
			return a, true
		}
		var found *lawAct
		for _, a := range ix.acts {
			if a.year == c.Year && a.term != nil {
				if found != nil {
					return nil, true
				}
				found = a
			}
		}
		return found, true
	}
	return nil, false
}

// lawCitation is a parsed citation with its Act resolved.
type lawCitation struct {
	legal.Citation
	act *lawAct
	// named: the citation names its Act; inherited: the Act came from an
	// earlier citation in the same block.
	named, inherited bool
	// sure is set for an inherited Act that leaves no doubt: named earlier
	// in the same sentence, or the only Act the block has named so far.
	sure bool
	// context is set for "the Act" resolved from earlier paragraphs: the
	// one Act the section or document names, which is likely but read
	// from afar.
	context bool
}

// resolveBlock parses and resolves the citations of one block, and records
// the Acts it names in ctx. Blocks must be resolved in document order.
func (ix *lawIndex) resolveBlock(b *BlockFacts, ctx *lawDocActs) []*lawCitation {
	var out []*lawCitation
	var last *lawAct
	lastSentence := -1
	haveLast, several := false, false
	section := b.Block.Section
	if section != nil {
		section = section.Top()
	}
	for _, c := range legal.ParseCitations(b.Block.Run.Text) {
		rc := &lawCitation{Citation: c}
		a, named := ix.resolveName(c, ctx)
		k := b.SentenceAt(c.Start)
		if c.Form == legal.FormThisAct && (!haveLast || ctx.defined != nil) {
			// "section 7 of the Act" in a paragraph that names no Act:
			// the Act the section, or else the document, is about (or
			// the one it defines as "the Act").
			if a := ctx.thisAct(section); a != nil {
				rc.act, rc.inherited, rc.sure, rc.context = a, true, true, !haveLast
			}
			out = append(out, rc)
			continue
		}
		if named {
			rc.act, rc.named = a, true
			from := 0
			if len(b.Sentences) > 0 {
				from = min(b.Sentences[k].Start, c.Start)
			}
			aside := lawActAside(b.Block.Run.Text[from:c.Start])
			if !aside {
				if haveLast && a != last {
					several = true
				}
				last, haveLast, lastSentence = a, true, k
			}
			if c.Year != 0 && c.Form != legal.FormYearAct {
				ctx.named = append(ctx.named, lawDocAct{c.Year, a, section, aside})
			} else if a != nil {
				ctx.named = append(ctx.named, lawDocAct{a.year, a, section, aside})
			}
			if a != nil && lawDefinesTheAct(b.Block.Run.Text[c.End:]) {
				ctx.defined = a
			}
		} else if haveLast {
			rc.act, rc.inherited = last, true
			rc.sure = !several || lastSentence == k
		}
		out = append(out, rc)
	}
	return out
}

// lawAsideLead matches the words that name an Act only as the one that
// changed another, just before it: "as amended by", "inserted by".
var lawAsideLead = regexp.MustCompile(`(?i)\b(?:amended|inserted|substituted|added|introduced|repealed|modified)\s+by\s*(?:the\s*)?$`)

// lawActAside reports whether the text before an Act's name names it only
// as the Act that changed another.
func lawActAside(before string) bool { return lawAsideLead.MatchString(before) }

// lawTheActDef matches a definition of "the Act" right after an Act's
// name: ` ("the Act")`, `, the Act,`, ` (the Act)`.
var lawTheActDef = regexp.MustCompile(`^\s*[(,]\s*(?:hereafter\s+|hereinafter\s+)?["“'‘]?the Act["”'’]?\s*[),]`)

// lawDefinesTheAct reports whether the text after an Act's name defines it
// as "the Act".
func lawDefinesTheAct(after string) bool { return lawTheActDef.MatchString(after) }

// lawDocCites is a document's citations resolved block by block, with the
// Acts the document had named by the end of each block.
type lawDocCites struct {
	ix     *lawIndex
	facts  *DocFacts
	rule   string           // the rule that resolved them
	blocks [][]*lawCitation // by block of facts
	named  []int            // by block: how many of ctx.named it had named
	// defined is by block the Act the document had defined as "the Act".
	defined []*lawAct
	ctx     lawDocActs // the whole document's
}

// actsAfter is what ctx held when block k had been resolved.
func (dc *lawDocCites) actsAfter(k int) *lawDocActs {
	return &lawDocActs{named: dc.ctx.named[:dc.named[k]:dc.named[k]], defined: dc.defined[k]}
}

// lawShared hands a document's resolved citations from citation-mismatch to
// penalty-mismatch (or back, whichever runs first): parsing and resolving
// every block of every document was the larger part of both rules, and the
// result is the same for both. The engine runs one document's rules one
// after another on one goroutine, so at most one document per goroutine is
// waiting for the second rule; the slots are a bound on memory, not a
// cache to tune, and a miss only means resolving again.
var lawShared struct {
	mu    sync.Mutex
	slots [64]*lawDocCites
	next  int
}

// resolveDoc returns the resolved citations of a document: those the other
// law rule left, taking them, or else resolved here and left for it. A
// rule never takes its own, so each rule run alone (or twice) resolves
// every time.
func (ix *lawIndex) resolveDoc(rule string, facts *DocFacts) *lawDocCites {
	lawShared.mu.Lock()
	for k, dc := range lawShared.slots {
		if dc != nil && dc.facts == facts && dc.ix == ix && dc.rule != rule {
			lawShared.slots[k] = nil
			lawShared.mu.Unlock()
			return dc
		}
	}
	lawShared.mu.Unlock()

	dc := &lawDocCites{ix: ix, facts: facts, rule: rule, blocks: make([][]*lawCitation, len(facts.Blocks)), named: make([]int, len(facts.Blocks)), defined: make([]*lawAct, len(facts.Blocks))}
	for k, b := range facts.Blocks {
		dc.blocks[k] = ix.resolveBlock(b, &dc.ctx)
		dc.named[k] = len(dc.ctx.named)
		dc.defined[k] = dc.ctx.defined
	}

	lawShared.mu.Lock()
	slot := -1
	for k, old := range lawShared.slots {
		if old != nil && old.facts == facts && old.ix == ix {
			slot = k // this rule run again: replace its own
		}
	}
	if slot < 0 {
		slot = lawShared.next
		lawShared.next = (lawShared.next + 1) % len(lawShared.slots)
	}
	lawShared.slots[slot] = dc
	lawShared.mu.Unlock()
	return dc
}

// refs are the provisions a citation cites under its resolved Act.
func (rc *lawCitation) refs() []lawRef {
	if rc.act == nil {
		return nil
	}
	out := make([]lawRef, 0, len(rc.Sections))
	for _, s := range rc.Sections {
		out = append(out, lawRef{rc.act, s})
	}
	return out
}

// owners are the terms whose sources include a provision (same section,
// any subsection).
func (ix *lawIndex) owners(r lawRef) []*glossary.Term {
	var out []*glossary.Term
	var rs lawSecSpan
	parsed := false
	for _, pv := range ix.provisions {
		if pv.act != r.act {
			continue
		}
		if !parsed {
			rs, parsed = lawParseSection(r.section), true
		}
		if lawSameSpan(rs, pv.span) && !slices.Contains(out, pv.term) {
			out = append(out, pv.term)
		}
	}
	return out
}

// mainOwners are the terms a provision is chiefly the source of, for
// messages: those citing the section itself rather than a subsection, and
// offences and orders before concepts; at most two.
func (ix *lawIndex) mainOwners(r lawRef) []*glossary.Term {
	var exact, offences, all []*glossary.Term
	rs := lawParseSection(r.section)
	for _, pv := range ix.provisions {
		if pv.act != r.act || !lawSameSpan(rs, pv.span) {
			continue
		}
		main := pv.term.Kind == "offence" || pv.term.Kind == "order"
		all = lawAppendTerm(all, pv.term)
		if main {
			offences = lawAppendTerm(offences, pv.term)
			if !strings.Contains(pv.section, "(") {
				exact = lawAppendTerm(exact, pv.term)
			}
		}
	}
	out := all
	switch {
	case len(exact) > 0:
		out = exact
	case len(offences) > 0:
		out = offences
	}
	return out[:min(len(out), 2)]
}

func lawAppendTerm(ts []*glossary.Term, t *glossary.Term) []*glossary.Term {
	if slices.Contains(ts, t) {
		return ts
	}
	return append(ts, t)
}

// citeGapBreaksClause reports whether the text between a term and a citation
// starts a new clause, so the citation is not the term's: a semicolon or
// colon, a comma before "and", "or", "but", "which", "where", "while" or
// "when", or any comma when the term comes after the citation ("s.1 of the
// 2019 Act, and an interim SPO").
func citeGapBreaksClause(gap string, termAfter bool) bool {
	if strings.ContainsAny(gap, ";:") {
		return true
	}
	i := strings.IndexByte(gap, ',')
	if i < 0 {
		return false
	}
	if termAfter {
		return true
	}
	for i >= 0 {
		rest := strings.Fields(gap[i+1:])
		if len(rest) > 0 {
			switch strings.ToLower(rest[0]) {
			case "and", "or", "but", "which", "where", "while", "when", "whereas", "so":
				return true
			}
		}
		j := strings.IndexByte(gap[i+1:], ',')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// rests reports whether a term rests on a provision: the same section, any
// subsection, except a subsection of its section that is another term's
// own ("a course of conduct", s.7(3), does not rest on s.7(2), which is
// harassment's).
func (ix *lawIndex) rests(t *glossary.Term, r lawRef) bool {
	rs := lawParseSection(r.section)
	for _, pv := range ix.sources[t] {
		if pv.act == r.act && lawSameSpan(rs, pv.span) && !ix.otherSubsection(t, pv, r) {
			return true
		}
	}
	return false
}

// otherSubsection reports whether r cites a subsection of pv's section that
// is neither within pv nor around it, and is another term's own source.
func (ix *lawIndex) otherSubsection(t *glossary.Term, pv lawProvision, r lawRef) bool {
	if pv.span.subs == "" || !strings.Contains(r.section, "(") || lawSectionWithin(r.section, pv.section) || lawSectionWithin(pv.section, r.section) {
		return false
	}
	for _, o := range ix.provisions {
		if o.term != t && o.act == r.act && o.span.subs != "" && lawSectionWithin(r.section, o.section) {
			return true
		}
	}
	return false
}

// lawMention is a glossary term named in a block.
type lawMention struct {
	term       *glossary.Term
	start, end int
}

// lawTermMentions lists the terms (not Acts) a block names, leaving out words
// inside citations ("harassment" in "Protection from Harassment Act").
func lawTermMentions(b *BlockFacts, cites []*lawCitation) []lawMention {
	var out []lawMention
	for _, m := range b.Matches {
		switch m.Entry.Kind {
		case glossary.KindTerm, glossary.KindAlias, glossary.KindExpansion, glossary.KindAcronym:
		default:
			continue
		}
		t := m.Entry.Term
		if t.Act != nil || t.Kind == "act" {
			continue
		}
		inside := false
		for _, c := range cites {
			if m.Start < c.End && c.Start < m.End {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, lawMention{t, m.Start, m.End})
		}
	}
	return out
}

// breachMentions reads an order named as the object of a breach word
// ("breaching an interim Stalking Protection Order", "breaches the SPO") as
// the offence of breaching it, which is what a citation next to it cites.
func (ix *lawIndex) breachMentions(g *glossary.Glossary, b *BlockFacts, mentions []lawMention) []lawMention {
	var breachOf map[*glossary.Term]*glossary.Term
	for i, m := range mentions {
		for _, t := range b.Tokens {
			if t.End > m.start || !penBreachWords[t.Surface] || lawWordsBetween(b, t.End, m.start) > 3 || b.SentenceAt(t.Start) != b.SentenceAt(m.start) ||
				strings.ContainsAny(b.Block.Run.Text[t.End:m.start], ",;:()") {
				continue
			}
			if breachOf == nil {
				breachOf = ix.breachOffences(g)
			}
			if o := breachOf[m.term]; o != nil {
				mentions[i] = lawMention{o, t.Start, m.end}
			}
		}
	}
	return mentions
}

// lawWordsBetween counts analysed words in [from, to) of a block.
func lawWordsBetween(b *BlockFacts, from, to int) int {
	lo := sort.Search(len(b.Tokens), func(i int) bool { return b.Tokens[i].Start >= from })
	hi := sort.Search(len(b.Tokens), func(i int) bool { return b.Tokens[i].Start >= to })
	return hi - lo
}

// citeContrastWords between a term and a citation mean the citation is not the
// term's source: "stalking, not harassment under s.2", "rather than".
var citeContrastWords = map[string]bool{
	"not": true, "nor": true, "rather": true, "instead": true, "unlike": true, "opposed": true, "compared": true,
	"compare": true, "cf": true, "distinct": true, "different": true, "separate": true, "than": true,
	"versus": true, "vs": true, "whereas": true, "but": true, "while": true, "although": true, "except": true,
	"excluding": true, "version": true, "versions": true, "form": true, "forms": true,
	// Words that add a second thing: "charge stalking alongside the
	// offence under s.8", "as well as", "in addition to", "together with".
	"alongside": true, "besides": true, "plus": true, "addition": true, "together": true, "well": true,
}

// lawSentenceWords returns the folded words of a block's sentence k.
func lawSentenceWords(b *BlockFacts, k int) []string {
	if k < 0 || k >= len(b.Sentences) {
		return nil
	}
	s := b.Sentences[k]
	var out []string
	for _, t := range b.Tokens {
		if t.Start >= s.Start && t.End <= s.End {
			out = append(out, t.Surface)
		}
	}
	return out
}

// citeHistoricCues frame a provision as past law.
var citeHistoricCues = map[string]bool{
	"before": true, "prior": true, "until": true, "formerly": true, "previously": true, "replaced": true,
	"repealed": true, "historic": true, "historical": true, "historically": true, "older": true, "earlier": true,
	"superseded": true, "abolished": true, "was": true, "were": true, "originally": true, "pre": true,
	"then": true, "old": true, "existing": true,
}

func citeHistoricSentence(words []string) bool {
	for _, w := range words {
		if citeHistoricCues[w] {
			return true
		}
	}
	return false
}

func checkCitationMismatch(p *Pass) {
	ix := lawIndexFor(p.Glossary)
	facts := p.Facts(p.Doc)
	resolved := ix.resolveDoc(p.Rule.ID, facts)
	window := int(p.Option("attach-words"))
	yearSlack := int(p.Option("year-distance"))
	when := lawWhenFor(p.Doc)
	for bk, b := range facts.Blocks {
		cites := resolved.blocks[bk]
		if len(cites) == 0 || len(b.Sentences) == 0 {
			continue
		}
		mentions := ix.breachMentions(p.Glossary, b, lawTermMentions(b, cites))
		report := func(start, end int, f Finding) {
			s, e := b.Block.Run.Span(start, end)
			f.Context = b.Sentences[b.SentenceAt(start)].Text(&b.Block.Run)
			p.Report(p.Doc, s, e, f)
		}
		for _, rc := range cites {
			if f, ok := ix.misnamedAct(b, rc, yearSlack); ok {
				report(rc.ActStart, rc.ActEnd, f)
			}
			if len(rc.Sections) == 0 || rc.act == nil || rc.inherited && !rc.sure {
				// An Act inferred from a paragraph that names several
				// is a guess; a guess is no ground for an error.
				continue
			}
			if lawForeign(p.Doc, b, b.SentenceAt(rc.Start), cites) {
				// A page about Scotland or Northern Ireland cites its own law.
				continue
			}
			if f, ok := ix.supersededCitation(b, rc, when); ok {
				report(rc.Start, rc.End, f)
				continue
			}
			if f, ok := ix.wrongSource(b, rc, cites, mentions, window); ok {
				report(rc.Start, rc.End, f)
			} else if len(mentions) == 0 {
				// A provision alone in a table cell is the source of the
				// offence its row names.
				if f, ok := ix.rowSource(facts, resolved, b, rc); ok {
					report(rc.Start, rc.End, f)
				}
			}
		}
	}
}

// supersededCitation reports a provision the glossary marks superseded,
// unless its sentence frames it as past law.
func (ix *lawIndex) supersededCitation(b *BlockFacts, rc *lawCitation, when lawWhen) (Finding, bool) {
	for _, sp := range ix.superseded {
		if sp.act != rc.act {
			continue
		}
		for _, sec := range rc.Sections {
			if !lawSectionWithin(sec, sp.section) {
				continue
			}
			if citeHistoricSentence(lawSentenceWords(b, b.SentenceAt(rc.Start))) {
				return Finding{}, false
			}
			since := ""
			if sp.s.Until != "" {
				since = " since " + lawHumanDate(sp.s.Until)
			}
			if until, ok := lawDay(sp.s.Until); ok && when.dated && when.date.Before(until) {
				if when.archived {
					return Finding{}, false // right at its date, and marked as archived
				}
				// The page states the law of its date, when the power
				// was in force: a note that it has changed since.
				return Finding{
					Term:       sp.term.ID,
					Message:    fmt.Sprintf("this page is dated %s, when %s was in force; it has been superseded%s: %s", when.year(), lawRefLabel(lawRef{rc.act, sec}), since, sp.s.Reason),
					Severity:   Info,
					Confidence: 0.5,
					Suggestion: sp.s.Replacement,
					Expected:   sp.s.Replacement,
					Actual:     b.Block.Run.Text[rc.Start:rc.End],
				}, true
			}
			return Finding{
				Term:       sp.term.ID,
				Confidence: 0.92,
				Message:    fmt.Sprintf("%s is cited as current law, but it has been superseded%s: %s", lawRefLabel(lawRef{rc.act, sec}), since, sp.s.Reason),
				Suggestion: sp.s.Replacement,
				Expected:   sp.s.Replacement,
				Actual:     b.Block.Run.Text[rc.Start:rc.End],
			}, true
		}
	}
	return Finding{}, false
}

// lawHumanDate writes 2020-12-01 as 1 December 2020.
func lawHumanDate(iso string) string {
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	var y, m, d int
	if n, _ := fmt.Sscanf(iso, "%d-%d-%d", &y, &m, &d); n != 3 || m < 1 || m > 12 {
		return iso
	}
	return fmt.Sprintf("%d %s %d", d, months[m-1], y)
}

// citeBinding says how a citation was bound to the term it is judged as
// the source of.
type citeBinding struct {
	inferred bool // the subject of a sentence the citation ends
	defining bool // a concept's definition cites it ("X means ... (s.7(3))")
	stated   bool // a definition sentence, or a table row, states it plainly
	context  bool // its Act is "the Act" read from earlier paragraphs
	// tight: so close to the term ("X (s.360 SA 2020)", "X is an offence
	// under s.5A") that a provision of another Act is still cited as the
	// term's.
	tight bool
}

// wrongSource reports a citation attached to a term that does not rest on it.
func (ix *lawIndex) wrongSource(b *BlockFacts, rc *lawCitation, cites []*lawCitation, mentions []lawMention, window int) (Finding, bool) {
	text := b.Block.Run.Text
	k := b.SentenceAt(rc.Start)
	sent := b.Sentences[k]
	if citeAuthority(text[sent.Start:rc.Start]) {
		// "This guidance on SPOs is issued under section 12": the power
		// to issue the document, not the source of a term it is about.
		return Finding{}, false
	}
	// The nearest term in the sentence, close enough to read the citation
	// as its source.
	best, bestGap := -1, 1<<30
	paren := strings.HasSuffix(strings.TrimRight(text[:rc.Start], " "), "(")
	for i, m := range mentions {
		if m.start < sent.Start || m.end > sent.End {
			continue
		}
		if paren && m.start >= rc.End {
			continue // "fear of violence (Section 4) or stalking": a bracket cites what comes before it
		}
		from, to := m.end, rc.Start
		if m.start >= rc.End {
			from, to = rc.End, m.start
		}
		if from > to {
			continue
		}
		gap := lawWordsBetween(b, from, to)
		if gap < bestGap {
			best, bestGap = i, gap
		}
	}
	// A citation that ends its sentence, away from the nearest term, is
	// the source of the sentence's subject: "Harassment that involves acts
	// associated with stalking is an offence under s.2" cites harassment.
	inferred := false
	subj := citeSubject(b, sent, rc, mentions)
	if subj >= 0 && subj != best && lawWordsBetween(b, rc.End, sent.End) == 0 &&
		(best < 0 || mentions[best].start >= rc.End || lawWordsBetween(b, mentions[best].end, rc.Start) > 2) &&
		lawWordsBetween(b, mentions[subj].end, rc.Start) <= 2*window && !strings.ContainsAny(text[mentions[subj].end:rc.Start], ";:") {
		best, bestGap, inferred = subj, 0, true
	}
	// "X, towards a partner or family member, is an offence under s.76":
	// the sentence's subject, however long, is what the offence frame
	// cites.
	framed := best >= 0 && best == subj && mentions[best].end <= rc.Start && bestGap <= 2*window &&
		!strings.ContainsAny(text[mentions[best].end:rc.Start], ";:") && citeOffenceFrame.MatchString(text[mentions[best].end:rc.Start])
	if best < 0 || bestGap > window && !framed {
		return Finding{}, false
	}
	m := mentions[best]
	from, to := m.end, rc.Start
	if m.start >= rc.End {
		from, to = rc.End, m.start
	}
	if citeHeadNoun.MatchString(text[sent.Start:m.start]) {
		// "The defences to stalking in s.1(3)", "the civil remedy for
		// stalking, in s.3": the provision is the head noun's, not the
		// term's.
		return Finding{}, false
	}
	if ix.citesEntryTerm(b, rc) {
		// A glossary entry's gloss ending in its term's own provision.
		return Finding{}, false
	}
	// "A course of conduct means ... (s.7(3))", "Under s.7(3), a course
	// of conduct means ...": a sentence defining its subject cites the
	// definition's source.
	defines := citeDefines(b, sent, rc, m)
	if !inferred && !defines && citeGapBreaksClause(text[from:to], m.start >= rc.End) {
		return Finding{}, false
	}
	for _, other := range cites {
		if other != rc && other.Start >= from && other.End <= to {
			// "interim SPOs (ss.1-5) and breach (s.8)": the term has a
			// citation of its own, nearer to it.
			return Finding{}, false
		}
	}
	for _, t := range b.Tokens {
		if t.Start >= from && t.End <= to && citeContrastWords[t.Surface] {
			return Finding{}, false
		}
	}
	// A term named with the bound one ("stalking and harassment are
	// offences under ss.2 and 2A"), or in the previous sentence, that rests
	// on the cited provision explains it; one named elsewhere in the
	// sentence ("harassment" in a clause about something else) does not.
	var nearby []*glossary.Term
	for _, mm := range mentions {
		sk := b.SentenceAt(mm.start)
		if sk == k-1 || sk == k && citeCoordinated(text, m, mm) {
			nearby = append(nearby, mm.term)
		}
	}
	how := citeBinding{
		inferred: inferred && !defines,
		defining: defines || citeDefiningGap(text[from:to], m.start < rc.Start),
		stated:   defines,
		context:  rc.context,
		tight:    !inferred && bestGap <= 4 || framed,
	}
	return ix.judgeSource(b, rc, m.term, nearby, how)
}

// rowSource reports a citation alone in a table cell, under a heading for
// provisions ("Provision", "Section", "Legislation"), that is not the
// source of the offence or order the row's first cell names: "| Stalking
// involving fear of violence | s.4 PHA 1997 |".
func (ix *lawIndex) rowSource(facts *DocFacts, resolved *lawDocCites, b *BlockFacts, rc *lawCitation) (Finding, bool) {
	blk := b.Block
	if blk.Kind != corpus.TableCell || blk.Header || blk.Col == 0 {
		return Finding{}, false
	}
	text := blk.Run.Text
	if strings.Trim(text[:rc.Start]+text[rc.End:], " ()[],.;") != "" {
		return Finding{}, false
	}
	headed := false
	var names []lawMention
	for bk, o := range facts.Blocks {
		ob := o.Block
		if ob.Kind != corpus.TableCell || ob.Table != blk.Table {
			continue
		}
		switch {
		case ob.Header && ob.Col == blk.Col:
			for _, w := range lawSentenceWords(o, 0) {
				headed = headed || citeProvisionHeadings[w]
			}
		case !ob.Header && ob.Row == blk.Row && ob.Col == 0:
			for _, m := range lawTermMentions(o, resolved.blocks[bk]) {
				if m.term.Kind == "offence" || m.term.Kind == "order" {
					names = append(names, m)
				}
			}
		}
	}
	if !headed || len(names) == 0 {
		return Finding{}, false
	}
	var nearby []*glossary.Term
	for _, m := range names {
		if m.term != names[0].term {
			return Finding{}, false // the row names several offences
		}
		nearby = lawAppendTerm(nearby, m.term)
	}
	return ix.judgeSource(b, rc, names[0].term, nearby, citeBinding{stated: true, tight: true})
}

// citeProvisionHeadings are words of a table heading over the provisions
// its rows' offences rest on.
var citeProvisionHeadings = map[string]bool{
	"provision": true, "provisions": true, "section": true, "sections": true, "statute": true, "statutory": true,
	"legislation": true, "source": true, "act": true, "law": true, "citation": true, "power": true,
}

// judgeSource reports a citation bound to a term that does not rest on it.
func (ix *lawIndex) judgeSource(b *BlockFacts, rc *lawCitation, t *glossary.Term, nearby []*glossary.Term, how citeBinding) (Finding, bool) {
	text := b.Block.Run.Text
	sent := b.Sentences[b.SentenceAt(rc.Start)]
	if t.Kind != "offence" && t.Kind != "order" && !how.defining {
		// Concepts (a course of conduct, serious alarm or distress) are
		// ingredients of offences and sit next to the offence's section
		// all the time; only "X (s.7(3))", "X is defined in s.7(3)", "s.7(3)
		// defines X" and "X means ... (s.7(3))" cite a concept's own source.
		return Finding{}, false
	}
	var inAct []lawProvision
	for _, pv := range ix.sources[t] {
		if pv.act == rc.act {
			inAct = append(inAct, pv)
		}
	}
	// The term rests on another Act altogether: the citation is about
	// something else (a procedure, a related power), unless it sits
	// right by the term and cites what the glossary knows as another
	// offence's or order's provision, or the term's own section number in
	// the wrong Act ("an SPO (s.360 SA 2020)", "CCB under s.76 DAA 2021").
	var otherAct *lawProvision
	if len(inAct) == 0 {
		if !how.tight || !rc.named || t.Kind != "offence" && t.Kind != "order" {
			return Finding{}, false
		}
		for _, r := range rc.refs() {
			for _, pv := range ix.sources[t] {
				if otherAct == nil && lawSameSection(r.section, pv.section) {
					otherAct = &pv
				}
			}
			for _, o := range ix.owners(r) {
				if o != t && (o.Kind == "offence" || o.Kind == "order") && otherAct == nil {
					pv, _ := ix.offenceSource(t)
					otherAct = &pv
				}
			}
		}
		if otherAct == nil {
			return Finding{}, false
		}
		inAct = ix.sources[t]
	} else {
		// The term's own section number, under the Act cited, lies in
		// another Act: "s.76 of the Domestic Abuse Act 2021".
		for _, r := range rc.refs() {
			for _, pv := range ix.sources[t] {
				if pv.act != rc.act && lawSameSection(r.section, pv.section) && !ix.rests(t, r) && otherAct == nil {
					otherAct = &pv
				}
			}
		}
	}
	for _, r := range rc.refs() {
		for _, nt := range nearby {
			if ix.rests(nt, r) {
				return Finding{}, false
			}
		}
		if rc.inherited && !(rc.Form == legal.FormThisAct && rc.sure) {
			// The Act was inferred: if the term rests on this section of
			// some other Act, or the section is nothing the glossary knows
			// in the inferred Act, the inference is the likelier mistake.
			// ("The Act", written out, means an Act; when only one can be
			// meant, a section it does not have is still wrong.)
			for _, pv := range ix.sources[t] {
				if lawSameSection(r.section, pv.section) {
					return Finding{}, false
				}
			}
			if len(ix.owners(r)) == 0 {
				return Finding{}, false
			}
		} else if rc.inherited {
			for _, pv := range ix.sources[t] {
				if pv.act != rc.act && lawSameSection(r.section, pv.section) {
					return Finding{}, false
				}
			}
		}
		// The cited provision belongs to a more specific offence named
		// after the term ("stalking involving fear of violence", "the
		// either-way harassment offence under s.4").
		for _, o := range ix.owners(r) {
			if o != t && lawContainsWords(strings.ToLower(o.Term), strings.ToLower(t.Term)) || strings.Contains(strings.ToLower(o.Summary), strings.ToLower(t.Term)+" offence") {
				return Finding{}, false
			}
		}
	}

	// Which of the term's sources to suggest: one about an offence when the
	// sentence speaks of one.
	pick := inAct[0]
	for _, pv := range inAct {
		if !strings.Contains(pv.section, "(") {
			pick = pv
			break
		}
	}
	if strings.Contains(strings.ToLower(sent.Text(&b.Block.Run)), "offence") {
		for _, pv := range inAct {
			if strings.Contains(strings.ToLower(pv.src.Note), "offence of") {
				pick = pv
				break
			}
		}
	}
	if otherAct != nil {
		pick = *otherAct
	}
	var want []string
	for _, pv := range inAct {
		covered := false
		for _, o := range inAct {
			if o.section != pv.section && lawSectionWithin(pv.section, o.section) {
				covered = true // "2A(3)" is part of "2A"
			}
		}
		if !covered {
			want = lawAppendUnique(want, lawRefLabel(pv.lawRef))
		}
	}
	if otherAct != nil {
		want = lawAppendUnique(want[:0:0], lawRefLabel(otherAct.lawRef))
	}
	cited := lawRefLabel(lawRef{rc.act, strings.Join(rc.Sections, ", ")})
	var others []string
	for _, r := range rc.refs() {
		for _, o := range ix.mainOwners(r) {
			if o != t {
				others = lawAppendUnique(others, o.Term)
			}
		}
	}
	msg := fmt.Sprintf("%s is cited to %s, but the glossary gives its source as %s", t.Term, cited, strings.Join(want, ", "))
	if len(others) > 0 {
		msg += fmt.Sprintf("; %s is the provision for %s", cited, strings.Join(others, " and "))
	}
	msg += "; cite the provision the term rests on"
	sev, conf := Severity(0), 0.92
	suggest := citeSuggestSection(rc.Lead, pick.section)
	if otherAct != nil {
		suggest = lawRefLabel(pick.lawRef)
		conf = 0.9
	}
	if how.stated {
		// A definition sentence or a table row: plain, but read through
		// its shape rather than the words next to the citation.
		conf = 0.85
	}
	if how.context {
		sev, conf = Warning, 0.7
	}
	if how.inferred {
		msg += " (the citation ends a sentence whose subject is " + t.Term + ")"
		sev, conf = Warning, 0.6
	}
	return Finding{
		Term:       t.ID,
		Severity:   sev,
		Confidence: conf,
		Message:    msg,
		Suggestion: suggest,
		Expected:   pick.act.title + ", s." + pick.section,
		Actual:     text[rc.Start:rc.End],
	}, true
}

// citeDefiningVerbs, right after a sentence's subject, make the sentence
// its definition: "a course of conduct means", "must involve".
var citeDefiningVerbs = map[string]bool{
	"means": true, "involves": true, "requires": true, "consists": true, "comprises": true, "refers": true,
}

// citeDefines reports whether a sentence defines the term m, its subject,
// and cites the definition's source: the citation ends the sentence ("A
// course of conduct must involve conduct on at least two occasions
// (s.7(3))") or opens it ("Under s.7(3), a course of conduct means ...").
func citeDefines(b *BlockFacts, sent corpus.Sentence, rc *lawCitation, m lawMention) bool {
	text := b.Block.Run.Text
	// The subject's verb: "means", "is defined as", "must involve".
	var after []string
	for _, t := range b.Tokens {
		if t.Start >= m.end && t.End <= sent.End {
			after = append(after, t.Surface)
			if len(after) == 3 {
				break
			}
		}
	}
	verb := len(after) > 0 && citeDefiningVerbs[after[0]] ||
		len(after) > 1 && (after[0] == "is" || after[0] == "are") && after[1] == "defined" ||
		len(after) > 1 && (after[0] == "must" || after[0] == "will") && (after[1] == "involve" || after[1] == "consist" || after[1] == "mean" || after[1] == "require")
	if !verb {
		return false
	}
	switch {
	case m.start < rc.Start:
		// The subject opens the sentence and the citation ends it.
		return lawWordsBetween(b, sent.Start, m.start) <= 2 && lawWordsBetween(b, rc.End, sent.End) == 0
	default:
		// "Under s.7(3), a course of conduct means": a lead word, the
		// citation, a comma, and the subject.
		lead := strings.ToLower(strings.TrimSpace(text[sent.Start:rc.Start]))
		switch lead {
		case "under", "by", "according to", "in", "for the purposes of", "as defined in", "by virtue of":
		default:
			return false
		}
		gap := strings.ToLower(strings.TrimSpace(text[rc.End:m.start]))
		for _, g := range []string{",", ", a", ", an", ", the"} {
			if gap == g {
				return true
			}
		}
		return false
	}
}

// citeSubject returns the index of the sentence's subject among the
// mentions: the first term named before the citation, within the first six
// words of the sentence ("In practice, stalking is..."); -1 if none.
func citeSubject(b *BlockFacts, sent corpus.Sentence, rc *lawCitation, mentions []lawMention) int {
	for i, m := range mentions {
		if m.start < sent.Start || m.end > rc.Start {
			continue
		}
		if lawWordsBetween(b, sent.Start, m.start) <= 5 {
			return i
		}
		return -1
	}
	return -1
}

// citeCoordinated reports whether two mentions are the same, or are joined
// by nothing but "and", "or", commas and slashes: "stalking and harassment".
func citeCoordinated(text string, a, b lawMention) bool {
	if a.start == b.start {
		return true
	}
	if b.start < a.start {
		a, b = b, a
	}
	if a.end > b.start {
		return false
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(text[a.end:b.start]), func(r rune) bool { return r == ' ' || r == ',' || r == '/' || r == '&' }) {
		if w != "and" && w != "or" {
			return false
		}
	}
	return true
}

// citeDefiningGap reports whether the words between a concept and a citation
// make the citation the concept's definition.
func citeDefiningGap(gap string, termFirst bool) bool {
	g := strings.Trim(strings.Join(strings.Fields(strings.ToLower(gap)), " "), " ,")
	if termFirst {
		switch g {
		case "(", "defined in", "defined by", "is defined in", "is defined by", "are defined in", "as defined in", "as defined by", "within the meaning of", "is defined at":
			return true
		}
		return false
	}
	switch g {
	case "defines", "defines a", "defines an", "defines the", "which defines", "which defines a":
		return true
	}
	return false
}

// citeSuggestSection writes a section the way the citation did: "section 2A"
// for "section 2", "s.2A" for "s 2".
func citeSuggestSection(lead, section string) string {
	l := strings.ToLower(lead)
	if strings.HasPrefix(l, "section") {
		if strings.Contains(section, "-") {
			return "sections " + strings.Replace(section, "-", " to ", 1)
		}
		return "section " + section
	}
	if strings.Contains(section, "-") {
		return "ss." + section
	}
	return "s." + section
}

// lawContainsWords reports whether the words of needle appear in order, as
// whole words, in hay.
func lawContainsWords(hay, needle string) bool {
	return lawContainsFields(strings.Fields(hay), strings.Fields(needle))
}

// lawContainsFields is lawContainsWords on words already split.
func lawContainsFields(h, n []string) bool {
	if len(n) == 0 {
		return false
	}
	for i := 0; i+len(n) <= len(h); i++ {
		if slices.Equal(h[i:i+len(n)], n) {
			return true
		}
	}
	return false
}

// misnamedAct reports an Act name that is a near miss of a glossary Act or a
// glossary Act with the wrong year.
func (ix *lawIndex) misnamedAct(b *BlockFacts, rc *lawCitation, yearSlack int) (Finding, bool) {
	if rc.ActName == "" || (rc.Form != legal.FormTitle && rc.Form != legal.FormShort) {
		return Finding{}, false
	}
	if rc.act != nil && (rc.Year == 0 || rc.Year == rc.act.year) {
		return Finding{}, false
	}
	// deprecated-term already reports phrases the glossary deprecates
	// ("Protection of Harassment Act").
	for _, m := range b.Matches {
		if m.Entry.Kind == glossary.KindDeprecated && m.Start < rc.ActEnd && rc.ActStart < m.End {
			return Finding{}, false
		}
	}
	written := rc.ActName
	var found *lawAct
	wrongYear := false
	if rc.Form == legal.FormShort {
		base, year := lawSplitYear(written)
		a := ix.byAcronym[strings.ToLower(base)]
		if a == nil || year == 0 || a.year == 0 || year == a.year {
			return Finding{}, false
		}
		if lawAbsDiff(year, a.year) <= yearSlack || ix.corroborates(rc, a) {
			found, wrongYear = a, true
		}
	} else {
		w := lawTitleWords(written)
		for _, a := range ix.acts {
			if a.term == nil || a.year == 0 {
				continue
			}
			if slices.Equal(w, a.words) {
				if rc.Year != 0 && rc.Year != a.year && (lawAbsDiff(rc.Year, a.year) <= yearSlack || ix.corroborates(rc, a)) {
					found, wrongYear = a, true
					break
				}
				continue
			}
			if (rc.Year == 0 || rc.Year == a.year) && citeNearMissTitle(w, a.words, rc.Year != 0) {
				found = a
				break
			}
		}
	}
	if found == nil {
		return Finding{}, false
	}
	f := Finding{Term: found.term.ID, Expected: found.title, Actual: written, Suggestion: found.title}
	if wrongYear {
		f.Message = fmt.Sprintf("%q gives the wrong year: the glossary knows the %s; a wrong year sends the reader to a different Act or none", written, found.title)
		if rc.Form == legal.FormShort {
			f.Suggestion = found.label
		}
	} else {
		f.Message = fmt.Sprintf("%q is not an Act the glossary knows; it looks like a misnaming of the %s, which is how citations must name it", written, found.title)
	}
	return f, true
}

func lawAbsDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// corroborates reports whether a citation with the wrong year cites a
// section that is a glossary source under the Act it resembles, so the year
// is a slip rather than another Act of the same name.
func (ix *lawIndex) corroborates(rc *lawCitation, a *lawAct) bool {
	for _, s := range rc.Sections {
		if len(ix.owners(lawRef{a, s})) > 0 {
			return true
		}
	}
	return false
}

// citeNearMissTitle reports whether an Act name differs from a known title by
// one word: a connector changed, added or dropped ("Protection against
// Harassment"), a misspelt word ("Harrasment"), or, when the year matches and
// the title has two or more content words, one content word changed
// ("Stalking Prevention Act 2019").
func citeNearMissTitle(w, title []string, yearMatches bool) bool {
	content := 0
	for _, x := range title {
		if !actConnectors[x] {
			content++
		}
	}
	switch {
	case len(w) == len(title):
		diff := -1
		for i := range w {
			if w[i] != title[i] {
				if diff >= 0 {
					return false
				}
				diff = i
			}
		}
		if diff < 0 {
			return false
		}
		a, b := w[diff], title[diff]
		switch {
		case actConnectors[a] && actConnectors[b]:
			return true
		case distance(a, b) <= max(1, len(b)/4) && len(b) >= 4:
			return true
		case !actConnectors[a] && !actConnectors[b] && content >= 2 && yearMatches:
			return true
		}
	case len(w) == len(title)+1 || len(w)+1 == len(title):
		long, short := w, title
		if len(title) > len(w) {
			long, short = title, w
		}
		i := 0
		for i < len(short) && long[i] == short[i] {
			i++
		}
		if !slices.Equal(long[i+1:], short[i:]) {
			return false
		}
		extra := long[i]
		if actConnectors[extra] {
			return true
		}
		return yearMatches && content >= 2 && len(short) >= 2
	}
	return false
}

// connectors are the small words inside Act titles.
var actConnectors = map[string]bool{"of": true, "from": true, "and": true, "for": true, "against": true, "on": true, "in": true, "to": true, "the": true}

// citeAuthorityLead matches the words that put a document under the power
// that authorises it, just before a citation.
var citeAuthorityLead = regexp.MustCompile(`(?i)\b(?:issued|published|given|laid|prepared|produced|approved)\s+(?:\w+\s+){0,2}?(?:under|in accordance with|by virtue of|pursuant to)\s*$`)

// citeAuthority reports whether the text before a citation says it is the
// power under which a document is issued.
func citeAuthority(before string) bool { return citeAuthorityLead.MatchString(before) }

// citeHeadNoun ends the text before a term that is the object of another
// noun: the citation after it belongs to that noun ("the defences to", "the
// civil remedy for", "the power to make orders on").
// citeOffenceFrame ends the words before a citation that makes it the
// source of the sentence's subject as plainly as a bracket beside it would:
// "X, towards a partner or family member, is an offence under s.76".
var citeOffenceFrame = regexp.MustCompile(`(?i)\b(?:is|are)\s+(?:a|an)\s+(?:criminal\s+|separate\s+|specific\s+)?offences?\s+(?:under|contrary\s+to)\s*$`)

var citeHeadNoun = regexp.MustCompile(`(?i)\b(?:defen[cs]es?|remed(?:y|ies)|powers?|procedures?|time limits?|rights?|claims?|injunctions?|damages|exceptions?|guidance|provisions?|protocol|code|rules?|dut(?:y|ies)|appeals?|costs?)\s+(?:\w+\s+){0,2}?(?:to|for|of|against|on|in|about)\s+(?:the\s+|an?\s+)?["'“‘]?$`)

// citesEntryTerm reports whether a citation is a source of the term a
// block's section heading names on its own ("### Stalking" over a gloss
// that ends "(section 2A of the 1997 Act)").
func (ix *lawIndex) citesEntryTerm(b *BlockFacts, rc *lawCitation) bool {
	sec := b.Block.Section
	if sec == nil || sec.Heading == nil || rc.act == nil {
		return false
	}
	h := strings.ToLower(strings.Trim(strings.TrimSpace(sec.Heading.Text), "*_"))
	for t, pvs := range ix.sources {
		if strings.ToLower(t.Term) != h {
			continue
		}
		for _, pv := range pvs {
			for _, r := range rc.refs() {
				if pv.lawRef.act == r.act && strings.HasPrefix(r.section, pv.lawRef.section) {
					return true
				}
			}
		}
	}
	return false
}
