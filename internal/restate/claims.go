package restate

import (
	"strings"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rx"
)

// Claims about a term are what excluded-element reads besides restatements:
// real pages add a wrong element less often by defining the term than by
// saying what it requires ("a stalking conviction requires evidence that
// the victim was afraid", "for stalking the Crown has to prove:" and a
// list, "coercive control is only an offence where the couple share a
// home") or by an aside ("Stalking, a grave kind of harassment, ..."). They
// are partial descriptions: held only to what they add that the glossary
// excludes, never to drift or missing elements, and not shown as
// descriptions of the term.

// requirement matches the words that state what a term requires.
var requirement = rx.MustCompile(`(?i)\b(?:requires?|required|must (?:show|prove|establish|have)|needs? to (?:show|prove|establish)|has to (?:show|prove|be)|have to (?:show|prove|be)|only (?:counts?|applies|apply|exists?)(?: as an offence)? (?:if|where|when)|is only an offence (?:if|where|when)|only if|only where)\b`)

// ExcludedClaims finds requirement statements and appositions about terms
// that have excluded elements.
func ExcludedClaims(df *DocFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	// The term each section's heading names, found once per section.
	secTerm := map[*corpus.Section]*glossary.Term{}
	for _, h := range df.Blocks {
		if h.Block.Kind == corpus.HeadingBlock && h.Block.Section != nil {
			secTerm[h.Block.Section] = claimTerm(h, gp, 0, len(h.Block.Run.Text))
		}
	}
	for i, bf := range df.Blocks {
		if bf.Block.Kind == corpus.HeadingBlock {
			out = append(out, headingClaim(df, bf, gp)...)
			continue
		}
		text := bf.Block.Run.Text
		mi := 0
		for _, s := range bf.Sentences {
			// The matches are in text order, as are the sentences: the
			// sentence's are from the first that starts in it (see
			// claimTermIn), not from the block's first.
			for mi < len(bf.Matches) && bf.Matches[mi].Start < s.Start {
				mi++
			}
			ms := bf.Matches[mi:]
			st := text[s.Start:s.End]
			t := claimTermIn(ms, gp, s.Start, s.End)
			if t == nil && bf.Block.Section != nil {
				t = secTerm[bf.Block.Section]
			}
			var loc []int
			if t != nil && mayRequire(st) && !question(st) {
				loc = requirement.FindStringIndex(st)
			}
			if loc != nil {
				{
					out = append(out, &Restatement{Term: t, Doc: df.Doc, Block: bf, Start: s.Start + loc[1], End: s.End, How: "claim", Reading: Describes})
					// "... must show:" and a list: each item is a requirement.
					if strings.HasSuffix(strings.TrimSpace(st), ":") {
						for _, item := range listAfter(df, i) {
							out = append(out, &Restatement{Term: t, Doc: df.Doc, Block: item, Start: 0, End: len(item.Block.Run.Text), How: "claim", Reading: Describes})
						}
					}
				}
			}
			out = append(out, appositions(df, bf, ms, gp, s)...)
		}
	}
	return out
}

// question reports whether a sentence asks rather than claims: "Does the
// victim have to be frightened for it to be stalking?" requires nothing;
// its answer may.
func question(st string) bool {
	return strings.HasSuffix(strings.TrimRight(st, " \t\n*_\"'”’)"), "?")
}

// claimTerm is the first term with excluded elements named in a span.
func claimTerm(bf *BlockFacts, gp *Profile, from, to int) *glossary.Term {
	return claimTermIn(bf.Matches, gp, from, to)
}

// claimTermIn is claimTerm on the matches ms, in text order. It stops at
// the first match that starts after to: that one and every later one end
// after to, which claimTerm skips.
func claimTermIn(ms []glossary.Match, gp *Profile, from, to int) *glossary.Term {
	for _, m := range ms {
		if m.Start > to {
			break
		}
		if m.Start < from || m.End > to {
			continue
		}
		switch m.Entry.Kind {
		case glossary.KindTerm, glossary.KindAlias, glossary.KindExpansion, glossary.KindAcronym:
		default:
			continue
		}
		if tp := gp.Terms[m.Entry.Term]; tp != nil && len(tp.Excluded) > 0 {
			return m.Entry.Term
		}
		return nil // the first term is the subject; another's claim is not this one's
	}
	return nil
}

// listAfter returns the list items that follow block i.
func listAfter(df *DocFacts, i int) []*BlockFacts {
	var out []*BlockFacts
	for _, b := range df.Blocks[i+1:] {
		if !b.Block.InList || b.Block.Kind == corpus.HeadingBlock {
			break
		}
		out = append(out, b)
	}
	return out
}

