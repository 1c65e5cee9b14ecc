package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
)

// A broken heading link is usually a heading renamed after the link was
// written: words reordered, a word added or dropped, a slip of the keys, or
// new wording altogether. The suggestion must be right or absent: a guess
// by letters alone sent #youth-remand to #breach-of-bail, sharing no word
// with it. So a heading is suggested only when its words match the link's
// words well, and otherwise the target's headings are listed for the writer
// to choose from.

// anchorMatchMin is the least word similarity (the Dice coefficient of
// matched words) for a heading to be suggested: two of three words kept,
// one word added to or dropped from two or more, any order. One word in
// common out of two on each side (0.5) is not enough: "remand in custody"
// is not "youth remand".
const anchorMatchMin = 0.6

// maxListedHeadings bounds the headings a hint lists.
const maxListedHeadings = 20

// suggestAnchor is the hint for a link to anchor a that a document with
// these heading anchors lacks: the one heading whose words best match the
// anchor's, when they match well and no other heading matches as well;
// otherwise the target's headings.
func suggestAnchor(anchors []string, a string) string {
	if len(anchors) == 0 {
		return "the target has no headings; link to the document"
	}
	link := anchorWords(a)
	best, bestScore, ties := "", 0.0, 0
	for _, h := range anchors {
		s := anchorSimilarity(a, link, h)
		switch {
		case s > bestScore:
			best, bestScore, ties = h, s, 1
		case s == bestScore && h != best:
			ties++
		}
	}
	if bestScore >= anchorMatchMin && ties == 1 {
		return "#" + best
	}
	return headingList(anchors)
}

// headingList names a document's heading anchors, in document order.
func headingList(anchors []string) string {
	var b strings.Builder
	b.WriteString("no heading matches its words; headings there: ")
	seen := map[string]bool{}
	n := 0
	for _, h := range anchors {
		if seen[h] {
			continue
		}
		seen[h] = true
		if n == maxListedHeadings {
			n++
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		b.WriteString("#" + h)
		n++
	}
	if more := len(seen) - maxListedHeadings; more > 0 {
		fmt.Fprintf(&b, " and %d more", more)
	}
	return b.String()
}

// anchorWord is one word of an anchor: as written and as stemmed.
type anchorWord struct{ surface, stem string }

// anchorWords splits an anchor at hyphens into its words, leaving out stop
// words unless nothing else is left.
func anchorWords(a string) []anchorWord {
	var all, content []anchorWord
	for _, w := range strings.FieldsFunc(a, func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) }) {
		f := analysis.Fold(w)
		if f == "" {
			continue
		}
		aw := anchorWord{f, analysis.Stem(f)}
		all = append(all, aw)
		if !analysis.IsStop(f) {
			content = append(content, aw)
		}
	}
	if len(content) == 0 {
		return all
	}
	return content
}

// anchorSimilarity is how well heading anchor h matches the missing anchor
// a (whose words are link): the Dice coefficient of the words matched one
// to one, any order, a word matching another of the same stem or, when it
// is long enough, one a slip or two away. An anchor that differs only by a
// slip, hyphens included ("youthremand"), matches fully.
func anchorSimilarity(a string, link []anchorWord, h string) float64 {
	ga, gh := strings.ReplaceAll(a, "-", ""), strings.ReplaceAll(h, "-", "")
	if n := utf8.RuneCountInString(ga); n >= 6 && distanceWithin(ga, gh, 1) <= 1 && digitsOf(ga) == digitsOf(gh) {
		return 1
	}
	head := anchorWords(h)
	if len(link) == 0 || len(head) == 0 {
		return 0
	}
	if conflictingNumbers(link, head) {
		return 0
	}
	usedL, usedH := make([]bool, len(link)), make([]bool, len(head))
	matched := 0
	match := func(same func(l, h anchorWord) bool) {
		for i, lw := range link {
			for j, hw := range head {
				if !usedL[i] && !usedH[j] && same(lw, hw) {
					usedL[i], usedH[j] = true, true
					matched++
				}
			}
		}
	}
	// Same stems first, so that a slip does not take a word another link
	// word matches exactly.
	match(func(l, h anchorWord) bool { return l.stem == h.stem })
	match(func(l, h anchorWord) bool { return slipOf(l.surface, h.surface) })
	return 2 * float64(matched) / float64(len(link)+len(head))
}

// conflictingNumbers says whether both anchors hold numbers and share
// none: "section-5-tests" is not "section-4-tests", however alike the rest.
func conflictingNumbers(a, b []anchorWord) bool {
	var na, nb []string
	for _, w := range a {
		if digitsOf(w.surface) != "" {
			na = append(na, w.surface)
		}
	}
	for _, w := range b {
		if digitsOf(w.surface) != "" {
			nb = append(nb, w.surface)
		}
	}
	if len(na) == 0 || len(nb) == 0 {
		return false
	}
	for _, x := range na {
		if slices.Contains(nb, x) {
			return false
		}
	}
	return true
}

// digitsOf returns the digits of s in order: a slip is never in a number.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// slipOf says whether two words of letters differ by a slip: one edit
// (a swap of neighbours counts as one) in words of four letters or more,
// two in words of eight or more. Numbers must match exactly: section 4 is
// not section 5.
func slipOf(a, b string) bool {
	if !isLetters(a) || !isLetters(b) {
		return false
	}
	n := min(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	k := 0
	switch {
	case n >= 8:
		k = 2
	case n >= 4:
		k = 1
	}
	return k > 0 && distanceWithin(a, b, k) <= k
}
