// Package analysis is concord's one English text analysis: the tokenizer,
// case folding and stemming that the checker, the phrase matcher and the
// search index all share, so that "stalked" means the same thing everywhere.
// It is built from bleve's own components, and search registers the same
// chain as a bleve analyzer (see Chain).
package analysis

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	porter "github.com/blevesearch/go-porterstemmer"
	"golang.org/x/text/unicode/norm"
)

// AnalyzerName is the name under which search registers Chain with bleve.
const AnalyzerName = "concord_en"

// Token is one analysed word.
type Token struct {
	Term    string // the analysed form: lower-cased, possessive removed, stemmed
	Surface string // the word as written, lower-cased
	Start   int    // byte offsets into the analysed text
	End     int
}

var tokenizer = unitok.NewUnicodeTokenizer()

// Analyze splits text into analysed tokens. Stop words are kept (callers that
// want them gone use IsStop), because positions and phrase matching need every
// word.
func Analyze(text string) []Token {
	stream := tokenizer.Tokenize([]byte(text))
	out := make([]Token, 0, len(stream))
	for _, t := range stream {
		if t.Type != analysis.AlphaNumeric && t.Type != analysis.Numeric {
			// Ideographic and other scripts still count as words.
			if t.Type != analysis.Ideographic {
				continue
			}
		}
		surface := Fold(string(t.Term))
		out = append(out, Token{Term: Stem(surface), Surface: surface, Start: t.Start, End: t.End})
	}
	return out
}

// Fold lower-cases a word, normalises it to NFC, and removes an English
// possessive ("council's" → "council").
func Fold(w string) string {
	w = norm.NFC.String(strings.ToLower(w))
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	return w
}

// Stem returns the Porter stem of a folded word. Words with digits (section
// numbers such as "2a") are left alone.
func Stem(w string) string {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return w
		}
	}
	if utf8.RuneCountInString(w) < 3 {
		return w
	}
	return porter.StemString(w)
}

// Terms returns only the analysed terms of text.
func Terms(text string) []string {
	toks := Analyze(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// ContentTerms returns the analysed terms of text without stop words.
func ContentTerms(text string) []string {
	toks := Analyze(text)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if !IsStop(t.Surface) {
			out = append(out, t.Term)
		}
	}
	return out
}

// stopWords is a reduced English stop list. It deliberately keeps words that
// carry legal meaning ("not", "no", "any", "all", "should", "must", "may",
// "own"): dropping them would make "must not" and "must" look alike.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be been being by for from has have had
		he her hers him his i in into is it its of on or our she so that the their them
		then there these they this those to was we were which who whom with you your`) {
		stopWords[w] = true
	}
}

// IsStop reports whether a folded surface word is a stop word.
func IsStop(surface string) bool { return stopWords[surface] }

// StopWords lists the stop words, sorted, for registering with bleve and for
// exporting to the browser.
func StopWords() []string {
	out := make([]string, 0, len(stopWords))
	for w := range stopWords {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
