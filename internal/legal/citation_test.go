package legal

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// want is one expected citation: the text it covers (its offsets are
// checked by locating it), its sections, Act as written, form and year.
type wantCite struct {
	text     string
	sections []string
	act      string
	form     Form
	year     int
}

func TestParseCitations(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []wantCite
	}{
		{"full title", "Stalking is an offence under section 2A of the Protection from Harassment Act 1997.",
			[]wantCite{{"section 2A of the Protection from Harassment Act 1997", []string{"2A"}, "Protection from Harassment Act 1997", FormTitle, 1997}}},
		{"short form with year", "The offence in s.2A PHA 1997 is summary only.",
			[]wantCite{{"s.2A PHA 1997", []string{"2A"}, "PHA 1997", FormShort, 1997}}},
		{"subsections with a bare s", "The threshold in s 4A(1)(b) is high.",
			[]wantCite{{"s 4A(1)(b)", []string{"4A(1)(b)"}, "", FormNone, 0}}},
		{"no Act", "Consider s.4A.",
			[]wantCite{{"s.4A", []string{"4A"}, "", FormNone, 0}}},
		{"two sections", "Charge under ss.2A and 4A where the evidence supports it.",
			[]wantCite{{"ss.2A and 4A", []string{"2A", "4A"}, "", FormNone, 0}}},
		{"a range in words", "Orders are made under sections 359 to 360 of the Sentencing Act 2020.",
			[]wantCite{{"sections 359 to 360 of the Sentencing Act 2020", []string{"359-360"}, "Sentencing Act 2020", FormTitle, 2020}}},
		{"an Act after a comma, in brackets", "Coercive control (section 76, Serious Crime Act 2015) is an offence.",
			[]wantCite{{"section 76, Serious Crime Act 2015", []string{"76"}, "Serious Crime Act 2015", FormTitle, 2015}}},
		{"an Act after a comma, ending the sentence", "It is an offence under s.76, Serious Crime Act 2015.",
			[]wantCite{{"s.76, Serious Crime Act 2015", []string{"76"}, "Serious Crime Act 2015", FormTitle, 2015}}},
		{"an Act after a comma starting a clause", "Under s.4, the Crime and Disorder Act 1998 adds aggravated forms.",
			[]wantCite{{"s.4", []string{"4"}, "", FormNone, 0}, {"Crime and Disorder Act 1998", nil, "Crime and Disorder Act 1998", FormTitle, 1998}}},
		{"a range with a dash", "Under ss.359–360 SA 2020 the court may act.",
			[]wantCite{{"ss.359–360 SA 2020", []string{"359-360"}, "SA 2020", FormShort, 2020}}},
		{"the 1997 Act", "The examples are in section 2A(3) of the 1997 Act.",
			[]wantCite{{"section 2A(3) of the 1997 Act", []string{"2A(3)"}, "the 1997 Act", FormYearAct, 1997}}},
		{"Act before the section", "See PHA 1997, s.4A for the more serious offence.",
			[]wantCite{{"PHA 1997, s.4A", []string{"4A"}, "PHA 1997", FormShort, 1997}}},
		{"title before the section", "The replacement is the Sentencing Act 2020, s.360.",
			[]wantCite{{"Sentencing Act 2020, s.360", []string{"360"}, "Sentencing Act 2020", FormTitle, 2020}}},
		{"another Act", "It is an offence under s.42A of the Criminal Justice and Police Act 2001.",
			[]wantCite{{"s.42A of the Criminal Justice and Police Act 2001", []string{"42A"}, "Criminal Justice and Police Act 2001", FormTitle, 2001}}},
		{"an Act alone with its short form", "The Protection from Harassment Act 1997 (PHA 1997) creates four offences.",
			[]wantCite{{"Protection from Harassment Act 1997 (PHA 1997)", nil, "Protection from Harassment Act 1997", FormTitle, 1997}}},
		{"a misnamed Act is still an Act", "Under the Protection of Harassment Act 1998 it is an offence.",
			[]wantCite{{"Protection of Harassment Act 1998", nil, "Protection of Harassment Act 1998", FormTitle, 1998}}},
		{"section with its repeated lead", "The offences under s.2 and s.2A PHA 1997 are summary only.",
			[]wantCite{{"s.2 and s.2A PHA 1997", []string{"2", "2A"}, "PHA 1997", FormShort, 1997}}},
		{"a bare subsection after and", "Under s.32(5) and (6) the jury may convict of the basic offence.",
			[]wantCite{{"s.32(5) and (6)", []string{"32(5)", "32(6)"}, "", FormNone, 0}}},
		{"short form and bracketed subsections", "See CDA 1998 s.32(1)(a) and (3).",
			[]wantCite{{"CDA 1998 s.32(1)(a) and (3)", []string{"32(1)(a)", "32(3)"}, "CDA 1998", FormShort, 1998}}},
		{"the Act", "Conduct includes speech: section 7(4) of the Act.",
			[]wantCite{{"section 7(4) of the Act", []string{"7(4)"}, "the Act", FormThisAct, 0}}},
		{"an abbreviation with no year", "Stalking under s.4A PHA is either way.",
			[]wantCite{{"s.4A PHA", []string{"4A"}, "PHA", FormShort, 0}}},
		{"a glued section", "Stalking (s2A) is summary only.",
			[]wantCite{{"s2A", []string{"2A"}, "", FormNone, 0}}},
		{"a title with commas", "Phones are examined under ss.37 to 44 of the Police, Crime, Sentencing and Courts Act 2022.",
			[]wantCite{{"ss.37 to 44 of the Police, Crime, Sentencing and Courts Act 2022", []string{"37-44"}, "Police, Crime, Sentencing and Courts Act 2022", FormTitle, 2022}}},
		{"sentence-initial words are not the title", "Under Protection from Harassment Act 1997 rules, and The Crime and Disorder Act 1998.",
			[]wantCite{
				{"Protection from Harassment Act 1997", nil, "Protection from Harassment Act 1997", FormTitle, 1997},
				{"Crime and Disorder Act 1998", nil, "Crime and Disorder Act 1998", FormTitle, 1998},
			}},
		{"the Sentencing Code", "Hostility aggravates the sentence under section 66 of the Sentencing Code.",
			[]wantCite{{"section 66 of the Sentencing Code", []string{"66"}, "Sentencing Code", FormTitle, 0}}},
		{"a bracketed title part", "Compare the Domestic Abuse (Scotland) Act 2018.",
			[]wantCite{{"Domestic Abuse (Scotland) Act 2018", nil, "Domestic Abuse (Scotland) Act 2018", FormTitle, 2018}}},
		{"multi-byte text before", "Café — “stalking” under section 2A of the 1997 Act.",
			[]wantCite{{"section 2A of the 1997 Act", []string{"2A"}, "the 1997 Act", FormYearAct, 1997}}},
		{"several citations",
			"Section 68 of the Domestic Abuse Act 2021 amended section 76 so that it mirrors section 2 of the 2021 Act.",
			[]wantCite{
				{"Section 68 of the Domestic Abuse Act 2021", []string{"68"}, "Domestic Abuse Act 2021", FormTitle, 2021},
				{"section 76", []string{"76"}, "", FormNone, 0},
				{"section 2 of the 2021 Act", []string{"2"}, "the 2021 Act", FormYearAct, 2021},
			}},

		// Near misses: not citations.
		{"possessive s", "The victim's 2 children gave evidence.", nil},
		{"a quantity after a section", "Under s.4A, 10 years is the maximum.", []wantCite{{"s.4A", []string{"4A"}, "", FormNone, 0}}},
		{"a year is not a section", "In 2017 the law changed; aged 16 or over; on 5 April 2023.", nil},
		{"an acronym and year that is not an Act", "The NPCC 2018 protocol applies.", nil},
		{"the word Act", "Prosecutors must Act quickly, and the Act is clear.", nil},
		{"a title without year or the", "Stalking Protection Act applications.", nil},
		{"sections of a document", "See section 4 below.", []wantCite{{"section 4", []string{"4"}, "", FormNone, 0}}},
		{"a four-digit number", "See section 1997.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseCitations(tc.in)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d citations, want %d: %s", len(got), len(tc.want), describe(tc.in, got))
			}
			from := 0
			for i, w := range tc.want {
				c := got[i]
				at := strings.Index(tc.in[from:], w.text)
				if at < 0 {
					t.Fatalf("test is wrong: %q not in input", w.text)
				}
				start := from + at
				if c.Start != start || c.End != start+len(w.text) {
					t.Errorf("citation %d covers [%d,%d) %q, want [%d,%d) %q", i, c.Start, c.End, tc.in[c.Start:c.End], start, start+len(w.text), w.text)
				}
				from = start + len(w.text)
				if !slices.Equal(c.Sections, w.sections) {
					t.Errorf("citation %d sections %q, want %q", i, c.Sections, w.sections)
				}
				if c.ActName != w.act || c.Form != w.form || c.Year != w.year {
					t.Errorf("citation %d Act %q (%s, %d), want %q (%s, %d)", i, c.ActName, c.Form, c.Year, w.act, w.form, w.year)
				}
				if c.ActName != "" && tc.in[c.ActStart:c.ActEnd] != c.ActName && "the "+tc.in[c.ActStart:c.ActEnd] != c.ActName {
					t.Errorf("citation %d ActStart/ActEnd cover %q, not %q", i, tc.in[c.ActStart:c.ActEnd], c.ActName)
				}
			}
		})
	}
}

