package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

func init() {
	register(&Rule{
		ID:    "breach-context",
		Title: "Breach of an order discussed as a one-off event",
		Rationale: "A breach of a restraining order or Stalking Protection Order is rarely a one-off procedural event: it may itself be further stalking, part of the course of conduct, or a sign that the risk to the victim is escalating, and new offences may need to be charged in addition to the breach. " +
			"The rule reports a section that discusses a breach without saying any of those things. " +
			"A breach is mentioned by a breach word and an order in one sentence, a breach word with \"the order\" (\"that order\", \"either order\"...) after an order has been named in the section, or a bare \"the breach\" in a paragraph or under a heading that has named the breach of an order; which orders and breach words count comes from the `breach` lists of the glossary's breach terms. " +
			"Only a discussion counts: a sentence that says what happens when an order is breached (\"where\", \"if\", \"when\" before the breach) or how to charge, prosecute, investigate or respond to one. " +
			"Not discussions, and never reported: headings, and short list items and table cells (contents lists, aggravating factors, the offences a guideline covers); a sentence that points elsewhere with a link; what a report or inspection found; a statement of the offence, its section or maximum with nothing about handling it; a narrative of one case (\"he was charged with breaching the order\"); a breach of bail or of the peace. " +
			"Context is recognised as four concepts with their paraphrases, matched on analysed words so that inflections fold (further stalking: \"the stalking has carried on\"; the wider course of conduct: \"the whole history\", \"look at the pattern\", \"not just the breach\", \"repeat breaches\", \"part of the same campaign\"; escalating risk: \"an escalation\", \"risk is increasing\"; new offences: \"fresh offences\", \"any new offending\"), besides the glossary's `breach.context` phrases. " +
			"Where context counts: anywhere in the H2 section of the discussion (its heading, its parent and its sub-sections), or in a section of the same page its paragraph links to. " +
			"A short mention (one sentence in a paragraph about something else) is also quiet when the page says it elsewhere, in a paragraph or section about breach or in its summary; a full discussion (a paragraph that opens with the breach, or a section headed by it) needs the context in its own section, and is reported with confidence 0.6 when the page gives it only elsewhere, 0.7 when the page never does. " +
			"A public-facing page (one that speaks to \"you\") describes reporting a breach, not reading one: telling the reader to report a breach is never reported, and a description of what happens on breach is at most an info note. " +
			"The rule reports once per section, at its first discussion.",
		Severity: Warning,
		Examples: []Example{
			{
				Title:    "breach treated as a procedural matter",
				Markdown: "## Restraining orders\n\nThe court may make a restraining order on conviction for any offence.\n\nWhere the defendant breaches the restraining order, prosecutors should put the breach before the court promptly. Breach carries a maximum of five years' imprisonment on indictment.\n",
				Want:     []string{"breach-context@5:21"},
			},
			{
				Title:    "breach of an SPO in a sub-section with no context anywhere in the section",
				Markdown: "## Stalking Protection Orders\n\nPolice may apply for a Stalking Protection Order (SPO) under s.1 of the Stalking Protection Act 2019.\n\n### Enforcement\n\nWhere a suspect fails to comply with an SPO, the police arrest them and the CPS decides whether to charge the breach.\n",
				Want:     []string{"breach-context@7:17"},
			},
			{
				Title:    "the order named earlier, breached later",
				Markdown: "## Ancillary orders\n\nProsecutors should ask for a restraining order where the victim needs protection.\n\nIf the order is later breached, the police will charge the breach and the case will be listed in the magistrates' court.\n",
				Want:     []string{"breach-context@5:4"},
			},
			{
				Title:    "one finding per section, one per failing section",
				Markdown: "## Restraining orders\n\nWhen a defendant breaches a restraining order, the police should arrest them.\n\nPrompt charging of a breached restraining order matters.\n\n## Stalking Protection Orders\n\nIf an interim Stalking Protection Order is breached, the CPS prosecutes under s.8.\n",
				Want:     []string{"breach-context@3:18", "breach-context@9:7"},
			},
			{
				Title:    "a section headed by the breach, whose text charges it without naming it again",
				Markdown: "## Breach of a Stalking Protection Order\n\nProsecutors should charge the offence promptly and ask the court to list the case for the next day.\n",
				Want:     []string{"breach-context@1:4"},
			},
			{
				Title:    "context given in the same paragraph",
				Markdown: "## Breach\n\nA breach of a restraining order may be further stalking, part of a wider course of conduct or a sign of escalating risk, and new offences should be charged in addition to the breach where the evidence supports it.\n",
			},
			{
				Title:    "escalating risk in other words the glossary lists",
				Markdown: "## Breach\n\nWhen a defendant contravenes a Stalking Protection Order, treat it as a sign that the risk to the victim is increasing and review the case as a whole.\n",
			},
			{
				Title:    "context as a concept in ordinary words: the stalking carrying on, fresh offences",
				Markdown: "## Breach\n\nWhere a defendant breaches a restraining order, ask whether the stalking has carried on, and charge any fresh offences too.\n",
			},
			{
				Title:    "definition in one paragraph, context in another paragraph of the section",
				Markdown: "## Breach of a restraining order\n\nBreach of a restraining order is the offence committed by a person who, without reasonable excuse, does anything the order prohibits.\n\n### Charging\n\nRead each breach against the whole history: it may be part of the course of conduct, and further offences should be charged where the evidence supports them.\n",
			},
			{
				Title:    "a statement of the offence and its maximum is not a discussion of a breach",
				Markdown: "## The law\n\nBreach of a restraining order is an offence under s.363 of the Sentencing Act 2020, with a maximum of five years' imprisonment on indictment. Breach of an SPO is an offence under s.8 of the Stalking Protection Act 2019.\n",
			},
			{
				Title:    "labels: a contents list and a list of aggravating factors",
				Markdown: "## Contents\n\n- [Breach of a restraining order](#breach)\n\n## Aggravating factors\n\n- offence committed in breach of a Stalking Protection Order\n- victim is vulnerable\n",
			},
			{
				Title:    "what a report found is not guidance on a breach",
				Markdown: "## Background\n\nThe inspection found that breaches of Stalking Protection Orders were not always acted on by the police.\n",
			},
			{
				Title:    "a short mention on a page that gives the context elsewhere",
				Markdown: "## Breaches\n\nA breach of a restraining order may be further stalking and a sign of escalating risk.\n\n## Victims\n\nVictims should be told what the police will do about their case, and prosecutors should consider whether a breach of the restraining order needs a remand application.\n",
			},
			{
				Title:    "a full discussion needs the context in its own section, even when the page gives it elsewhere",
				Markdown: "## Breaches\n\nA breach of a restraining order may be further stalking and a sign of escalating risk.\n\n## First hearing\n\nWhere the defendant breached the restraining order, the case is listed at the next court sitting. The prosecutor asks for a remand in custody.\n",
				Want:     []string{"breach-context@7:21"},
			},
			{
				Title:    "a paragraph that links to the section of the page giving the context",
				Markdown: "## First hearing\n\nWhere the defendant breached the restraining order, the case is listed at the next court sitting. See [reading a breach](#reading-a-breach).\n\n## Reading a breach\n\nLook at the pattern: the breach may be one of many acts in the same campaign.\n",
			},
			{
				Title:    "a public page telling the victim to report a breach",
				Markdown: "## If the order is broken\n\nIf the person breaches the restraining order, call 999 and tell the police what happened. Keep a note of the date and time so you can give it to the officer.\n",
			},
			{
				Title:    "breach of bail and breach of the peace are not orders in the glossary",
				Markdown: "## Bail\n\nA defendant who breaches bail conditions may be arrested. Conduct amounting to a breach of the peace can be dealt with by binding over.\n",
			},
			{
				Title:    "a pointer to the breach guidance",
				Markdown: "## Orders on conviction\n\nProsecutors should consider a restraining order on conviction. For breach of a restraining order, see [breach of protective orders](breach-of-protective-orders.md).\n",
			},
		},
		Check: checkBreachContext,
	})
}

