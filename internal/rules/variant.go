package rules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/rx"
)

func init() {
	register(&Rule{
		ID:    "variant-wording",
		Title: "A near miss of a glossary term or fixed phrase",
		Rationale: "A term spelt slightly wrong (\"Stalking Protecton Order\", \"Harrasment\"), a fixed phrase with its words swapped (\"high-risk, high-harm repeat offending\") or a mnemonic with one word changed (\"Fixated, Obsessive, Unwanted, Recurring\") is not recognised by readers, search or the site as the glossary term, and a changed title or mnemonic is simply wrong. " +
			"Four kinds of near miss are reported: a misspelt word inside a multi-word term, alias, expansion or fixed phrase whose other words match in order (one edit for words of 5 to 7 letters, two for longer words, never for words under 5 letters); a misspelling, within two edits and with the same first letter, of a distinctive glossary word of 9 or more letters written on its own; the words of a fixed phrase or expansion of 3 or more words in a different order; one word substituted inside a fixed phrase or mnemonic expansion of 3 or more words. " +
			"Words are compared as written, not only by their stems, because a slip can keep the stem: \"Independant\" and \"Protective\" stem as \"Independent\" and \"Protection\" do. Inside a multi-word name a word the glossary capitalises that is written with another ending is a misspelling (\"Stalking Protective Order\"), except in the plural or singular or as a possessive; a lower-case word, or a name's last word, counts only when it is no real word (\"controling or coercive behaviour\"). " +
			"\"and\" written for the \"or\" of a multi-word offence, order, document or role (\"controlling and coercive behaviour\", \"coercive and controlling behaviour\", \"… serious alarm and distress\" in the name of the s.4A offence, in prose or a heading) turns alternatives into two requirements and is reported; a name's words in another order are reported even when a shorter term the glossary knows sits among them (\"Joint Domestic Abuse Justice Plan\"); a mnemonic written down the page, one word to a list item, with one word changed is reported at that word (\"Unwelcome\" for \"Unwanted\") when the list is capitalised and keeps the mnemonic's letters, or is named by its acronym (a named list with a word of another stem is acronym-expansion's wrong expansion). " +
			"Not flagged: inflections of the right word (\"Stalking Protection Orders\", \"the Stalking Protection Order's terms\", \"harassing\"); a word that is a real word on its own outside a term's other words (\"protective measures\"); \"and\" joining two things the glossary names (\"harassment and stalking\") or in a concept rather than a name (\"caused serious alarm and distress\"); a name's words reordered in lower case; a list of lower-case adjectives with no acronym beside it; real words that look alike (\"talking\", \"stalled\", \"embarrassment\"), including every word the glossary itself uses; common phrases that share words with a term (\"the protection of orders\", \"restraining the defendant\"); a changed year or number (citation-mismatch deals with those); wording the glossary deprecates (deprecated-term reports it).",
		Severity:            Warning,
		SuggestsReplacement: true,
		Examples: []Example{
			{Title: "a misspelt word in a term", Markdown: "Police may apply for a Stalking Protecton Order under the Stalking Protection Act 2019.\n", Want: []string{"variant-wording@1:24"}},
			{Title: "a misspelt word at the start of a term", Markdown: "Restraning orders can be made on conviction for any offence.\n", Want: []string{"variant-wording@1:1"}},
			{Title: "a misspelt distinctive word on its own", Markdown: "Harrasment is a course of conduct that alarms a person or causes them distress. Repeated harasment of a neighbour is common.\n", Want: []string{"variant-wording@1:1", "variant-wording@1:90"}},
			{Title: "swapped word order in a fixed phrase", Markdown: "The plan treats stalking as high-risk, high-harm repeat offending.\n", Want: []string{"variant-wording@1:29"}},
			{Title: "one word changed in a mnemonic", Markdown: "Officers use the aid Fixated, Obsessive, Unwanted, Recurring (FOUR) to spot stalking.\n", Want: []string{"variant-wording@1:22"}},
			{Title: "one word changed in a title", Markdown: "See the Protocol on the appropriate handling of stalking and harassment offences between the National Police Chiefs' Council and the Crown Prosecution Service.\n", Want: []string{"variant-wording@1:9"}},
			{Title: "swapped words in an expansion", Markdown: "The offence of coercive or controlling behaviour came into force in 2015.\n", Want: []string{"variant-wording@1:16"}},
			{Title: "inflections of the right words", Markdown: "Two Stalking Protection Orders were made after repeated harassing calls; restraining orders followed.\n"},
			{Title: "real words that resemble terms", Markdown: "The talking stopped; the case stalled, to the embarrassment of the officer in the case.\n"},
			{Title: "common phrases sharing words with a term", Markdown: "The court considered the protection of orders already in force before restraining the defendant by bail conditions.\n"},
			{Title: "the right wording", Markdown: "The plan treats stalking as high-harm, high-risk repeat offending and uses FOUR (Fixated, Obsessive, Unwanted, Repeated).\n"},
			{Title: "deprecated wording is left to deprecated-term", Markdown: "He was made subject to a stalking prevention order.\n"},
			{Title: "a misspelling the stem hides, in a role's expansion", Markdown: "Ask for an Independant Domestic Violence Adviser (IDVA) early.\n", Want: []string{"variant-wording@1:12"}},
			{Title: "a name's word with another ending", Markdown: "The court made a Stalking Protective Order.\n", Want: []string{"variant-wording@1:18"}},
			{Title: "'and' for the 'or' of an offence", Markdown: "The offence of controlling and coercive behaviour needs a serious effect.\n", Want: []string{"variant-wording@1:16"}},
			{Title: "'and' for an 'or' inside an offence's name, in a heading", Markdown: "## Stalking involving fear of violence or serious alarm and distress\n", Want: []string{"variant-wording@1:4"}},
			{Title: "a name's words reordered around a shorter term", Markdown: "The Joint Domestic Abuse Justice Plan covers stalking.\n", Want: []string{"variant-wording@1:5"}},
			{Title: "a mnemonic down the page with one word changed", Markdown: "Behaviour to look for:\n\n- Fixated\n- Obsessive\n- Unwelcome\n- Repeated\n", Want: []string{"variant-wording@5:3"}},
			{Title: "plurals and possessives of a name", Markdown: "Both Stalking Protection Orders were served; the Stalking Protection Order's terms were read out.\n"},
			{Title: "a real word outside a term, and 'and' outside a name", Markdown: "Officers took protective measures and recorded the serious alarm and distress the victim described.\n"},
			{Title: "'and' joining two terms", Markdown: "Racially or religiously aggravated harassment and stalking are both triable either way.\n"},
			{Title: "lower-case adjectives down the page", Markdown: "The conduct was:\n\n- fixated\n- obsessive\n- unwelcome\n- repeated\n"},
		},
		Check: checkVariants,
	})
}

