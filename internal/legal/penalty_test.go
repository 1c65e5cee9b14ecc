package legal

import (
	"reflect"
	"strings"
	"testing"
)

type wantPenalty struct {
	text    string // what Start:End covers
	amount  string
	months  int
	weeks   int
	maximum bool
	upTo    bool
	custody bool
}

func TestParsePenalties(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []wantPenalty
	}{
		{"maximum of, in words", "The s.4A offence carries a maximum of five years' imprisonment.",
			[]wantPenalty{{"five years' imprisonment", "five years", 60, 0, true, false, true}}},
		{"up to, in digits", "It carries up to 10 years.",
			[]wantPenalty{{"10 years", "10 years", 120, 0, true, true, false}}},
		{"up to alone", "The court may impose up to 10 years.",
			[]wantPenalty{{"10 years", "10 years", 120, 0, false, true, false}}},
		{"maximum sentence of", "The maximum sentence of six months applies.",
			[]wantPenalty{{"six months", "six months", 6, 0, true, false, true}}},
		{"imprisonment after, curly apostrophe", "The aggravated offence: 14 years’ imprisonment on indictment.",
			[]wantPenalty{{"14 years’ imprisonment", "14 years", 168, 0, false, false, true}}},
		{"carries two years", "The aggravated offence carries two years.",
			[]wantPenalty{{"two years", "two years", 24, 0, true, false, false}}},
		{"51 weeks", "It is punishable by imprisonment for a term not exceeding 51 weeks.",
			[]wantPenalty{{"51 weeks", "51 weeks", 6, 51, true, false, true}}},
		{"fifty-one weeks in words", "Liable to fifty-one weeks.",
			[]wantPenalty{{"fifty-one weeks", "fifty-one weeks", 6, 51, true, false, false}}},
		{"other weeks", "A maximum of 26 weeks' custody.",
			[]wantPenalty{{"26 weeks' custody", "26 weeks", 6, 26, true, false, true}}},
		{"a year", "Liable to imprisonment for up to a year.",
			[]wantPenalty{{"a year", "a year", 12, 0, true, true, true}}},
		{"the most a court can impose", "Stalking is summary only, and the most the court can impose is 12 months' imprisonment.",
			[]wantPenalty{{"12 months' imprisonment", "12 months", 12, 0, true, false, true}}},
		{"the most you could get", "The most you could get for it is two years in prison.",
			[]wantPenalty{{"two years", "two years", 24, 0, true, false, true}}},
		{"at most", "On summary conviction the sentence is at most six months.",
			[]wantPenalty{{"six months", "six months", 6, 0, true, false, true}}},
		{"the most serious offence: not a superlative maximum", "The most serious offence can lead to 10 years' imprisonment.",
			[]wantPenalty{{"10 years' imprisonment", "10 years", 120, 0, false, false, true}}},
		{"hyphenated maximum", "The 10-year maximum applies to offences from 3 April 2017.",
			[]wantPenalty{{"10-year", "10-year", 120, 0, true, false, false}}},
		{"both figures of a change", "The maximum for the s.4A offence was raised from five years to 10 years in 2017.",
			[]wantPenalty{{"five years", "five years", 60, 0, true, false, false}, {"10 years", "10 years", 120, 0, true, false, false}}},
		{"not more than", "Not more than six months' imprisonment.",
			[]wantPenalty{{"six months' imprisonment", "six months", 6, 0, true, false, true}}},
		{"capitalised words", "Maximum: Ten Years.", nil},
		{"two clauses", "The maximum penalty is five years, and the order lasts two years.",
			[]wantPenalty{{"five years", "five years", 60, 0, true, false, true}}},
		{"a maximum that can be imposed", "The maximum sentence that can be imposed is five years' imprisonment.",
			[]wantPenalty{{"five years' imprisonment", "five years", 60, 0, true, false, true}}},
		{"twenty one as two words", "A maximum of twenty one months.",
			[]wantPenalty{{"twenty one months", "twenty one months", 21, 0, true, false, false}}},

		// Near misses.
		{"SPO duration", "An SPO lasts for at least two years.", nil},
		{"time limit", "Proceedings must begin within two years of the offence.", nil},
		{"age", "Both must be aged 16 or over.", nil},
		{"a year as a date", "The law changed in 2017 and again on 5 April 2023.", nil},
		{"time after", "Proceedings may start up to six months after the offence.", nil},
		{"hyphenated time limit", "The maximum delay is the 12-month time limit.", nil},
		{"a sentence passed", "He was sentenced to 2 years' imprisonment.", nil},
		{"a starting point", "The starting point is 12 weeks' custody.", nil},
		{"a decimal", "A maximum of 1.5 years.", nil},
		{"more than", "More than two years in custody.", nil},
		{"no keyword", "Stalking lasted two years before she reported it.", nil},
		{"a clause boundary hides the keyword", "The maximum is set by statute; it took two years.", nil},
		{"plural mismatch", "A maximum of one years.", nil},
		{"years ago", "The maximum was raised seven years ago.", nil},
		{"a minimum", "A minimum term of five years applies.", nil},
		{"a threshold sentence", "Where the offender receives a custodial sentence of 12 months or more, the victim may join the scheme.", nil},
		{"or more", "A maximum term of two years or more.", nil},

		// What a person faces: a maximum only with a custodial term.
		{"could face, in jail", "Offenders could face five years in jail.",
			[]wantPenalty{{"five years", "five years", 60, 0, true, false, true}}},
		{"behind bars", "Stalkers face up to ten years behind bars.",
			[]wantPenalty{{"ten years", "ten years", 120, 0, true, true, true}}},
		{"face without custody", "Victims face two years of fear before they report.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ParsePenalties(tc.in)
			if len(got) != len(tc.want) {
				var s []string
				for _, p := range got {
					s = append(s, tc.in[p.Start:p.End])
				}
				t.Fatalf("got %d penalties %q, want %d", len(got), s, len(tc.want))
			}
			from := 0
			for i, w := range tc.want {
				p := got[i]
				at := strings.Index(tc.in[from:], w.text)
				if at < 0 {
					t.Fatalf("test is wrong: %q not in input", w.text)
				}
				start := from + at
				if p.Start != start || p.End != start+len(w.text) {
					t.Errorf("penalty %d covers [%d,%d) %q, want [%d,%d) %q", i, p.Start, p.End, tc.in[p.Start:p.End], start, start+len(w.text), w.text)
				}
				from = start + len(w.text)
				if p.Amount != w.amount || p.Months != w.months || p.Weeks != w.weeks {
					t.Errorf("penalty %d is %q, %d months, %d weeks; want %q, %d, %d", i, p.Amount, p.Months, p.Weeks, w.amount, w.months, w.weeks)
				}
				if p.Maximum != w.maximum || p.UpTo != w.upTo || p.Custodial != w.custody {
					t.Errorf("penalty %d signals maximum=%v upTo=%v custodial=%v; want %v %v %v", i, p.Maximum, p.UpTo, p.Custodial, w.maximum, w.upTo, w.custody)
				}
			}
		})
	}
}

