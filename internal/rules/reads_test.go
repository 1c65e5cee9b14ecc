package rules

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/benchgen"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/testload"
)

// linkTitleRule is the rule docs/adding.md walks through: a rule that
// reads other documents' titles. A link to another document whose text is
// not that document's title is reported. It learns the titles through
// p.Title, so the check cache re-checks a linking document when the title
// it read changes.
var linkTitleRule = &Rule{
	ID:        "link-title",
	Title:     "A link's text differs from the title of the document it links to",
	Rationale: "Readers expect a link to name the page it opens.",
	Severity:  Warning,
	Examples: []Example{
		{Title: "link text that is not the title", Markdown: "See [the orders](other1.md).\n", More: []string{"---\ntitle: Stalking protection orders\n---\n\nText.\n"}, Want: []string{"link-title@1:5"}},
		{Title: "link text that is the title", Markdown: "See [Stalking protection orders](other1.md).\n", More: []string{"---\ntitle: Stalking protection orders\n---\n\nText.\n"}},
	},
	Check: func(p *Pass) {
		for _, l := range p.Doc.Links {
			t := ResolveLink(p.Doc, l)
			if t.Kind != LinkDocument {
				continue
			}
			title, ok := p.Title(t.Rel)
			if !ok || title == "" || strings.EqualFold(strings.TrimSpace(l.Text), title) {
				continue
			}
			p.Report(p.Doc, l.Start, l.Start+len(l.Text)+2, Finding{
				Message:    fmt.Sprintf("link text %q is not the title of %s, %q", l.Text, t.Path, title),
				Suggestion: title,
			})
		}
	},
}

// mustParse parses a document for Source.Load, which runs on other
// goroutines than the test's.
func mustParse(name, text string) *corpus.Document {
	f, err := source.New(name, []byte(text))
	if err != nil {
		panic(err)
	}
	d, err := corpus.Parse(f, name)
	if err != nil {
		panic(err)
	}
	return d
}

// withRule adds r to the registry for the rest of the test.
func withRule(t *testing.T, r *Rule) {
	t.Helper()
	register(r)
	t.Cleanup(func() {
		registry = slices.DeleteFunc(registry, func(x *Rule) bool { return x == r })
	})
}

// run is a full run and an incremental run of the same documents, the
// latter from the states of the run before.
type cachedRun struct {
	t      *testing.T
	states map[string]*DocState
	texts  map[string]string // of the run before
	corpus *CorpusState
	// checked counts the documents the incremental runs checked.
	checked int
}

// check runs texts with the cache and without, wants the same findings,
// and returns them.
func (c *cachedRun) check(step string, in Input, texts map[string]string) []*Finding {
	t := c.t
	t.Helper()
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	slices.Sort(names)
	var docs []*corpus.Document
	var srcs []Source
	for _, n := range names {
		text := texts[n]
		docs = append(docs, testload.Doc(t, n, text))
		src := Source{Rel: n, Path: n, Load: func() *corpus.Document { return mustParse(n, text) }}
		if old, ok := c.texts[n]; ok && old == text {
			src.Prev = c.states[n]
		}
		srcs = append(srcs, src)
	}
	full := in
	full.Docs = docs
	want := Run(full)
	got := RunIncremental(in, srcs, c.corpus)
	if a, b := findingsJSON(t, want), findingsJSON(t, got.Findings); a != b {
		t.Fatalf("%s: the cached check reports\n%s\nthe check without the cache\n%s", step, b, a)
	}
	c.states = map[string]*DocState{}
	for i, s := range got.States {
		if s != nil {
			c.states[srcs[i].Rel] = s
		}
	}
	c.texts = texts
	c.corpus = got.Corpus
	c.checked += got.Checked
	t.Logf("%s: %d findings, %d of %d documents checked again, corpus rules run: %v", step, len(want), got.Checked, len(srcs), got.CorpusRun)
	return want
}

// TestRuleReadingTitles is issue 21's example: a rule that reads other
// documents' titles, after one title edit. Before rules declared their
// reads, the cached check reported nothing where the check without the
// cache reported two warnings.
func TestRuleReadingTitles(t *testing.T) {
	withRule(t, linkTitleRule)
	g := testload.Glossary(t)
	// Only the new rule, so the findings are its own.
	settings := map[string]RuleSettings{}
	for _, r := range All() {
		settings[r.ID] = RuleSettings{}
	}
	settings[linkTitleRule.ID] = RuleSettings{Severity: Warning}
	in := Input{Glossary: g, Settings: settings}

	for _, ex := range linkTitleRule.Examples {
		fs, err := RunExample(g, linkTitleRule, ex)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			got = append(got, f.Key())
		}
		if !slices.Equal(got, ex.Want) {
			t.Errorf("%s: got %q, want %q", ex.Title, got, ex.Want)
		}
	}

	texts := map[string]string{
		"orders.md":   "---\ntitle: Orders\n---\n\n# Orders\n\nText.\n",
		"bail.md":     "---\ntitle: Bail\n---\n\nSee [Orders](orders.md).\n",
		"youths.md":   "---\ntitle: Youths\n---\n\nSee [orders](orders.md#orders).\n",
		"overview.md": "---\ntitle: Overview\n---\n\nSee [Bail](bail.md).\n",
	}
	c := &cachedRun{t: t}
	if fs := c.check("first run", in, texts); len(fs) != 0 {
		t.Fatalf("first run: %d findings, want none", len(fs))
	}
	edited := map[string]string{}
	for n, s := range texts {
		edited[n] = s
	}
	edited["orders.md"] = strings.Replace(texts["orders.md"], "title: Orders", "title: Protective orders", 1)
	before := *c
	fs := c.check("a title edited", in, edited)
	if len(fs) != 2 || fs[0].File != "bail.md" || fs[1].File != "youths.md" {
		t.Fatalf("after the title edit: %d findings, want 2, in bail.md and youths.md", len(fs))
	}

	// The test would fail were the reads not recorded: the same edit
	// against states that forgot them gives nothing.
	forgot := map[string]*DocState{}
	for n, st := range before.states {
		cp := *st
		cp.Deps = nil
		forgot[n] = &cp
	}
	blind := &cachedRun{t: t, states: forgot, texts: before.texts, corpus: before.corpus}
	if got := blind.incremental(in, edited); len(got) != 0 {
		t.Fatalf("states without their reads: %d findings, want none (the test cannot tell the cache from no cache)", len(got))
	}
}