// headingClaim reads "Stalking: one kind of harassment" as a claim about
// the term before the colon.
func headingClaim(df *DocFacts, bf *BlockFacts, gp *Profile) []*Restatement {
	text := bf.Block.Run.Text
	c := strings.IndexAny(text, ":–—")
	if c < 0 {
		return nil
	}
	t := claimTerm(bf, gp, 0, c)
	if t == nil || strings.TrimSpace(text[c:]) == "" {
		return nil
	}
	_, size := utf8.DecodeRuneInString(text[c:])
	return []*Restatement{{Term: t, Doc: df.Doc, Block: bf, Start: c + size, End: len(text), How: "claim", Reading: Describes}}
}

// appositions finds "X, a/an/the ..., ..." asides that characterise a
// term, among the matches ms of bf (in text order; those before the
// sentence may be left out).
func appositions(df *DocFacts, bf *BlockFacts, ms []glossary.Match, gp *Profile, s corpus.Sentence) []*Restatement {
	var out []*Restatement
	text := bf.Block.Run.Text
	for _, m := range ms {
		if m.Start > s.End {
			break // this and every later match ends after the sentence
		}
		if m.Start < s.Start || m.End > s.End {
			continue
		}
		// Both tests must pass; the comma after the term is the cheaper
		// to ask, and most matches fail it.
		rest := text[m.End:s.End]
		if !strings.HasPrefix(rest, ", ") {
			continue
		}
		if tp := gp.Terms[m.Entry.Term]; tp == nil || len(tp.Excluded) == 0 {
			continue
		}
		aside := rest[2:]
		lower := strings.ToLower(aside)
		if !(strings.HasPrefix(lower, "a ") || strings.HasPrefix(lower, "an ") || strings.HasPrefix(lower, "the ")) {
			continue
		}
		end := strings.IndexByte(aside, ',')
		if end < 0 || len(strings.Fields(aside[:end])) > 10 {
			continue
		}
		start := m.End + 2
		out = append(out, &Restatement{Term: m.Entry.Term, Doc: df.Doc, Block: bf, Start: start, End: start + end, How: "claim", Reading: Describes})
	}
	return out
}

// mayRequire is a cheap test that a sentence may hold requirement:
// most sentences have none of its words, and the pattern is not cheap.
// It reports whether the lower-cased sentence contains one of
// requireWords.
func mayRequire(s string) bool {
	// ASCII lower-cases byte by byte to what strings.ToLower gives, so one
	// pass can look for every word at once, lower-casing as it goes: at
	// each byte, only the words that start with it are tried. The pass
	// also finds whether s is ASCII: at its first other byte it gives way
	// to the search of the lower-cased sentence. A word found before then
	// is all ASCII bytes of the ASCII part before that byte, which
	// strings.ToLower lower-cases in place, so that search would find it
	// too.
	for i := 0; i < len(s); i++ {
		g := requireFirst[s[i]]
		if g.n == 0 {
			continue
		}
		if g.n == notASCII {
			return mayRequireFolded(s)
		}
		for _, w := range requireWords[g.from : g.from+g.n] {
			if hasFoldPrefix(s[i:], w) {
				return true
			}
		}
	}
	return false
}

// mayRequireFolded is mayRequire for a sentence that is not all ASCII.
func mayRequireFolded(s string) bool {
	l := strings.ToLower(s)
	for _, w := range requireWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// requireWords are the words mayRequire looks for, those with the same
// first letter side by side.
var requireWords = []string{"requir", "must", "need", "has to", "have to", "only"}

// requireFirst says, for each byte, which of requireWords start with it
// in either case: n of them from index from; n is notASCII for the bytes
// from utf8.RuneSelf up.
var requireFirst = func() (t [256]struct{ from, n uint8 }) {
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c].n = notASCII
	}
	for i, w := range requireWords {
		for _, c := range []byte{w[0], w[0] - ('a' - 'A')} {
			if t[c].n == 0 {
				t[c].from = uint8(i)
			}
			t[c].n++
		}
	}
	return t
}()

// notASCII marks the bytes from utf8.RuneSelf up in requireFirst.
const notASCII = 0xff

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
}

// hasFoldPrefix reports whether the ASCII string s, lower-cased, begins
// with the lower-case w.
func hasFoldPrefix(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for j := 0; j < len(w); j++ {
		if lowerASCII(s[j]) != w[j] {
			return false
		}
	}
	return true
}
