// Package textdist holds the one edit distance concord's look-ups share
// ("did you mean" for config keys, glossary names and search words): the
// optimal string alignment distance, which is Levenshtein's with a swap of
// two adjacent characters counted as one edit ("harrasment" is one edit
// from "harassment"'s neighbour, "teh" one from "the").
//
// The rules package keeps its own bit-parallel form of the same distance,
// tuned for the many comparisons a check makes.
package textdist

// Distance is the optimal string alignment distance between a and b, in
// characters.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	return Within(ra, rb, max(len(ra), len(rb)))
}

// Within is the optimal string alignment distance between a and b, or a
// number above limit as soon as it must exceed limit (so a caller looking
// for near words stops early on far ones).
func Within(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
