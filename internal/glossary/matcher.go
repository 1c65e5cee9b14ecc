package glossary

import (
	"strings"
	"unicode"

	"github.com/concord-guidance/concord/internal/analysis"
)

// EntryKind says what a matched wording is to its term.
type EntryKind int

const (
	KindTerm EntryKind = iota
	KindAlias
	KindExpansion
	KindAcronym
	KindPhrase
	KindExcept // a longer wording that contains a deprecated phrase and is fine
	KindDeprecated
)

func (k EntryKind) String() string {
	return [...]string{"term", "alias", "expansion", "acronym", "phrase", "except", "deprecated"}[k]
}

// Entry is one wording the matcher knows.
type Entry struct {
	Kind       EntryKind
	Term       *Term
	Text       string   // as written in the glossary
	Stems      []string // analysed form
	exact      []string // per token: the exact-case prefix required (acronyms), or ""
	Deprecated *Deprecated
	Phrase     *Phrase
}

// Match is an entry found in text. First and Last index the token slice
// (Last exclusive); Start and End are byte offsets in the text.
type Match struct {
	Entry       *Entry
	First, Last int
	Start, End  int
}

// Matcher finds every glossary wording in analysed text in one left-to-right
// pass over a trie of stems: at each token the longest wording wins, so a
// preferred term is never flagged for containing a deprecated phrase.
type Matcher struct {
	root    *trieNode
	entries []*Entry

	// byFirst[c] and byLast[c] have bit len%64 set for each stem that
	// starts a wording, of that length, starting or ending with byte c.
	// Most tokens start no wording, and these reject nearly all of them
	// without hashing the term for root's map, which was most of Find.
	byFirst, byLast [256]uint64
	// rootByID is root's children by the analysis's number of their stem
	// (analysis.WordID), which tokens carry: a token numbered by the
	// analysis finds whether it starts a wording by an index.
	rootByID []*trieNode
}

type trieNode struct {
	next    analysis.Children[*trieNode]
	entries []*Entry
}

// NewMatcher builds the matcher for a glossary.
func NewMatcher(g *Glossary) *Matcher {
	m := &Matcher{root: &trieNode{}}
	for _, t := range g.Terms {
		m.add(&Entry{Kind: KindTerm, Term: t, Text: t.Term})
		for _, a := range t.Aliases {
			m.add(&Entry{Kind: KindAlias, Term: t, Text: a})
		}
		if t.Expansion != "" {
			m.add(&Entry{Kind: KindExpansion, Term: t, Text: t.Expansion})
		}
		for _, ad := range t.Admitted {
			// An admitted expansion names the term as the preferred one
			// does, and as the longer wording it keeps a deprecated
			// phrase inside it ("domestic violence") from being flagged.
			m.add(&Entry{Kind: KindExpansion, Term: t, Text: ad.Expansion})
		}
		if t.Acronym != "" {
			m.add(&Entry{Kind: KindAcronym, Term: t, Text: t.Acronym})
		}
		for i := range t.Phrases {
			m.add(&Entry{Kind: KindPhrase, Term: t, Text: t.Phrases[i].Text, Phrase: &t.Phrases[i]})
		}
		for i := range t.Deprecated {
			d := &t.Deprecated[i]
			m.add(&Entry{Kind: KindDeprecated, Term: t, Text: d.Phrase, Deprecated: d})
			for _, e := range d.Except {
				m.add(&Entry{Kind: KindExcept, Term: t, Text: e, Deprecated: d})
			}
			for _, a := range d.Accepted {
				m.add(&Entry{Kind: KindExcept, Term: t, Text: a.Name, Deprecated: d})
			}
		}
	}
	return m
}

