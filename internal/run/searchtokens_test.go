package run

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/testload"
)

// sectionTokenSeeds are texts the bundled corpus does not hold: words
// outside ASCII at a block's edges, where a joined text's line break meets
// them (combining marks, which attach to the character before them, ZWJ,
// CJK, apostrophes and numbers that join across punctuation), headings
// with spaces TrimSpace cuts, and text that is not UTF-8.
var sectionTokenSeeds = []string{
	"## Café\n\n\u0301accent first.\n\nlast é\n\n\u200dzwj\n\n- item one\u0301\n- \u0308two\n",
	"# 東京 heading\n\n東京都\n\n漢字です。\n\nかな カタカナ\n",
	"## Tail \u00a0\n\ntext\u00a0\n\n\u00a0text\n\n\u3000wide space\u3000\n",
	"Don't\n\n'quoted'\n\n4.2\n\n.5 and 5.\n\ne.g.\n\nx:y\n\n:z\n",
	"## \u2028odd\u2029\n\nline\u2028sep\n\npara\u2029sep\n\n\u0085nel\u0085\n",
	"caf\xe9 invalid\n\nnext block\n\n## h\xe9ading\n\nafter\n",
	"a \xff\xfe b\n\nc d\n\n## x \xff y\n\nz\n",
	"## \u00a0\u0301abc\u00a0\n\ntext\n\n## \u3000x\u0301\u3000\n\ny\n",
	"| a é | b |\n|---|---|\n| c\u0301 | d |\n\nTerm é\n: Definition\u0301.\n",
	"## \n\n##\n\n#  spaced  heading  \n\ntext\n",
	"---\ntitle: Ti\u0301tle\n---\n\n## A\n\n> quoted é\n> more\n\n1. one\n2. \u0301two\n",
	"Line one  \nline\u0301 two\\\nthree\n",
	"\ufeff## BOM\n\n\ufeffnot a bom\n",
	"\U0001F600 emoji\n\n\U0001F1EC\U0001F1E7 flags\n\nword\U0001F600word\n",
}

// sectionTokenInputs are the bundled corpus, the Markdown and HTML pages
// of the CLI's scripts, the corpus package's fuzz corpus and the seeds.
func sectionTokenInputs(t testing.TB) map[string][]byte {
	t.Helper()
	in := map[string][]byte{}
	docs, _ := filepath.Glob("../../corpus/*.md")
	if len(docs) == 0 {
		t.Fatal("no documents: ../../corpus/*.md not found")
	}
	for _, p := range docs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		in[filepath.Base(p)] = data
	}
	scripts, _ := filepath.Glob("../cli/testdata/script/*.txtar")
	for _, p := range scripts {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".md") || corpus.IsHTML(f.Name) {
				in[filepath.Base(p)+"/"+f.Name] = f.Data
			}
		}
	}
	fuzz, _ := filepath.Glob("../corpus/testdata/fuzz/*/*")
	for _, p := range fuzz {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// go test fuzz v1, then one []byte("...") line.
		_, arg, _ := strings.Cut(string(data), "\n")
		arg = strings.TrimSpace(arg)
		arg = strings.TrimSuffix(strings.TrimPrefix(arg, "[]byte("), ")")
		s, err := strconv.Unquote(arg)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		in["fuzz/"+filepath.Base(p)+".md"] = []byte(s)
	}
	for i, s := range sectionTokenSeeds {
		in["seed/"+strconv.Itoa(i)+".md"] = []byte(s)
	}
	return in
}

// TestSectionTokensMatchAnalysis: the tokens a check holds, as
// sectionTokens hands them to the search entry, are exactly the tokens
// analysing the section's heading and text gives (word by word, stem and
// surface), and the entry made with them is byte for byte the one
// NewEntry makes by analysing again, with the analysis of both a plain
// check (rules.Analyse) and a streamed one (restate.AnalyseInto).
func TestSectionTokensMatchAnalysis(t *testing.T) {
	var given, all int
	for name, data := range sectionTokenInputs(t) {
		checkSectionTokens(t, name, data, func(texts, used int) {
			all += texts
			given += used
			// The bundled corpus is valid UTF-8 with trimmed headings:
			// every text's tokens are the check's.
			if !strings.Contains(name, "/") && used != texts {
				t.Errorf("%s: tokens given for %d of %d texts", name, used, texts)
			}
		})
	}
	t.Logf("tokens given for %d of %d texts", given, all)
}

// FuzzSectionTokens is TestSectionTokensMatchAnalysis on any input.
func FuzzSectionTokens(f *testing.F) {
	for _, data := range sectionTokenInputs(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSectionTokens(t, "doc.md", data, func(int, int) {})
	})
}

// checkSectionTokens parses data as the document name and compares the two
// paths; count is told the number of section texts (headings and bodies)
// and of those whose tokens the check supplied.
func checkSectionTokens(t *testing.T, name string, data []byte, count func(sections, used int)) {
	t.Helper()
	g := testload.Glossary(t)
	f, _ := source.New(name, data)
	d, _ := corpus.ParseInput(f, corpus.Input{Path: name, Display: name, Rel: name})
	if d == nil {
		return
	}
	streamed, _ := restate.AnalyseInto(g, d, nil)
	for _, df := range []*rules.DocFacts{rules.Analyse(g, d), streamed} {
		sd := searchDocs(g, []*corpus.Document{d}, func(*corpus.Document) *rules.DocFacts { return df })[0]
		toks := sectionTokens(d, df)
		if len(toks) != len(sd.Sections) {
			t.Fatalf("%s: tokens for %d sections, SearchDocs made %d", name, len(toks), len(sd.Sections))
		}
		texts, used := 0, 0
		for i, st := range toks {
			s := sd.Sections[i]
			if s.Heading != "" {
				texts++
			}
			if s.Text != "" {
				texts++
			}
			if st.Heading != nil {
				used += min(len(s.Heading), 1)
				sameWords(t, name, "heading "+strconv.Quote(s.Heading), [][]analysis.Token{st.Heading}, s.Heading)
			}
			if st.Text != nil {
				used += min(len(s.Text), 1)
				sameWords(t, name, "text of section "+strconv.Itoa(i), st.Text, s.Text)
			}
		}
		count(texts, used)
		want, got := entryBytes(t, search.NewEntry(sd)), entryBytes(t, search.NewEntryTokens(sd, toks))
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the entry made with the check's tokens differs from NewEntry's", name)
		}
	}
}

// sameWords fails unless the tokens, one list after another, are those of
// analysis.Analyze(text), offsets aside.
func sameWords(t *testing.T, name, what string, lists [][]analysis.Token, text string) {
	t.Helper()
	want := analysis.Analyze(text)
	var got []analysis.Token
	for _, l := range lists {
		got = append(got, l...)
	}
	if len(got) != len(want) {
		t.Errorf("%s %s: %d tokens, analysis gives %d", name, what, len(got), len(want))
		return
	}
	for i := range want {
		if got[i].Term != want[i].Term || got[i].Surface != want[i].Surface {
			t.Errorf("%s %s: token %d is %q/%q, analysis gives %q/%q", name, what, i, got[i].Surface, got[i].Term, want[i].Surface, want[i].Term)
			return
		}
	}
}

// entryBytes is what e holds: its encoding, as Spill stores it (the
// document shard is part of it).
func entryBytes(t *testing.T, e *search.Entry) []byte {
	t.Helper()
	var out []byte
	err := e.Spill(func(enc []byte) (search.Load, error) {
		out = bytes.Clone(enc)
		return func([]byte) ([]byte, error) { return out, nil }, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
