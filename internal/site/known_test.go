package site

import (
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/benchgen"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// generated is a small generated corpus: the kind of documents the
// benchmarks measure.
func generated(t testing.TB, n int) project {
	t.Helper()
	gfs, err := fs.Sub(concord.Glossary, "glossary")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := benchgen.Generate(dir, benchgen.Options{Docs: n, Seed: 7, Glossary: gfs}); err != nil {
		t.Fatal(err)
	}
	return loadProject(t, filepath.Join(dir, "corpus"), filepath.Join(dir, "glossary"))
}

// edgeDoc packs the places where a run of the term linker and its block of
// the checker part company: links, code, raw HTML, images and hard breaks
// inside terms, punctuation and non-ASCII at run ends, typographic quotes.
const edgeDoc = `# Edge cases

Stalking` + "`x`" + `protection order and stalking ` + "`x`" + ` protection order.
The [stalking](other.md) protection order, a stalking [protection](other.md) order.
Harassment<br>stalking protection order.  
stalking protection order\
course of conduct — “stalking” and ‘harassment’, a stalker’s conduct.
Stalking![i](x.png)harassment, "stalking", (stalking), stalking.harassment.
_stalking_ *protection* order, **course of** conduct, ~~stalking~~ protection order.
Ｓtalking ŝtalking stalkinǵ ستوك 跟踪 stalking` + "\u200d" + ` harassment, e.g. stalking, s.2A stalking.

| Term | Use |
| ---- | --- |
| stalking protection order | harassment [x](y) stalking |

Stalking
: A course of conduct. Harassment` + "`a`" + `stalking.

- stalking protection
  order
- [ ] stalking
- [x] harassment &amp; stalking &#x73;talking
`

// TestKnownMatchesSameAsAnalysis holds the checker's matches, taken for a
// run by knownBlocks.matches, to what analysing the run gives, on every run of
// every document of the fixture, bundled, hostile and a generated corpus;
// and makes sure they are taken for most runs, or the shortcut is dead.
func TestKnownMatchesSameAsAnalysis(t *testing.T) {
	edge := fixture(t)
	src, err := source.New("corpus/edge.md", []byte(edgeDoc))
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse(src, "edge.md")
	if err != nil {
		t.Fatal(err)
	}
	edge.docs = append(edge.docs, d)
	for name, p := range map[string]project{"fixture": fixture(t), "bundled": bundled(t), "hostile": hostile(t), "edge": edge, "generated": generated(t, 150)} {
		t.Run(name, func(t *testing.T) {
			_, facts := rules.RunWithFacts(rules.Input{Glossary: p.g, Docs: p.docs})
			runs, known := 0, 0
			for _, d := range p.docs {
				df := facts(d)
				k := newKnownBlocks(df)
				body := documentBody(d)
				doc := newMarkdown().Parser().Parse(text.NewReader(body))
				_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
					if !entering {
						return ast.WalkContinue, nil
					}
					switch n.(type) {
					case *ast.Paragraph, *ast.TextBlock, *east.DefinitionTerm, *east.TableCell:
					default:
						return ast.WalkContinue, nil
					}
					for _, r := range collectRuns(n, body, new(runBuf)) {
						s := string(r.text)
						var want []termHit
						for _, m := range p.g.Matcher.Find(s, analysis.Analyze(s)) {
							want = append(want, termHit{entry: m.Entry, start: m.Start, end: m.End})
						}
						runs++
						got, ok := k.matches(&r, s)
						if !ok {
							continue
						}
						known++
						if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
							t.Errorf("%s: run %q: known matches %v, analysis %v", d.Path, s, got, want)
						}
					}
					return ast.WalkContinue, nil
				})
			}
			t.Logf("%d of %d runs matched from the checker's analysis", known, runs)
			if name == "generated" && known*10 < runs*8 {
				t.Errorf("only %d of %d runs took the checker's matches", known, runs)
			}
		})
	}
}

// TestDocBodiesSameWithKnownMatches renders every document both ways and
// compares the bytes.
func TestDocBodiesSameWithKnownMatches(t *testing.T) {
	for name, p := range map[string]project{"bundled": bundled(t), "hostile": hostile(t), "generated": generated(t, 100)} {
		t.Run(name, func(t *testing.T) {
			_, facts := rules.RunWithFacts(rules.Input{Glossary: p.g, Docs: p.docs})
			b, err := newBuilder(Input{Glossary: p.g, Docs: p.docs, Facts: facts})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range b.docs {
				d, df, err := e.parsed()
				if err != nil {
					t.Fatal(err)
				}
				page := docPage(d.Slug)
				c := func(k *knownBlocks) *docContext {
					return &docContext{doc: d, page: page, byRel: b.byRel, matcher: b.g.Matcher,
						termHref: func(t *glossary.Term) string { return relHref(page, termPage(t.ID)) }, known: k}
				}
				with, err1 := renderDocument(c(newKnownBlocks(df)))
				without, err2 := renderDocument(c(nil))
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if with != without {
					t.Errorf("%s: the body differs with the checker's matches", d.Path)
				}
			}
		})
	}
}

