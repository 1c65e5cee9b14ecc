package site

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

// repoRoot is the folder holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// project is a loaded glossary and corpus.
type project struct {
	g    *glossary.Glossary
	docs []*corpus.Document
}

func loadProject(t testing.TB, corpusDir, glossaryDir string) project {
	t.Helper()
	g, err := glossary.Load(os.DirFS(glossaryDir), ".", "glossary")
	if err != nil {
		t.Fatalf("load glossary %s: %v", glossaryDir, err)
	}
	inputs, err := corpus.DiscoverWith(corpusDir, "corpus", corpus.Options{Exclude: []string{"README.md"}})
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := corpus.LoadAll(inputs)
	if len(errs) > 0 {
		t.Fatalf("load corpus %s: %v", corpusDir, errs)
	}
	return project{g: g, docs: docs}
}

func fixture(t testing.TB) project {
	return loadProject(t, "testdata/fixture/corpus", "testdata/fixture/glossary")
}

func bundled(t testing.TB) project {
	root := repoRoot(t)
	return loadProject(t, filepath.Join(root, "corpus"), filepath.Join(root, "glossary"))
}

// stableFindings runs only rules whose output the fixture's goldens can
// depend on, so a new rule elsewhere does not rewrite them.
func stableFindings(p project) []*rules.Finding {
	settings := map[string]rules.RuleSettings{}
	for _, r := range rules.All() {
		settings[r.ID] = rules.RuleSettings{}
	}
	for _, id := range []string{"deprecated-term", "broken-link"} {
		if r := rules.Lookup(id); r != nil {
			settings[id] = rules.RuleSettings{Severity: r.Severity}
		}
	}
	return rules.Run(rules.Input{Glossary: p.g, Docs: p.docs, Settings: settings})
}

func allFindings(p project) []*rules.Finding {
	return rules.Run(rules.Input{Glossary: p.g, Docs: p.docs})
}

func render(t testing.TB, in Input) []File {
	t.Helper()
	files, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// publishTemp publishes files to a fresh folder and returns it.
func publishTemp(t testing.TB, files []File) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if err := Publish(out, files, Guard{}, ""); err != nil {
		t.Fatal(err)
	}
	return out
}

func fileMap(files []File) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range files {
		m[f.Path] = f.Data
	}
	return m
}

func parseHTML(t testing.TB, name string, data []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// walk calls f on every element under n.
func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	for _, c := range strings.Fields(v) {
		if c == class {
			return true
		}
	}
	return false
}

// Pages are the models of the pages tests look at, by kind.
type Pages struct {
	Home     *HomePage
	Docs     []*DocPage
	Glossary *GlossaryPage
	Terms    []*TermPage
	Usage    []*UsagePage
	Report   *ReportPage
	Rules    *RulesPage
	RulePage []*RulePage
	Search   *SearchPage
	NotFound *NotFoundPage
	// All is every page's model, of every kind, in the order of jobs.
	All []pageModel
}

// Model builds the page models without rendering them, as Render does
// first, for tests that look at what a page will show.
func Model(in Input) (*Pages, error) {
	b, err := newBuilder(in)
	if err != nil {
		return nil, err
	}
	all, err := b.models()
	if err != nil {
		return nil, err
	}
	p := &Pages{All: all}
	for _, m := range all {
		switch m := m.model.(type) {
		case *HomePage:
			p.Home = m
		case *DocPage:
			p.Docs = append(p.Docs, m)
		case *GlossaryPage:
			p.Glossary = m
		case *TermPage:
			p.Terms = append(p.Terms, m)
		case *UsagePage:
			p.Usage = append(p.Usage, m)
		case *ReportPage:
			p.Report = m
		case *RulesPage:
			p.Rules = m
		case *RulePage:
			p.RulePage = append(p.RulePage, m)
		case *SearchPage:
			p.Search = m
		case *NotFoundPage:
			p.NotFound = m
		}
	}
	return p, nil
}

// documentBody returns the source goldmark reads for d.
func documentBody(d *corpus.Document) []byte { return appendDocumentBody(nil, d) }

// attrOr returns n's attribute key, or "" when it has none.
func attrOr(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}
