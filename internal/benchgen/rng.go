package benchgen

// rng is a small, fully specified pseudo-random generator (SplitMix64). The
// generator owns it rather than using math/rand so that the same seed gives
// the same corpus on every Go version: math/rand/v2 specifies its sources but
// not the algorithms behind IntN and Shuffle.
type rng struct{ s uint64 }

// Streams keep the plan of a document (its title and headings, which other
// documents link to) independent of its body, so any document can work out
// another's anchors without generating it.
const (
	streamPlan uint64 = 0x706c616e // "plan"
	streamBody uint64 = 0x626f6479 // "body"
)

func newRNG(seed int64, doc int, stream uint64) *rng {
	r := &rng{s: uint64(seed)*0x9e3779b97f4a7c15 ^ uint64(doc+1)*0xbf58476d1ce4e5b9 ^ stream*0x94d049bb133111eb}
	r.next() // mix the seed once so neighbouring documents diverge at once
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); the modulo bias is below 2^-40 for the
// small n used here.
func (r *rng) intn(n int) int {
	if n <= 1 {
		return 0
	}
	return int(r.next() % uint64(n))
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true with probability p.
func (r *rng) chance(p float64) bool { return float64(r.next()>>11)/(1<<53) < p }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// sample returns k distinct indexes of [0, n) in increasing order.
func (r *rng) sample(n, k int) []int {
	if k > n {
		k = n
	}
	seen := make(map[int]bool, k)
	out := make([]int, 0, k)
	for len(out) < k {
		i := r.intn(n)
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