// incremental is the cached half of check alone.
func (c *cachedRun) incremental(in Input, texts map[string]string) []*Finding {
	var srcs []Source
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		src := Source{Rel: n, Path: n, Load: func() *corpus.Document { return mustParse(n, texts[n]) }}
		if old, ok := c.texts[n]; ok && old == texts[n] {
			src.Prev = c.states[n]
		}
		srcs = append(srcs, src)
	}
	return RunIncremental(in, srcs, c.corpus).Findings
}

var titleLine = regexp.MustCompile(`(?m)^title: .*$`)

// TestIncrementalRandomEdits edits random documents of a generated corpus
// and compares the cached check with the check without the cache after
// every edit: headings renamed, titles changed, links added and broken,
// documents removed and added, text moved down, restatements added.
func TestIncrementalRandomEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("checks a 60-document corpus 31 times")
	}
	const docs, edits = 60, 30
	dir := t.TempDir()
	gfs, err := fs.Sub(concord.Glossary, "glossary")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := benchgen.Generate(dir, benchgen.Options{Docs: docs, Seed: 1, Glossary: gfs, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "corpus", "*.md"))
	texts := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(p)] = string(b)
	}
	if len(texts) != docs {
		t.Fatalf("generated %d documents, want %d", len(texts), docs)
	}
	withRule(t, linkTitleRule) // a rule that reads titles, beside the real ones
	in := Input{Glossary: testload.Glossary(t)}
	c := &cachedRun{t: t}
	c.check("first run", in, texts)

	r := rand.New(rand.NewPCG(21, 1))
	var removed []string
	pick := func(m map[string]string) string {
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		slices.Sort(names)
		return names[r.IntN(len(names))]
	}
	anchorOf := func(text string) string {
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, "## ") {
				return corpus.Anchor(strings.TrimPrefix(line, "## "))
			}
		}
		return "none"
	}
	kinds := []struct {
		name string
		do   func(m map[string]string, n string)
	}{
		{"heading renamed", func(m map[string]string, n string) {
			m[n] = strings.Replace(m[n], "\n## ", "\n## Renamed ", 1)
		}},
		{"title changed", func(m map[string]string, n string) {
			m[n] = titleLine.ReplaceAllString(m[n], fmt.Sprintf("title: Revised guidance %d", r.IntN(3)))
		}},
		{"link to another document's heading added", func(m map[string]string, n string) {
			o := pick(m)
			m[n] += fmt.Sprintf("\nSee [%s](%s#%s).\n", "the guidance", o, anchorOf(m[o]))
		}},
		{"broken link added", func(m map[string]string, n string) {
			m[n] += "\nSee [the missing guidance](no-such-guidance.md) and [a part](" + pick(m) + "#no-such-part).\n"
		}},
		{"deprecated wording appended", func(m map[string]string, n string) {
			m[n] += "\nOfficers recorded the incident as domestic violence.\n"
		}},
		{"a differing description of stalking added", func(m map[string]string, n string) {
			m[n] += "\nStalking means persistent unwanted attention that leaves a person feeling watched.\n"
		}},
		{"an acronym expanded differently", func(m map[string]string, n string) {
			m[n] += fmt.Sprintf("\nRefer it to a Multi-Agency Risk Assessment %s (MARAC).\n", []string{"Conference", "Committee"}[r.IntN(2)])
		}},
		{"text inserted at the top", func(m map[string]string, n string) {
			m[n] = strings.Replace(m[n], "\n---\n", "\n---\n\nAn added paragraph.\n", 1)
		}},
		{"document removed", func(m map[string]string, n string) {
			removed = append(removed, n)
			removed = append(removed, m[n])
			delete(m, n)
		}},
		{"document added back", func(m map[string]string, n string) {
			if len(removed) == 0 {
				m["added-"+n] = m[n]
				return
			}
			m[removed[0]] = removed[1]
			removed = removed[2:]
		}},
	}
	for step := range edits {
		next := map[string]string{}
		for n, s := range c.texts {
			next[n] = s
		}
		e := kinds[r.IntN(len(kinds))]
		n := pick(next)
		e.do(next, n)
		c.check(fmt.Sprintf("edit %d, %s (%s)", step+1, e.name, n), in, next)
	}
	// The cache must have stood in for most documents, or the comparison
	// says nothing about it.
	if again := c.checked - docs; again > edits*docs/10 {
		t.Errorf("the cached runs checked %d documents again over %d edits, more than %d", again, edits, edits*docs/10)
	}
}
