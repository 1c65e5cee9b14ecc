package restate

import (
	"bytes"
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
		for _, s := range bf.Sentences {
			st := text[s.Start:s.End]
			t := claimTerm(bf, gp, s.Start, s.End)
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
			out = append(out, appositions(df, bf, gp, s)...)
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
	for _, m := range bf.Matches {
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
// term.
func appositions(df *DocFacts, bf *BlockFacts, gp *Profile, s corpus.Sentence) []*Restatement {
	var out []*Restatement
	text := bf.Block.Run.Text
	for _, m := range bf.Matches {
		if m.Start < s.Start || m.End > s.End {
			continue
		}
		if tp := gp.Terms[m.Entry.Term]; tp == nil || len(tp.Excluded) == 0 {
			continue
		}
		rest := text[m.End:s.End]
		if !strings.HasPrefix(rest, ", ") {
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
func mayRequire(s string) bool {
	// Most sentences are ASCII and short: lower-cased on the stack they
	// cost no allocation, and ASCII lower-cases to what strings.ToLower
	// gives.
	var buf [512]byte
	if len(s) <= len(buf) && isASCII(s) {
		l := buf[:len(s)]
		for i := 0; i < len(s); i++ {
			c := s[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			l[i] = c
		}
		return bytes.Contains(l, []byte("requir")) || bytes.Contains(l, []byte("must")) || bytes.Contains(l, []byte("need")) ||
			bytes.Contains(l, []byte("has to")) || bytes.Contains(l, []byte("have to")) || bytes.Contains(l, []byte("only"))
	}
	l := strings.ToLower(s)
	return strings.Contains(l, "requir") || strings.Contains(l, "must") || strings.Contains(l, "need") ||
		strings.Contains(l, "has to") || strings.Contains(l, "have to") || strings.Contains(l, "only")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