// breachCueKind says what a breach cue is evidence of.
type breachCueKind int

const (
	cueOrder breachCueKind = iota
	cueVerb
	cueContext
)

// breachCue is one wording from a glossary breach list.
type breachCue struct {
	kind  breachCueKind
	text  string
	terms []*glossary.Term // the breach terms whose list holds this wording
	n     int              // length in tokens
}

type breachNode struct {
	next map[string]*breachNode
	cues []*breachCue
}

// breachIndex is a trie over analysed words of every breach cue of a
// glossary, built once per glossary.
type breachIndex struct {
	root  *breachNode
	terms []*glossary.Term
	first stemFilter // the keys of root.next: the stems cues start with
}

var breachIndexes sync.Map // *glossary.Glossary → *breachIndex

func breachIndexFor(g *glossary.Glossary) *breachIndex {
	if v, ok := breachIndexes.Load(g); ok {
		return v.(*breachIndex)
	}
	ix := &breachIndex{root: &breachNode{}}
	byKey := map[string]*breachCue{}
	add := func(kind breachCueKind, text string, t *glossary.Term) {
		stems := analysis.Terms(text)
		if len(stems) == 0 {
			return
		}
		key := fmt.Sprint(kind, "\x00", strings.Join(stems, " "))
		if c := byKey[key]; c != nil {
			if c.terms[len(c.terms)-1] != t {
				c.terms = append(c.terms, t)
			}
			return
		}
		c := &breachCue{kind: kind, text: text, terms: []*glossary.Term{t}, n: len(stems)}
		byKey[key] = c
		ix.first.add(stems[0])
		n := ix.root
		for _, s := range stems {
			if n.next == nil {
				n.next = map[string]*breachNode{}
			}
			if n.next[s] == nil {
				n.next[s] = &breachNode{}
			}
			n = n.next[s]
		}
		n.cues = append(n.cues, c)
	}
	for _, t := range g.Terms {
		if t.Breach == nil {
			continue
		}
		ix.terms = append(ix.terms, t)
		for _, o := range t.Breach.Orders {
			add(cueOrder, o, t)
		}
		for _, v := range t.Breach.Verbs {
			add(cueVerb, v, t)
		}
		for _, c := range t.Breach.Context {
			add(cueContext, c, t)
		}
	}
	v, _ := breachIndexes.LoadOrStore(g, ix)
	return v.(*breachIndex)
}

