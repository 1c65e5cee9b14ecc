package rules

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/legal"
)

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