// ParseTerms reads bare terms where the context (a table column headed
// "Maximum") says they are maxima, and still refuses what is no maximum.
func TestParseTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"5 years", []string{"5 years"}},
		{"ten years (either way)", []string{"ten years"}},
		{"6 months or a fine", []string{"6 months"}},
		{"Summary only", nil},
		{"at least two years", nil},
		{"within six months", nil},
		{"2–8 years", []string{"8 years"}}, // a range's top, which the caller leaves out
		{"sentenced to 2 years", nil},
	}
	for _, tc := range tests {
		var got []string
		for _, p := range ParseTerms(tc.in) {
			got = append(got, tc.in[p.Start:p.End])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseTerms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func checkPenaltyOffsets(t *testing.T, in string, ps []Penalty) {
	t.Helper()
	prev := 0
	for _, p := range ps {
		if p.Start < 0 || p.End > len(in) || p.Start >= p.End {
			t.Fatalf("penalty [%d,%d) outside input of %d bytes", p.Start, p.End, len(in))
		}
		if p.Start < prev {
			t.Fatalf("penalties out of order or overlapping at %d", p.Start)
		}
		prev = p.End
		if !strings.HasPrefix(in[p.Start:], p.Amount) || p.Amount == "" {
			t.Fatalf("amount %q is not the text at %d", p.Amount, p.Start)
		}
		if p.Months < 0 || (!p.Maximum && !p.UpTo && !p.Custodial) {
			t.Fatalf("penalty %q has %d months and no signal", p.Amount, p.Months)
		}
	}
}

var penaltySeeds = []string{
	"The s.4A offence carries a maximum of five years' imprisonment.",
	"It carries up to 10 years. The maximum sentence of six months applies.",
	"14 years’ imprisonment on indictment; two years; 51 weeks; fifty-one weeks.",
	"An SPO lasts for at least two years. Within two years of the offence. Aged 16 or over.",
	"In 2017; on 5 April 2023; six months after the offence; the 12-month time limit.",
	"The maximum for the s.4A offence was raised from five years to 10 years in 2017.",
	"maximum of", "up to a", "twenty-", "10-", "10-years", "a maximum of 999 weeks", "\xff 5 years' \xfe",
}

func FuzzPenalties(f *testing.F) {
	for _, s := range penaltySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkPenaltyOffsets(t, in, ParsePenalties(in))
	})
}

