// Package rx is regexp with a literal prefilter. Go's regexp tries a
// pattern at every position of the text unless the pattern starts with a
// literal, so a pattern such as `\b(?:formerly|replaced by|...)\b`, run
// on every sentence, costs a backtracking attempt per byte even when no
// word of it is there. rx works out, once, a set of literal strings one of
// which every match must contain, and answers "no match" at the cost of a
// few substring searches when none is in the text. Results are always
// those of the regexp package: the prefilter only ever skips work whose
// answer it already knows.
package rx

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Regexp is a compiled regexp.Regexp with its prefilter. Methods it does
// not override run the regexp as it is.
type Regexp struct {
	*regexp.Regexp
	// lits: every match contains one of them; nil means no such set was
	// found and every call runs the regexp.
	lits []string
	// fold: lits are lower-case ASCII and match without regard to case.
	fold bool
	// foldOthers are the non-ASCII runes that (?i) matches to a letter
	// of lits (the Kelvin sign for k, the long s for s): a text holding
	// one runs the regexp, since the ASCII search would miss them.
	foldOthers []string
	// tailRuns, when not unbounded, lets MatchString look only at the
	// end of the text (tail.go).
	tailRuns int
	// scan, when set, finds lits in one pass over the text (scan.go):
	// with many literals, searching for each in turn read a sentence
	// once a literal.
	scan *litScan
}

// maxLits bounds the prefilter: past this many alternatives, searching
// for each would cost more than it saves.
const maxLits = 48

// MustCompile is regexp.MustCompile with the prefilter.
func MustCompile(expr string) *Regexp {
	re := &Regexp{Regexp: regexp.MustCompile(expr), tailRuns: unbounded}
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return re
	}
	re.tailRuns = tailRuns(tree)
	lits, fold, ok := required(tree, maxProduct)
	if !ok || len(lits) == 0 || len(lits) > maxLits {
		// Spelt out, the alternatives may be too many: the parts alone
		// may still do.
		lits, fold, ok = required(tree, 1)
	}
	if !ok || len(lits) == 0 || len(lits) > maxLits {
		return re
	}
	re.lits, re.fold = lits, fold
	re.scan = newLitScan(lits, fold)
	if fold {
		others := map[rune]bool{}
		for _, l := range lits {
			for _, r := range l {
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					if f >= utf8.RuneSelf {
						others[f] = true
					}
				}
			}
		}
		for r := range others {
			re.foldOthers = append(re.foldOthers, string(r))
		}
	}
	return re
}

// mayMatch reports whether s holds one of the literals every match needs.
func (re *Regexp) mayMatch(s string) bool {
	if re.lits == nil {
		return true
	}
	if re.fold {
		for _, o := range re.foldOthers {
			if strings.Contains(s, o) {
				return true
			}
		}
		if re.scan != nil {
			return re.scan.in(s)
		}
		for _, l := range re.lits {
			if containsFoldASCII(s, l) {
				return true
			}
		}
		return false
	}
	if re.scan != nil {
		return re.scan.in(s)
	}
	for _, l := range re.lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

// MatchString is regexp.Regexp.MatchString.
func (re *Regexp) MatchString(s string) bool {
	if re.tailRuns != unbounded {
		s = tail(s, re.tailRuns)
	}
	return re.mayMatch(s) && re.Regexp.MatchString(s)
}

// FindStringIndex is regexp.Regexp.FindStringIndex.
func (re *Regexp) FindStringIndex(s string) []int {
	if !re.mayMatch(s) {
		return nil
	}
	return re.Regexp.FindStringIndex(s)
}

// FindAllStringIndex is regexp.Regexp.FindAllStringIndex.
func (re *Regexp) FindAllStringIndex(s string, n int) [][]int {
	if !re.mayMatch(s) {
		return nil
	}
	return re.Regexp.FindAllStringIndex(s, n)
}

// FindStringSubmatchIndex is regexp.Regexp.FindStringSubmatchIndex.
func (re *Regexp) FindStringSubmatchIndex(s string) []int {
	if !re.mayMatch(s) {
		return nil
	}
	return re.Regexp.FindStringSubmatchIndex(s)
}

// Literals returns the prefilter's literals, for tests.
func (re *Regexp) Literals() []string { return re.lits }

// minLit is the shortest literal worth searching for: shorter ones are in
// nearly every sentence.
const minLit = 3

// maxProduct bounds the strings a part of a pattern is spelt out as
// (exact): "must (?:show|prove)" is required to hold "must show" or
// "must prove", which prose holding "must" alone does not, where taking
// its longest part would ask only for "must ".
const maxProduct = 16

// required returns literals one of which every match of re contains, and
// whether they are to be matched without regard to case. ok is false when
// no such set is known. A set mixes folded and exact literals only by
// giving up. Runs of parts that match only a few strings are spelt out
// (their product), up to prod strings.
func required(re *syntax.Regexp, prod int) (lits []string, fold, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		set, f, ok := exact(re, prod)
		if !ok || len(set[0]) < minLit {
			return nil, false, false
		}
		return set, f == folded, true
	case syntax.OpCapture:
		return required(re.Sub[0], prod)
	case syntax.OpPlus:
		return required(re.Sub[0], prod)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0], prod)
		}
		return nil, false, false
	case syntax.OpAlternate:
		var all []string
		for i, sub := range re.Sub {
			l, f, ok := required(sub, prod)
			if !ok {
				return nil, false, false
			}
			if i == 0 {
				fold = f
			} else if f != fold {
				return nil, false, false
			}
			all = append(all, l...)
		}
		if len(all) > maxLits {
			return nil, false, false
		}
		return all, fold, true
	case syntax.OpConcat:
		// Every match holds a match of each part, and of each run of
		// parts in a row: take the literals that are longest (fewest, on
		// a tie).
		best, bestMin := []string(nil), 0
		consider := func(l []string, f bool) {
			m := len(l[0])
			for _, s := range l {
				m = min(m, len(s))
			}
			if m < minLit {
				return
			}
			if best == nil || m > bestMin || m == bestMin && len(l) < len(best) {
				best, bestMin, fold = l, m, f
			}
		}
		for _, sub := range re.Sub {
			if l, f, ok := required(sub, prod); ok {
				consider(l, f)
			}
		}
		run, runFold := []string(nil), caseless
		for _, sub := range re.Sub {
			set, f, ok := exact(sub, prod)
			if ok && run != nil {
				if jf, same := joinFold(runFold, f); same && len(run)*len(set) <= prod {
					run, runFold = product(run, set), jf
					consider(run, runFold == folded)
					continue
				}
			}
			run, runFold = nil, caseless
			if ok {
				run, runFold = set, f
			}
		}
		return best, fold, best != nil
	}
	return nil, false, false
}