// cueHit is a cue found in a block: tokens [first, last).
type cueHit struct {
	cue         *breachCue
	first, last int
}

// find returns every cue in the tokens, overlapping ones included, in order
// of their first token. Multi-word cues do not run across a sentence or
// clause break.
func (ix *breachIndex) find(text string, toks []analysis.Token) []cueHit {
	var out []cueHit
	for i := range toks {
		if !ix.first.mayHold(toks[i].Term) {
			continue // no cue starts here
		}
		n := ix.root
		for j := i; j < len(toks); j++ {
			if j > i && strings.ContainsAny(text[toks[j-1].End:toks[j].Start], ".;:!?()[]|") {
				break
			}
			n = n.next[toks[j].Term]
			if n == nil {
				break
			}
			for _, c := range n.cues {
				out = append(out, cueHit{cue: c, first: i, last: j + 1})
			}
		}
	}
	return out
}

// backReference words: "the order", "that order", "either order" refer to an
// order named earlier in the section.
var orderDeterminers = map[string]bool{
	"the": true, "this": true, "that": true, "these": true, "those": true, "either": true,
	"both": true, "such": true, "same": true, "each": true, "any": true,
}

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
	// about breach), and the heading is reported.
	start, end int
	class      breachClass
	// para is true when its paragraph is about the breach: the paragraph
	// opens with a breach sentence, or more than half its sentences are.
	para bool
}

// breachSection is what one H2 section (with its sub-sections) says about
// breaches.
type breachSection struct {
	top         *corpus.Section
	lastTerm    []*glossary.Term // the breach terms of the order named last, for "the order"
	discussions []*breachSentence
}