func describe(in string, cs []Citation) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString("\n  ")
		b.WriteString(in[c.Start:c.End])
		b.WriteString(" ")
		b.WriteString(strings.Join(c.Sections, ","))
		b.WriteString(" | ")
		b.WriteString(c.ActName)
	}
	return b.String()
}

// checkCitationOffsets is what every citation must satisfy, whatever the
// input.
func checkCitationOffsets(t *testing.T, in string, cs []Citation) {
	t.Helper()
	prev := 0
	for _, c := range cs {
		if c.Start < 0 || c.End > len(in) || c.Start > c.End {
			t.Fatalf("citation [%d,%d) outside input of %d bytes", c.Start, c.End, len(in))
		}
		if c.Start < prev {
			t.Fatalf("citations out of order or overlapping at %d", c.Start)
		}
		prev = c.End
		if c.ActName != "" && (c.ActStart < c.Start || c.ActEnd > c.End || c.ActStart > c.ActEnd) {
			t.Fatalf("Act name [%d,%d) outside citation [%d,%d)", c.ActStart, c.ActEnd, c.Start, c.End)
		}
		if c.ActName == "" && len(c.Sections) == 0 {
			t.Fatalf("empty citation at %d", c.Start)
		}
		for _, s := range c.Sections {
			if s == "" {
				t.Fatalf("empty section in citation at %d", c.Start)
			}
		}
	}
}

