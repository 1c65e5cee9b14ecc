package restate

import (
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/rx"
)

// ContinuationEnd extends a sentence restatement over the sentences right
// after it that carry on defining the term ("It must involve ...").
func ContinuationEnd(r *Restatement) int {
	end := r.End
	if r.How != "sentence" {
		return end
	}
	bf := r.Block
	for _, s := range bf.Sentences {
		if s.Start < end {
			continue
		}
		if strings.TrimSpace(bf.Block.Run.Text[end:s.Start]) != "" {
			break
		}
		st := strings.ToLower(strings.TrimLeft(bf.Block.Run.Text[s.Start:s.End], " \"'‘“("))
		first := FirstWord(st)
		if !continuers[first] && !continuingSubject.MatchString(st) {
			break
		}
		end = s.End
	}
	return end
}

// continuers open a sentence that goes on describing the subject of the
// one before.
var continuers = map[string]bool{"it": true, "this": true, "such": true, "these": true, "they": true}

// continuingSubject opens a sentence that goes on about the same conduct
// ("The behaviour must occur on more than one occasion").
var continuingSubject = rx.MustCompile(`^(?:the|that|this|such) (?:behaviour|behavior|conduct|acts|offence|course of conduct)\b`)

func FirstWord(s string) string {
	s = strings.TrimLeft(s, " \"'‘“(")
	if i := strings.IndexFunc(s, func(r rune) bool { return r == ' ' || r == ',' }); i >= 0 {
		return s[:i]
	}
	return s
}

// negators deny what follows them in the same clause.
var negators = map[string]bool{"not": true, "no": true, "without": true, "never": true, "nor": true,
	"neither": true, "regardless": true, "irrespective": true, "cannot": true, "absence": true}

// clauseWords end the reach of a negator.
var clauseWords = map[string]bool{"and": true, "but": true, "which": true, "who": true, "so": true,
	"yet": true, "whereas": true, "while": true, "whilst": true}

var auxiliaries = map[string]bool{"is": true, "are": true, "was": true, "were": true, "need": true, "needs": true,
	"does": true, "do": true, "did": true, "must": true, "will": true, "would": true, "should": true, "has": true, "have": true}

// Negated reports whether the cue at tokens [first, last] is denied:
// "not ... fear", "without fear", "whether or not", "fear is not required",
// "fear need not be proved".
func Negated(bf *BlockFacts, first, last int, s corpus.Sentence) bool {
	toks, text := bf.Tokens, bf.Block.Run.Text
	for k := first - 1; k >= 0 && k >= first-6 && toks[k].Start >= s.Start; k-- {
		if strings.ContainsAny(text[toks[k].End:toks[k+1].Start], ",;:()") {
			break
		}
		w := toks[k].Surface
		if negators[w] || strings.HasSuffix(w, "n't") {
			return true
		}
		if clauseWords[w] {
			break
		}
	}
	for k := last + 1; k < len(toks) && k <= last+5 && toks[k].End <= s.End; k++ {
		if strings.ContainsAny(text[toks[k-1].End:toks[k].Start], ",;:()") {
			break
		}
		w := toks[k].Surface
		if strings.HasSuffix(w, "n't") {
			return true
		}
		if auxiliaries[w] && k+1 < len(toks) && (toks[k+1].Surface == "not" || toks[k+1].Surface == "never" || toks[k+1].Surface == "no") {
			return true
		}
	}
	return false
}

// Reach is the byte range of its block's run that reading a restatement
// looks at (Compare, Paraphrase, FullDefinition and what they call): the
// sentences from the one it, or its subject, starts in to the one it, or
// the sentences continuing it (ContinuationEnd), ends in. Whoever keeps a
// restatement past its document's analysis needs only this part of the
// block's tokens and sentences, and a token either side (the readers peek
// one token past a sentence's edge).
func (r *Restatement) Reach() (lo, hi int) {
	bf := r.Block
	lo, hi = r.Start, max(r.End, ContinuationEnd(r))
	if r.SubjectEnd > r.SubjectStart {
		lo, hi = min(lo, r.SubjectStart), max(hi, r.SubjectEnd)
	}
	if len(bf.Sentences) > 0 {
		lo = min(lo, bf.Sentences[bf.SentenceAt(lo)].Start)
		hi = max(hi, bf.Sentences[bf.SentenceAt(max(hi-1, 0))].End)
	}
	return lo, hi
}