// How the strings of an exact set are compared with text.
const (
	caseless = iota // no letters: either way
	cased
	folded // lower-case ASCII, matching either case
)

func joinFold(a, b int) (int, bool) {
	switch {
	case a == caseless:
		return b, true
	case b == caseless || a == b:
		return a, true
	}
	return 0, false
}

// exact returns every string re can match, when they are at most prod:
// a literal, an alternation or sequence of them, an optional one, or a
// zero-width assertion (the empty string, which is all it consumes).
func exact(re *syntax.Regexp, prod int) (set []string, fold int, ok bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary,
		syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return []string{""}, caseless, true
	case syntax.OpLiteral:
		s := string(re.Rune)
		if strings.ContainsRune(s, utf8.RuneError) {
			return nil, 0, false
		}
		if re.Flags&syntax.FoldCase != 0 {
			for _, r := range re.Rune {
				if r >= utf8.RuneSelf {
					return nil, 0, false
				}
			}
			return []string{strings.ToLower(s)}, folded, true
		}
		return []string{s}, cased, true
	case syntax.OpCapture:
		return exact(re.Sub[0], prod)
	case syntax.OpQuest:
		set, f, ok := exact(re.Sub[0], prod)
		if !ok || len(set)+1 > prod {
			return nil, 0, false
		}
		return append(slices.Clip(set), ""), f, true
	case syntax.OpAlternate:
		fold = caseless
		for _, sub := range re.Sub {
			s, f, ok := exact(sub, prod)
			if !ok {
				return nil, 0, false
			}
			if fold, ok = joinFold(fold, f); !ok || len(set)+len(s) > prod {
				return nil, 0, false
			}
			set = append(set, s...)
		}
		return set, fold, true
	case syntax.OpConcat:
		set, fold = []string{""}, caseless
		for _, sub := range re.Sub {
			s, f, ok := exact(sub, prod)
			if !ok {
				return nil, 0, false
			}
			if fold, ok = joinFold(fold, f); !ok || len(set)*len(s) > prod {
				return nil, 0, false
			}
			set = product(set, s)
		}
		return set, fold, true
	}
	return nil, 0, false
}

// product is every string of a followed by one of b, each once.
func product(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// containsFoldASCII reports whether s contains lit (lower-case ASCII)
// with ASCII letters in either case.
func containsFoldASCII(s, lit string) bool {
	c0 := lit[0]
	up := c0
	if 'a' <= c0 && c0 <= 'z' {
		up = c0 - 'a' + 'A'
	}
	for i := 0; i+len(lit) <= len(s); i++ {
		if c := s[i]; c != c0 && c != up {
			// Skip to the next byte that could start lit.
			j := strings.IndexByte(s[i:], c0)
			if up != c0 {
				if k := strings.IndexByte(s[i:], up); k >= 0 && (j < 0 || k < j) {
					j = k
				}
			}
			if j < 0 {
				return false
			}
			i += j
			if i+len(lit) > len(s) {
				return false
			}
		}
		if equalFoldASCII(s[i:i+len(lit)], lit) {
			return true
		}
	}
	return false
}

func equalFoldASCII(s, lower string) bool {
	for i := 0; i < len(lower); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
