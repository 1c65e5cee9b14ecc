package corpus

// Sentences as it was before it searched for stops a block at a time,
// kept as the reference FuzzSentences compares it with.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/source"
)

// Sentences splits a run into sentences. A sentence ends at ".", "?" or "!"
// followed by white space and then a capital letter, digit or opening quote,
// unless the word before the stop is a known abbreviation ("s.", "e.g.",
// "No.", "para.") or a single letter.
func (r *Run) sentencesOld() []Sentence {
	t := r.Text
	var out []Sentence
	start := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '.' && c != '?' && c != '!' {
			continue
		}
		// Closing quotes and brackets belong to the sentence.
		end := i + 1
		for end < len(t) && strings.IndexByte(`"')]’”`, t[end]) >= 0 {
			end++
		}
		for end < len(t) {
			rr, size := utf8.DecodeRuneInString(t[end:])
			if rr != '’' && rr != '”' {
				break
			}
			end += size
		}
		if end < len(t) && t[end] != ' ' && t[end] != '\n' && t[end] != '\t' {
			continue
		}
		j := end
		for j < len(t) && (t[j] == ' ' || t[j] == '\n' || t[j] == '\t') {
			j++
		}
		if j < len(t) {
			next, _ := utf8.DecodeRuneInString(t[j:])
			if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("\"'‘“(", next)) {
				continue
			}
		}
		if c == '.' && isAbbreviationOld(t[start:i]) {
			continue
		}
		out = append(out, trimSentence(t, start, end))
		start = j
		i = j - 1
	}
	if start < len(t) {
		if s := trimSentence(t, start, len(t)); s.End > s.Start {
			out = append(out, s)
		}
	}
	return out
}

// isAbbreviation looks at the word just before a full stop.
func isAbbreviationOld(before string) bool {
	k := len(before)
	for k > 0 {
		rr, size := utf8.DecodeLastRuneInString(before[:k])
		if !(unicode.IsLetter(rr) || unicode.IsDigit(rr) || rr == '.' || rr == '(' || rr == ')') {
			break
		}
		k -= size
	}
	w := strings.ToLower(before[k:])
	if w == "" {
		return false
	}
	if abbreviations[w] {
		return true
	}
	// Initials and dotted abbreviations ("J", "e.g", "U.K"), but not a
	// citation such as "s.2A", which ends a sentence like any other word.
	for _, seg := range strings.Split(w, ".") {
		if seg == "" || utf8.RuneCountInString(seg) > 2 {
			return false
		}
		for _, rr := range seg {
			if !unicode.IsLetter(rr) {
				return false
			}
		}
	}
	return utf8.RuneCountInString(w) == 1 || strings.Contains(w, ".")
}

// FuzzSentences checks Sentences against the reference on any text.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"See s. 2 of the Act. It applies. Dr. Smith said so! Did he? Yes.",
		"The U.K. courts, e.g. the Crown Court. Then J. Smith (No. 2) left. “Quoted.” ‘Next’ one.",
		"Ends with a stop.\nNew line. 3 more.\tTab. (Bracketed.) [x.] A.B.C. Fin",
		"É.g. Ü. Ab. ÀB. s.2A. Then. no capital. x.. Y",
		"Under s.2A. The order.” Then. ‘Quote’. \xff. \xe2\x80. Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := &Run{Text: s}
		got, want := r.Sentences(), r.sentencesOld()
		if len(got) != len(want) {
			t.Fatalf("%q: got %v, want %v", s, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: got %v, want %v", s, got, want)
			}
		}
		if a, b := isAbbreviation(s), isAbbreviationOld(s); a != b {
			t.Fatalf("isAbbreviation(%q) = %v, want %v", s, a, b)
		}
	})
}

// BenchmarkSentences splits every block of the bundled corpus, with
// Sentences and with the reference, for comparison on one machine state.
func BenchmarkSentences(b *testing.B) {
	var runs []*Run
	paths, _ := filepath.Glob("../../corpus/*.md")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		file, _ := source.New(p, data)
		d, _ := Parse(file, p)
		for _, bl := range d.Blocks {
			runs = append(runs, &bl.Run)
		}
	}
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, r := range runs {
				r.Sentences()
			}
		}
	})
	b.Run("old", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, r := range runs {
				r.sentencesOld()
			}
		}
	})
}
