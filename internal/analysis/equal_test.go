package analysis

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	porter "github.com/blevesearch/go-porterstemmer"
	"golang.org/x/text/unicode/norm"
)

// The reference is the analysis as it was before the fast paths, kept
// verbatim: bleve's tokenizer over the whole text, then the original Fold and
// Stem, with nothing cached.

func refAnalyze(text string) []Token {
	stream := tokenizer.Tokenize([]byte(text))
	out := make([]Token, 0, len(stream))
	for _, t := range stream {
		if t.Type != analysis.AlphaNumeric && t.Type != analysis.Numeric {
			if t.Type != analysis.Ideographic {
				continue
			}
		}
		surface := refFold(string(t.Term))
		term := refStem(surface)
		// The numbers are WordID's: one per string, the same in every
		// token that holds it.
		out = append(out, Token{Term: term, Surface: surface, Start: t.Start, End: t.End, TermID: WordID(term), SurfaceID: WordID(surface)})
	}
	return out
}

func refFold(w string) string {
	w = norm.NFC.String(strings.ToLower(w))
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	return w
}

func refStem(w string) string {
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

func diffTokens(got, want []Token) string {
	if (got == nil) != (want == nil) {
		return fmt.Sprintf("got nil %v, want nil %v", got == nil, want == nil)
	}
	for i := 0; i < len(got) || i < len(want); i++ {
		switch {
		case i >= len(got):
			return fmt.Sprintf("token %d missing: want %+v", i, want[i])
		case i >= len(want):
			return fmt.Sprintf("token %d extra: got %+v", i, got[i])
		case got[i] != want[i]:
			return fmt.Sprintf("token %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	return ""
}

// checkSame compares every exported entry point with the reference on text,
// and each word of text as Fold and Stem input.
func checkSame(t *testing.T, text string) {
	t.Helper()
	want := refAnalyze(text)
	// Twice: the first call may fill the cache, the second reads it.
	for range 2 {
		if d := diffTokens(Analyze(text), want); d != "" {
			t.Fatalf("Analyze(%q): %s", text, d)
		}
	}
	// AppendAnalyze after tokens already in the slice, whose offsets stay.
	prefix := []Token{{Term: "x", Surface: "x", Start: 0, End: 1}}
	if got := AppendAnalyze(slices.Clone(prefix), text); got[0] != prefix[0] {
		t.Fatalf("AppendAnalyze(%q) changed the token before it: %+v", text, got[0])
	} else if d := diffTokens(got[1:], append([]Token{}, want...)); d != "" {
		t.Fatalf("AppendAnalyze(%q): %s", text, d)
	}
	if d := diffTokens(analyzeBleve(text), want); d != "" {
		t.Fatalf("analyzeBleve(%q): %s", text, d)
	}
	for _, w := range append(strings.Fields(text), text) {
		if got, want := Fold(w), refFold(w); got != want {
			t.Fatalf("Fold(%q) = %q, want %q", w, got, want)
		}
		for range 2 {
			if got, want := Stem(w), refStem(w); got != want {
				t.Fatalf("Stem(%q) = %q, want %q", w, got, want)
			}
			f := refFold(w)
			if got, want := Stem(f), refStem(f); got != want {
				t.Fatalf("Stem(%q) = %q, want %q", f, got, want)
			}
		}
	}
}

// equalityCases are the word-boundary cases that matter in guidance text and
// the UAX #29 rules that decide them; they also seed the fuzzer.
var equalityCases = []string{
	"",
	" ",
	"— “ ” ‘ ’",
	"s.2A of the Act",
	"s.2A, s.4A(1)(b) and s.4A(1)(b)(ii).",
	"e.g., i.e. etc.",
	"1,000.50 and 1,000,000; 3.14 and 1;2 and 1:2 and 1'000",
	"o'clock, rock'n'roll, 'quoted', ''double'' and don't",
	"a:b a::b :a a: 1:a a:1",
	"__x__ x_1 _1_ 1_a 1_2a a_.b _ __ ___ a__b 1__2 _.1 a_1.2 1.2_3.4",
	"2A 4A(1)(b) 10am 3rd 1st",
	"trailing periods... and commas,,, and end.",
	"line one\r\nline two\rline three\nline four\v\f",
	"tab\tseparated\twords",
	"The Council's decision and the councils' decisions; James's",
	"COUNCIL'S STALKING STALKED Stalks",
	"x's's a's 's ' '' s' ab'",
	"a.b.c a..b a.'b a'.b 1..2 1.,2 1,.2 1.2.3.",
	"\"double\" (brackets) [square] {curly} <angle> /slash\\ back|pipe",
	"email@example.com http://example.com/path?q=1&r=2#frag",
	"high-harm, non-fatal strangulation — the victim’s view",
	"Café naïve résumé über coöperate",
	"“Curly quotes” and ‘single’ and the council’s and the councils’",
	"日本語のテキスト and 한국어 text and 中文",
	"x\u0301y and a \u0301b and e\u0301 and \u00e9",
	"ÉCOLE and ǅ and İstanbul",
	"mixed ascii, then ünïcödé, then ascii again: s.2A 1,000.50",
	"invalid \xff utf-8 then words after",
	"ok words \xc3 truncated",
	"\u2028line sep\u2029para sep\u0085nel",
	"🙂 emoji 🙂x x🙂 🇬🇧 flags",
	"\x00nul\x00 and \x7f del",
	"stalker stalking stalked stalks relational generalization",
}

func TestAnalyzeMatchesBleve(t *testing.T) {
	for _, c := range equalityCases {
		checkSame(t, c)
	}
}

func FuzzAnalyzeMatchesBleve(f *testing.F) {
	for _, c := range equalityCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSame(t, text)
	})
}

// TestAnalyzeMatchesBleveJoined puts every pair of cases side by side, so that
// ASCII and non-ASCII stretches meet across spaces, tabs and nothing at all,
// where analyzeMixed cuts the text.
func TestAnalyzeMatchesBleveJoined(t *testing.T) {
	for _, a := range equalityCases {
		for _, b := range equalityCases {
			for _, sep := range []string{"", " ", "\t", "  ", " \u0301", "\r\n"} {
				checkSame(t, a+sep+b)
			}
		}
	}
}

// TestAppendASCIIMatchesWords holds appendASCII, which finds and looks up
// words in one pass, to words and appendWords, on random ASCII text made
// of the characters the scanner tells apart.
func TestAppendASCIIMatchesWords(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const alphabet = "aZ9_:.',; -\n\t\"x1"
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		text := string(b)
		if r.IntN(8) == 0 {
			text += strings.Repeat("word ", 60) + "a_b.c1,2"
		}
		off := r.IntN(100)
		want := appendWords(nil, text, off, words(text, [][2]int(nil)))
		if d := diffTokens(appendASCII([]Token{}, text, off), append([]Token{}, want...)); d != "" {
			t.Fatalf("appendASCII(%q): %s", text, d)
		}
	}
}

// TestAppendASCIIReadsWordsInPlace holds appendASCII's own reading of the
// word table (written out in its loop, as getAt and packAt read it) to
// appendWords: words of every length around the 8- and 16-byte limits, at
// every distance from the end of the text, once before the table holds
// them and once after.
func TestAppendASCIIReadsWordsInPlace(t *testing.T) {
	const letters = "QrstUvwxyzAbcdefGhij"
	for pass := range 2 {
		for n := 1; n <= 18; n++ {
			w := letters[:n]
			for pad := 0; pad <= 18; pad++ {
				for _, tail := range []string{"", " ", " a", " ab c"} {
					text := strings.Repeat("x", pad) + " " + w + tail
					want := appendWords(nil, text, 3, words(text, [][2]int(nil)))
					if d := diffTokens(appendASCII(nil, text, 3), want); d != "" {
						t.Fatalf("pass %d: appendASCII(%q): %s", pass, text, d)
					}
				}
			}
		}
		// Publish what the first pass added, so that the second finds it.
		cache.mu.Lock()
		cache.publish()
		cache.mu.Unlock()
	}
}

// TestWordBytes holds wordBytes to the class table, for every ASCII byte
// at every place among random neighbours.
func TestWordBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for c := range 0x80 {
		for p := range 8 {
			var b [8]byte
			for i := range b {
				b[i] = byte(r.IntN(0x80))
			}
			b[p] = byte(c)
			got := wordBytes(load64(string(b[:]), 0))
			for i, x := range b {
				want := class[x]&cWord != 0
				if bit := got>>(8*i+7)&1 == 1; bit != want {
					t.Fatalf("wordBytes(%q): byte %d (%q) word %v, want %v", b, i, x, bit, want)
				}
			}
			if got&^highBits != 0 {
				t.Fatalf("wordBytes(%q) = %#x: bits besides the high ones", b, got)
			}
		}
	}
}