func checkVariants(p *Pass) {
	ix := variantIndexFor(p.Glossary)
	blocks := p.Facts(p.Doc).Blocks
	for _, b := range blocks {
		for _, h := range ix.findVariants(b) {
			reportVariant(p, b, h)
		}
	}
	for _, s := range ix.findListSlips(blocks) {
		reportListSlip(p, s)
	}
}

func reportVariant(p *Pass, b *BlockFacts, h variantHit) {
	run := &b.Block.Run
	s, e := b.Tokens[h.first].Start, b.Tokens[h.last-1].End
	written := strings.Join(strings.Fields(run.Text[s:e]), " ")
	f := Finding{Term: h.term().ID, Context: b.Sentences[b.SentenceAt(s)].Text(run)}
	switch {
	case h.word != nil:
		f.Suggestion = matchCase(h.word.raw, written)
		f.Message = fmt.Sprintf("%q looks like a misspelling of %q (glossary: %s); write it as the glossary does so readers, search and the site recognise it", written, h.word.raw, h.word.term.Term)
	case h.kind == variantMisspelt:
		at := b.Tokens[h.at]
		f.Suggestion = replaceToken(run.Text, s, e, at, matchCase(h.entry.raw[h.at-h.first], run.Text[at.Start:at.End]))
		f.Message = fmt.Sprintf("%q looks like a misspelling of %s: %q is not %q; write the term as the glossary does so readers, search and the site recognise it", written, h.entry.label, run.Text[at.Start:at.End], h.entry.raw[h.at-h.first])
	case h.kind == variantSubstituted && h.andForOr:
		at := b.Tokens[h.at]
		f.Suggestion = replaceToken(run.Text, s, e, at, "or")
		f.Message = fmt.Sprintf("%q writes \"and\" for the \"or\" of %s; the glossary's words are alternatives, and \"and\" makes both necessary", written, h.entry.label)
		f.Confidence = 0.6
	case h.kind == variantSubstituted:
		at := b.Tokens[h.at]
		f.Suggestion = h.entry.entry.Text
		f.Message = fmt.Sprintf("%q changes one word of %s (%q in place of %q); the glossary fixes this wording, so use it exactly", written, h.entry.label, run.Text[at.Start:at.End], h.entry.raw[h.at-h.first])
	case h.andForOr:
		f.Suggestion = h.entry.entry.Text
		f.Message = fmt.Sprintf("%q has the words of %s in a different order, with \"and\" for its \"or\"; the glossary's words are alternatives in a fixed order, so use it exactly", written, h.entry.label)
		f.Confidence = 0.6
	default:
		f.Suggestion = h.entry.entry.Text
		f.Message = fmt.Sprintf("%q has the words of %s in a different order; the glossary fixes the word order, so use it exactly", written, h.entry.label)
	}
	start, end := run.Span(s, e)
	p.Report(p.Doc, start, end, f)
}

