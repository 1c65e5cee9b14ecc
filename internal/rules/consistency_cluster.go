package rules

import (
	"encoding/binary"
	"maps"
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/restate"
)

// How inconsistent-description groups a term's restatements into
// descriptions: clustering by word-set similarity without comparing every
// pair.

// rsCluster groups restatements by single-link clustering: two are in one
// group when a chain of pairs at least threshold alike joins them. Groups
// come out in the order of their first member.
//
// A large corpus restates one term tens of thousands of times, so comparing
// every pair would be quadratic. Instead identical word sets are joined
// once, and each distinct set is compared only with the earlier sets an
// index shows could reach the threshold (rsJoinSimilar). The groups are
// those of comparing every pair (rsClusterPairwise in the tests): the
// filters skip only pairs that cannot reach the threshold or that are
// already joined, and every other pair is decided by restate.Dice as before.
func rsCluster(vs []*rsVariant, threshold float64) [][]*rsVariant {
	uf := newUnionFind(len(vs))
	if threshold > 0 {
		rsJoinSimilar(vs, threshold, uf)
	} else {
		// At a threshold of 0 or below every pair is alike, and sets
		// with no word in common (which the index never pairs) join too.
		for i := range vs {
			for j := i + 1; j < len(vs); j++ {
				if uf.find(i) != uf.find(j) && restate.Dice(vs[i].set, vs[j].set) >= threshold {
					uf.union(i, j)
				}
			}
		}
	}
	index := map[int]int{}
	var groups [][]*rsVariant
	for i, v := range vs {
		root := uf.find(i)
		gi, ok := index[root]
		if !ok {
			gi = len(groups)
			index[root] = gi
			groups = append(groups, nil)
		}
		groups[gi] = append(groups[gi], v)
	}
	return groups
}

// rsJoinSimilar joins the restatements whose word sets are at least
// threshold (> 0) alike, by a set-similarity join with a prefix filter.
//
// With the words of every set in one global order (rarest first), two sets
// A and B that share o words both hold their first common word within their
// first |A|-o+1 and |B|-o+1 words. A set of size a can only reach the
// threshold with o >= diceMinOverlap(a), whatever the other set, so its
// first a-diceMinOverlap(a)+1 words (its prefix) are indexed, and a set is
// compared only with earlier sets that share a prefix word.
func rsJoinSimilar(vs []*rsVariant, threshold float64, uf unionFind) {
	type wordSet struct {
		first int // the first variant with this set
		set   map[string]bool
		words []string // sorted; dropped once ranked
		ranks []int32  // the words' places in the global order, ascending
	}
	var sets []*wordSet
	bySet := map[string]*wordSet{}
	var key []byte
	for i, v := range vs {
		words := slices.Sorted(maps.Keys(v.set))
		key = key[:0]
		for _, w := range words {
			key = binary.AppendUvarint(key, uint64(len(w)))
			key = append(key, w...)
		}
		if ws, ok := bySet[string(key)]; ok {
			if restate.Dice(vs[ws.first].set, v.set) >= threshold {
				uf.union(ws.first, i)
			}
			continue
		}
		ws := &wordSet{first: i, set: v.set, words: words}
		bySet[string(key)] = ws
		sets = append(sets, ws)
	}

	// The global order: fewest sets first, so prefixes hold rare words and
	// index lists stay short; ties by the word, so the order is fixed.
	freq := map[string]int{}
	for _, ws := range sets {
		for _, w := range ws.words {
			freq[w]++
		}
	}
	order := slices.Collect(maps.Keys(freq))
	slices.SortFunc(order, func(a, b string) int {
		if freq[a] != freq[b] {
			return freq[a] - freq[b]
		}
		return strings.Compare(a, b)
	})
	rank := make(map[string]int32, len(order))
	for i, w := range order {
		rank[w] = int32(i)
	}
	for _, ws := range sets {
		ws.ranks = make([]int32, len(ws.words))
		for i, w := range ws.words {
			ws.ranks[i] = rank[w]
		}
		slices.Sort(ws.ranks)
		ws.words = nil
	}

	minOverlap := map[int]int{}
	index := make([][]int32, len(order)) // rank -> sets with it in their prefix
	seen := make([]int32, len(sets))     // the set last compared with each, plus one
	for si, ws := range sets {
		a := len(ws.ranks)
		mo, ok := minOverlap[a]
		if !ok {
			mo = diceMinOverlap(a, threshold)
			minOverlap[a] = mo
		}
		if mo < 0 {
			continue // no set can be threshold alike to this one
		}
		prefix := ws.ranks[:a-mo+1]
		for _, r := range prefix {
			for _, ci := range index[r] {
				if seen[ci] == int32(si)+1 {
					continue
				}
				seen[ci] = int32(si) + 1
				c := sets[ci]
				if !diceCanReach(len(c.ranks), a, threshold) {
					continue
				}
				if uf.find(c.first) == uf.find(ws.first) {
					continue // already in one group: no comparison can change it
				}
				if restate.Dice(vs[c.first].set, ws.set) >= threshold {
					uf.union(c.first, ws.first)
				}
			}
		}
		for _, r := range prefix {
			index[r] = append(index[r], int32(si))
		}
	}
}

// diceMinOverlap is the fewest words a set of size a (> 0) must share with
// another for restate.Dice to reach threshold, or -1 if no set can. The other
// set is best as small as the overlap, and restate.Dice is computed the same
// way, so a pair sharing fewer words provably scores below the threshold.
func diceMinOverlap(a int, threshold float64) int {
	for n := 1; n <= a; n++ {
		if 2*float64(n)/float64(a+n) >= threshold {
			return n
		}
	}
	return -1
}

// diceCanReach reports whether sets of sizes a and b (not both 0) can be
// threshold alike: at best they share min(a, b) words. It computes what
// restate.Dice would for that overlap, and a smaller overlap scores no higher.
func diceCanReach(a, b int, threshold float64) bool {
	return 2*float64(min(a, b))/float64(a+b) >= threshold
}

// unionFind is a disjoint-set forest whose roots are the smallest members.
type unionFind []int

func newUnionFind(n int) unionFind {
	uf := make(unionFind, n)
	for i := range uf {
		uf[i] = i
	}
	return uf
}

func (uf unionFind) find(i int) int {
	for uf[i] != i {
		uf[i] = uf[uf[i]]
		i = uf[i]
	}
	return i
}

func (uf unionFind) union(i, j int) {
	a, b := uf.find(i), uf.find(j)
	if a != b {
		uf[max(a, b)] = min(a, b)
	}
}
