package site

import (
	"sort"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

// A run the term linker looks at is, word for word, a piece of a block the
// checker has already analysed: the checker joins the same text nodes the
// same way, and only goes on through the links, code and line breaks where a
// run stops. Analysing every run again doubled the cost of publishing a
// document, so knownBlocks.matches takes the run's glossary matches from the
// checker's instead, whenever that is provably what analysing the run would
// give, and reports false otherwise so that the caller analyses the run.
//
// It is provable when all of these hold, T being the block's text and the
// run being T[x:y]:
//
//   - T is valid UTF-8. The word segmenter stops for good at a byte sequence
//     it cannot read, so an invalid T may have no tokens past some point
//     where the run, read alone, has.
//   - Each end of the run that is not an end of T is a wordBoundary: an ASCII
//     space on one side and ASCII on the other. No segmenter rule joins a
//     space to the character before it or an ASCII character to a space
//     before it, and the segmenter starts afresh at every segment, so T's
//     segments inside [x, y) are exactly the run's, and T's tokens there are
//     the run's tokens moved by x. (TestRunTokensAreBlockTokens checks this.)
//   - No match of T starts before x and ends after it, or starts before y
//     and ends after it. The matcher reads tokens left to right and takes
//     the longest wording at each; with the same tokens, and no match of T
//     running over either end, it stops at the same places in the run as in
//     T and picks the same wordings, since the wordings it can pick in the
//     run are those of T that end inside it, tried in the same order.
type knownBlocks struct {
	blocks []*rules.BlockFacts // by start in the source
	valid  []int8              // per block: 0 unknown, 1 valid UTF-8, -1 not
}

func newKnownBlocks(df *rules.DocFacts) *knownBlocks {
	if df == nil {
		return nil
	}
	k := &knownBlocks{blocks: append([]*rules.BlockFacts(nil), df.Blocks...)}
	sort.SliceStable(k.blocks, func(i, j int) bool { return k.blocks[i].Block.Start < k.blocks[j].Block.Start })
	k.valid = make([]int8, len(k.blocks))
	return k
}

// termHit is a glossary wording found in a run: byte offsets into the run.
type termHit struct {
	entry      *glossary.Entry
	start, end int
}

// findTerms returns the glossary wordings in a run, leftmost and longest
// first, as the matcher finds them in analysis.Analyze(s).
func (c *docContext) findTerms(r *run, s string) []termHit {
	if hits, ok := c.known.matches(r, s); ok {
		return hits
	}
	ms := c.matcher.Find(s, analysis.Analyze(s))
	hits := make([]termHit, len(ms))
	for i, m := range ms {
		hits[i] = termHit{entry: m.Entry, start: m.Start, end: m.End}
	}
	return hits
}

// matches returns the run's matches from its block's, or false when they
// cannot be shown to be the same (see knownBlocks).
func (k *knownBlocks) matches(r *run, s string) ([]termHit, bool) {
	if k == nil || len(r.pieces) == 0 || s == "" {
		return nil, false
	}
	src := r.pieces[0].t.Segment.Start
	i := sort.Search(len(k.blocks), func(i int) bool { return k.blocks[i].Block.Start > src }) - 1
	if i < 0 {
		return nil, false
	}
	bf := k.blocks[i]
	text := bf.Block.Run.Text
	x, ok := runOffset(bf, src, s)
	if !ok {
		return nil, false
	}
	y := x + len(s)
	if !wordBoundary(text, x) || !wordBoundary(text, y) {
		return nil, false
	}
	if k.valid[i] == 0 {
		k.valid[i] = -1
		if utf8.ValidString(text) {
			k.valid[i] = 1
		}
	}
	if k.valid[i] < 0 {
		return nil, false
	}
	var hits []termHit
	for _, m := range bf.Matches {
		if m.End <= x {
			continue
		}
		if m.Start >= y {
			break
		}
		if m.Start < x || m.End > y {
			return nil, false
		}
		hits = append(hits, termHit{entry: m.Entry, start: m.Start - x, end: m.End - x})
	}
	return hits, true
}

// runOffset finds where in its block's text a run starting at source offset
// src lies, and checks that the text there is the run's.
func runOffset(bf *rules.BlockFacts, src int, s string) (int, bool) {
	run := &bf.Block.Run
	text := run.Text
	n := min(run.Len(), len(text))
	x := sort.Search(n, func(i int) bool { return run.Offset(i) >= src })
	// Bytes the parser made up (the space for a line break, an entity's
	// text) map to a neighbour's offset, so more than one may map to src.
	for ; x < n && run.Offset(x) == src; x++ {
		if len(text)-x >= len(s) && text[x:x+len(s)] == s {
			return x, true
		}
	}
	return 0, false
}

// wordBoundary reports whether no word segment of text can cross offset p
// and the segmenter starts afresh there: p is an end of the text, or an ASCII
// space meets ASCII.
func wordBoundary(text string, p int) bool {
	if p <= 0 || p >= len(text) {
		return true
	}
	a, b := text[p-1], text[p]
	return a < utf8.RuneSelf && b < utf8.RuneSelf && (a == ' ' || b == ' ')
}
