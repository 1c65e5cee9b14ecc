package rx

import "regexp/syntax"

// A pattern that must end where the text ends, such as `\b(?:defences?|
// powers?)\s+(?:to|for|of)\s+$` run on the part of a sentence before a
// term, is still tried by regexp at every position of the text. When its
// matches can span only a few runs of spaces, the match must start within
// the last few words, and MatchString need only look at those: the text
// after the (R+1)th run of spaces from its end, where R is the most runs
// a match can hold. The cut falls just after a space, which, like the
// start of a text, is not a word character, so \b and \B read the same
// there.

// unbounded is tailRuns's answer for a pattern with no usable bound.
const unbounded = -1

// isSpace is the set of bytes whose runs the bound counts: every byte \s
// matches, and \v. They are ASCII, so never part of a multi-byte rune.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// tailRuns returns the most runs of spaces a match of re can hold when
// every match ends at the end of the text and nothing ties a match to the
// text's start, and unbounded otherwise.
func tailRuns(re *syntax.Regexp) int {
	if re.Op != syntax.OpConcat || len(re.Sub) == 0 || re.Sub[len(re.Sub)-1].Op != syntax.OpEndText || anchoredStart(re) {
		return unbounded
	}
	n, ok := spaceRuns(re)
	if !ok {
		return unbounded
	}
	return n
}

// anchoredStart reports whether re holds ^ or \A anywhere, which a cut
// text would move.
func anchoredStart(re *syntax.Regexp) bool {
	if re.Op == syntax.OpBeginLine || re.Op == syntax.OpBeginText {
		return true
	}
	for _, sub := range re.Sub {
		if anchoredStart(sub) {
			return true
		}
	}
	return false
}

// spaceRuns returns the most maximal runs of spaces a string matched by
// re can hold, and false when there is no bound.
func spaceRuns(re *syntax.Regexp) (int, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpNoMatch, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0, true
	case syntax.OpLiteral:
		n, in := 0, false
		for _, r := range re.Rune {
			sp := r < 0x80 && isSpace(byte(r))
			if sp && !in {
				n++
			}
			in = sp
		}
		return n, true
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		if has, _ := classSpaces(re); has {
			return 1, true
		}
		return 0, true
	case syntax.OpCapture, syntax.OpQuest:
		return spaceRuns(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		n, ok := spaceRuns(re.Sub[0])
		if !ok {
			return 0, false
		}
		if n == 0 {
			return 0, true
		}
		if onlySpaces(re.Sub[0]) {
			return 1, true // repeated spaces are one run
		}
		if re.Op == syntax.OpRepeat && re.Max >= 0 {
			return n * re.Max, true
		}
		return 0, false
	case syntax.OpConcat:
		sum := 0
		for _, sub := range re.Sub {
			n, ok := spaceRuns(sub)
			if !ok {
				return 0, false
			}
			sum += n
		}
		return sum, true
	case syntax.OpAlternate:
		most := 0
		for _, sub := range re.Sub {
			n, ok := spaceRuns(sub)
			if !ok {
				return 0, false
			}
			most = max(most, n)
		}
		return most, true
	}
	return 0, false
}

// onlySpaces reports whether every character re can match is a space.
func onlySpaces(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpNoMatch, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r >= 0x80 || !isSpace(byte(r)) {
				return false
			}
		}
		return true
	case syntax.OpCharClass:
		_, others := classSpaces(re)
		return !others
	case syntax.OpCapture, syntax.OpQuest, syntax.OpStar, syntax.OpPlus, syntax.OpRepeat, syntax.OpConcat, syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !onlySpaces(sub) {
				return false
			}
		}
		return true
	}
	return false
}

// classSpaces reports whether a one-character re matches some space, and
// whether it matches some other character.
func classSpaces(re *syntax.Regexp) (spaces, others bool) {
	if re.Op != syntax.OpCharClass {
		return true, true
	}
	for i := 0; i+1 < len(re.Rune); i += 2 {
		lo, hi := re.Rune[i], re.Rune[i+1]
		for r := lo; r <= hi; r++ {
			if r < 0x80 && isSpace(byte(r)) {
				spaces = true
			} else {
				others = true
			}
			if spaces && others || r >= 0x80 {
				// Past ASCII every rune is another character.
				others = true
				if spaces {
					return
				}
				break
			}
		}
	}
	return
}

// tail is the part of s in which a match holding at most runs runs of
// spaces and ending at the end of s must lie: after the (runs+1)th run of
// spaces from the end, or all of s when it has no more runs.
func tail(s string, runs int) string {
	i, seen := len(s), 0
	for {
		for i > 0 && !isSpace(s[i-1]) {
			i--
		}
		if i == 0 {
			return s
		}
		if seen++; seen > runs {
			return s[i:]
		}
		for i > 0 && isSpace(s[i-1]) {
			i--
		}
	}
}
