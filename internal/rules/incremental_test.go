package rules

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/testload"
)

// TestIncrementalMatchesFullRun edits the bundled corpus step by step and,
// after every step, checks that an incremental run carrying the last run's
// state reports exactly what a full run reports, while re-checking only the
// documents the edit can affect.
func TestIncrementalMatchesFullRun(t *testing.T) {
	g := testload.Glossary(t)
	texts := map[string]string{}
	paths, _ := filepath.Glob("../../corpus/*.md")
	for _, p := range paths {
		if filepath.Base(p) == "README.md" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(p)] = string(b)
	}
	if len(texts) < 10 {
		t.Fatalf("found %d corpus documents", len(texts))
	}
	const (
		spo    = "stalking-protection-orders.md"
		breach = "breach-of-protective-orders.md"
	)
	edit := func(name string, f func(string) string) func(map[string]string) {
		return func(m map[string]string) {
			if _, ok := m[name]; !ok {
				t.Fatalf("no document %s", name)
			}
			m[name] = f(m[name])
		}
	}
	steps := []struct {
		name string
		edit func(map[string]string)
		// most is the largest number of documents the step may re-check
		// (-1: any number).
		most   int
		corpus bool // whether the corpus rules must run again
	}{
		{"first run", func(map[string]string) {}, -1, true},
		{"nothing changed", func(map[string]string) {}, 0, false},
		{"a sentence with deprecated wording appended", edit(spo, func(s string) string {
			return s + "\nOfficers recorded the incident as domestic violence.\n"
		}), 1, false},
		{"a heading other documents link to renamed", edit(spo, func(s string) string {
			return strings.Replace(s, "\n## ", "\n## Renamed ", 1)
		}), -1, true}, // restatements below it moved
		{"a linked document removed", func(m map[string]string) { delete(m, breach) }, -1, true},
		{"a document added", func(m map[string]string) {
			m["new-guidance.md"] = "---\ntitle: New guidance\n---\n\n# New guidance\n\nSee [breaches](breach-of-protective-orders.md) and [orders](stalking-protection-orders.md).\n\nStalking means a pattern of unwanted behaviour that frightens the victim.\n"
		}, -1, true},
		{"the removed document back", func(m map[string]string) {}, -1, true},
		{"lines inserted above everything", edit("youths.md", func(s string) string {
			i := strings.Index(s, "\n---\n") + 5
			return s[:i] + "\n\nAn added paragraph.\n\nAnother one.\n" + s[i:]
		}), -1, true},
		{"a suppression added", edit(spo, func(s string) string {
			return s + "\n<!-- concord:ignore deprecated-term reason: quoting the police record -->\nOfficers recorded the incident as domestic violence.\n"
		}), 1, false},
	}
	var removed string
	var states map[string]*DocState
	var prevTexts map[string]string
	var corpusState *CorpusState
	for _, st := range steps {
		if st.name == "the removed document back" {
			texts[breach] = removed
		}
		if st.name == "a linked document removed" {
			removed = texts[breach]
		}
		st.edit(texts)

		names := make([]string, 0, len(texts))
		for n := range texts {
			names = append(names, n)
		}
		sort.Strings(names)
		var docs []*corpus.Document
		var srcs []Source
		for _, n := range names {
			docs = append(docs, testload.Doc(t, n, texts[n]))
			src := Source{Rel: n, Path: n, Load: func() *corpus.Document {
				f, err := source.New(n, []byte(texts[n]))
				if err != nil {
					t.Fatal(err)
				}
				d, err := corpus.Parse(f, n)
				if err != nil {
					t.Fatal(err)
				}
				return d
			}}
			if prevTexts != nil && prevTexts[n] == texts[n] {
				src.Prev = states[n]
			}
			srcs = append(srcs, src)
		}
		want := Run(Input{Glossary: g, Docs: docs})
		// Slim: the first run streams (runStream), and its states start
		// the next.
		got := RunIncremental(Input{Glossary: g, Slim: true}, srcs, corpusState)
		if a, b := findingsJSON(t, want), findingsJSON(t, got.Findings); a != b {
			t.Fatalf("%s: the incremental run reports\n%s\nthe full run\n%s", st.name, b, a)
		}
		// A whole-corpus check without states streams, each document
		// slimmed once checked; with no early parse kept, every document
		// a link reads before its turn is parsed twice.
		for _, budget := range []int64{earlyBudget, 0} {
			fresh := make([]Source, len(srcs))
			for i, s := range srcs {
				fresh[i] = Source{Rel: s.Rel, Path: s.Path, Load: s.Load}
			}
			saved := earlyBudget
			earlyBudget = budget
			streamed := RunIncremental(Input{Glossary: g, Slim: true}, fresh, nil)
			earlyBudget = saved
			if a, b := findingsJSON(t, want), findingsJSON(t, streamed.Findings); a != b {
				t.Fatalf("%s: the streamed run (early budget %d) reports\n%s\nthe full run\n%s", st.name, budget, b, a)
			}
			for i, d := range streamed.Docs {
				if !d.Slimmed || d.Blocks != nil {
					t.Fatalf("%s: document %d of the streamed run was not slimmed", st.name, i)
				}
				if d.File != nil && d.File.Text != nil {
					t.Fatalf("%s: document %d of the streamed run kept its whole source, not a compact one", st.name, i)
				}
			}
			if streamed.Checked != len(docs) {
				t.Errorf("%s: the streamed run checked %d documents, want %d", st.name, streamed.Checked, len(docs))
			}
		}
		if st.most >= 0 && got.Checked > st.most {
			t.Errorf("%s: re-checked %d documents, want at most %d", st.name, got.Checked, st.most)
		}
		if got.CorpusRun != st.corpus {
			t.Errorf("%s: corpus rules ran = %v, want %v", st.name, got.CorpusRun, st.corpus)
		}
		t.Logf("%s: %d findings, %d of %d documents re-checked, corpus rules ran: %v", st.name, len(want), got.Checked, len(srcs), got.CorpusRun)
		states = map[string]*DocState{}
		for i, s := range got.States {
			if s == nil {
				t.Fatalf("%s: no state for %s", st.name, srcs[i].Rel)
			}
			states[srcs[i].Rel] = s
		}
		prevTexts = map[string]string{}
		for n, s := range texts {
			prevTexts[n] = s
		}
		corpusState = got.Corpus
	}
}

func findingsJSON(t *testing.T, fs []*Finding) string {
	t.Helper()
	type full struct {
		*Finding
		ByteColumn, EndByteColumn, UTF16Column, EndUTF16Column int
		Context, Match                                         string
	}
	var out []full
	for _, f := range fs {
		out = append(out, full{f, f.ByteColumn, f.EndByteColumn, f.UTF16Column, f.EndUTF16Column, f.Context, f.Match})
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
