package rules

import (
	"strings"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// breachMention is a place where a section mentions breach of an order.
type breachMention struct {
	term       *glossary.Term
	block      *BlockFacts
	start, end int // run-text offsets of the mention
	sentence   corpus.Sentence
}

// breachSentence is a sentence that mentions a breach of an order, or sits
// in a paragraph or section about one, with what it does with the breach.
type breachSentence struct {
	block *BlockFacts
	sent  corpus.Sentence
	terms []*glossary.Term
	// start and end are run offsets of the words to report; end == start
	// when the sentence names no breach itself (a sentence under a heading
	// or a definition term about breach), and anchor is reported.
	start, end int
	anchor     *breachMention
	class      breachClass
	// para is true when its paragraph is about the breach: the paragraph
	// opens with a breach sentence, or more than half its sentences are.
	para bool
	// led is true when the sentence opens with the breach.
	led bool
	// alone is true when the sentence reads the breach as a one-off or
	// routine event, or denies its context.
	alone bool
	// framed is true when the sentence sits under a heading, a question or
	// a definition term about the breach.
	framed bool
}

// breachSection is what one H2 section (with its sub-sections) says about
// breaches.
type breachSection struct {
	top         *corpus.Section
	lastTerm    []*glossary.Term // the breach terms of the order named last, for "the order"
	discussions []*breachSentence
	// mentions are the sentences that state, list or tell a breach without
	// discussing it: reported only on a prosecutor-facing page that never
	// gives the context.
	mentions []*breachSentence
}

// sentenceRead is the first reading of one sentence of a block.
type sentenceRead struct {
	s      corpus.Sentence
	toks   []analysis.Token
	verbs  []cueHit
	m      *mentionResult
	bare   bool // a breach word with no order named ("the breach", "breaches")
	verbAt int  // index in toks of the breach word, or -1
	alone  bool // reads the breach as a one-off event (see contextReading)
}

// asksQuestion reports whether sentence s of run r asks a question.
func asksQuestion(r *corpus.Run, s corpus.Sentence) bool {
	return strings.HasSuffix(strings.TrimSpace(strings.Trim(s.Text(r), "*_ ")), "?")
}

// judgeBreachSection decides whether a section whose H2 gives no context is
// reported, at which sentence, and how surely.
//
// A discussion is reported as before: at 0.7 when the page never gives the
// context, 0.6 when it does elsewhere or the discussion is a short mention;
// a short mention that does not even open its sentence is quiet on a page
// that gives the context elsewhere, and one that does is reported at 0.5. A
// sentence that reads the breach as a one-off or routine event is the defect
// itself, reported at 0.7 wherever else the page gives the context.
//
// A section with no discussion is reported only on a prosecutor-facing page
// that never gives the context, at its first statement, list entry or
// narrative of a breach: at 0.7 when the section develops the breach (under
// a heading, question or definition term about it, or in a paragraph about
// it), 0.5 for a bare statement or list entry.
func judgeBreachSection(st *breachSection, pageContext, public, voice bool, topicOf func(*corpus.Section) *corpus.Section) (d *breachSentence, sev Severity, conf float64, ok bool) {
	if len(st.discussions) > 0 {
		full, led := false, false
		d = st.discussions[0]
		for _, x := range st.discussions {
			if x.para || topicOf(x.block.Block.Section) != nil {
				full = true
			}
			if x.led {
				led = true
			}
		}
		for _, x := range st.discussions {
			if x.alone {
				d = x
				break
			}
		}
		switch {
		case public && pageContext:
			return nil, 0, 0, false // a public page that says it elsewhere
		case public:
			return d, Info, 0.4, true
		case d.alone:
			return d, Warning, 0.7, true
		case pageContext && !full && !led:
			return nil, 0, 0, false // a passing mention on a page that says it elsewhere
		case pageContext && !full:
			return d, Warning, 0.5, true
		case !full || pageContext:
			return d, Warning, 0.6, true
		}
		return d, Warning, 0.7, true
	}
	if pageContext || !voice {
		return nil, 0, 0, false
	}
	d, conf = st.mentions[0], 0.5
	for _, x := range st.mentions {
		if x.framed || x.para && len(x.block.Sentences) >= 2 {
			return d, Warning, 0.7, true
		}
	}
	return d, Warning, conf, true
}
