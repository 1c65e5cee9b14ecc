// Package restate holds the shared analysis of a document, its tokens,
// glossary matches and sentences block by block (DocFacts), and the
// restatement detector on top of it: the places where a document says what
// a glossary term means (Find), what each sets out to do (Reading), and how
// close it comes to the glossary's wording (Compare). Four rules, the site
// and drift read the same analysis. It judges nothing: deciding which
// restatement is a finding is the rules' job.
package restate

import (
	"sort"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// Analyse returns the shared analysis of one document: tokens, glossary
// matches and sentences of every block, and the restatements found in them.
func Analyse(g *glossary.Glossary, d *corpus.Document) *DocFacts {
	df := &DocFacts{Doc: d}
	for _, b := range d.Blocks {
		bf := &BlockFacts{Block: b, Tokens: analysis.Analyze(b.Run.Text), Sentences: b.Run.Sentences()}
		bf.Matches = g.Matcher.Find(b.Run.Text, bf.Tokens)
		df.Blocks = append(df.Blocks, bf)
	}
	df.Restatements = Find(df, g)
	return df
}

// AnalyseInto is Analyse with every block's tokens in buf's memory, which
// it returns (grown if need be) for the caller to hand to the next
// document once nothing reads this one's tokens any more. The tokens are
// most of what a check allocates: a streamed check, which drops each
// document's analysis once its rules have run, reuses one buffer a worker.
func AnalyseInto(g *glossary.Glossary, d *corpus.Document, buf []analysis.Token) (*DocFacts, []analysis.Token) {
	df := &DocFacts{Doc: d, Blocks: make([]*BlockFacts, len(d.Blocks))}
	bfs := make([]BlockFacts, len(d.Blocks))
	ends := make([]int, len(d.Blocks))
	if buf == nil {
		buf = make([]analysis.Token, 0, 1024)
	}
	buf = buf[:0]
	for i, b := range d.Blocks {
		buf = analysis.AppendAnalyze(buf, b.Run.Text)
		ends[i] = len(buf)
	}
	start := 0
	for i, b := range d.Blocks {
		bf := &bfs[i]
		// The capacity ends at the block's last token, so that a reader
		// appending to a block's tokens cannot write over the next
		// block's.
		bf.Block, bf.Tokens, bf.Sentences = b, buf[start:ends[i]:ends[i]], b.Run.Sentences()
		bf.Matches = g.Matcher.Find(b.Run.Text, bf.Tokens)
		df.Blocks[i] = bf
		start = ends[i]
	}
	df.Restatements = Find(df, g)
	return df, buf
}

// BlockFacts is the analysis of one block of prose.
type BlockFacts struct {
	Block     *corpus.Block
	Tokens    []analysis.Token
	Matches   []glossary.Match
	Sentences []corpus.Sentence
}

// SentenceAt returns the index of the sentence containing text offset i.
// Sentences are in order and do not overlap, so this is a binary search:
// rules call it for every term use, and a block can hold thousands of
// sentences.
func (b *BlockFacts) SentenceAt(i int) int {
	k := sort.Search(len(b.Sentences), func(k int) bool {
		if countSentenceProbes {
			sentenceProbes++
		}
		return i < b.Sentences[k].End
	})
	return min(k, max(len(b.Sentences)-1, 0))
}

// countSentenceProbes, set only by tests run on one goroutine, counts in
// sentenceProbes the sentences SentenceAt looks at, so a test can hold the
// lookup to its O(log n) steps.
var (
	countSentenceProbes bool
	sentenceProbes      int
)

// DocFacts is the shared analysis of one document.
type DocFacts struct {
	Doc    *corpus.Document
	Blocks []*BlockFacts
	// Restatements are the places where the document restates what a
	// glossary term means; filled by restatement detection.
	Restatements []*Restatement
}

// Restatement is a passage that says what a glossary term means.
type Restatement struct {
	Term  *glossary.Term
	Doc   *corpus.Document
	Block *BlockFacts
	// Start and End are byte offsets into Block.Block.Run.Text of the
	// restating text (the whole sentence or passage).
	Start, End int
	// Subject is the byte range in the run of the term or alias being
	// defined, when there is one.
	SubjectStart, SubjectEnd int
	// How says what form the restatement took: "sentence", "definition-list",
	// "table", "heading", "entry" (a heading that is only the term, on a
	// glossary page, with the paragraph under it), "mnemonic".
	How string
	// Strong is true when the form leaves no doubt that a definition is
	// meant ("means", "is defined as", a glossary table); false for a plain
	// "X is ..." sentence.
	Strong bool
	// Reading says whether it defines the term, describes part of it, leads
	// in to a definition or notes a scope (see Reading).
	Reading Reading
}

// Text is the restating text.
func (r *Restatement) Text() string { return r.Block.Block.Run.Text[r.Start:r.End] }

// SourceRange is the restatement's byte range in the document's source.
func (r *Restatement) SourceRange() (int, int) {
	return r.Block.Block.Run.Span(r.Start, r.End)
}

// Trim drops the tokens (and, unless keepMatches, the glossary matches) of
// every block that holds no restatement, keeping what readers across
// documents use: restatements and the blocks they sit in, sentences, and
// the matches when asked. Call it once nothing will read the tokens again.
//
// Without keepMatches the blocks with no restatement go too: the corpus
// rules' summary took what it needs from them (acronym expansions) before
// the release, and on a large corpus they are most of the blocks, held until
// the end of the run for nothing.
func (df *DocFacts) Trim(keepMatches bool) {
	keep := map[*BlockFacts]bool{}
	for _, r := range df.Restatements {
		keep[r.Block] = true
	}
	kept := df.Blocks[:0]
	for _, b := range df.Blocks {
		if keep[b] {
			kept = append(kept, b)
			continue
		}
		b.Tokens = nil
		if !keepMatches {
			b.Matches = nil
			continue
		}
		kept = append(kept, b)
	}
	clear(df.Blocks[len(kept):])
	df.Blocks = kept
}