// TestRunTokensAreBlockTokens checks what knownBlocks.matches rests on: cut a text
// at two wordBoundary offsets and the piece analyses to the text's own
// tokens there, none of which crosses a cut. The texts are random mixtures
// of the characters the Unicode word rules treat specially.
func TestRunTokensAreBlockTokens(t *testing.T) {
	alphabet := []string{"a", "b", "S", "z", "é", "ŝ", "Ω", "ا", "ש", "\"", "'", "’", "‘", ".", ",", ":", ";", "-", "_", "(", ")",
		"0", "7", "½", " ", " ", " ", "  ", "\t", "\u00a0", "\u2003", "\u3000", "\u200d", "\u00ad", "\u0301", "\u20e3", "\u2060",
		"🇬", "🇧", "👩", "❤", "ア", "ー", "跟", "ひ", "한", "\n", "\r", "\u2028", "!", "?", "&", "#", "/", "@", "*",
		"stalking", "order", "U.K.", "e.g.", "s.2A", "3.5", "1,000", "can't", "don’t"}
	rng := rand.New(rand.NewSource(1))
	for range 3000 {
		var b strings.Builder
		for n := rng.Intn(14); n >= 0; n-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		checkRunTokens(t, b.String())
	}
	checkRunTokens(t, edgeDoc)
}

func checkRunTokens(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		return
	}
	all := analysis.Analyze(s)
	var cuts []int
	for p := 0; p <= len(s); p++ {
		if wordBoundary(s, p) {
			cuts = append(cuts, p)
		}
	}
	for i, x := range cuts {
		for _, y := range cuts[i+1:] {
			var want []analysis.Token
			for _, tk := range all {
				if tk.Start < x && tk.End > x || tk.Start < y && tk.End > y {
					t.Fatalf("%q: token %q crosses a cut at %d or %d", s, s[tk.Start:tk.End], x, y)
				}
				if tk.Start >= x && tk.End <= y {
					tk.Start -= x
					tk.End -= x
					want = append(want, tk)
				}
			}
			got := analysis.Analyze(s[x:y])
			if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
				t.Fatalf("%q cut at [%d,%d) = %q: tokens %v, in the whole text %v", s, x, y, s[x:y], got, want)
			}
		}
	}
}

// FuzzKnownMatches renders a fuzzed document with the checker's matches and
// with every run analysed afresh, and compares the bodies.
func FuzzKnownMatches(f *testing.F) {
	f.Add(edgeDoc)
	for _, dir := range []string{"testdata/hostile/corpus", "testdata/fixture/corpus", "../../corpus"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(string(data))
			}
		}
	}
	p := bundled(f)
	f.Fuzz(func(t *testing.T, text string) {
		src, err := source.New("corpus/fuzz.md", []byte(text))
		if err != nil {
			return
		}
		d, err := corpus.Parse(src, "fuzz.md")
		if err != nil || d == nil {
			return
		}
		df := rules.Analyse(p.g, d)
		df.Trim(true)
		page := docPage(d.Slug)
		c := func(k *knownBlocks) *docContext {
			return &docContext{doc: d, page: page, byRel: map[string]*entry{d.Rel: {rec: NewRecord(d, df)}}, matcher: p.g.Matcher,
				termHref: func(t *glossary.Term) string { return relHref(page, termPage(t.ID)) }, known: k}
		}
		with, err1 := renderDocument(c(newKnownBlocks(df)))
		without, err2 := renderDocument(c(nil))
		if (err1 == nil) != (err2 == nil) || with != without {
			t.Errorf("the body differs with the checker's matches:\n%q\n%q", with, without)
		}
	})
}

// FuzzRunTokens is TestRunTokensAreBlockTokens on fuzzed text.
func FuzzRunTokens(f *testing.F) {
	f.Add(edgeDoc)
	f.Add("a'b c.d 3.5 e\u200df \u0301g")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 200 {
			return
		}
		checkRunTokens(t, s)
	})
}
