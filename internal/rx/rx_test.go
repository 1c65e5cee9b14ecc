package rx

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// patterns are shaped like the rules' own: word alternations, cues that
// end the text, case-insensitive leads, optional parts.
var patterns = []string{
	`\b(?:formerly|(?:previously|then) (?:called|known as)|(?:was|were) (?:replaced|renamed)|no longer (?:used|the (?:right )?(?:term|word))|at that time)\b`,
	`(?i)\b(?:amended|inserted|substituted)\s+by\s*(?:the\s*)?$`,
	`(?i)\b(?:issued|given)\s+(?:\w+\s+){0,2}?(?:under|pursuant to)\s*$`,
	`(?i)\b(?:defen[cs]es?|remed(?:y|ies)|powers?|dut(?:y|ies))\s+(?:to|for|of)\s+$`,
	`\b(1[89]\d\d|20\d\d)\b`,
	`^\W*(?:before|until|prior to)\b[^.;]*?\b(?:was|were|had)\b`,
	`(?:\bact|\border|\bsince) $`,
	`(?i)skip|ask`,         // letters with non-ASCII folds (long s, Kelvin sign)
	`x*`,                   // matches the empty string: no prefilter
	`(?:ab|abc)d`,          // literals shorter than minLit on one side
	`caf\x{e9}|na\x{ef}ve`, // non-ASCII literals
	`(?i)stra\x{df}e|road`, // a folded non-ASCII literal: no prefilter
	`\b(?:do not|avoid) (?:using |use )?(?:the )?(?:(?:term|phrase) )?(?:an? |the )?["'“‘]?$`,            // ends the text: a tail is enough
	`(?i)\b(?:requires?|must (?:show|prove)|only (?:counts?|applies)(?: as an offence)? (?:if|where))\b`, // spelt-out alternatives
}

var words = []string{"formerly", "previously", "called", "known", "as", "was", "replaced", "renamed", "no", "longer", "used", "the", "right", "term",
	"AMENDED", "Inserted", "by", "issued", "under", "pursuant", "to", "defences", "remedies", "powers", "duty", "for", "of", "1997", "2012", "before",
	"until", "prior", "had", "act", "order", "since", "SKIP", "\u017fkip", "a\u212a", "abd", "abcd", "café", "naïve", "STRASSE", "straße", "road",
	".", ";", ",", "  ", "\n", "\xff", "x", "were", "at", "that", "time",
	"\t", "do", "not", "avoid", "using", "use", "phrase", "\"", "“", "an",
	"requires", "Must", "show", "prove", "only", "counts", "applies", "if", "where", "offence", "mu\u017ft", "only if"}

func TestSameAnswersAsRegexp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range patterns {
		re, want := MustCompile(p), regexp.MustCompile(p)
		for range 20000 {
			var b strings.Builder
			for k := rng.IntN(12); k >= 0; k-- {
				b.WriteString(words[rng.IntN(len(words))])
				if rng.IntN(3) > 0 {
					b.WriteByte(' ')
				}
			}
			s := b.String()
			if got, w := re.MatchString(s), want.MatchString(s); got != w {
				t.Fatalf("%s on %q: MatchString %v, regexp says %v", p, s, got, w)
			}
			if got, w := re.FindAllStringIndex(s, -1), want.FindAllStringIndex(s, -1); !slices.EqualFunc(got, w, slices.Equal) {
				t.Fatalf("%s on %q: FindAllStringIndex %v, regexp says %v", p, s, got, w)
			}
			if got, w := re.FindStringIndex(s), want.FindStringIndex(s); !slices.Equal(got, w) {
				t.Fatalf("%s on %q: FindStringIndex %v, regexp says %v", p, s, got, w)
			}
		}
	}
}

func TestLiterals(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want []string // nil: no prefilter
	}{
		{`\b(?:formerly|replaced by)\b`, []string{"formerly", "replaced by"}},
		{`(?i)\bAmended\s+by$`, []string{"amended"}},
		{`x*`, nil},
		{`(?:ab|abc)d`, []string{"abcd", "abd"}}, // each too short alone, not spelt out
		{`(?:a|b)c`, nil},
		{`(?i)\bmust (?:show|prove)\b`, []string{"must prove", "must show"}},
		{`(?i)\b(?:must|may) (?:show|prove|have)?\b`, []string{"may ", "must "}},
		{`(?i)\bonly (?:counts?|applies)(?: as an offence)? (?:if|where)\b`, []string{
			"only applies as an offence if", "only applies as an offence where", "only applies if", "only applies where",
			"only count as an offence if", "only count as an offence where", "only count if", "only count where",
			"only counts as an offence if", "only counts as an offence where", "only counts if", "only counts where"}},
		{`(?:one|two|six|ten) (?:one|two|six|ten) (?:one|two|six|ten)`, []string{ // spelt out up to maxProduct
			"one one ", "one six ", "one ten ", "one two ", "six one ", "six six ", "six ten ", "six two ",
			"ten one ", "ten six ", "ten ten ", "ten two ", "two one ", "two six ", "two ten ", "two two "}},
		{`(?:one|two|six|ten) (?:one|two|six|ten)|(?:red|tan|bay|dun) (?:one|two|six|ten)|(?:fig|yew|elm|oak) (?:one|two|six|ten)|zzz`, []string{ // past maxLits spelt out: the parts alone
			"bay", "dun", "elm", "fig", "oak", "one", "red", "six", "tan", "ten", "two", "yew", "zzz"}},
		{`(?i)stra\x{df}e`, nil},
		{`\b(1[89]\d\d|20\d\d)\b`, nil},
	} {
		got := MustCompile(tc.expr).Literals()
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: literals %q, want %q", tc.expr, got, tc.want)
		}
	}
}