func checkBreachContext(p *Pass) {
	ix := breachIndexFor(p.Glossary)
	if len(ix.terms) == 0 {
		return
	}
	facts := p.Facts(p.Doc)
	words := breachWords()

	states := map[*corpus.Section]*breachSection{}
	var sections []*breachSection
	// topics are the sections (of any level) whose heading is about breach
	// of an order, with that heading's mention.
	topics := map[*corpus.Section]*breachMention{}
	topicTerms := map[*corpus.Section][]*glossary.Term{}
	topicOf := func(sec *corpus.Section) *corpus.Section {
		for s := sec; s != nil; s = s.Parent {
			if topics[s] != nil {
				return s
			}
			if s.Level() <= 2 {
				break
			}
		}
		return nil
	}
	withContext := map[*corpus.Section]bool{} // sections whose own blocks give context
	pageContext := false                      // a paragraph or section about breach gives context
	var docLastTerm []*glossary.Term          // the breach terms of the order named last on the page

	for _, b := range facts.Blocks {
		sec := b.Block.Section
		if sec == nil {
			continue
		}
		top := sec.Top()
		st := states[top]
		if st == nil {
			st = &breachSection{top: top}
			states[top] = st
			sections = append(sections, st)
		}
		hits := ix.find(b.Block.Run.Text, b.Tokens)
		// First pass: the breach words, orders and context of each
		// sentence, in order, so that "the order" finds the order named
		// last.
		type sentenceRead struct {
			s      corpus.Sentence
			toks   []analysis.Token
			verbs  []cueHit
			m      *mentionResult
			bare   bool // a breach word with no order named ("the breach", "breaches")
			verbAt int  // index in toks of the breach word, or -1
		}
		reads := make([]sentenceRead, len(b.Sentences))
		var blockTerms []*glossary.Term // the terms of the paragraph's first breach mention
		blockBreach, blockContext := false, false
		k := 0
		for si, s := range b.Sentences {
			var orders, verbs []cueHit
			ctx := false
			for ; k < len(hits) && b.Tokens[hits[k].first].Start < s.End; k++ {
				switch hits[k].cue.kind {
				case cueOrder:
					orders = append(orders, hits[k])
				case cueVerb:
					verbs = append(verbs, hits[k])
				case cueContext:
					ctx = true
				}
			}
			toks := sentenceTokens(b, s)
			if !ctx && breachConceptIn(toks) != "" {
				ctx = true
			}
			if ctx {
				withContext[sec] = true
				blockContext = true
			}
			r := sentenceRead{s: s, toks: toks, verbs: verbs, verbAt: -1}
			if len(verbs) > 0 {
				r.m = breachMentionIn(b, s, verbs, orders, st.lastTerm)
			}
			// A bare breach word counts unless something other than an
			// order is breached (bail, the peace).
			r.bare = r.m == nil && len(verbs) > 0 && !anyTerm(toks, words.other)
			switch {
			case r.m != nil:
				r.verbAt = tokenIndex(toks, b.Tokens, r.m.verb)
				if blockTerms == nil {
					blockTerms = r.m.terms
				}
			case r.bare:
				r.verbAt = tokenIndex(toks, b.Tokens, verbs[0].first)
			}
			if r.m != nil || r.bare {
				blockBreach = true
			}
			if b.Block.Kind == corpus.HeadingBlock {
				switch {
				case r.m != nil:
					mm := r.m.mention
					mm.term = r.m.terms[0]
					topics[sec], topicTerms[sec] = &mm, r.m.terms
				case r.bare && len(docLastTerm) > 0:
					v := verbs[0]
					topics[sec] = &breachMention{term: docLastTerm[0], block: b, start: b.Tokens[v.first].Start, end: b.Tokens[v.last-1].End, sentence: s}
					topicTerms[sec] = docLastTerm
				}
			}
			if len(orders) > 0 {
				last := orders[len(orders)-1]
				// Of overlapping orders ending together, the longest
				// ("interim Stalking Protection Order") names the order.
				for _, o := range orders {
					if o.last == last.last && o.first < last.first {
						last = o
					}
				}
				st.lastTerm, docLastTerm = last.cue.terms, last.cue.terms
			}
			reads[si] = r
		}

		// Second pass: which sentences are about a breach of an order, and
		// what each does with it. A bare breach word is about the order
		// the paragraph names (before or after it), or the one its
		// section's heading names.
		var inBlock []*breachSentence
		topic := topicOf(sec)
		paraTerms := blockTerms
		for si, r := range reads {
			var bs *breachSentence
			switch {
			case r.m != nil:
				bs = &breachSentence{terms: r.m.terms, start: r.m.mention.start, end: r.m.mention.end}
				paraTerms = r.m.terms
			case r.bare && (paraTerms != nil || topic != nil):
				terms := paraTerms
				if terms == nil {
					terms = topicTerms[topic]
				}
				v := r.verbs[0]
				bs = &breachSentence{terms: terms, start: b.Tokens[v.first].Start, end: b.Tokens[v.last-1].End}
			case topic != nil && b.Block.Kind != corpus.HeadingBlock:
				bs = &breachSentence{terms: topicTerms[topic]}
			}
			if bs == nil {
				continue
			}
			bs.block, bs.sent = b, r.s
			bs.class = classifyBreachSentence(breachSentenceFacts{block: b, toks: r.toks, verbAt: r.verbAt, hasLink: sentenceHasLink(p.Doc, b, r.s)})
			// A paragraph is led by the breach when its first sentence
			// names it as its subject or frame, early on.
			if si == 0 && bs.class != breachLabel && bs.class != breachPointer && bs.end > bs.start &&
				leadWords(r.toks, bs.start) <= breachLeadWords {
				bs.para = true
			}
			inBlock = append(inBlock, bs)
		}
		if blockBreach && blockContext {
			pageContext = true
		}
		// The paragraph is about the breach when it opens with it, or when
		// more than half its sentences mention it.
		about := len(inBlock) > 0 && (inBlock[0].para || len(b.Sentences) >= 2 && 2*len(inBlock) > len(b.Sentences))
		for _, bs := range inBlock {
			bs.para = about
			if bs.class == breachDiscussion {
				st.discussions = append(st.discussions, bs)
			}
		}
	}
	for s := range topics {
		if withContext[s] {
			pageContext = true
		}
	}
	if !pageContext && summaryGivesContext(ix, p.Doc.Front.Summary) {
		pageContext = true
	}

	// contextUnder: context anywhere in sec or its sub-sections.
	contextUnder := func(sec *corpus.Section) bool {
		for s := range withContext {
			for a := s; a != nil; a = a.Parent {
				if a == sec {
					return true
				}
			}
		}
		return false
	}
	public := publicFacing(facts)

	for _, st := range sections {
		if len(st.discussions) == 0 || contextUnder(st.top) || linksToContext(p.Doc, st.discussions, contextUnder) {
			continue
		}
		full := false
		for _, d := range st.discussions {
			if d.para || topicOf(d.block.Block.Section) != nil {
				full = true
			}
		}
		sev, conf := Severity(0), 0.7
		switch {
		case pageContext && (public || !full):
			continue // a short mention, or a public page, on a page that says it elsewhere
		case public:
			sev, conf = Info, 0.4
		case !full || pageContext:
			conf = 0.6
		}
		d := st.discussions[0]
		m := &breachMention{term: d.terms[0], block: d.block, start: d.start, end: d.end, sentence: d.sent}
		if d.end == d.start {
			m = topics[topicOf(d.block.Block.Section)]
		}
		run := &m.block.Block.Run
		start, end := run.Span(m.start, m.end)
		written := strings.Join(strings.Fields(run.Text[m.start:m.end]), " ")
		where := "this section"
		if st.top.Heading != nil {
			where = fmt.Sprintf("the section %q", st.top.Title())
		}
		msg := fmt.Sprintf("%s discusses %s (%q) but nowhere says whether the breach may be further stalking or part of a course of conduct, whether it signals escalating risk, or whether new offences should be charged in addition to the breach; a breach is rarely a one-off procedural event, so say so in this section",
			where, d.terms[0].Term, written)
		if pageContext {
			msg += " (the page says it elsewhere, but this section discusses the breach on its own)"
		}
		if public {
			msg = fmt.Sprintf("%s tells the reader what happens on %s (%q) without saying that a breach may be part of the stalking; consider saying that every breach should be reported because it may be further stalking or a sign of escalating risk",
				where, d.terms[0].Term, written)
		}
		p.Report(p.Doc, start, end, Finding{
			Term:       d.terms[0].ID,
			Severity:   sev,
			Confidence: conf,
			Message:    msg,
			Suggestion: "say whether the breach may be further stalking or part of a course of conduct, whether it signals escalating risk, and whether new offences should be charged in addition to the breach",
			Context:    d.sent.Text(&d.block.Block.Run),
		})
	}
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
	verb, ctx := false, breachConceptIn(toks) != ""
	for _, h := range ix.find(summary, toks) {
		switch h.cue.kind {
		case cueVerb:
			verb = true
		case cueContext:
			ctx = true
		}
	}
	return verb && ctx
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
		if best < 0 || absInt(i-v.first) < absInt(best-v.first) {
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

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
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
