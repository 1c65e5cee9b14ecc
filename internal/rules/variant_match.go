package rules

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/restate"
)

// findVariants returns the near misses in a block, in text order, in one
// pass over its tokens.
func (ix *variantIndex) findVariants(b *BlockFacts) []variantHit {
	toks := b.Tokens
	text := b.Block.Run.Text
	if len(toks) == 0 {
		return nil
	}
	scratch := variantScratchPool.Get().(*variantScratch)
	defer variantScratchPool.Put(scratch)
	// What the matcher already knows: each token's match, if any.
	cover := slices.Grow(scratch.cover[:0], len(toks))[:len(toks)]
	scratch.cover = cover
	for i := range cover {
		cover[i] = -1
	}
	ids := slices.Grow(scratch.ids[:0], len(toks))[:len(toks)]
	scratch.ids = ids
	// In the same pass, the tokens the loops below look at: those with a
	// stem id, and those of 7 bytes or more (a misspelt word has as many
	// runes, and fewer runes than bytes).
	stemmed, long := scratch.stemmed[:0], scratch.long[:0]
	for i := range toks {
		t := &toks[i]
		id := int32(-1)
		if w := t.TermID; w != 0 {
			// tokenStemID's common case, inline.
			if int(w) < len(ix.byWordID) {
				id = ix.byWordID[w] - 1
			}
		} else {
			id = ix.tokenStemID(t)
		}
		ids[i] = id
		if id >= 0 {
			stemmed = append(stemmed, int32(i))
		}
		if len(t.Surface) >= 7 {
			long = append(long, int32(i))
		}
	}
	scratch.stemmed, scratch.long = stemmed, long
	for mi, m := range b.Matches {
		for i := m.First; i < m.Last && i < len(toks); i++ {
			cover[i] = mi
		}
	}
	var hits []variantHit
	for _, j32 := range stemmed {
		j := int(j32)
		refs := ix.refsByID[ids[j]]
		// Windows with a word in its place: evaluated once, at their
		// first content word that is in place.
		// The tests before inPlaceBefore are those prefilter made
		// ready, which hold when it is false.
		for k := range refs.refs[:refs.live] {
			ref := &refs.refs[k]
			i := j - ref.pos
			if i < 0 || i+ref.n > len(toks) || ref.ruledOut(ids, i) {
				continue
			}
			ve := ix.entries[ref.entry]
			if ref.before > 0 {
				// The one content word before is out of place, so it is
				// the slip, and only a misspelling of it counts.
				w := toks[j-ref.before].Surface
				r, _ := utf8.DecodeRuneInString(w)
				if r != ref.first {
					continue
				}
				if m := runeCount(w); m < ref.minRunes || m > ref.maxRunes {
					continue
				}
			}
			if ref.reordered && !ve.holdsAll(toks, ids, i) {
				continue
			}
			if ve.inPlaceBefore(ids, i, ref.pos) {
				continue
			}
			if h, ok := ix.compare(ve, text, toks, ids, b.Matches, cover, i); ok {
				hits = append(hits, h)
			}
		}
		// Fixed phrases with every word out of place start at one of
		// their words. With two content words or more out of place,
		// only their words reordered are a near miss.
		for k := range refs.starts {
			st := &refs.starts[k]
			if j+st.n > len(toks) {
				continue
			}
			if st.multi {
				// holdsAll's test of the second word, inline: it rules
				// out most windows (the first word is the entry's).
				if st.n > 1 && !holdsMasks(st.idMask, st.noIDMask, &toks[j+1], ids[j+1]) {
					continue
				}
				if !ix.entries[st.entry].holdsAll(toks, ids, j) {
					continue
				}
			}
			ve := ix.entries[st.entry]
			if ve.inPlaceBefore(ids, j, len(ve.stems)) {
				continue
			}
			if h, ok := ix.compare(ve, text, toks, ids, b.Matches, cover, j); ok {
				hits = append(hits, h)
			}
		}
	}
	// Of overlapping near misses keep the shortest: it names the term the
	// slip is in ("Stalking Protecton Order", not the breach offence around it).
	slices.SortStableFunc(hits, func(a, b variantHit) int {
		if d := (a.last - a.first) - (b.last - b.first); d != 0 {
			return d
		}
		return a.first - b.first
	})
	taken := slices.Grow(scratch.taken[:0], len(toks))[:len(toks)]
	scratch.taken = taken
	clear(taken)
	var out []variantHit
	for _, h := range hits {
		if slices.Contains(taken[h.first:h.last], true) {
			continue
		}
		for i := h.first; i < h.last; i++ {
			taken[i] = true
		}
		out = append(out, h)
	}
	// Single distinctive words on their own.
	for _, j32 := range long {
		j := int(j32)
		if taken[j] || cover[j] >= 0 {
			continue
		}
		if best := ix.misspeltWord(&toks[j]); best != nil {
			out = append(out, variantHit{kind: variantMisspelt, word: best, first: j, last: j + 1, at: j})
		}
	}
	slices.SortFunc(out, func(a, b variantHit) int { return a.first - b.first })
	return out
}

