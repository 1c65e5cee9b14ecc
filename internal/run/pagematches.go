package run

import (
	"encoding/binary"
	"hash/maphash"
	"math"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

// A document's own page reads nothing of its analysis but the glossary
// matches of each block (site's knownBlocks, which the term linker takes
// its matches from): not its tokens, sentences or restatements. The
// streamed check keeps those matches of each document, a few bytes a
// match (pageMatches), so that the page's Load parses the document again
// for its text and headings but need not analyse it again, a third of
// what the page cost.

// pageSeed hashes the documents' text for pageMatches: a document read
// again for its page must be the one the matches were found in.
var pageSeed = maphash.MakeSeed()

// pageMatches are the glossary matches of one document's blocks, as the
// check's analysis found them, encoded: the number of blocks and of
// matches, then for each block with matches the blocks skipped since the
// last, its number of matches and, for each, its entry (an index into the
// matcher's Entries), start and length. Matches keep only what the page
// reads: entry, start and end.
type pageMatches struct {
	ok  bool   // false: none kept, the page analyses the document
	sum uint64 // maphash of the document's text (source.File.Text)
	enc []byte
}

// entryIDs numbers the matcher's entries for pageMatches.
func entryIDs(g *glossary.Glossary) map[*glossary.Entry]uint32 {
	ids := map[*glossary.Entry]uint32{}
	for i, e := range g.Matcher.Entries() {
		ids[e] = uint32(i)
	}
	return ids
}

// newPageMatches keeps df's matches for d's page. It keeps nothing when df
// is not d's analysis block for block, or holds an entry the matcher
// does not know.
func newPageMatches(ids map[*glossary.Entry]uint32, d *corpus.Document, df *rules.DocFacts) pageMatches {
	if d.File == nil || len(df.Blocks) != len(d.Blocks) {
		return pageMatches{}
	}
	total := 0
	for i, bf := range df.Blocks {
		if bf.Block != d.Blocks[i] {
			return pageMatches{}
		}
		total += len(bf.Matches)
	}
	b := make([]byte, 0, 4+5*total)
	b = binary.AppendUvarint(b, uint64(len(df.Blocks)))
	b = binary.AppendUvarint(b, uint64(total))
	next := 0
	for i, bf := range df.Blocks {
		if len(bf.Matches) == 0 {
			continue
		}
		b = binary.AppendUvarint(b, uint64(i-next))
		b = binary.AppendUvarint(b, uint64(len(bf.Matches)))
		for _, m := range bf.Matches {
			id, known := ids[m.Entry]
			if !known || m.Start < 0 || m.End < m.Start {
				return pageMatches{}
			}
			b = binary.AppendUvarint(b, uint64(id))
			b = binary.AppendUvarint(b, uint64(m.Start))
			b = binary.AppendUvarint(b, uint64(m.End-m.Start))
		}
		next = i + 1
	}
	// Held until the page is rendered, at the end of the build: no spare
	// capacity.
	return pageMatches{ok: true, sum: maphash.Bytes(pageSeed, d.File.Text), enc: b[:len(b):len(b)]}
}

// facts returns what d's page reads of its analysis: d's blocks with the
// matches kept, and nothing else. It returns false when d, parsed again,
// is not the document the matches were kept from (its file changed since)
// or none were kept: the caller then analyses d.
func (pm *pageMatches) facts(entries []*glossary.Entry, d *corpus.Document) (*rules.DocFacts, bool) {
	if !pm.ok || d.File == nil || maphash.Bytes(pageSeed, d.File.Text) != pm.sum {
		return nil, false
	}
	b := pm.enc
	bad := false
	num := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > math.MaxInt32 {
			bad = true
			return 0
		}
		b = b[n:]
		return int(v)
	}
	nb, total := num(), num()
	if bad || nb != len(d.Blocks) || total > len(pm.enc) {
		return nil, false
	}
	bfs := make([]rules.BlockFacts, nb)
	df := &rules.DocFacts{Doc: d, Blocks: make([]*rules.BlockFacts, nb)}
	for i := range bfs {
		bfs[i].Block = d.Blocks[i]
		df.Blocks[i] = &bfs[i]
	}
	ms := make([]glossary.Match, total)
	i := 0
	for len(b) > 0 && !bad {
		i += num()
		n := num()
		if bad || i >= nb || n > len(ms) {
			return nil, false
		}
		text := len(d.Blocks[i].Run.Text)
		bm := ms[:n:n]
		ms = ms[n:]
		for k := range bm {
			id, start := num(), num()
			end := start + num()
			if bad || id >= len(entries) || end > text {
				return nil, false
			}
			bm[k] = glossary.Match{Entry: entries[id], Start: start, End: end}
		}
		bfs[i].Matches = bm
		i++
	}
	if bad || len(ms) != 0 {
		return nil, false
	}
	return df, true
}