func (m *Matcher) add(e *Entry) {
	toks := analysis.Analyze(e.Text)
	if len(toks) == 0 {
		return
	}
	e.Stems = make([]string, len(toks))
	e.exact = make([]string, len(toks))
	for i, tk := range toks {
		e.Stems[i] = tk.Term
		if w := e.Text[tk.Start:tk.End]; isAcronymWord(w) {
			e.exact[i] = w
		}
	}
	// Find never filters an empty term, so an empty stem needs no bits.
	if first := e.Stems[0]; first != "" {
		bit := uint64(1) << (len(first) % 64)
		m.byFirst[first[0]] |= bit
		m.byLast[first[len(first)-1]] |= bit
	}
	n := m.root
	for _, s := range e.Stems {
		n = n.next.Add(s, func() *trieNode { return &trieNode{} })
	}
	n.entries = append(n.entries, e)
	m.entries = append(m.entries, e)
	if id := analysis.WordID(e.Stems[0]); id != 0 {
		m.rootByID = append(m.rootByID, make([]*trieNode, max(0, int(id)+1-len(m.rootByID)))...)
		m.rootByID[id] = m.root.next.Stem(e.Stems[0])
	}
}

// starting returns the trie node of the wordings that t's stem starts, or
// nil.
func (m *Matcher) starting(t *analysis.Token) *trieNode {
	if id := t.TermID; id != 0 {
		if int(id) < len(m.rootByID) {
			return m.rootByID[id]
		}
		return nil
	}
	if w := t.Term; w != "" {
		bit := uint64(1) << (len(w) % 64)
		if m.byFirst[w[0]]&bit == 0 || m.byLast[w[len(w)-1]]&bit == 0 {
			return nil
		}
	}
	return m.root.next.Stem(t.Term)
}

// Entries lists every wording, in glossary order.
func (m *Matcher) Entries() []*Entry { return m.entries }

// isAcronymWord reports whether a word is written in capitals (two or more
// letters, all upper case), so that "FOUR" the mnemonic is not "four" the number.
func isAcronymWord(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// Find returns the non-overlapping wordings in text, leftmost and then
// longest first. toks must be analysis.Analyze(text).
func (m *Matcher) Find(text string, toks []analysis.Token) []Match {
	var out []Match
	roots := m.rootByID
	for i := 0; i < len(toks); {
		// Most tokens carry a number and start no wording: passed by in
		// a loop of their own.
		for i < len(toks) {
			id := toks[i].TermID
			if id == 0 || uint(id) < uint(len(roots)) && roots[id] != nil {
				break
			}
			i++
		}
		if i == len(toks) {
			break
		}
		var n *trieNode
		if id := toks[i].TermID; id != 0 {
			// starting's common case, inline: most tokens of a block
			// carry a number and start no wording.
			if int(id) < len(m.rootByID) {
				n = m.rootByID[id]
			}
		} else {
			n = m.starting(&toks[i])
		}
		if n == nil {
			i++
			continue
		}
		best, bestLast := (*Entry)(nil), 0
		for j := i; j < len(toks) && n != nil; j++ {
			if j > i {
				n = n.next.Of(&toks[j])
				if n == nil {
					break
				}
			}
			for _, e := range n.entries {
				if e.fits(text, toks[i:j+1]) && (best == nil || j+1 > bestLast || (j+1 == bestLast && e.Kind < best.Kind)) {
					best, bestLast = e, j+1
				}
			}
		}
		if best == nil {
			i++
			continue
		}
		if out == nil {
			// A block that matches at all mostly matches more than once:
			// in BenchmarkFind this halves the allocations of growing
			// from one, and a block with no match still allocates nothing.
			out = make([]Match, 0, 4)
		}
		out = append(out, Match{Entry: best, First: i, Last: bestLast, Start: toks[i].Start, End: toks[bestLast-1].End})
		i = bestLast
	}
	return out
}

func (e *Entry) fits(text string, toks []analysis.Token) bool {
	for i, tk := range toks {
		if x := e.exact[i]; x != "" && !strings.HasPrefix(text[tk.Start:tk.End], x) {
			return false
		}
	}
	// Across a sentence or clause break the words are not one phrase.
	for i := 1; i < len(toks); i++ {
		if gap := text[toks[i-1].End:toks[i].Start]; strings.ContainsAny(gap, ".;:!?()[]|") {
			return false
		}
	}
	return true
}
