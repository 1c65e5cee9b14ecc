package search

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	blevea "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	// The index type and the segment formats must be registered before an
	// index is created or opened (SEARCH-NOTES pitfall 6).
	_ "github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/concord-guidance/concord/internal/analysis"
)

// FilterName is the bleve token filter that turns a token of bleve's Unicode
// tokenizer into concord's analysed terms: analysis.Fold, then the reduced
// stop list, then analysis.Stem, plus the parts of glued tokens (see
// expandToken). analysis.AnalyzerName is the analyzer built from the unicode
// tokenizer and this filter.
const FilterName = "concord_fold_stem"

func init() {
	err := registry.RegisterTokenFilter(FilterName, func(map[string]interface{}, *registry.Cache) (blevea.TokenFilter, error) {
		return foldStemFilter{}, nil
	})
	if err != nil {
		panic(err)
	}
}

// foldStemFilter is the bleve side of expandToken.
type foldStemFilter struct{}

func (foldStemFilter) Filter(in blevea.TokenStream) blevea.TokenStream {
	out := make(blevea.TokenStream, 0, len(in))
	for _, t := range in {
		if !isWordType(t.Type) {
			continue
		}
		first := true
		expandToken(string(t.Term), func(_, stem string) {
			if first {
				// Reuse the tokenizer's token for the whole word.
				t.Term = []byte(stem)
				out = append(out, t)
				first = false
				return
			}
			out = append(out, &blevea.Token{
				Term: []byte(stem), Start: t.Start, End: t.End,
				Position: t.Position, Type: t.Type,
			})
		})
	}
	return out
}

// isWordType keeps the same token types as analysis.Analyze.
func isWordType(t blevea.TokenType) bool {
	return t == blevea.AlphaNumeric || t == blevea.Numeric || t == blevea.Ideographic
}

// expandToken calls emit with the (surface, stem) pairs that one word of the
// tokenizer stands for: the folded word itself unless it is a stop word, and,
// when the word is glued from several parts by punctuation that UAX #29 keeps
// inside words ("4.2.1", "e.g", "don't", "note:this", "1,000"), each part that
// is not a stop word. The parts make "4" and "2" find "4.2.1" (SEARCH-NOTES
// pitfall 9). search.js does exactly the same (function expandToken).
func expandToken(raw string, emit func(surface, stem string)) {
	if v, ok := tokenCache.Load(raw); ok {
		for _, p := range v.([]formPair) {
			emit(p.surface, p.stem)
		}
		return
	}
	var pairs []formPair
	expandTokenUncached(raw, func(surface, stem string) {
		pairs = append(pairs, formPair{surface, stem})
		emit(surface, stem)
	})
	if tokenCacheSize.Load() < maxTokenCache {
		tokenCacheSize.Add(1)
		tokenCache.Store(strings.Clone(raw), pairs)
	}
}

// tokenCache remembers expandToken's answers: folding and stemming are most
// of the cost of analysis, and words repeat. It stops growing at
// maxTokenCache words, which keeps a long-running server bounded.
var (
	tokenCache     sync.Map // raw word → []formPair
	tokenCacheSize atomic.Int64
)

const maxTokenCache = 1 << 18

type formPair struct{ surface, stem string }

func expandTokenUncached(raw string, emit func(surface, stem string)) {
	surface := analysis.Fold(raw)
	if surface == "" {
		return
	}
	if !analysis.IsStop(surface) {
		emit(surface, analysis.Stem(surface))
	}
	if !isGlued(surface) {
		return
	}
	for _, p := range strings.FieldsFunc(surface, isSeparator) {
		if !analysis.IsStop(p) {
			emit(p, analysis.Stem(p))
		}
	}
}

// isSeparator reports whether r splits a glued word into parts: anything but
// letters, combining marks and numbers (search.js: /[^\p{L}\p{M}\p{N}]/u).
func isSeparator(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsNumber(r)
}

// isGlued reports whether the folded word w has a separator in it. Most words
// are plain ASCII letters and digits, checked a byte at a time.
func isGlued(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return strings.IndexFunc(w[i:], isSeparator) >= 0
		}
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z') {
			return true
		}
	}
	return false
}

// wordTokenizer splits a fuzzy query into words as they were written.
var wordTokenizer = unitok.NewUnicodeTokenizer()

// token is one analysed word occurrence, with byte offsets into its text.
type token struct {
	Surface, Stem string
	Start, End    int
}

// analyzeText runs the same chain as the bleve analyzer, keeping surface forms
// and offsets, which bleve's token stream loses. It takes the words from
// analysis.Analyze, which segments exactly as bleve's Unicode tokenizer does
// (faster) and has already folded and stemmed them; what is left is the stop
// list and the parts of glued words. Tests check that the two chains agree.
func analyzeText(text string, emit func(token)) {
	for _, t := range analysis.Analyze(text) {
		if t.Surface == "" {
			continue
		}
		if !analysis.IsStop(t.Surface) {
			emit(token{Surface: t.Surface, Stem: t.Term, Start: t.Start, End: t.End})
		}
		if !isGlued(t.Surface) {
			continue
		}
		for _, p := range glueParts(t.Surface) {
			emit(token{Surface: p.surface, Stem: p.stem, Start: t.Start, End: t.End})
		}
	}
}