func TestPenaltySeedsAreWellFormed(t *testing.T) {
	for _, s := range penaltySeeds {
		checkPenaltyOffsets(t, s, ParsePenalties(s))
	}
}

func BenchmarkParsePenalties(b *testing.B) {
	text := strings.Repeat(benchText, 20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		ParsePenalties(text)
	}
}

// parsePenaltiesOld is parsePenalties as it was, trying a penalty at every
// token: the reference for FuzzPenaltiesPrefilter.
func parsePenaltiesOld(text string) []Penalty {
	s := newScanner(text)
	defer s.release()
	var out []Penalty
	for i := 0; i < s.n(); i++ {
		p, last, ok := s.penaltyAt(i, false)
		if !ok {
			continue
		}
		out = append(out, p)
		i = last
	}
	return out
}

// FuzzPenaltiesPrefilter checks that the look at a text's bytes that lets
// ParsePenalties skip most blocks never skips a penalty: the parse with it
// gives exactly what the parse without it does.
func FuzzPenaltiesPrefilter(f *testing.F) {
	for _, s := range penaltySeeds {
		f.Add(s)
	}
	f.Add("a maximum of five wee\u212a")
	f.Add("up to six MONTHS' imprisonment")
	f.Fuzz(func(t *testing.T, in string) {
		got, want := ParsePenalties(in), parsePenalties(in, false)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("ParsePenalties(%q) = %+v, without the prefilter %+v", in, got, want)
		}
		if old := parsePenaltiesOld(in); !reflect.DeepEqual(want, old) {
			t.Fatalf("parsePenalties(%q) = %+v; trying every token gives %+v", in, want, old)
		}
		if !mayState(in) && len(want) > 0 {
			t.Fatalf("mayState(%q) is false but it states %+v", in, want)
		}
		if got, ref := mayState(in), mayStateRef(in); got != ref {
			t.Fatalf("mayState(%q) = %v; a byte at a time gives %v", in, got, ref)
		}
	})
}

// mayStateRef is mayState a byte at a time: the reference for the look at
// eight bytes at once.
func mayStateRef(text string) bool {
	for i := range len(text) {
		if unitAtByte(text, i) {
			return true
		}
	}
	return false
}

