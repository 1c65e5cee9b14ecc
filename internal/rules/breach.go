package rules

import (
	"fmt"
	"slices"
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
			"The rule reports a section that discusses a breach without saying any of those things, a section that reads a breach as a one-off or routine event, and, on a prosecutor-facing page that never gives the context, a section that states or lists a breach. " +
			"A breach is mentioned by a breach word and an order in one sentence, a breach word with \"the order\" (\"that order\", \"either order\"...) after an order has been named in the section, a bare \"the breach\" in a paragraph, under a heading or after a definition term that has named the breach of an order, or an order in a table whose header names a breach (\"Order breached\"); which orders and breach words count comes from the `breach` lists of the glossary's breach terms, with \"breaks\", \"the order was broken\" and the statute's \"does anything ... an order prohibits\" beside an order. " +
			"A discussion is a sentence that says what happens when an order is breached (\"where\", \"if\", \"when\" before the breach), how to charge, prosecute, investigate, hear or respond to one, or opens with the breach and says what must be done (\"For a breach ... the file must contain:\"). " +
			"Context is recognised as four concepts with their paraphrases, matched on analysed words so that inflections fold (further stalking: \"the stalking has carried on\"; the wider course of conduct: \"the whole history\", \"look at the pattern\", \"not just the breach\", \"repeat breaches\", \"as a whole\"; escalating risk: \"an escalation\", \"risk is increasing\", \"a warning sign\"; new offences: \"fresh offences\", \"any new offending\"), besides the glossary's `breach.context` phrases, and read with their polarity: denied (\"is not part of the course of conduct\", \"no new offence\") they are not context, unless in a condition (\"if it is not part of...\"), and a one-off reading denied (\"never deal with a breach in isolation\", \"not a one-off\") is context. " +
			"A one-off reading asserted of a breach (\"in isolation\", \"on its own\", \"charge the breach alone\", \"stand-alone\", \"separately from the original case\", \"routine\", \"a formality\", \"made to be obeyed\"), or context only denied, is the defect itself: reported at 0.7 even when the page gives the context elsewhere, though not in a question or a supposed case (\"where the breach is an isolated incident\"). " +
			"Where context counts: anywhere in the H2 section of the discussion (its heading, its parent and its sub-sections), or in a section of the same page its paragraph links to. " +
			"A short mention (one sentence in a paragraph about something else) is quiet when the page says it elsewhere, in a paragraph or section about breach or in its summary, unless it opens its sentence (then 0.5); a full discussion (a paragraph that opens with the breach, or a section headed by it) needs the context in its own section, and is reported with confidence 0.6 when the page gives it only elsewhere, 0.7 when the page never does. " +
			"A section with no discussion is reported only on a prosecutor-facing page (one that names prosecutors, the prosecution or the CPS, or a press release) that never gives the context, at its first statement of the offence, table or list entry, narrative of a case, or sentence under a heading, question (an FAQ) or definition term about the breach: 0.7 when the section develops the breach, 0.5 for a bare statement or entry. " +
			"Never reported: headings; contents entries (links, or list items repeating a heading); aggravating factors (\"in breach of\"); a sentence that points elsewhere with a link; what a report or inspection found; statistics; a breach of bail or of the peace; and, on a page that is not prosecutor-facing or that gives the context elsewhere, a statement of the offence, a list entry or a narrative. " +
			"A public-facing page (one that speaks to \"you\") describes reporting a breach, not reading one: telling the reader to report a breach is never reported, and a description of what happens on breach is at most an info note. " +
			"The rule reports once per section, at its first one-off reading, else its first discussion, else its first statement.",
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
				Title:    "an FAQ answer about a breach given only as consent and proof, on a prosecutor-facing page",
				Markdown: "## Questions from prosecutors\n\n### Should a breach of a restraining order be prosecuted if the protected person made contact first?\n\nYes. The order binds only the defendant, so the protected person's consent is no defence. The prosecution must prove that the defendant knew of the order and had no reasonable excuse.\n",
				Want:     []string{"breach-context@3:14"},
			},
			{
				Title:    "a table of breach offences on a prosecutor-facing page that never gives the context (confidence 0.5)",
				Markdown: "## Offences\n\nProsecutors charge the offence that fits the order.\n\n| Order breached | Provision | Maximum |\n|---|---|---|\n| Restraining order | s.363 Sentencing Act 2020 | 5 years |\n| Stalking Protection Order | s.8 Stalking Protection Act 2019 | 5 years |\n",
				Want:     []string{"breach-context@7:3"},
			},
			{
				Title:    "a checklist of what a breach file must contain",
				Markdown: "## Files\n\nFor a breach of a restraining order the file must contain:\n\n- the order and proof of service\n- the victim's statement\n",
				Want:     []string{"breach-context@3:7"},
			},
			{
				Title:    "a definition entry that makes the breach a stand-alone offence: the opposite of its context",
				Markdown: "## Glossary\n\nBreach of a Stalking Protection Order\n: A stand-alone offence, dealt with separately from the original case.\n",
				Want:     []string{"breach-context@3:1"},
			},
			{
				Title:    "a press release reporting a fine for a breach",
				Markdown: "---\ntitle: Man fined for breaching a Stalking Protection Order\n---\n\nA man who breached a Stalking Protection Order by messaging his former partner was fined £250 yesterday. The CPS said that court orders are made to be obeyed.\n",
				Want:     []string{"breach-context@5:11"},
			},
			{
				Title:    "a section headed by the breach that says only who investigates and which court hears it",
				Markdown: "## Breach of a Stalking Protection Order\n\nA suspected breach is investigated by the police in the area where it happened. The case is heard in the magistrates' court unless it is sent to the Crown Court.\n",
				Want:     []string{"breach-context@3:13"},
			},
			{
				Title:    "context only in another H2: a discussion that opens its sentence is reported (confidence 0.5)",
				Markdown: "## Why breaches matter\n\nA breach of an order may be further stalking.\n\n## Court\n\nThe prosecutor should attend court early. Where the defendant has breached the SPO, the breach is charged under s.8 and the case listed next day.\n",
				Want:     []string{"breach-context@7:67"},
			},
			{
				Title:    "breach words that mean a breach next to an order: breaks, disobeys",
				Markdown: "## Interim orders\n\nIf the respondent disobeys an interim SPO, the police can arrest him and the breach is charged under s.8.\n\n## Restraining orders\n\nWhere a defendant breaks a restraining order, the police will arrest him and the CPS will charge him.\n",
				Want:     []string{"breach-context@3:19", "breach-context@7:19"},
			},
			{
				Title:    "the offence stated, then only what the prosecution must prove",
				Markdown: "## Restraining orders on acquittal\n\nBreach of a restraining order made on acquittal is an offence under s.5A PHA 1997. The prosecution must prove that the order was in force and that the defendant knowingly did what it forbade.\n",
				Want:     []string{"breach-context@3:1"},
			},
			{
				Title:    "a breach dealt with on its own, and context words only denied",
				Markdown: "## Charging\n\nA single breach of a restraining order, such as one text message, can be dealt with on its own.\n\n## Acquittal orders\n\nWhere the suspect breaches the restraining order on acquittal, the breach is not part of any course of conduct; charge the breach alone.\n",
				Want:     []string{"breach-context@3:10", "breach-context@7:19"},
			},
			{
				Title:    "a breach as a routine matter, beside breaches of bail",
				Markdown: "## Overnight cases\n\nBreaches of bail and breaches of restraining orders are routine overnight matters for the duty prosecutor.\n",
				Want:     []string{"breach-context@3:22"},
			},
			{
				Title:    "quiet on a prosecutor-facing page: statistics, an aggravating factor, a contents entry",
				Markdown: "## Contents\n\n- Breach of a restraining order\n\n## Breach of a restraining order\n\nProsecutors charged 1,450 breaches of restraining orders last year.\n\n## Aggravating factors\n\n- offence committed in breach of a Stalking Protection Order\n",
			},
			{
				Title:    "quiet: a statement of the offence on a prosecutor-facing page that gives the context elsewhere",
				Markdown: "## Reading a breach\n\nProsecutors should treat a breach of an order as possible further stalking.\n\n## The law\n\nBreach of a restraining order is an offence under s.363 of the Sentencing Act 2020.\n",
			},
			{
				Title:    "quiet: a one-off reading denied gives the context",
				Markdown: "## Charging\n\nWhere a defendant breaches an SPO, prosecutors should never treat it as a one-off event or deal with it on its own.\n",
			},
			{
				Title:    "a pointer to the breach guidance",
				Markdown: "## Orders on conviction\n\nProsecutors should consider a restraining order on conviction. For breach of a restraining order, see [breach of protective orders](breach-of-protective-orders.md).\n",
			},
		},
		Check: checkBreachContext,
	})
}

