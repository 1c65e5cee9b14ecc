package search

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/concord-guidance/concord/internal/analysis"
)

// refAnalyzeText is the analysis chain as bleve's side runs it (its Unicode
// tokenizer, then expandToken on every word), with offsets: the reference
// analyzeText must reproduce.
func refAnalyzeText(text string) []token {
	var out []token
	for _, t := range wordTokenizer.Tokenize([]byte(text)) {
		if !isWordType(t.Type) {
			continue
		}
		expandToken(string(t.Term), func(surface, stem string) {
			out = append(out, token{Surface: surface, Stem: stem, Start: t.Start, End: t.End})
		})
	}
	return out
}

func collect(text string) []token {
	var out []token
	analyzeText(text, func(t token) { out = append(out, t) })
	return out
}

func checkAnalyzeText(t *testing.T, text string) {
	t.Helper()
	got, want := collect(text), refAnalyzeText(text)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("analyzeText(%q)\n got  %v\n want %v", text, got, want)
	}
	// And bleve's own analyzer, through the registered filter, indexes
	// exactly these stems.
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	stream, err := m.AnalyzeText(analysis.AnalyzerName, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var fromBleve, fromUs []string
	for _, tk := range stream {
		fromBleve = append(fromBleve, string(tk.Term))
	}
	for _, tk := range got {
		fromUs = append(fromUs, tk.Stem)
	}
	if !reflect.DeepEqual(fromBleve, fromUs) {
		t.Errorf("stems of %q\n bleve %q\n ours  %q", text, fromBleve, fromUs)
	}
}

var analyzeTextCases = []string{
	"",
	"The Council's stalked victims; s.2A, 4.2.1 and e.g. high-harm.",
	"Don't! Note:this 1,000 3;4 10:30 x.y.z 1.a a.1 2A.3 foo_bar a1b2 __ _a_",
	"naïve Café CO-OP O’Brien’s 日本語テキスト #hash @me 50% £5 victims' ab'c a'1 1'2",
	"SECTION 76 of the Serious Crime Act 2015 (coercive control)",
	"the of and a an to", // stop words only
	"e.g.the i.e. THE.END s.4A(1)(b) PHA_1997 über-straße ﬁle",
	"\xff\xfe broken utf-8 \xc3 word",
}

func TestAnalyzeTextMatchesBleveChain(t *testing.T) {
	for _, text := range analyzeTextCases {
		checkAnalyzeText(t, text)
	}
}

func FuzzAnalyzeTextMatchesBleveChain(f *testing.F) {
	for _, text := range analyzeTextCases {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, want := collect(text), refAnalyzeText(text)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("analyzeText(%q)\n got  %v\n want %v", text, got, want)
		}
	})
}

func TestNormalizeCitations(t *testing.T) {
	for q, want := range map[string]string{
		"s.4A":              "+4A",
		"section 4A":        " +4A",
		"s 4A PHA 1997":     " +4A PHA 1997",
		"PHA 1997 s.4A":     "PHA 1997 +4A",
		"Sections 4A":       " +4A",
		"s4A":               "+4A",
		"§4A":               "+4A",
		"s.4A(6)":           "+4A(6)",
		"-section 2A":       " -2A",
		"stalking -s.2A":    "stalking -2A",
		"ss.4 and 4A":       "+4 and 4A",
		`"section 4A"`:      `"section 4A"`,
		`"x" section 4A`:    `"x"  +4A`,
		"section four":      "section four",
		"s.4ABC":            "s.4ABC",
		"title:s.4A":        "title:s.4A",
		"is 4A":             "is 4A",
		"section":           "section",
		"s.4A s.2A":         "+4A +2A",
		"harassment s 2A 1": "harassment  +2A 1",
	} {
		if got := normalizeCitations(q); got != want {
			t.Errorf("normalizeCitations(%q) = %q, want %q", q, got, want)
		}
	}
}

// TestCitationsFindTheSamePassages: however a section is cited, the same
// sections are found; with its Act named, those naming the Act rank first.
func TestCitationsFindTheSamePassages(t *testing.T) {
	idx := buildTest(t, append(testDocs(), syntheticDocs(40)...))
	sets := map[string][]string{}
	for _, q := range []string{"s.2A", "section 2A", "s 2A PHA 1997", "PHA 1997 s.2A", "S2A", "§ 2A"} {
		res := search(t, idx, Query{Text: q, Limit: -1})
		var found []string
		for _, r := range res.Results {
			found = append(found, fmt.Sprintf("%s:%d", r.File, r.Line))
		}
		sort.Strings(found)
		sets[q] = found
	}
	want := sets["s.2A"]
	if len(want) == 0 {
		t.Fatal("s.2A finds nothing")
	}
	for q, got := range sets {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q finds %v, s.2A finds %v", q, got, want)
		}
	}
}