// TestMayState puts each unit at every offset of a word of eight bytes, in
// mixed case, alone and after other units' near misses.
func TestMayState(t *testing.T) {
	for _, w := range []string{"year", "YEAR", "yEaR", "month", "MoNtH", "wee", "WEE", "ye", "mo", "we", "yea", "mont", "wEe"} {
		for pad := range 17 {
			for _, filler := range []string{"x", "y", "m", "w", "e", "o", "\x00", "\xff"} {
				in := strings.Repeat(filler, pad) + w + strings.Repeat(filler, 3)
				if got, ref := mayState(in), mayStateRef(in); got != ref {
					t.Fatalf("mayState(%q) = %v; a byte at a time gives %v", in, got, ref)
				}
			}
		}
	}
	for _, s := range guidanceBlocks {
		if got, ref := mayState(s), mayStateRef(s); got != ref {
			t.Fatalf("mayState(%q) = %v; a byte at a time gives %v", s, got, ref)
		}
	}
}

// guidanceBlocks are blocks as the rules parse them, one at a time: most
// hold neither a citation nor a penalty.
var guidanceBlocks = append(strings.SplitAfter(benchText, ". "),
	"Stalking is often hidden behind incidents that look minor on their own, so each report should be read against everything that came before it.",
	"Where the evidence shows stalking, charge stalking rather than harassment so the record shows what happened.",
	"Early advice from a prosecutor helps the police gather the evidence needed for the right charge.",
	"The charge should cover the whole period of the conduct, from the first incident to the last.",
	"Reviewing lawyers should record the reasons for the charging decision on the file.",
	"This document was revised in November 2023 to reflect changes in practice and feedback from advocates.",
	"In R v Begum [2014] EWCA Crim 211, the Court of Appeal said that the acts must be read together.",
	"Many victims report only after three months of unwanted contact, and the full history often comes out in the first interview.",
	"The person protected may have the support of the Independent Stalking Advocacy Caseworker (ISAC) throughout the case.",
	"Special measures",
	"Victim Personal Statement",
)

// BenchmarkParseBlocks is both parsers over blocks of guidance, as the law
// rules call them.
func BenchmarkParseBlocks(b *testing.B) {
	var n int64
	for _, t := range guidanceBlocks {
		n += int64(len(t))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range guidanceBlocks {
			ParseCitations(t)
			ParsePenalties(t)
		}
	}
}

// A verb of a sentence passed, followed by "up to" or "a maximum", states a
// maximum (a custodial one); without them it is the sentence passed. The top
// of a range is marked as such.
func TestPenaltySentencesAndRanges(t *testing.T) {
	for _, tc := range []struct {
		in                  string
		n                   int
		custodial, rangeTop bool
	}{
		{"Offenders can be jailed for up to five years.", 1, true, false},
		{"She could be sentenced to a maximum of seven years.", 1, true, false},
		{"He was imprisoned for three years' custody.", 0, false, false},
		{"The court handed him two years' imprisonment.", 0, false, false},
		{"He was jailed for three years.", 0, false, false},
		{"Category 1A: 2–8 years' custody.", 1, true, true},
		{"The range is three to eight years' custody.", 0, false, false},
		{"The band runs from three to eight years' custody.", 1, true, true},
		{"It was raised from five to ten years' imprisonment.", 1, true, true},
		{"It carries up to 10 years' imprisonment.", 1, true, false},
	} {
		got := ParsePenalties(tc.in)
		if len(got) != tc.n {
			t.Errorf("%s: %d penalties, want %d", tc.in, len(got), tc.n)
			continue
		}
		if tc.n == 1 && (got[0].Custodial != tc.custodial || got[0].Range != tc.rangeTop) {
			t.Errorf("%s: custodial=%v range=%v, want %v %v", tc.in, got[0].Custodial, got[0].Range, tc.custodial, tc.rangeTop)
		}
	}
}

// BenchmarkMayState is the look at every block's bytes that most blocks
// fail: guidance prose with no unit in it.
func BenchmarkMayState(b *testing.B) {
	var blocks []string
	n := 0
	for _, s := range guidanceBlocks {
		if !mayStateRef(s) {
			blocks = append(blocks, s)
			n += len(s)
		}
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, s := range blocks {
			if mayState(s) {
				b.Fatalf("mayState(%q) is true", s)
			}
		}
	}
}
