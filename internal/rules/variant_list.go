package rules

import (
	"fmt"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/restate"
)

// A mnemonic is often written down the page, one word to a list item:
//
//	- Fixated
//	- Obsessive
//	- Unwelcome
//	- Repeated
//
// findVariants reads one block at a time and never sees such a list as one
// wording, so the list items' first words are compared with the mnemonic
// here, written word against written word.

// listSlip is a list that spells out a mnemonic with one word changed.
type listSlip struct {
	entry *variantEntry
	item  *BlockFacts // the item with the changed word
	at    int         // its token
	k     int         // the mnemonic's word it stands for
}

// findListSlips finds the lists of a document that spell out a mnemonic
// with one word changed.
func (ix *variantIndex) findListSlips(blocks []*BlockFacts) []listSlip {
	var out []listSlip
	for _, l := range listRuns(blocks) {
		i, j := l[0], l[1]
		if j-i >= 3 {
			for _, ve := range ix.mnemonics {
				if len(ve.stems) != j-i {
					continue
				}
				if s, ok := ix.listSlipAt(ve, blocks, i, j); ok {
					out = append(out, s)
					break
				}
			}
		}
	}
	return out
}

// listSlipAt compares the list blocks[i:j] with the mnemonic ve: every
// item begins with its word, or with the word's letter and then the word
// ("F – Fixated"), and exactly one item's word is another.
func (ix *variantIndex) listSlipAt(ve *variantEntry, blocks []*BlockFacts, i, j int) (listSlip, bool) {
	slip := listSlip{entry: ve, k: -1}
	capitalised := true
	for k := range ve.stems {
		item := blocks[i+k]
		toks := item.Tokens
		if len(toks) == 0 {
			return listSlip{}, false
		}
		at := 0
		if len(toks) > 1 && utf8.RuneCountInString(toks[0].Surface) == 1 && toks[1].Surface != toks[0].Surface && len(toks[1].Surface) > 1 && toks[1].Surface[:1] == toks[0].Surface {
			at = 1
		}
		t := toks[at]
		text := item.Block.Run.Text
		capitalised = capitalised && restate.Capitalised(text[t.Start:t.End])
		if t.Term == ve.stems[k] && numberForms(t.Surface, ve.words[k]) {
			continue
		}
		if slip.k >= 0 || !isLetters(t.Surface) {
			return listSlip{}, false // two changed words are a list of its own
		}
		slip.item, slip.at, slip.k = item, at, k
	}
	if slip.k < 0 {
		return listSlip{}, false
	}
	w := slip.item.Tokens[slip.at]
	a, _ := utf8.DecodeRuneInString(w.Surface)
	b, _ := utf8.DecodeRuneInString(ve.words[slip.k])
	sameInitial := a == b
	named := namesAcronym(ve.entry.Term.Acronym, blocks, i, j)
	switch {
	case !named && (!capitalised || !sameInitial):
		// Lower-case adjectives are a description, and a list that no
		// longer spells the letters, with no acronym beside it, may be
		// any list; only capitalised words spelling the letters are
		// the mnemonic without its name.
		return listSlip{}, false
	case named && sameInitial && w.Term != ve.stems[slip.k]:
		// acronym-expansion reads a named acrostic and reports the
		// changed word as a wrong expansion.
		return listSlip{}, false
	}
	return slip, true
}

// namesAcronym reports whether the list blocks[i:j] is named by an acronym
// as acronym-expansion reads acrostics: in the block before it, the heading
// above that, or the block after it.
func namesAcronym(acr string, blocks []*BlockFacts, i, j int) bool {
	for _, k := range []int{i - 1, i - 2, j} {
		if k < 0 || k >= len(blocks) || k == i-2 && (blocks[i-1].Block.Kind == corpus.HeadingBlock || blocks[k].Block.Kind != corpus.HeadingBlock) {
			continue
		}
		if hasWord(blocks[k], acr) {
			return true
		}
	}
	return false
}

// hasWord reports whether a block has a token written exactly w.
func hasWord(b *BlockFacts, w string) bool {
	text := b.Block.Run.Text
	for _, t := range b.Tokens {
		if text[t.Start:t.End] == w {
			return true
		}
	}
	return false
}

func reportListSlip(p *Pass, s listSlip) {
	run := &s.item.Block.Run
	t := s.item.Tokens[s.at]
	written := run.Text[t.Start:t.End]
	want := s.entry.raw[s.k]
	start, end := run.Span(t.Start, t.End)
	p.Report(p.Doc, start, end, Finding{
		Term:       s.entry.entry.Term.ID,
		Message:    fmt.Sprintf("this list spells out %s with one word changed (%q in place of %q); the glossary fixes this wording, so use it exactly", s.entry.label, written, want),
		Suggestion: matchCase(want, written),
		Context:    s.item.Sentences[s.item.SentenceAt(t.Start)].Text(run),
		Confidence: 0.6,
	})
}
