package legal

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/rx"
)

// DocActs remembers the Acts a document has named so far, for "the 1997
// Act" and for citations whose Act is only clear from the document.
type DocActs struct {
	named []docAct
	// defined is the Act the document defines as "the Act" ("the
	// Protection from Harassment Act 1997 (\"the Act\")"), if any.
	defined *Act
}

type docAct struct {
	year int
	act  *Act // nil for an Act the glossary does not know
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
func (ctx *DocActs) thisAct(section *corpus.Section) *Act {
	if ctx.defined != nil {
		return ctx.defined
	}
	one := func(inSection bool) (*Act, bool) {
		var found *docAct
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
func (ix *Index) resolveName(c Citation, ctx *DocActs) (act *Act, named bool) {
	switch c.Form {
	case FormTitle:
		key := normAct(c.ActName)
		if a := ix.byTitle[key]; a != nil {
			return a, true
		}
		if a := ix.byShort[key]; a != nil {
			return a, true
		}
		if c.Year == 0 {
			w := TitleWords(c.ActName)
			var found *Act
			for _, a := range ix.Acts {
				if slices.Equal(w, a.Words) {
					if found != nil {
						return nil, true
					}
					found = a
				}
			}
			return found, true
		}
		return nil, true
	case FormShort:
		key := normAct(c.ActName)
		if a := ix.byShort[key]; a != nil {
			return a, true
		}
		base, year := SplitYear(c.ActName)
		if a := ix.ByAcronym[strings.ToLower(base)]; a != nil && (year == 0 || year == a.Year) {
			return a, true
		}
		return nil, true
	case FormYearAct:
		if ctx != nil {
			for k := len(ctx.named) - 1; k >= 0; k-- {
				if ctx.named[k].year == c.Year {
					return ctx.named[k].act, true
				}
			}
		}
		if a := ix.byShort[normAct(c.ActName)]; a != nil {
			return a, true
		}
		var found *Act
		for _, a := range ix.Acts {
			if a.Year == c.Year && a.Term != nil {
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

// Resolved is a parsed citation with its Act resolved.
type Resolved struct {
	Citation
	Act *Act
	// named: the citation names its Act; inherited: the Act came from an
	// earlier citation in the same block.
	Named, Inherited bool
	// sure is set for an inherited Act that leaves no doubt: named earlier
	// in the same sentence, or the only Act the block has named so far.
	Sure bool
	// context is set for "the Act" resolved from earlier paragraphs: the
	// one Act the section or document names, which is likely but read
	// from afar.
	Context bool
}

// resolveBlock parses and resolves the citations of one block, and records
// the Acts it names in ctx. Blocks must be resolved in document order.
func (ix *Index) resolveBlock(b *restate.BlockFacts, ctx *DocActs) []*Resolved {
	cites := ParseCitations(b.Block.Run.Text)
	if len(cites) == 0 {
		return nil
	}
	// One allocation for the block's citations, not one each.
	all := make([]Resolved, len(cites))
	out := make([]*Resolved, 0, len(cites))
	var last *Act
	lastSentence := -1
	haveLast, several := false, false
	section := b.Block.Section
	if section != nil {
		section = section.Top()
	}
	for i, c := range cites {
		rc := &all[i]
		rc.Citation = c
		a, named := ix.resolveName(c, ctx)
		k := b.SentenceAt(c.Start)
		if c.Form == FormThisAct && (!haveLast || ctx.defined != nil) {
			// "section 7 of the Act" in a paragraph that names no Act:
			// the Act the section, or else the document, is about (or
			// the one it defines as "the Act").
			if a := ctx.thisAct(section); a != nil {
				rc.Act, rc.Inherited, rc.Sure, rc.Context = a, true, true, !haveLast
			}
			out = append(out, rc)
			continue
		}
		if named {
			rc.Act, rc.Named = a, true
			from := 0
			if len(b.Sentences) > 0 {
				from = min(b.Sentences[k].Start, c.Start)
			}
			aside := actAside(b.Block.Run.Text[from:c.Start])
			if !aside {
				if haveLast && a != last {
					several = true
				}
				last, haveLast, lastSentence = a, true, k
			}
			if c.Year != 0 && c.Form != FormYearAct {
				ctx.named = append(ctx.named, docAct{c.Year, a, section, aside})
			} else if a != nil {
				ctx.named = append(ctx.named, docAct{a.Year, a, section, aside})
			}
			if a != nil && definesTheAct(b.Block.Run.Text[c.End:]) {
				ctx.defined = a
			}
		} else if haveLast {
			rc.Act, rc.Inherited = last, true
			rc.Sure = !several || lastSentence == k
		}
		out = append(out, rc)
	}
	return out
}

// asideLead matches the words that name an Act only as the one that
// changed another, just before it: "as amended by", "inserted by".
var asideLead = rx.MustCompile(`(?i)\b(?:amended|inserted|substituted|added|introduced|repealed|modified)\s+by\s*(?:the\s*)?$`)

// actAside reports whether the text before an Act's name names it only
// as the Act that changed another.
//
// Every match ends in "by", or in "by" and "the", with white space
// (\s) between and after: the regexp is run only when the text ends so.
// Neither word has a letter that (?i) matches outside ASCII (only k and s
// do), so an ASCII comparison finds them in every case the regexp does.
func actAside(before string) bool {
	t := trimRightRegexpSpace(before)
	if !hasSuffixFold(t, "by") && !(hasSuffixFold(t, "the") && hasSuffixFold(trimRightRegexpSpace(t[:len(t)-3]), "by")) {
		return false
	}
	return asideLead.MatchString(before)
}

// isRegexpSpace reports whether c is a byte \s matches.
func isRegexpSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// trimRightRegexpSpace cuts the bytes \s matches from the end of s.
func trimRightRegexpSpace(s string) string {
	for len(s) > 0 && isRegexpSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// hasSuffixFold reports whether s ends in the lower-case ASCII w, ASCII
// letters in either case.
func hasSuffixFold(s, w string) bool { return len(s) >= len(w) && foldAt(s, len(s)-len(w), w) }

// theActDef matches a definition of "the Act" right after an Act's
// name: ` ("the Act")`, `, the Act,`, ` (the Act)`.
var theActDef = rx.MustCompile(`^\s*[(,]\s*(?:hereafter\s+|hereinafter\s+)?["“'‘]?the Act["”'’]?\s*[),]`)

// definesTheAct reports whether the text after an Act's name defines it
// as "the Act".
//
// Every match opens with white space (\s) and then "(" or ",": the
// regexp, which would otherwise search the rest of the block for "the
// act", is run only when the text opens so.
func definesTheAct(after string) bool {
	i := 0
	for i < len(after) && isRegexpSpace(after[i]) {
		i++
	}
	if i == len(after) || after[i] != '(' && after[i] != ',' {
		return false
	}
	return theActDef.MatchString(after)
}

// DocCites is a document's citations resolved block by block, with the
// Acts the document had named by the end of each block.
type DocCites struct {
	ix     *Index
	facts  *restate.DocFacts
	rule   string        // the rule that resolved them
	Blocks [][]*Resolved // by block of facts
	named  []int         // by block: how many of ctx.named it had named
	// defined is by block the Act the document had defined as "the Act".
	defined []*Act
	ctx     DocActs // the whole document's
}

// ActsAfter is what ctx held when block k had been resolved.
func (dc *DocCites) ActsAfter(k int) *DocActs {
	return &DocActs{named: dc.ctx.named[:dc.named[k]:dc.named[k]], defined: dc.defined[k]}
}

// handOff hands a document's resolved citations from citation-mismatch to
// penalty-mismatch (or back, whichever runs first): parsing and resolving
// every block of every document was the larger part of both rules, and the
// result is the same for both. The engine runs one document's rules one
// after another on one goroutine, so at most one document per goroutine is
// waiting for the second rule; the slots are a bound on memory, not a
// cache to tune, and a miss only means resolving again.
var handOff struct {
	mu    sync.Mutex
	slots [64]*DocCites
	next  int
}

// ResolveDoc returns the resolved citations of a document: those the other
// law rule left, taking them, or else resolved here and left for it. A
// rule never takes its own, so each rule run alone (or twice) resolves
// every time.
func (ix *Index) ResolveDoc(rule string, facts *restate.DocFacts) *DocCites {
	handOff.mu.Lock()
	for k, dc := range handOff.slots {
		if dc != nil && dc.facts == facts && dc.ix == ix && dc.rule != rule {
			handOff.slots[k] = nil
			handOff.mu.Unlock()
			return dc
		}
	}
	handOff.mu.Unlock()

	dc := &DocCites{ix: ix, facts: facts, rule: rule, Blocks: make([][]*Resolved, len(facts.Blocks)), named: make([]int, len(facts.Blocks)), defined: make([]*Act, len(facts.Blocks))}
	for k, b := range facts.Blocks {
		dc.Blocks[k] = ix.resolveBlock(b, &dc.ctx)
		dc.named[k] = len(dc.ctx.named)
		dc.defined[k] = dc.ctx.defined
	}

	handOff.mu.Lock()
	slot := -1
	for k, old := range handOff.slots {
		if old != nil && old.facts == facts && old.ix == ix {
			slot = k // this rule run again: replace its own
		}
	}
	if slot < 0 {
		slot = handOff.next
		handOff.next = (handOff.next + 1) % len(handOff.slots)
	}
	handOff.slots[slot] = dc
	handOff.mu.Unlock()
	return dc
}

// Refs are the provisions a citation cites under its resolved Act.
func (rc *Resolved) Refs() []Ref {
	if rc.Act == nil {
		return nil
	}
	out := make([]Ref, 0, len(rc.Sections))
	for _, s := range rc.Sections {
		out = append(out, Ref{rc.Act, s})
	}
	return out
}

// Owners are the terms whose sources include a provision (same section,
// any subsection).
func (ix *Index) Owners(r Ref) []*glossary.Term {
	var out []*glossary.Term
	var rs secSpan
	parsed := false
	for _, pv := range ix.provisions {
		if pv.Act != r.Act {
			continue
		}
		if !parsed {
			rs, parsed = parseSection(r.Section), true
		}
		if sameSpan(rs, pv.span) && !slices.Contains(out, pv.term) {
			out = append(out, pv.term)
		}
	}
	return out
}

// MainOwners are the terms a provision is chiefly the source of, for
// messages: those citing the section itself rather than a subsection, and
// offences and orders before concepts; at most two.
func (ix *Index) MainOwners(r Ref) []*glossary.Term {
	var exact, offences, all []*glossary.Term
	rs := parseSection(r.Section)
	for _, pv := range ix.provisions {
		if pv.Act != r.Act || !sameSpan(rs, pv.span) {
			continue
		}
		main := pv.term.Kind == "offence" || pv.term.Kind == "order"
		all = appendNew(all, pv.term)
		if main {
			offences = appendNew(offences, pv.term)
			if !strings.Contains(pv.Section, "(") {
				exact = appendNew(exact, pv.term)
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

// appendNew appends x unless xs holds it.
func appendNew[T comparable](xs []T, x T) []T {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// GapBreaksClause reports whether the text between a term and a citation
// starts a new clause, so the citation is not the term's: a semicolon or
// colon, a comma before "and", "or", "but", "which", "where", "while" or
// "when", or any comma when the term comes after the citation ("s.1 of the
// 2019 Act, and an interim SPO").
func GapBreaksClause(gap string, termAfter bool) bool {
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

// Rests reports whether a term rests on a provision: the same section, any
// subsection, except a subsection of its section that is another term's
// own ("a course of conduct", s.7(3), does not rest on s.7(2), which is
// harassment's).
func (ix *Index) Rests(t *glossary.Term, r Ref) bool {
	rs := parseSection(r.Section)
	for _, pv := range ix.Sources[t] {
		if pv.Act == r.Act && sameSpan(rs, pv.span) && !ix.otherSubsection(t, pv, r) {
			return true
		}
	}
	return false
}

// otherSubsection reports whether r cites a subsection of pv's section that
// is neither within pv nor around it, and is another term's own source.
func (ix *Index) otherSubsection(t *glossary.Term, pv Provision, r Ref) bool {
	if pv.span.subs == "" || !strings.Contains(r.Section, "(") || SectionWithin(r.Section, pv.Section) || SectionWithin(pv.Section, r.Section) {
		return false
	}
	for _, o := range ix.provisions {
		if o.term != t && o.Act == r.Act && o.span.subs != "" && SectionWithin(r.Section, o.Section) {
			return true
		}
	}
	return false
}

// Mention is a glossary term named in a block.
type Mention struct {
	Term       *glossary.Term
	Start, End int
}

// TermMentions lists the terms (not Acts) a block names, leaving out words
// inside citations ("harassment" in "Protection from Harassment Act").
func TermMentions(b *restate.BlockFacts, cites []*Resolved) []Mention {
	var out []Mention
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
			out = append(out, Mention{t, m.Start, m.End})
		}
	}
	return out
}

// BreachMentions reads an order named as the object of a breach word
// ("breaching an interim Stalking Protection Order", "breaches the SPO") as
// the offence of breaching it, which is what a citation next to it cites.
func (ix *Index) BreachMentions(g *glossary.Glossary, b *restate.BlockFacts, mentions []Mention) []Mention {
	var breachOf map[*glossary.Term]*glossary.Term
	toks := b.Tokens
	k, prev := 0, 0 // k: the first token starting at or after prev
	for i, m := range mentions {
		// Only the last four words before the mention can have at most
		// three between them and it; the block's earlier words are not
		// read for every mention. k is the first token starting at or
		// after the mention, found by a binary search written out (a
		// block names few terms among many words, and sort.Search called
		// a function for every step); mentions come in the order of the
		// text, so the search starts from the last one's.
		if m.Start < prev {
			k = 0
		}
		for hi := len(toks); k < hi; {
			h := int(uint(k+hi) >> 1)
			if toks[h].Start < m.Start {
				k = h + 1
			} else {
				hi = h
			}
		}
		prev = m.Start
		for _, t := range toks[max(0, k-4):k] {
			if t.End > m.Start || !IsBreachWord(t.Surface) || WordsBetween(b, t.End, m.Start) > 3 || b.SentenceAt(t.Start) != b.SentenceAt(m.Start) ||
				strings.ContainsAny(b.Block.Run.Text[t.End:m.Start], ",;:()") {
				continue
			}
			if breachOf == nil {
				breachOf = ix.BreachOffences(g)
			}
			if o := breachOf[m.Term]; o != nil {
				mentions[i] = Mention{o, t.Start, m.End}
			}
		}
	}
	return mentions
}

// WordsBetween counts analysed words in [from, to) of a block.
func WordsBetween(b *restate.BlockFacts, from, to int) int {
	lo := sort.Search(len(b.Tokens), func(i int) bool { return b.Tokens[i].Start >= from })
	hi := sort.Search(len(b.Tokens), func(i int) bool { return b.Tokens[i].Start >= to })
	return hi - lo
}