var citationSeeds = []string{
	"Stalking is an offence under section 2A of the Protection from Harassment Act 1997.",
	"The offence in s.2A PHA 1997 is summary only; s 4A(1)(b) sets the threshold; see s.4A.",
	"Charge under ss.2A and 4A, or sections 359 to 360 of the Sentencing Act 2020.",
	"The examples are in section 2A(3) of the 1997 Act. PHA 1997, s.4A applies.",
	"It is an offence under s.42A of the Criminal Justice and Police Act 2001.",
	"The Protection from Harassment Act 1997 (PHA 1997) creates four offences.",
	"Under s.32(5) and (6), and CDA 1998 s.32(1)(a) and (3); ss.359–360; s2A; section 7 of the Act.",
	"Police, Crime, Sentencing and Courts Act 2022 (PCSCA 2022); the Domestic Abuse (Scotland) Act 2018.",
	"s.(", "s. 2A(", "ss.2A and", "section 2A of the", "Act 1997", "the 1997 Act (", "PHA 1997, s.",
	"s.999ZZZ(abcdefg)(1)", "\xff\xfes.2A\xc3", "ss.359 to 1 of the Act",
}

func FuzzCitations(f *testing.F) {
	for _, s := range citationSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkCitationOffsets(t, in, ParseCitations(in))
	})
}

func TestCitationSeedsAreWellFormed(t *testing.T) {
	for _, s := range citationSeeds {
		checkCitationOffsets(t, s, ParseCitations(s))
	}
}

// benchText is a realistic paragraph of guidance.
const benchText = "The stalking offence is in s.2A PHA 1997. Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking. Where the associated acts are absent, the harassment offence in s.2 applies. Both offences are summary only, with a maximum of six months' imprisonment for s.2 and for s.2A. Where the conduct has caused the victim to fear, on at least two occasions, that violence will be used against them, the offence is under s.4A of the Protection from Harassment Act 1997, which carries a maximum of 10 years' imprisonment on indictment. On conviction the court may make a restraining order under sections 359 and 360 of the Sentencing Act 2020, and an SPO lasts for at least two years. "

func BenchmarkParseCitations(b *testing.B) {
	text := strings.Repeat(benchText, 20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		ParseCitations(text)
	}
}

// FuzzCitationsPrefilter checks that the look at a text's bytes that lets
// ParseCitations skip most blocks never skips a citation: the parse with
// it gives exactly what the parse without it does.
func FuzzCitationsPrefilter(f *testing.F) {
	for _, s := range citationSeeds {
		f.Add(s)
	}
	f.Add("the Stalking Protection Act applies")
	f.Add("SECTİON 4 of the Act")
	f.Add("SECTİON 4")
	f.Add("section\u00a02A and s.\u2003 4A; PHA\u00851997")
	f.Add("Secs. 2 and 3, PoFA 2012")
	for _, s := range pieceSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, want := ParseCitations(in), parseCitations(in)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("ParseCitations(%q) = %+v, without the prefilter %+v", in, got, want)
		}
		if mayCite(in) != mayCiteOld(in) {
			t.Fatalf("mayCite(%q) = %v; the byte-at-a-time version gives %v", in, mayCite(in), mayCiteOld(in))
		}
		if !mayCite(in) && len(want) > 0 {
			t.Fatalf("mayCite(%q) is false but it holds %+v", in, want)
		}
	})
}