// glueParts returns the (surface, stem) pairs of the parts of a glued folded
// word that are not stop words, as expandToken emits them after the word.
func glueParts(surface string) []formPair {
	if v, ok := partsCache.Load(surface); ok {
		return v.([]formPair)
	}
	var pairs []formPair
	for _, p := range strings.FieldsFunc(surface, isSeparator) {
		if !analysis.IsStop(p) {
			pairs = append(pairs, formPair{p, analysis.Stem(p)})
		}
	}
	if partsCacheSize.Load() < maxTokenCache {
		partsCacheSize.Add(1)
		partsCache.Store(strings.Clone(surface), pairs)
	}
	return pairs
}

// partsCache is glueParts' memory, bounded like tokenCache.
var (
	partsCache     sync.Map // folded glued word → []formPair
	partsCacheSize atomic.Int64
)

// Field names of the bleve documents. The scored fields are the ones concord's
// ranking function reads, in this order (fieldTitle, fieldHeading, fieldBody).
const (
	fieldFile    = "file"
	fieldTitle   = "title"
	fieldHeading = "heading"
	fieldBody    = "body"
	fieldSummary = "summary"
	fieldTopic   = "topic"
	fieldTerms   = "terms"
)

var scoredFields = [numScored]string{fieldTitle, fieldHeading, fieldBody}

const numScored = 3

// scoredFieldIndex returns the index of a scored field, or -1.
func scoredFieldIndex(name string) int {
	for i, f := range scoredFields {
		if f == name {
			return i
		}
	}
	return -1
}

// reservedField reports whether a front matter key would clash with one of the
// index's own fields; such keys are not indexed.
func reservedField(name string) bool {
	switch name {
	case fieldFile, fieldTitle, fieldHeading, fieldBody, fieldSummary, fieldTopic, fieldTerms, "url", "_all", "_id":
		return true
	}
	return strings.HasPrefix(name, "_")
}

// newMapping is the index mapping: one bleve document per section, text
// fields analysed with concord's analyzer, keyword fields for the file and
// the glossary terms, front matter fields indexed dynamically as text. Nothing
// is stored: results are built from the Docs the index was built from.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	err := m.AddCustomAnalyzer(analysis.AnalyzerName, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unitok.Name,
		"token_filters": []interface{}{FilterName},
	})
	if err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = analysis.AnalyzerName
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.IndexDynamic = true

	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analysis.AnalyzerName
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = true // phrase queries need positions
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	dm := bleve.NewDocumentMapping()
	for _, name := range []string{fieldTitle, fieldHeading, fieldBody, fieldSummary, fieldTopic} {
		dm.AddFieldMappingsAt(name, text())
	}
	dm.AddFieldMappingsAt(fieldFile, kw())
	dm.AddFieldMappingsAt(fieldTerms, kw())
	m.DefaultMapping = dm
	m.DefaultField = fieldBody
	return m, nil
}

// Citations. Guidance cites a provision as "s.4A", "section 4A", "s 4A" or
// "ss.4", with or without its Act ("s.4A PHA 1997", "PHA 1997 s.4A"), and the
// index holds "s" or "section" and "4a" as separate words. A query that cites
// a section is rewritten before it is parsed, so that every spelling asks the
// same thing: the section number, required ("+4A"), without the section word,
// which is in nearly every passage that cites anything. The Act's words stay
// as typed and rank the passages that name it first. So "s.4A", "section 4A",
// "s 4A PHA 1997" and "PHA 1997 s.4A" find the same passages. search.js does
// exactly the same (function citations).

// citationMarkers are the words that introduce a section number, lower-cased.
var citationMarkers = map[string]bool{
	"s": true, "ss": true, "sec": true, "sect": true, "section": true, "sections": true, "§": true,
}

var (
	// citationWord splits a word into a sign, a marker, an optional full
	// stop and the rest: "+s.4A" → "+", "s", ".", "4A".
	citationWord = regexp.MustCompile(`^([+-]?)([A-Za-z]+|§)(\.?)(.*)$`)
	// citationNumber is a section number: digits, up to two letters, and
	// subsections in brackets ("4", "4A", "4A(6)", "35(1)(b)").
	citationNumber = regexp.MustCompile(`^[0-9]+[A-Za-z]{0,2}(\([0-9A-Za-z]+\))*$`)
)

// normalizeCitations rewrites the section citations of a query (see above).
// Words inside "quotes" are left alone. Words are separated by ASCII white
// space, kept as it was.
func normalizeCitations(q string) string {
	var parts []string // alternating runs: words at even or odd places
	for i := 0; i < len(q); {
		j := i
		space := isASCIISpace(q[i])
		for j < len(q) && isASCIISpace(q[j]) == space {
			j++
		}
		parts = append(parts, q[i:j])
		i = j
	}
	quoted := false
	changed := false
	for i := 0; i < len(parts); i++ {
		w := parts[i]
		if w == "" || isASCIISpace(w[0]) {
			continue
		}
		if !quoted {
			if m := citationWord.FindStringSubmatch(w); m != nil && citationMarkers[strings.ToLower(m[2])] {
				sign := m[1]
				if sign == "" {
					sign = "+"
				}
				switch {
				case m[4] != "" && citationNumber.MatchString(m[4]):
					parts[i] = sign + m[4]
					changed = true
				case m[4] == "" && i+2 < len(parts) && citationNumber.MatchString(parts[i+2]):
					parts[i] = ""
					parts[i+2] = sign + parts[i+2]
					changed = true
					i += 2
				}
			}
		}
		if unescapedQuotes(w)%2 == 1 {
			quoted = !quoted
		}
	}
	if !changed {
		return q
	}
	return strings.Join(parts, "")
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// unescapedQuotes counts the double quotes of w not escaped by a backslash.
func unescapedQuotes(w string) int {
	n := 0
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case '\\':
			i++
		case '"':
			n++
		}
	}
	return n
}