func BenchmarkCue(b *testing.B) {
	s := strings.Repeat("whether behaviour address caseworker also support assessment history ", 3)
	for _, tc := range []struct {
		name string
		m    func(string) bool
	}{
		{"regexp", regexp.MustCompile(patterns[0]).MatchString},
		{"rx", MustCompile(patterns[0]).MatchString},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				tc.m(s)
			}
		})
	}
}

// FuzzSameAnswers holds rx to regexp's answers on any text, for each of
// the test patterns.
func FuzzSameAnswers(f *testing.F) {
	f.Add(uint8(0), "it was formerly called that")
	f.Add(uint8(1), "as AMENDED BY the")
	f.Add(uint8(7), "\u017fkip a\u212a")
	f.Fuzz(func(t *testing.T, k uint8, s string) {
		p := patterns[int(k)%len(patterns)]
		re, want := MustCompile(p), regexp.MustCompile(p)
		if got, w := re.FindAllStringIndex(s, -1), want.FindAllStringIndex(s, -1); !slices.EqualFunc(got, w, slices.Equal) {
			t.Fatalf("%s on %q: %v, regexp says %v", p, s, got, w)
		}
		if got, w := re.MatchString(s), want.MatchString(s); got != w {
			t.Fatalf("%s on %q: MatchString %v, regexp says %v", p, s, got, w)
		}
	})
}

func TestTailRuns(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want int
	}{
		{`(?i)\b(?:amended|inserted)\s+by\s*(?:the\s*)?$`, 3},
		{`(?i)\b(?:issued|given)\s+(?:\w+\s+){0,2}?(?:under|pursuant to)\s*$`, 5},
		{`(?:\bact|\border|\bsince) $`, 1},
		{`\bthe (?:term|phrase) ["']?$`, 2},
		{`\bof\b[^.;]*$`, unbounded},   // any number of words
		{`^\W*before$`, unbounded},     // tied to the start
		{`\bbefore\b`, unbounded},      // not tied to the end
		{`(?m)\bbefore$`, unbounded},   // the end of a line
		{`(?:a\s)+b$`, unbounded},      // repeated words
		{`\bx\s*\s+\t*$`, 3},           // a bound, not the least one
		{`\b(?:\w+\s+){0,2}to\s+$`, 3}, // bounded repeat
	} {
		tree, err := syntax.Parse(tc.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := tailRuns(tree); got != tc.want {
			t.Errorf("%s: %d runs, want %d", tc.expr, got, tc.want)
		}
	}
	for _, tc := range []struct {
		s    string
		runs int
		want string
	}{
		{"a b c d", 1, "c d"},
		{"a b c d ", 1, "d "},
		{"a  b\t\tc", 0, "c"},
		{"a b", 3, "a b"},
		{"", 0, ""},
		{"   ", 0, ""},
		{"x   ", 0, ""},
		{"x   ", 1, "x   "},
	} {
		if got := tail(tc.s, tc.runs); got != tc.want {
			t.Errorf("tail(%q, %d) = %q, want %q", tc.s, tc.runs, got, tc.want)
		}
	}
}

// BenchmarkMayMatch compares the one-pass literal scan with a search per
// literal, on a sentence that holds none of them.
func BenchmarkMayMatch(b *testing.B) {
	s := strings.Repeat("Whether behaviour to address, caseworker also supports an assessment of history. ", 2)
	for _, p := range []string{patterns[0], `(?i)\b(?:defen[cs]es?|remed(?:y|ies)|powers?|procedures?|time limits?|rights?|claims?|injunctions?|damages|exceptions?|guidance|provisions?|protocol|code|rules?|dut(?:y|ies)|appeals?|costs?)\s+(?:to|for|of)\s+x`} {
		re := MustCompile(p)
		perLit := *re
		perLit.scan = nil
		b.Run(strconv.Itoa(len(re.lits))+"/scan", func(b *testing.B) {
			for b.Loop() {
				re.mayMatch(s)
			}
		})
		b.Run(strconv.Itoa(len(re.lits))+"/perLiteral", func(b *testing.B) {
			for b.Loop() {
				perLit.mayMatch(s)
			}
		})
	}
}
