package rules

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/concord-guidance/concord/internal/restate"
)

// rsClusterPairwise is rsCluster as it was before the index: every pair of
// restatements compared. rsCluster must give exactly its groups.
func rsClusterPairwise(vs []*rsVariant, threshold float64) [][]*rsVariant {
	parent := make([]int, len(vs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range vs {
		for j := i + 1; j < len(vs); j++ {
			if restate.Dice(vs[i].set, vs[j].set) >= threshold {
				a, b := find(i), find(j)
				if a != b {
					parent[max(a, b)] = min(a, b)
				}
			}
		}
	}
	index := map[int]int{}
	var groups [][]*rsVariant
	for i, v := range vs {
		root := find(i)
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

// clusterVariants makes variants of word sets written as strings of
// letters: "abc" is the set {a, b, c}.
func clusterVariants(sets ...string) []*rsVariant {
	vs := make([]*rsVariant, len(sets))
	for i, s := range sets {
		set := map[string]bool{}
		for _, r := range s {
			set[string(r)] = true
		}
		vs[i] = &rsVariant{set: set}
	}
	return vs
}

// clusterShape is the groups as variant indices, for comparing and printing.
func clusterShape(vs []*rsVariant, groups [][]*rsVariant) [][]int {
	at := map[*rsVariant]int{}
	for i, v := range vs {
		at[v] = i
	}
	var out [][]int
	for _, g := range groups {
		var ids []int
		for _, v := range g {
			ids = append(ids, at[v])
		}
		out = append(out, ids)
	}
	return out
}

func checkClusterAgainstPairwise(t *testing.T, vs []*rsVariant, threshold float64) [][]int {
	t.Helper()
	got := clusterShape(vs, rsCluster(vs, threshold))
	want := clusterShape(vs, rsClusterPairwise(vs, threshold))
	if !slices.EqualFunc(got, want, slices.Equal) {
		if len(vs) > 12 {
			t.Fatalf("threshold %v, %d sets: got groups %v, pairwise gives %v", threshold, len(vs), got, want)
		}
		var sets []string
		for _, v := range vs {
			sets = append(sets, fmt.Sprint(slices.Sorted(func(yield func(string) bool) {
				for w := range v.set {
					if !yield(w) {
						return
					}
				}
			})))
		}
		t.Fatalf("threshold %v, sets %v: got groups %v, pairwise gives %v", threshold, sets, got, want)
	}
	return got
}

func TestRsCluster(t *testing.T) {
	for _, tc := range []struct {
		name      string
		sets      []string
		threshold float64
		want      [][]int
	}{
		{"nothing", nil, 0.6, nil},
		{"one", []string{"abc"}, 0.6, [][]int{{0}}},
		{"identical sets", []string{"abc", "xyz", "abc"}, 0.6, [][]int{{0, 2}, {1}}},
		{"empty sets are alike", []string{"", "ab", ""}, 0.6, [][]int{{0, 2}, {1}}},
		// 2·3/(3+4) = 0.857; 2·2/(4+2) = 0.667; 2·1/(2+3) = 0.4
		{"a chain joins ends that are not alike", []string{"abc", "abcd", "zq", "cd"}, 0.6, [][]int{{0, 1, 3}, {2}}},
		{"just at the threshold", []string{"abcde", "abcfg"}, 0.6, [][]int{{0, 1}}},
		{"just below it", []string{"abcde", "abfgh"}, 0.6, [][]int{{0}, {1}}},
		// A subset of half the size scores 2·5/(10+5) = 0.667: the common
		// words are the last five of the larger set in any order.
		{"a small subset of a large set", []string{"abcdefghij", "fghij"}, 0.6, [][]int{{0, 1}}},
		// 2·5/(8+5) = 0.769; 2·5/(5+7) = 0.833
		{"common words first and rare ones last", []string{"abcdexyz", "abcde", "abcdevw"}, 0.8, [][]int{{0}, {1, 2}}},
		{"a later set joins two groups", []string{"abcd", "efgh", "abcdefgh"}, 0.6, [][]int{{0, 1, 2}}},
		{"threshold 1: only equal sets", []string{"ab", "abc", "ab"}, 1, [][]int{{0, 2}, {1}}},
		{"threshold above 1: nothing joins", []string{"ab", "ab"}, 1.5, [][]int{{0}, {1}}},
		{"threshold 0: everything joins", []string{"ab", "cd", ""}, 0, [][]int{{0, 1, 2}}},
		{"threshold NaN: nothing joins", []string{"ab", "ab"}, math.NaN(), [][]int{{0}, {1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vs := clusterVariants(tc.sets...)
			got := checkClusterAgainstPairwise(t, vs, tc.threshold)
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzRsCluster compares the indexed clustering with the pairwise one on
// word sets drawn from a small vocabulary (so that sets overlap), at
// thresholds that include the awkward ones (0.6 is not exact in binary,
// and fractions such as 2/3 sit right on scores).
func FuzzRsCluster(f *testing.F) {
	f.Add([]byte("abc\x00abcd\x00zq\x00cd"), uint8(60))
	f.Add([]byte("abcdefghij\x00fghij\x00abcde\x00abcde"), uint8(67))
	f.Add([]byte("\x00\x00ab\x00ba\x00b"), uint8(100))
	f.Add([]byte("abcde\x00abcfg\x00abfgh\x00fgh"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, th uint8) {
		var sets []string
		cur := []byte{}
		for _, c := range data {
			if c == 0 {
				sets = append(sets, string(cur))
				cur = cur[:0]
				continue
			}
			cur = append(cur, 'a'+c%16)
		}
		sets = append(sets, string(cur))
		if len(sets) > 64 {
			sets = sets[:64]
		}
		thresholds := []float64{float64(th) / 100, float64(th%4) / 3, 2 / (float64(th%9) + 1)}
		for _, threshold := range thresholds {
			checkClusterAgainstPairwise(t, clusterVariants(sets...), threshold)
		}
	})
}

// TestRsClusterRandom is a quick differential test on larger random
// corpora than the fuzz seeds, drawn like restatements of one term: a few
// wordings with words dropped and swapped.
func TestRsClusterRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		vs := randomVariants(r, 20+r.IntN(200), 4+r.IntN(6))
		for _, threshold := range []float64{0.3, 0.5, consistencyThreshold, 2.0 / 3, 0.75, 0.9, 1} {
			checkClusterAgainstPairwise(t, vs, threshold)
		}
	}
}

// randomVariants makes n restatements from k wordings of 5 to 24 words over
// a vocabulary of 60, each restatement dropping and swapping a few words.
func randomVariants(r *rand.Rand, n, k int) []*rsVariant {
	word := func() string { return fmt.Sprintf("w%d", r.IntN(60)) }
	bases := make([][]string, k)
	for i := range bases {
		for range 5 + r.IntN(20) {
			bases[i] = append(bases[i], word())
		}
	}
	vs := make([]*rsVariant, n)
	for i := range vs {
		set := map[string]bool{}
		for _, w := range bases[r.IntN(k)] {
			switch r.IntN(10) {
			case 0:
			case 1:
				set[word()] = true
			default:
				set[w] = true
			}
		}
		vs[i] = &rsVariant{set: set}
	}
	return vs
}

// BenchmarkRsCluster clusters restatements of one term, as a large corpus
// has them: many copies of a few wordings, each slightly varied.
func BenchmarkRsCluster(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		vs := randomVariants(rand.New(rand.NewPCG(3, 4)), n, 8)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				rsCluster(vs, consistencyThreshold)
			}
		})
		if n <= 1000 { // the pairwise clustering takes half a minute on 10,000
			b.Run(fmt.Sprint(n, "/pairwise"), func(b *testing.B) {
				for b.Loop() {
					rsClusterPairwise(vs, consistencyThreshold)
				}
			})
		}
	}
}
