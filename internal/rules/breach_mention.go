package rules

import (
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// questionSection reports whether sec, or the section it sits in below its
// H2, is headed by a question: an FAQ answer.
func questionSection(sec *corpus.Section) bool {
	for s := sec; s != nil && s.Heading != nil; s = s.Parent {
		if strings.HasSuffix(strings.TrimSpace(s.Heading.Text), "?") {
			return true
		}
		if s.Level() <= 2 {
			break
		}
	}
	return false
}

// headingTexts are the page's headings, as normalText: a list item or
// table cell that repeats one is a contents entry.
func headingTexts(d *corpus.Document) map[string]bool {
	out := map[string]bool{}
	for _, s := range d.Sections {
		if s.Heading != nil {
			out[normalText(s.Heading.Text)] = true
		}
	}
	return out
}

// isHeadingText reports whether text, as normalText, is one of the page's
// headings; *headings holds them once made, on the first call of a page.
func isHeadingText(d *corpus.Document, headings *map[string]bool, text string) bool {
	if *headings == nil {
		*headings = headingTexts(d)
	}
	return (*headings)[normalText(text)]
}

// normalText is text lower-cased with its words single-spaced and trailing
// punctuation dropped.
func normalText(s string) string {
	return strings.TrimRight(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".;:,")
}

// hasFreeVerb reports whether verbs holds a breach word from the
// glossary's lists, which may stand without an order.
func hasFreeVerb(verbs []cueHit) bool {
	for _, v := range verbs {
		if !v.cue.bound {
			return true
		}
	}
	return false
}

// firstFreeVerb is the first breach word from the glossary's lists.
func firstFreeVerb(verbs []cueHit) cueHit {
	for _, v := range verbs {
		if !v.cue.bound {
			return v
		}
	}
	return verbs[0]
}

// breachLeadWords is how far into a paragraph's first sentence a breach
// may be named and still lead the paragraph: "Where the defendant breached
// the restraining order, ..." and "If an interim SPO is breached, ..." lead;
// a breach named late in a sentence about victims' needs does not.
const breachLeadWords = 8

// leadWords is how many of toks come before run offset at.
func leadWords(toks []analysis.Token, at int) int {
	n := 0
	for _, t := range toks {
		if t.Start >= at {
			break
		}
		n++
	}
	return n
}

// linksToContext reports whether a paragraph holding one of the
// discussions links to a section of the same page that gives the context.
func linksToContext(d *corpus.Document, ds []*breachSentence, contextUnder func(*corpus.Section) bool) bool {
	for _, bs := range ds {
		for _, l := range d.Links {
			if l.Block != bs.block.Block || !strings.HasPrefix(l.Dest, "#") {
				continue
			}
			for _, sec := range d.Sections {
				if sec.Heading != nil && sec.Anchor() == l.Dest[1:] && contextUnder(sec) {
					return true
				}
			}
		}
	}
	return false
}

// summaryGivesContext reports whether a front-matter summary speaks of
// breach and gives its context.
func summaryGivesContext(ix *breachIndex, summary string) bool {
	if summary == "" {
		return false
	}
	toks := analysis.Analyze(summary)
	verb := false
	var cues [][2]int
	for _, h := range ix.find(summary, toks) {
		switch h.cue.kind {
		case cueVerb:
			verb = true
		case cueContext:
			cues = append(cues, [2]int{h.first, h.last})
		}
	}
	return verb && readBreachContext(summary, toks, conceptWords().ids(toks, nil), cues).context
}

// anyTerm reports whether one of toks has its analysed form in set.
func anyTerm(toks []analysis.Token, set map[string]bool) bool {
	for _, t := range toks {
		if set[t.Term] {
			return true
		}
	}
	return false
}

// tokenIndex is the index in toks (a sentence's tokens, a sub-slice of
// all) of all[i].
func tokenIndex(toks, all []analysis.Token, i int) int {
	for k := range toks {
		if toks[k].Start == all[i].Start {
			return k
		}
	}
	return -1
}

type mentionResult struct {
	mention breachMention
	terms   []*glossary.Term
	verb    int // the token index of the breach word
}

// breachMentionIn decides whether one sentence mentions breach of an order:
// a breach word with an order cue of the same breach term, or with "the
// order" when the section last named an order of that term.
func breachMentionIn(b *BlockFacts, s corpus.Sentence, verbs, orders []cueHit, lastTerms []*glossary.Term) *mentionResult {
	for _, v := range verbs {
		if breachOfOther(b, s, v) {
			continue // "bail breaches and breaches of SPOs": the first is bail's
		}
		var terms []*glossary.Term
		best := -1
		for oi, o := range orders {
			shared := sharedTerms(v.cue.terms, o.cue.terms)
			if len(shared) == 0 {
				continue
			}
			if best < 0 || distanceTokens(v, o) < distanceTokens(v, orders[best]) ||
				(distanceTokens(v, o) == distanceTokens(v, orders[best]) && o.last-o.first > orders[best].last-orders[best].first) {
				best, terms = oi, shared
			}
		}
		first, last := v.first, v.last
		if best >= 0 {
			o := orders[best]
			first, last = min(first, o.first), max(last, o.last)
		} else if len(lastTerms) > 0 {
			shared := sharedTerms(v.cue.terms, lastTerms)
			ref := orderBackReference(b, s, v)
			if len(shared) == 0 || ref < 0 {
				continue
			}
			terms = shared
			first, last = min(first, ref-1), max(last, ref+1)
		} else {
			continue
		}
		return &mentionResult{
			mention: breachMention{block: b, start: b.Tokens[first].Start, end: b.Tokens[last-1].End, sentence: s},
			terms:   terms,
			verb:    v.first,
		}
	}
	return nil
}

// breachOfOther reports whether the breach word v is one of something other
// than an order: "bail breaches", "breach of bail conditions", "breach of
// the peace".
func breachOfOther(b *BlockFacts, s corpus.Sentence, v cueHit) bool {
	other := breachWords().other
	if v.first > 0 && b.Tokens[v.first-1].Start >= s.Start && other[b.Tokens[v.first-1].Term] {
		return true
	}
	if v.last+1 < len(b.Tokens) && b.Tokens[v.last].Surface == "of" {
		for _, t := range b.Tokens[v.last+1 : min(v.last+3, len(b.Tokens))] {
			if t.End <= s.End && other[t.Term] {
				return true
			}
		}
	}
	return false
}

// orderBackReference finds "the order" (or "that order", "either order"...)
// in the sentence and returns the index of the word "order", or -1.
func orderBackReference(b *BlockFacts, s corpus.Sentence, v cueHit) int {
	best := -1
	for i := 1; i < len(b.Tokens); i++ {
		tk := b.Tokens[i]
		if tk.Start < s.Start || tk.End > s.End {
			continue
		}
		if tk.Term != "order" || !orderDeterminers[b.Tokens[i-1].Surface] || b.Tokens[i-1].Start < s.Start {
			continue
		}
		if best < 0 || abs(i-v.first) < abs(best-v.first) {
			best = i
		}
	}
	return best
}

func distanceTokens(a, b cueHit) int {
	if a.last <= b.first {
		return b.first - a.last
	}
	if b.last <= a.first {
		return a.first - b.last
	}
	return 0
}

func sharedTerms(a, b []*glossary.Term) []*glossary.Term {
	var out []*glossary.Term
	for _, t := range a {
		for _, u := range b {
			if t == u {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// sentenceHasLink reports whether a sentence holds a link: such a sentence
// points the reader to where breach is discussed rather than discussing it.
func sentenceHasLink(d *corpus.Document, b *BlockFacts, s corpus.Sentence) bool {
	start, end := b.Block.Run.Span(s.Start, s.End)
	for _, l := range d.Links {
		if l.Block == b.Block && l.Start >= start && l.Start < end {
			return true
		}
	}
	return false
}

// actSpans appends to buf the token spans [first, last) of the Act names
// among a block's term matches: the tokens restate.ActTokens marks, as
// spans rather than a map (a test holds the two together).
func actSpans(ms []glossary.Match, buf [][2]int) [][2]int {
	for _, m := range ms {
		if m.Entry.Term.Act != nil {
			buf = append(buf, [2]int{m.First, m.Last})
		}
	}
	return buf
}

// maskActNames returns toks, and their word numbers ids, with the words of
// an Act's name blanked, so that "charged under section 8 of the Stalking
// Protection Act" does not read as charging stalking. toks starts at index
// base of the block's tokens; acts are the block's Act names as token
// spans (actSpans). A blanked word is numbered as conceptWords numbers it,
// so the copy reads as if numbered afresh. The copy is made in the
// buffers bufToks and bufIDs.
func maskActNames(toks []analysis.Token, ids []wordIDs, acts [][2]int, base int, bufToks []analysis.Token, bufIDs []wordIDs) ([]analysis.Token, []wordIDs) {
	var outToks []analysis.Token
	var outIDs []wordIDs
	for _, a := range acts {
		for k := max(a[0], base); k < min(a[1], base+len(toks)); k++ {
			if outToks == nil {
				outToks, outIDs = append(bufToks[:0], toks...), append(bufIDs[:0], ids...)
			}
			i := k - base
			outToks[i].Term, outToks[i].Surface = "\x00", "\x00"
			outToks[i].TermID, outToks[i].SurfaceID = 0, 0
			outIDs[i] = maskedWordIDs()
		}
	}
	if outToks == nil {
		return toks, ids
	}
	return outToks, outIDs
}

// maskedWordIDs are the word numbers of a blanked word.
var maskedWordIDs = sync.OnceValue(func() wordIDs {
	v := conceptWords()
	return wordIDs{v.terms.get("\x00"), v.surfaces.get("\x00")}
})