// replaceToken rewrites text[s:e] with token t replaced by w.
func replaceToken(text string, s, e int, t analysis.Token, w string) string {
	return strings.Join(strings.Fields(text[s:t.Start]+w+text[t.End:e]), " ")
}

// matchCase writes glossary word g capitalised when the writer capitalised
// the word it replaces (at the start of a sentence or heading), and as the
// glossary writes it otherwise.
func matchCase(g, written string) string {
	r, _ := utf8.DecodeRuneInString(written)
	if !unicode.IsUpper(r) {
		return g
	}
	gr, size := utf8.DecodeRuneInString(g)
	return string(unicode.ToUpper(gr)) + g[size:]
}

// variantSectionCite is a citation of a section ("s.76", "s 4A").
var variantSectionCite = rx.MustCompile(`(?i)\bss?\.\s?\d`)

// variantOffenceWords in a sentence show that a glossary name in it names
// the offence.
var variantOffenceWords = map[string]bool{"offence": true, "offences": true, "charge": true, "charged": true,
	"charging": true, "prosecute": true, "prosecuted": true, "contrary": true, "convicted": true, "section": true,
	"guilty": true, "pleaded": true, "plea": true, "conviction": true, "sentenced": true, "jailed": true}

// variantNamesOffence reports whether the words at token i are written as
// a name: capitalised other than at the start of a sentence, in a heading
// or table (the caller's text is one block), or in a paragraph about the
// offence.
func variantNamesOffence(text string, toks []analysis.Token, i int) bool {
	w := text[toks[i].Start:toks[i].End]
	start := strings.TrimRight(text[:toks[i].Start], " \t*_\"'‘“")
	atStart := start == "" || strings.HasSuffix(start, ".") || strings.HasSuffix(start, ":") || strings.HasSuffix(start, "?") || strings.HasSuffix(start, "!")
	if restate.Capitalised(w) && (!atStart || !strings.ContainsAny(text[toks[i].End:], ".!?")) {
		return true // a name, or a heading or cell that is only the name
	}
	if variantSectionCite.MatchString(text) {
		return true
	}
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if variantOffenceWords[f] {
			return true
		}
	}
	return false
}
