package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/textdist"
)

// The spelling fallback of `concord search`: a word that matches nothing
// in the corpus is searched for as the nearest word the corpus does use,
// as git suggests the nearest command. The vocabulary is the index's own
// surface forms (the words as written, folded), so a suggestion is always
// a word that finds something.

// spellingReach is the number of edits allowed between a word of n
// characters and its suggestion: none below four characters (nearly every
// short word is one edit from another), one up to five, two beyond, as
// Lucene's AUTO fuzziness allows.
func spellingReach(n int) int {
	switch {
	case n < 4:
		return 0
	case n <= 5:
		return 1
	}
	return 2
}

// nearestWord returns the surface form nearest to word (folded): the
// fewest edits (insertions, deletions, substitutions and swaps of two
// adjacent letters), then the most sections using its stem, then
// alphabetical order, so the answer does not depend on the order of the
// vocabulary. Only words of letters are corrected and suggested: numbers and
// references such as 2A are not misspellings of one another.
func (lx *lexicon) nearestWord(word string) (string, bool) {
	if !lettersOnly(word) {
		return "", false
	}
	w := []rune(word)
	k := spellingReach(len(w))
	if k == 0 {
		return "", false
	}
	surfaces, stemOf := lx.forms()
	best, bestD, bestDF := "", k+1, 0
	for _, s := range surfaces {
		n := utf8.RuneCountInString(s)
		if n < len(w)-k || n > len(w)+k || !lettersOnly(s) {
			continue
		}
		d := editDistance(w, []rune(s), bestD)
		if d > k || d > bestD {
			continue
		}
		df := lx.df(stemOf[s])
		if df == 0 {
			continue
		}
		// Surfaces are sorted, so on a full tie the first seen stays.
		if d < bestD || df > bestDF {
			best, bestD, bestDF = s, d, df
		}
	}
	return best, best != ""
}

func lettersOnly(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// editDistance is the optimal string alignment distance between a and b,
// or a number above limit as soon as it must exceed limit.
func editDistance(a, b []rune, limit int) int { return textdist.Within(a, b, limit) }