// pieceSeeds put full stops where ParseCitations cuts a text into pieces
// and where it must not: after a lead ("s. 4A"), inside titles ("St.
// Helens Act"), between a name and its year or bracket, after a number.
var pieceSeeds = []string{
	"Stalking is serious. It is an offence under s. 4A. PHA 1997 applies.",
	"See ss. 2 and 4A. Sec. 7 of the Act. SECS. 2, 3.",
	"The St. Helens Act 1990. Under the Act. 1997 Act. the 1997. Act s.2.",
	"Protection from Harassment Act. 1997 (PHA 1997). (PHA 1997) s.4A. PHA. 1997 s.4A.",
	"It is an offence under s.76, Serious Crime Act 2015. Next. s.76, Serious Crime Act 2015.\tEnd.",
	"Harassment Act 1997.\n(PHA 1997) and s.2A.\r\nss.2A. and 4A. to 5. 2 and 3.",
	"victim's. 2A. e-s. 4. x/s. 5. Mrs. Smith. No. 4. c. 4A PHA 1997. Act. PHA 1997.",
	"é. s.2A. \u00e9ss. 4A. \xff. s.4A. A. B. Sentencing Code. s.360 of the Sentencing Code.",
	"The Police, Crime, Sentencing and Courts Act 2022. Domestic Abuse (Scotland) Act 2018. s.1 of it.",
	". . s. .s. 4. ,. (. ). -. 2A.",
}

// TestCitationPieces: texts cut into pieces parse as they do whole, with
// the parse's own seeds run together by every kind of full stop.
func TestCitationPieces(t *testing.T) {
	seeds := append(append([]string(nil), citationSeeds...), pieceSeeds...)
	n := 0
	for _, a := range seeds {
		for _, b := range seeds {
			for _, sep := range []string{" ", ". ", ".\n", " s. ", ". (", "s. "} {
				in := a + sep + b
				got, want := ParseCitations(in), parseCitations(in)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("ParseCitations(%q) = %+v, whole %+v", in, got, want)
				}
				n += len(want)
			}
		}
	}
	if n == 0 {
		t.Fatal("no citations in the seeds")
	}
}

// mayCiteOld is mayCite as it was, a byte at a time: the reference for
// FuzzCitationsPrefilter.
func mayCiteOld(text string) bool {
	if strings.Contains(text, "Act") {
		return true
	}
	for i := 0; i < len(text); i++ {
		if c := text[i]; c < '0' || c > '9' {
			continue
		}
		j := i
		for j > 0 {
			if c := text[j-1]; c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '.' {
				j--
				continue
			}
			if text[j-1] >= utf8.RuneSelf {
				// White space as lex sees it.
				if r, n := utf8.DecodeLastRuneInString(text[:j]); r == '\u00a0' || (r != utf8.RuneError && unicode.IsSpace(r)) {
					j -= n
					continue
				}
			}
			break
		}
		if j > 0 {
			switch text[j-1] {
			case 's', 'S', 'n', 'N', 'c', 'C', 'A':
				return true
			}
		}
	}
	return false
}

// FuzzLowerIs checks the allocation-free lower-casing against strings.ToLower.
func FuzzLowerIs(f *testing.F) {
	for _, s := range []string{"Section", "SECTİON", "ss", "S", "wee\u212a", "yearſ", "\xff", "", "Ss"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		lw := strings.ToLower(w)
		if got := string(lowerInto(nil, w)); got != lw {
			t.Fatalf("lowerInto(%q) = %q, want %q", w, got, lw)
		}
		for _, target := range []string{"section", "sections", "s", "ss", "sec", "secs", "i", "k", "week", lw} {
			if !isLowerASCII(target) {
				continue
			}
			if got := lowerIs(w, target); got != (lw == target) {
				t.Fatalf("lowerIs(%q, %q) = %v; ToLower gives %q", w, target, got, lw)
			}
		}
	})
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || 'A' <= s[i] && s[i] <= 'Z' {
			return false
		}
	}
	return true
}

// BenchmarkMayCite is the prefilter over the law benchmark's blocks and
// blocks without a citation, with the byte-at-a-time reference beside it.
func BenchmarkMayCite(b *testing.B) {
	texts := slices.Clone(citationSeeds)
	for range 50 {
		texts = append(texts, "The victim should be kept informed at every stage, and the officer in the case should record each contact in the log, with the date and what was said about the next hearing.")
	}
	for _, f := range []struct {
		name string
		fn   func(string) bool
	}{{"new", mayCite}, {"old", mayCiteOld}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				for _, s := range texts {
					f.fn(s)
				}
			}
		})
	}
}

// BenchmarkLex is the lexer alone over the realistic paragraph.
func BenchmarkLex(b *testing.B) {
	text := strings.Repeat(benchText, 20)
	b.SetBytes(int64(len(text)))
	var toks []token
	for b.Loop() {
		toks = lex(text, toks)
	}
}