// misspeltWord returns the distinctive glossary word that the written
// word of tk misspells, if any. The answer depends on the word alone, so
// it is kept by the word's number: most words of a corpus recur, and are
// answered without reading their bytes again.
func (ix *variantIndex) misspeltWord(tk *analysis.Token) *distinctWord {
	var k int
	if id := tk.SurfaceID; id == 0 || int(id) >= len(ix.misspeltMemo) {
		k = ix.misspeltAt(tk.Surface, tk.Term)
	} else if v := ix.misspeltMemo[id].Load(); v != 0 {
		k = int(v) - 2
	} else {
		k = ix.misspeltAt(tk.Surface, tk.Term)
		ix.misspeltMemo[id].Store(uint32(k + 2))
	}
	if k < 0 {
		return nil
	}
	r, _ := utf8.DecodeRuneInString(tk.Surface)
	return &ix.distinctFor(r)[k]
}

// misspeltAt is misspeltWord for the written word w of stem term, as an
// index in distinctFor of w's first rune, or -1.
func (ix *variantIndex) misspeltAt(w, term string) int {
	n := runeCount(w)
	if n < 7 {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(w)
	if r < utf8.RuneSelf && n < 64 && ix.distinctLens[r]&(1<<n) == 0 {
		return -1 // no glossary word with its first letter is near its length
	}
	best := -1
	bestD := 3
	wordOK := 0             // misspelt's tests of w alone: 0 not made yet, 1 passed, -1 failed
	var wMask, sMask uint64 // runeMask of w and its stem, once made
	cands := ix.distinctFor(r)
	for k := range cands {
		dw := &cands[k]
		if n < dw.runes-dw.limit || n > dw.runes+dw.limit {
			continue
		}
		// misspeltShape's other tests: the first letters are the
		// same (cands are by first letter), the length is tested
		// above, and a distinct word is long enough to be misspelt.
		if term == dw.stem {
			continue
		}
		if wMask == 0 {
			wMask, sMask = runeMask(w), runeMask(term)
		}
		if !dw.mayBeWithin(wMask, sMask) {
			continue // misspeltWithin is false
		}
		if wordOK == 0 {
			wordOK = -1
			if isLetters(w) && !ix.real(w, term) {
				wordOK = 1
			}
		}
		if wordOK < 0 {
			break
		}
		// misspeltWithin, with the glossary's words as the patterns
		// (the distance is symmetric).
		dl := dw.wordOSA.within(w, dw.limit)
		if dl > dw.limit && dw.stemOSA.within(term, dw.limit-1) > dw.limit-1 {
			continue
		}
		// dl is the distance when at most the limit, and bestD-1 is
		// mostly within it.
		d := dl
		if dl > dw.limit || bestD-1 > dw.limit {
			d = dw.wordOSA.within(w, bestD-1)
		}
		if d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// variantScratch is findVariants' working space, reused from block to block
// (every block of every document has a slice the size of its tokens).
type variantScratch struct {
	cover []int
	taken []bool
	ids   []int32 // each token's stem id, -1 for a stem without one
	// the tokens with a stem id, and those of 7 bytes or more, by index
	stemmed, long []int32
}

var variantScratchPool = sync.Pool{New: func() any { return new(variantScratch) }}

// inPlaceBefore reports whether a content word of the entry before
// position pos is in its place in the window starting at token i (ids are
// the tokens' stem ids; every content word's stem has one).
func (ve *variantEntry) inPlaceBefore(ids []int32, i, pos int) bool {
	for k := 0; k < pos; k++ {
		if ve.content[k] && ids[i+k] == ve.ids[k] {
			return true
		}
	}
	return false
}

// compare lines the entry up with the tokens from i and decides whether
// they are a near miss of it. ids are the tokens' stem ids.
//
// Words are lined up by stem, and then, where the stems agree, by the
// written words: "Independant" and "Protective" stem as "Independent" and
// "Protection" do, so only the written word shows the slip.
func (ix *variantIndex) compare(ve *variantEntry, text string, toks []analysis.Token, ids []int32, matches []glossary.Match, cover []int, i int) (variantHit, bool) {
	n := len(ve.stems)
	diff, at := 0, -1
	written, wat := 0, -1 // words of the same stem written otherwise
	stray := false        // a differing word not the entry's
	for k := 0; k < n; k++ {
		if !ve.sameStem(k, toks, ids, i+k) {
			diff++
			at = k
			if diff > 1 && !ve.fixed {
				return variantHit{}, false
			}
			stray = stray || !ve.holdsToken(&toks[i+k], ids[i+k])
			if diff > 1 && stray {
				return variantHit{}, false // not reordered: sameWords would fail
			}
		} else if toks[i+k].Surface != ve.words[k] {
			written++
			wat = k
		}
	}
	var h variantHit
	switch {
	case diff == 0:
		// One word written with another suffix; two or more are more
		// likely the wording put into another grammatical form.
		if written != 1 || !ix.suffixSlip(ve, wat, toks[i+wat].Surface) {
			return variantHit{}, false
		}
		kind := variantMisspelt
		if ve.subst {
			kind = variantSubstituted // a mnemonic's word changed ("Obsessed")
		}
		h = variantHit{kind: kind, entry: ve, first: i, last: i + n, at: i + wat}
	case diff == 1:
		t := toks[i+at]
		switch {
		case ix.misspelt(t.Surface, t.Term, ve.words[at], ve.stems[at]):
			h = variantHit{kind: variantMisspelt, entry: ve, first: i, last: i + n, at: i + at}
		case ve.orSlip[at] && t.Surface == "and":
			// "controlling and coercive behaviour": the alternatives
			// made into two requirements, where the words name the
			// offence. In running prose about behaviour ("abusers use
			// controlling and coercive tactics") they describe conduct,
			// not the offence.
			if !variantNamesOffence(text, toks, i) {
				return variantHit{}, false
			}
			h = variantHit{kind: variantSubstituted, entry: ve, first: i, last: i + n, at: i + at, andForOr: true}
		case ve.subst && (t.Surface == "and" || t.Surface == "or") && at == n-1:
			// "Fixated, Obsessive, Unwanted and Repeated": a list written
			// with a conjunction before its last item, not a changed word.
			return variantHit{}, false
		case ve.subst && !isNumber(t.Surface) && !isNumber(ve.words[at]):
			h = variantHit{kind: variantSubstituted, entry: ve, first: i, last: i + n, at: i + at}
		default:
			return variantHit{}, false
		}
	default:
		ok, andForOr := ve.sameWords(toks[i:i+n], ids[i:i+n])
		if !ok {
			return variantHit{}, false
		}
		// The words in another order begin and end as the entry does,
		// with a word, not a joining "and" or "or" that belongs to the
		// text around them ("coercive controlling behaviour and …").
		if ve.content[0] && !ve.holdsContent(toks[i]) || ve.content[n-1] && !ve.holdsContent(toks[i+n-1]) {
			return variantHit{}, false
		}
		// A name's words in another order are a slip when written as a
		// name; in lower case they describe something ("a joint domestic
		// abuse justice plan").
		if ve.strict[0] && !restate.Capitalised(text[toks[i].Start:toks[i].End]) {
			return variantHit{}, false
		}
		h = variantHit{kind: variantReordered, entry: ve, first: i, last: i + n, andForOr: andForOr}
	}
	if ve.entry.Kind == glossary.KindExpansion && ve.entry.Term.Kind == "mnemonic" && !restate.Capitalised(text[toks[i].Start:toks[i].End]) &&
		!strings.Contains(text, ve.entry.Term.Acronym) {
		// Lower-case adjectives in running text with no acronym near them
		// ("fixated, obsessive and unwanted behaviour") describe conduct;
		// they are not the mnemonic written out.
		return variantHit{}, false
	}
	for k := 0; k < n; k++ {
		t := toks[i+k]
		if k > 0 && strings.ContainsAny(text[toks[i+k-1].End:t.Start], ".;:!?()[]|") {
			return variantHit{}, false
		}
		c := cover[i+k]
		if c < 0 {
			continue
		}
		m := matches[c]
		if m.Entry.Kind == glossary.KindDeprecated {
			return variantHit{}, false // deprecated-term reports it
		}
		// A differing word that belongs to another multi-word wording the
		// glossary knows ("restraining order on conviction") is that
		// wording, not a slip. A shorter wording inside a reordering is
		// one of its own words ("Joint Domestic Abuse Justice Plan").
		inside := h.kind == variantReordered && m.First >= i && m.Last <= i+n && m.Last-m.First < n
		if !ve.sameStem(k, toks, ids, i+k) && m.Last-m.First > 1 && !inside {
			return variantHit{}, false
		}
	}
	return h, true
}

// suffixSlip reports whether written word w, with the stem of the entry's
// word k, is a slip for it rather than the same word: not the word in the
// plural or singular (a possessive's "'s" is gone from the surface), nor
// another wording of the glossary; for a word the glossary capitalises
// inside a name, any other ending ("Stalking Protective Order"); for a
// lower-case word, and for a name's last word, only a misspelling that is
// no real word ("controling"): a name whose last word changes may be going
// on as another ("Independent Stalking Advocacy Casework Service"), which a
// mnemonic or fixed phrase never does.
func (ix *variantIndex) suffixSlip(ve *variantEntry, k int, w string) bool {
	g := ve.words[k]
	if numberForms(w, g) || !isLetters(w) || utf8.RuneCountInString(g) < 5 {
		return false
	}
	for _, o := range ve.others {
		if numberForms(w, o[k]) {
			return false
		}
	}
	last := k == len(ve.words)-1 && !ve.subst // a mnemonic goes on as nothing else
	if ve.strict[k] && !last {
		return true
	}
	limit := misspeltLimit(utf8.RuneCountInString(g))
	if last {
		limit = 1
	}
	return !ix.real(w, w) && distanceWithin(w, g, limit) <= limit
}

// numberForms reports whether a and b are one word in the singular and
// the plural, or the same.
func numberForms(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch {
	case a == b, b == a+"s", b == a+"es":
		return true
	case strings.HasSuffix(a, "y") && b == a[:len(a)-1]+"ies":
		return true
	}
	return false
}

// sameStem reports whether token j has the entry's stem k: the same
// number, or for a stem without one the same string.
func (ve *variantEntry) sameStem(k int, toks []analysis.Token, ids []int32, j int) bool {
	if ve.ids[k] >= 0 {
		return ids[j] == ve.ids[k]
	}
	return toks[j].Term == ve.stems[k]
}

// holdsToken is false when token t, with stem id id (-1 for none), is
// not one of the entry's words: a numbered stem the entry holds sets a bit
// of idMask, and a stem without a number is one of noID (or "and" for an
// entry's "or", andForOr). Most tokens without a stem id are passed by on
// their TermID's bit of noIDMask, without comparing strings.
func (ve *variantEntry) holdsToken(t *analysis.Token, id int32) bool {
	if id >= 0 {
		return ve.idMask&(1<<(id%64)) != 0
	}
	if w := t.TermID; w != 0 && ve.noIDMask&(1<<(w%64)) == 0 {
		return false
	}
	return slices.Contains(ve.noID, t.Term) || ve.andForOr && t.Term == "and"
}

// holdsMasks is false when holdsToken is, for an entry with these masks:
// it reads no more of the entry.
func holdsMasks(idMask, noIDMask uint64, t *analysis.Token, id int32) bool {
	if id >= 0 {
		return idMask&(1<<(id%64)) != 0
	}
	w := t.TermID
	return w == 0 || noIDMask&(1<<(w%64)) != 0
}

// holdsContent reports whether token t is one of the entry's content words.
func (ve *variantEntry) holdsContent(t analysis.Token) bool {
	for k, st := range ve.stems {
		if ve.content[k] && st == t.Term {
			return true
		}
	}
	return false
}

// holdsAll reports whether holds is true of every token of the window of
// the entry's length from token i.
func (ve *variantEntry) holdsAll(toks []analysis.Token, ids []int32, i int) bool {
	for k := range ve.stems {
		// holdsToken, inline.
		if id := ids[i+k]; id >= 0 {
			if ve.idMask&(1<<(id%64)) == 0 {
				return false
			}
			continue
		}
		t := &toks[i+k]
		if w := t.TermID; w != 0 && ve.noIDMask&(1<<(w%64)) == 0 {
			return false
		}
		if !slices.Contains(ve.noID, t.Term) && !(ve.andForOr && t.Term == "and") {
			return false
		}
	}
	return true
}

// sameWords reports whether the tokens hold the entry's words, each as
// often, in any order, and whether an "and" stands for one of its "or"s.
// ids are their stem ids.
func (ve *variantEntry) sameWords(toks []analysis.Token, ids []int32) (ok, andForOr bool) {
	if len(toks) > 64 {
		return false, false
	}
	for j := range toks {
		if !ve.holdsToken(&toks[j], ids[j]) {
			return false, false
		}
	}
	var used [64]bool
	for _, t := range toks {
		st := t.Term
		if st == "and" && ve.andForOr && !slices.Contains(ve.stems, "and") {
			st, andForOr = "or", true
		}
		found := false
		for k, s := range ve.stems {
			if !used[k] && s == st {
				used[k], found = true, true
				break
			}
		}
		if !found {
			return false, false
		}
	}
	return true, andForOr
}
