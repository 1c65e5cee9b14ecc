// Package analysis is concord's one English text analysis: the tokenizer,
// case folding and stemming that the checker, the phrase matcher and the
// search index all share, so that "stalked" means the same thing everywhere.
// It is built from bleve's own components, and search registers the same
// chain as a bleve analyzer named AnalyzerName (search's foldStemFilter
// behind bleve's Unicode tokenizer).
//
// Analysis is a large share of a check's CPU, so the common case (ASCII
// text, repeated words) takes a fast path that is tested to give exactly the
// tokens of the bleve path (see scan.go and FuzzAnalyzeMatchesBleve).
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

// AnalyzerName is the name under which search registers the chain with
// bleve.
const AnalyzerName = "concord_en"

// Token is one analysed word.
type Token struct {
	Term    string // the analysed form: lower-cased, possessive removed, stemmed
	Surface string // the word as written, lower-cased
	Start   int    // byte offsets into the analysed text
	End     int
	// TermID and SurfaceID are Term's and Surface's numbers (see WordID),
	// so that callers can index their tables by a word rather than hash
	// its string for every token. 0 means no number: the analysis had
	// none to give, or the token was made or changed elsewhere.
	TermID, SurfaceID uint32
}

var tokenizer = unitok.NewUnicodeTokenizer()

// Analyze splits text into analysed tokens. Stop words are kept (callers that
// want them gone use IsStop), because positions and phrase matching need every
// word.
//
// The returned tokens' strings may be shared with other calls' tokens.
func Analyze(text string) []Token {
	if isASCII(text) {
		return analyzeASCII(text)
	}
	return analyzeMixed(text)
}

// AppendAnalyze appends the tokens of text to out, as Analyze gives them
// (offsets into text), so that a caller analysing many texts one after
// another can reuse one slice's memory.
func AppendAnalyze(out []Token, text string) []Token {
	if isASCII(text) {
		return appendASCII(out, text, 0)
	}
	return append(out, analyzeMixed(text)...)
}

// analyzeBleve is the reference analysis: bleve's Unicode tokenizer over the
// whole text. The fast paths must give exactly its tokens.
func analyzeBleve(text string) []Token {
	stream := tokenizer.Tokenize([]byte(text))
	out := make([]Token, 0, len(stream))
	for _, t := range stream {
		if !keptType(t.Type) {
			continue
		}
		e := lookupBytes(t.Term)
		out = append(out, Token{Term: e.term, Surface: e.surface, Start: t.Start, End: t.End, TermID: e.termID, SurfaceID: e.surfaceID})
	}
	return out
}

// keptType reports whether Analyze keeps a token of bleve's type.
// Ideographic and other scripts still count as words. The tokenizer only
// ever produces these three types (segment.None segments are dropped before
// they become tokens), which is why the ASCII scanner keeps every word it
// finds.
func keptType(t analysis.TokenType) bool {
	return t == analysis.AlphaNumeric || t == analysis.Numeric || t == analysis.Ideographic
}

// Fold lower-cases a word, normalises it to NFC, and removes an English
// possessive ("council's" → "council").
func Fold(w string) string {
	if isASCII(w) {
		return foldASCII(w)
	}
	w = norm.NFC.String(strings.ToLower(w))
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	return w
}

// foldASCII is Fold for ASCII words: ASCII is already NFC and its only
// possessives are "'s" and "'", so it allocates only when w has upper case.
func foldASCII(w string) string {
	for i := 0; i < len(w); i++ {
		if 'A' <= w[i] && w[i] <= 'Z' {
			w = strings.ToLower(w)
			break
		}
	}
	n := len(w)
	switch {
	case n > 2 && w[n-2] == '\'' && w[n-1] == 's':
		return w[:n-2]
	case n > 1 && w[n-1] == '\'':
		return w[:n-1]
	}
	return w
}

// Stem returns the Porter stem of a folded word. Words with digits (section
// numbers such as "2a") are left alone.
func Stem(w string) string {
	// A cached word whose fold is itself has its own stem as its term.
	if e, ok := cache.load(w); ok && e.surface == w {
		return e.term
	}
	return stem(w)
}

func stem(w string) string {
	if isASCII(w) {
		// The Unicode test below, for ASCII: only A-Z and a-z are letters,
		// and bytes are runes.
		for i := 0; i < len(w); i++ {
			if c := w[i] | 0x20; c < 'a' || c > 'z' {
				return w
			}
		}
		if len(w) < 3 {
			return w
		}
		return porter.StemString(w)
	}
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