const (
	cueOrder breachCueKind = iota
	cueVerb
	cueContext
)

func checkBreachContext(p *Pass) {
	ix := breachIndexFor(p.Glossary)
	if len(ix.terms) == 0 {
		return
	}
	facts := p.Facts(p.Doc)
	words := breachWords()
	boundFilter := boundWords()

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
	// Reading a sentence for context is most of this rule's work, and most
	// pages have no section that could be reported: the readings are kept
	// pending and made only for the sentences a mention needs, and for the
	// rest once some section is a candidate (see contextReads).
	sc := breachScratches.Get().(*breachScratch)
	defer breachScratches.Put(sc)
	sc.arena.reset()
	var docLastTerm []*glossary.Term // the breach terms of the order named last on the page
	// A definition term about breach frames the descriptions after it; a
	// question about a breach in a paragraph of its own (an FAQ written
	// in bold paragraphs) frames the paragraph after it.
	var defTopic, askTopic *breachMention
	var defTerms, askTerms []*glossary.Term
	// Tables with a breach word in their header row ("Order breached"):
	// an order named in their cells is an order breached.
	breachTables := map[int]bool{}
	// The page's headings, as normalText, made when a label needs them.
	var headings map[string]bool
	// The blocks' pending readings, which stay until the end, and the
	// first pass's, reused block to block, are kept from page to page.
	nSentences := 0
	for _, b := range facts.Blocks {
		nSentences += len(b.Sentences)
	}
	pendingReads := slices.Grow(sc.reads[:0], nSentences)[:nSentences]
	sc.reads = pendingReads
	// Room for every block, so that pointers into pending stay put.
	pending := slices.Grow(sc.blocks[:0], len(facts.Blocks))
	defer func() { sc.blocks = pending[:0] }()
	readsBuf := sc.sentences
	defer func() { sc.sentences = readsBuf[:0] }()

	var st *breachSection // the section of the block before
	for _, b := range facts.Blocks {
		sec := b.Block.Section
		if sec == nil {
			continue
		}
		top := sec.Top()
		// A block is most often in the section of the block before it.
		if st == nil || st.top != top {
			st = states[top]
			if st == nil {
				st = &breachSection{top: top}
				states[top] = st
				sections = append(sections, st)
			}
		}
		text := b.Block.Run.Text
		hits := ix.appendCues(sc.hits[:0], text, b.Tokens)
		sc.hits = hits // used by this block alone: the next block's find reuses it
		// First pass: the breach words, orders and context of each
		// sentence, in order, so that "the order" finds the order named
		// last.
		readsBuf = slices.Grow(readsBuf[:0], len(b.Sentences))[:len(b.Sentences)]
		clear(readsBuf)
		reads := readsBuf
		n := len(b.Sentences)
		pending = append(pending, pendingBlock{sec: sec, text: text, toks: b.Tokens, matches: b.Matches, reads: pendingReads[:n:n], sc: sc})
		pb := &pending[len(pending)-1]
		pendingReads = pendingReads[n:]
		var blockTerms []*glossary.Term // the terms of the paragraph's first breach mention
		k := 0
		var cur sentenceCursor
		for si, s := range b.Sentences {
			toks, base := cur.next(b.Tokens, s) // base: the index in b.Tokens of toks[0]
			var orders, verbs []cueHit
			var cues [][2]int // the glossary's context phrases, by index in toks
			for ; k < len(hits) && b.Tokens[hits[k].first].Start < s.End; k++ {
				switch hits[k].cue.kind {
				case cueOrder:
					orders = append(orders, hits[k])
				case cueVerb:
					verbs = append(verbs, hits[k])
				case cueContext:
					cues = append(cues, [2]int{hits[k].first - base, hits[k].last - base})
				}
			}
			// The order-bound breach words need an order, named or "the
			// order".
			var bound []int
			if order, mayHold := boundFilter.scan(toks); mayHold && (len(orders) > 0 || order) {
				bound = boundBreachWordsIn(toks, pb.ids()[base:base+len(toks)])
			}
			for _, i := range bound {
				verbs = append(verbs, cueHit{cue: ix.bound, first: base + i, last: base + i + 1})
			}
			slices.SortStableFunc(verbs, func(a, b cueHit) int { return a.first - b.first })
			pb.reads[si] = pendingRead{base: int32(base), n: int32(len(toks)), cues: cues}
			// Filled in place, not built and then copied into reads: the
			// struct is large and the copy ran for every sentence.
			r := &reads[si]
			*r = sentenceRead{s: s, toks: toks, verbs: verbs, verbAt: -1}
			if len(verbs) > 0 {
				r.m = breachMentionIn(b, s, verbs, orders, st.lastTerm)
			}
			if r.m == nil && len(orders) > 0 && len(verbs) == 0 && b.Block.Kind == corpus.TableCell && !b.Block.Header && breachTables[b.Block.Table] {
				o := orders[0]
				r.m = &mentionResult{
					mention: breachMention{block: b, start: b.Tokens[o.first].Start, end: b.Tokens[o.last-1].End, sentence: s},
					terms:   o.cue.terms,
					verb:    o.first,
				}
			}
			// A bare breach word counts unless something other than an
			// order is breached (bail, the peace); the words that mean a
			// breach only next to an order never count bare.
			r.bare = r.m == nil && hasFreeVerb(verbs) && !anyTerm(toks, words.other)
			switch {
			case r.m != nil:
				r.verbAt = tokenIndex(toks, b.Tokens, r.m.verb)
				if blockTerms == nil {
					blockTerms = r.m.terms
				}
			case r.bare:
				r.verbAt = tokenIndex(toks, b.Tokens, firstFreeVerb(verbs).first)
			}
			if r.m != nil || r.bare {
				pb.breach = true
			}
			if b.Block.Kind == corpus.TableCell && b.Block.Header && (r.m != nil || r.bare) {
				breachTables[b.Block.Table] = true
			}
			if b.Block.Kind == corpus.HeadingBlock || b.Block.Kind == corpus.DefinitionTerm {
				var mm *breachMention
				var terms []*glossary.Term
				switch {
				case r.m != nil:
					m := r.m.mention
					m.term = r.m.terms[0]
					mm, terms = &m, r.m.terms
				case r.bare && len(docLastTerm) > 0:
					v := firstFreeVerb(verbs)
					mm = &breachMention{term: docLastTerm[0], block: b, start: b.Tokens[v.first].Start, end: b.Tokens[v.last-1].End, sentence: s}
					terms = docLastTerm
				}
				if b.Block.Kind == corpus.HeadingBlock {
					if mm != nil {
						topics[sec], topicTerms[sec] = mm, terms
					}
				} else if si == 0 {
					defTopic, defTerms = mm, terms
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
		}
		if b.Block.Kind != corpus.DefinitionTerm && b.Block.Kind != corpus.DefinitionDescription {
			defTopic, defTerms = nil, nil
		}

		// Second pass: which sentences are about a breach of an order, and
		// what each does with it. A bare breach word is about the order
		// the paragraph names (before or after it), or the one its
		// section's heading, or its definition term, names.
		var inBlock []*breachSentence
		topic := topicOf(sec)
		frame, frameTerms := (*breachMention)(nil), []*glossary.Term(nil)
		switch {
		case b.Block.Kind == corpus.DefinitionDescription && defTopic != nil:
			frame, frameTerms = defTopic, defTerms
		case b.Block.Kind == corpus.Paragraph && askTopic != nil:
			frame, frameTerms = askTopic, askTerms
		case topic != nil && b.Block.Kind != corpus.HeadingBlock:
			frame, frameTerms = topics[topic], topicTerms[topic]
		}
		question := questionSection(sec)
		asks := b.Block.Kind == corpus.Paragraph && !b.Block.InList && len(reads) > 0 && asksQuestion(&b.Block.Run, reads[len(reads)-1].s)
		askTopic, askTerms = nil, nil
		paraTerms := blockTerms
		for si, r := range reads {
			var bs *breachSentence
			switch {
			case r.m != nil:
				bs = &breachSentence{terms: r.m.terms, start: r.m.mention.start, end: r.m.mention.end}
				paraTerms = r.m.terms
			case r.bare && (paraTerms != nil || frame != nil || len(docLastTerm) > 0 && asksQuestion(&b.Block.Run, r.s)):
				terms := paraTerms
				if terms == nil {
					terms = frameTerms
				}
				if terms == nil {
					terms = docLastTerm // a question names the order the page is about
				}
				v := firstFreeVerb(r.verbs)
				bs = &breachSentence{terms: terms, start: b.Tokens[v.first].Start, end: b.Tokens[v.last-1].End}
			case frame != nil:
				bs = &breachSentence{terms: frameTerms}
			}
			if bs == nil {
				continue
			}
			// A question asks how to read a breach; it does not read it.
			r.alone = !asksQuestion(&b.Block.Run, r.s) && pb.read(si).alone
			bs.block, bs.sent, bs.anchor = b, r.s, frame
			bs.framed = frame != nil || question
			bs.class = classifyBreachSentence(breachSentenceFacts{block: b, toks: r.toks, verbAt: r.verbAt, hasLink: sentenceHasLink(p.Doc, b, r.s)})
			switch {
			case bs.class == breachLabel && (r.verbAt >= 0 && circumstanceAt(r.toks, r.verbAt) || isHeadingText(p.Doc, &headings, text)):
				// A contents entry, or an aggravating factor: not the
				// breach offence.
				bs.class = breachPointer
			case r.alone && bs.class != breachPointer && bs.class != breachReported && bs.class != breachReporting:
				bs.alone, bs.class = true, breachDiscussion
			}
			bs.led = bs.end > bs.start && leadWords(r.toks, bs.start) <= breachLeadWords
			if asks && bs.end > bs.start && askTopic == nil {
				askTopic = &breachMention{term: bs.terms[0], block: b, start: bs.start, end: bs.end, sentence: r.s}
				askTerms = bs.terms
			}
			// A paragraph is led by the breach when its first sentence
			// names it as its subject or frame, early on.
			if si == 0 && bs.class != breachLabel && bs.class != breachPointer && bs.led {
				bs.para = true
			}
			inBlock = append(inBlock, bs)
		}
		// The paragraph is about the breach when it opens with it, or when
		// more than half its sentences mention it.
		about := len(inBlock) > 0 && (inBlock[0].para || len(b.Sentences) >= 2 && 2*len(inBlock) > len(b.Sentences))
		for _, bs := range inBlock {
			bs.para = about
			switch bs.class {
			case breachDiscussion:
				st.discussions = append(st.discussions, bs)
			case breachOffence, breachLabel, breachNarrative:
				st.mentions = append(st.mentions, bs)
			case breachPassing:
				if bs.para || bs.framed {
					st.mentions = append(st.mentions, bs)
				}
			}
		}
	}
	candidate := false
	for _, st := range sections {
		if len(st.discussions)+len(st.mentions) > 0 {
			candidate = true
			break
		}
	}
	if !candidate {
		return
	}
	for i := range pending {
		pb := &pending[i]
		// A block's first sentence that gives context says all it can:
		// sentences after it, and blocks that could add nothing to what
		// is known, are left unread.
		if withContext[pb.sec] && (!pb.breach || pageContext) {
			continue
		}
		for i := range pb.reads {
			if pb.read(i).context {
				withContext[pb.sec] = true
				if pb.breach {
					pageContext = true
				}
				break
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
	// Who the page speaks to is read only when a section may be reported.
	read := false
	var public, voice bool
	for _, st := range sections {
		if len(st.discussions)+len(st.mentions) == 0 || contextUnder(st.top) {
			continue
		}
		if !read {
			read = true
			public = p.facts.publicFacing(facts)
			voice = !public && prosecutorVoice(facts)
		}
		d, sev, conf, ok := judgeBreachSection(st, pageContext, public, voice, topicOf)
		if !ok || linksToContext(p.Doc, st.discussions, contextUnder) || linksToContext(p.Doc, st.mentions, contextUnder) {
			continue
		}
		m := &breachMention{term: d.terms[0], block: d.block, start: d.start, end: d.end, sentence: d.sent}
		if d.end == d.start && d.anchor != nil {
			m = d.anchor
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
		switch {
		case d.alone:
			msg = fmt.Sprintf("%s reads %s (%q) as a one-off or routine event (%q), which is the opposite of its context: a breach may itself be further stalking or part of a course of conduct, may signal escalating risk, and new offences may need to be charged in addition to it",
				where, d.terms[0].Term, written, strings.Join(strings.Fields(d.sent.Text(&d.block.Block.Run)), " "))
		case d.class != breachDiscussion:
			msg = fmt.Sprintf("%s states or lists %s (%q), and nowhere on this prosecutor-facing page is a breach given its context: whether it may be further stalking or part of a course of conduct, whether it signals escalating risk, or whether new offences should be charged in addition to the breach",
				where, d.terms[0].Term, written)
		case pageContext:
			msg += " (the page says it elsewhere, not in this section)"
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

// pendingBlock is one block's sentences, waiting to be read for context.
type pendingBlock struct {
	sec     *corpus.Section
	breach  bool // a sentence of the block mentions a breach
	text    string
	toks    []analysis.Token
	matches []glossary.Match // the block's term matches, for acts
	// acts are the token spans of Act names, masked when read; actsDone
	// says they are worked out (from matches, on the first read).
	acts     [][2]int
	actsDone bool
	// wordIDs numbers toks for the breach wordings, once for the whole
	// block (see ids), in arena.
	wordIDs []wordIDs
	sc      *breachScratch // holds the arena, and buffers for masking
	reads   []pendingRead
}

func (pb *pendingBlock) ids() []wordIDs {
	if pb.wordIDs == nil {
		pb.wordIDs = conceptWords().ids(pb.toks, pb.sc.arena.take(len(pb.toks)))
	}
	return pb.wordIDs
}

// read is sentence i's reading, made on first use.
func (pb *pendingBlock) read(i int) contextReading {
	r := &pb.reads[i]
	if !r.done {
		base, end := int(r.base), int(r.base+r.n)
		if !pb.actsDone {
			pb.acts, pb.actsDone = actSpans(pb.matches, nil), true
		}
		toks, ids := maskActNames(pb.toks[base:end], pb.ids()[base:end], pb.acts, base, pb.sc.maskToks, pb.sc.maskIDs)
		if len(toks) > 0 && &toks[0] != &pb.toks[base] {
			// readBreachContext keeps nothing of the masked copy: its
			// buffers serve the next sentence.
			pb.sc.maskToks, pb.sc.maskIDs = toks[:0], ids[:0]
		}
		r.rc, r.done = readBreachContext(pb.text, toks, ids, r.cues), true
	}
	return r.rc
}

// wordIDArena hands out the word numbers of one page's blocks from a few
// large slices kept between pages: numbering every block of every page was
// a twentieth of what a check allocated.
type wordIDArena struct {
	chunks [][]wordIDs
	at     int // the chunk being handed out
}

// breachScratch is one worker's scratch for breach-context, kept between
// pages: the word number arena, the blocks' pending readings and the first
// pass's readings.
type breachScratch struct {
	arena wordIDArena
	hits  []cueHit // a block's cues (breachIndex.appendCues)
	// maskToks and maskIDs are the buffers of maskActNames.
	maskToks  []analysis.Token
	maskIDs   []wordIDs
	reads     []pendingRead
	blocks    []pendingBlock
	sentences []sentenceRead
}

var breachScratches = sync.Pool{New: func() any { return &breachScratch{} }}

const wordIDChunk = 1 << 14

func (a *wordIDArena) reset() {
	a.at = 0
	if len(a.chunks) > 0 {
		a.chunks[0] = a.chunks[0][:0]
	}
}

// take returns an empty slice with room for n word numbers, which nothing
// else is handed until the next reset.
func (a *wordIDArena) take(n int) []wordIDs {
	if n > wordIDChunk/4 {
		return make([]wordIDs, 0, n)
	}
	for {
		if a.at == len(a.chunks) {
			a.chunks = append(a.chunks, make([]wordIDs, 0, wordIDChunk))
		}
		c := a.chunks[a.at]
		if cap(c)-len(c) >= n {
			a.chunks[a.at] = c[:len(c)+n]
			return c[len(c) : len(c) : len(c)+n]
		}
		a.at++
		if a.at < len(a.chunks) {
			a.chunks[a.at] = a.chunks[a.at][:0]
		}
	}
}

// pendingRead is what readBreachContext needs of one sentence besides its
// block (its n tokens start at the block's base), and its reading once
// made.
type pendingRead struct {
	base, n int32
	cues    [][2]int
	done    bool
	rc      contextReading
}
