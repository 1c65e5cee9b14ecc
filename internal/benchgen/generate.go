// Package benchgen makes synthetic guidance corpora for measuring concord at
// scale, and the configuration that lets other tools (Vale, Hugo, Pagefind)
// do the same work on the same files. A corpus is a pure function of its
// size, seed and glossary: the same inputs give byte-identical files, written
// one document at a time so that 100,000 documents need no more memory than
// one. It reads the glossary only to plant realistic wording and defects; it
// never runs checks itself.
package benchgen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// Version names the generator's output format. Change it whenever a change
// to this package changes the files a seed produces, so that figures taken
// on different corpora are never compared by mistake.
const Version = "concord-gen/1"

// Options says what to generate.
type Options struct {
	Docs int   // number of documents
	Seed int64 // same seed, same corpus
	// Glossary is the folder of glossary/*.yaml files (and schema.json) to
	// copy and draw wording from.
	Glossary fs.FS
	// Workers writes documents in parallel; the output does not depend on
	// it. 0 means one per core.
	Workers int
}

// Rates of planted defects, per document. Low, as in a maintained corpus.
const (
	rateDeprecated = 0.06
	rateDrift      = 0.04
	ratePenalty    = 0.03
	rateBreach     = 0.03
	rateBrokenLink = 0.02
)

// Defect names match concord's rule ids, so a test can compare what was
// planted with what was found.
const (
	DefectDeprecated = "deprecated-term"
	DefectDrift      = "definition-drift"
	DefectPenalty    = "penalty-mismatch"
	DefectBreach     = "breach-context"
	DefectBrokenLink = "broken-link"
)

// Manifest describes a generated corpus; it is written to manifest.json.
type Manifest struct {
	Generator string         `json:"generator"`
	Seed      int64          `json:"seed"`
	Docs      int            `json:"docs"`
	Words     int64          `json:"words"`
	Bytes     int64          `json:"bytes"`
	Headings  int64          `json:"headings"`
	Links     int64          `json:"links"`
	Lists     int64          `json:"lists"`
	Tables    int64          `json:"tables"`
	Defects   map[string]int `json:"defects"`
	Glossary  string         `json:"glossary"` // the glossary's content hash
}

func (m *Manifest) add(s *docStats) {
	m.Words += int64(s.words)
	m.Bytes += int64(s.bytes)
	m.Headings += int64(s.headings)
	m.Links += int64(s.links)
	m.Lists += int64(s.lists)
	m.Tables += int64(s.tables)
	for k, v := range s.defects {
		m.Defects[k] += v
	}
}

// Generate writes out/corpus/*.md, out/glossary/ (a copy of opts.Glossary),
// out/concord.yaml and out/manifest.json. out must be empty, missing, or a
// folder Generate wrote before (which it then replaces).
func Generate(out string, opts Options) (*Manifest, error) {
	if opts.Docs < 1 {
		return nil, errors.New("the number of documents must be at least 1")
	}
	if opts.Docs > 9_999_999 {
		return nil, errors.New("at most 9,999,999 documents")
	}
	g, err := glossary.Load(opts.Glossary, ".", "glossary")
	if err != nil {
		return nil, fmt.Errorf("load glossary: %w", err)
	}
	if err := prepare(out); err != nil {
		return nil, err
	}
	if err := copyGlossary(opts.Glossary, filepath.Join(out, "glossary")); err != nil {
		return nil, err
	}
	w := newWords(g)
	dir := filepath.Join(out, "corpus")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	m := &Manifest{Generator: Version, Seed: opts.Seed, Docs: opts.Docs, Defects: map[string]int{}, Glossary: g.Version}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	next := make(chan int, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range next {
				buf.Reset()
				st := writeDoc(&buf, w, opts.Seed, opts.Docs, i)
				p := filepath.Join(dir, planOf(opts.Seed, i).slug+".md")
				err := os.WriteFile(p, buf.Bytes(), 0o644)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				m.add(st)
				mu.Unlock()
			}
		}()
	}
	for i := range opts.Docs {
		next <- i
	}
	close(next)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	cfg := "# Written by " + Version + ". Paths are relative to this file.\ncorpus: corpus\nglossary: glossary\noutput: public\nfail_on: none\n"
	if err := os.WriteFile(filepath.Join(out, "concord.yaml"), []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	js, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(out, "manifest.json"), append(js, '\n'), 0o644); err != nil {
		return nil, err
	}
	return m, nil
}

// prepare makes out ready: created if missing; if it holds a corpus written
// by Generate, the old corpus and glossary are removed; any other non-empty
// folder is refused, so a typo cannot wipe real guidance.
func prepare(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(out, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	raw, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	var old Manifest
	if err != nil || json.Unmarshal(raw, &old) != nil || !strings.HasPrefix(old.Generator, "concord-gen/") {
		return fmt.Errorf("%s is not empty and was not written by concord-gen; choose an empty or new folder", out)
	}
	for _, sub := range []string{"corpus", "glossary", "manifest.json", "concord.yaml"} {
		if err := os.RemoveAll(filepath.Join(out, sub)); err != nil {
			return err
		}
	}
	return nil
}

func copyGlossary(src fs.FS, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := fs.ReadDir(src, ".")
	if err != nil {
		return fmt.Errorf("read glossary: %w", err)
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") || !(strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".json")) {
			continue
		}
		raw, err := fs.ReadFile(src, n)
		if err != nil {
			return fmt.Errorf("read glossary %s: %w", n, err)
		}
		if err := os.WriteFile(filepath.Join(dst, n), raw, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// sectionKind is what a section is about; it selects the sentences.
type sectionKind int

const (
	kindIntro sectionKind = iota
	kindLaw
	kindCharging
	kindEvidence
	kindPublicInterest
	kindVictims
	kindBail
	kindOnline
	kindYouth
	kindSentencing
	kindBreach
	kindEnforcement // a breach section without context: a planted defect
	kindRelated
)

// sectionTitles gives each kind's possible H2 titles, in the corpus's usual
// order of sections (docs/corpus-conventions.md).
var sectionTitles = map[sectionKind][]string{
	kindIntro:          {"Introduction"},
	kindLaw:            {"The law", "The legal framework", "Offences"},
	kindCharging:       {"Charging", "Selecting the charge"},
	kindEvidence:       {"Evidence", "Building the case"},
	kindPublicInterest: {"Public interest", "The public interest"},
	kindVictims:        {"Victims and witnesses", "Supporting victims"},
	kindBail:           {"Bail", "Bail and remand"},
	kindOnline:         {"Online conduct", "Digital and online stalking"},
	kindYouth:          {"Suspects under 18", "Children and young people"},
	kindSentencing:     {"Sentencing and ancillary orders", "Sentencing"},
	kindBreach:         breachHeadings,
	kindEnforcement:    enforcementHeadings,
	kindRelated:        {"Related guidance"},
}

// sectionChance is how often an optional section kind appears.
var sectionChance = []struct {
	kind sectionKind
	p    float64
}{
	{kindLaw, 0.85}, {kindCharging, 0.6}, {kindEvidence, 0.6}, {kindPublicInterest, 0.35}, {kindVictims, 0.55},
	{kindBail, 0.35}, {kindOnline, 0.25}, {kindYouth, 0.12}, {kindSentencing, 0.45}, {kindBreach, 0.3},
}

type heading struct {
	title, anchor string
}

// sectionPlan is one H2 section: its kind, heading and H3 headings.
type sectionPlan struct {
	kind sectionKind
	heading
	subs []heading
}

// plan is what other documents may know about a document: its file name,
// title and headings. It depends only on the seed and the index.
type plan struct {
	slug, title, topic string
	subject            subject
	qualifier          string
	sections           []sectionPlan
	defects            map[string]bool
}

// planOf works out document i's plan.
func planOf(seed int64, i int) *plan {
	r := newRNG(seed, i, streamPlan)
	s := pick(r, subjects)
	q := pick(r, qualifiers)
	title := s.title + " " + q
	switch q {
	case "practical points", "a casework guide", "questions and answers", "checklist for reviewing lawyers":
		title = s.title + ": " + q
	}
	p := &plan{slug: fmt.Sprintf("%s-%07d", slugify(title), i), title: title, topic: s.topic, subject: s, qualifier: q, defects: map[string]bool{}}
	for _, d := range []struct {
		name string
		p    float64
	}{{DefectDeprecated, rateDeprecated}, {DefectDrift, rateDrift}, {DefectPenalty, ratePenalty}, {DefectBreach, rateBreach}, {DefectBrokenLink, rateBrokenLink}} {
		if r.chance(d.p) {
			p.defects[d.name] = true
		}
	}
	anchors := map[string]int{}
	add := func(title string) heading {
		a := corpus.Anchor(title)
		n := anchors[a]
		anchors[a]++
		if n > 0 {
			a = fmt.Sprintf("%s-%d", a, n)
		}
		return heading{title: title, anchor: a}
	}
	kinds := []sectionKind{kindIntro}
	for _, c := range sectionChance {
		if r.chance(c.p) {
			kinds = append(kinds, c.kind)
		}
	}
	if len(kinds) < 4 { // at least three sections after the introduction
		for _, k := range []sectionKind{kindLaw, kindCharging, kindEvidence, kindVictims} {
			if len(kinds) >= 4 {
				break
			}
			if !slices.Contains(kinds, k) {
				kinds = insertKind(kinds, k)
			}
		}
	}
	if p.defects[DefectBreach] {
		kinds = append(kinds, kindEnforcement)
	}
	if r.chance(0.4) {
		kinds = append(kinds, kindRelated)
	}
	for _, k := range kinds {
		sp := sectionPlan{kind: k, heading: add(pick(r, sectionTitles[k]))}
		if extra := extraHeadings[k]; len(extra) > 0 && r.chance(0.35) {
			for _, j := range r.sample(len(extra), r.between(2, min(3, len(extra)))) {
				sp.subs = append(sp.subs, add(extra[j]))
			}
		}
		p.sections = append(p.sections, sp)
	}
	return p
}

// insertKind keeps the kinds in the usual order of sections.
func insertKind(ks []sectionKind, k sectionKind) []sectionKind {
	for i, x := range ks {
		if x > k {
			return append(ks[:i], append([]sectionKind{k}, ks[i:]...)...)
		}
	}
	return append(ks, k)
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// words is the glossary-derived vocabulary shared by every document.
type words struct {
	deprecated   []deprecatedUse
	restatements []string // glossary definitions, word for word
}

type deprecatedUse struct{ phrase, sentence string }

func newWords(g *glossary.Glossary) *words {
	w := &words{}
	for _, t := range g.Terms {
		for _, d := range t.Deprecated {
			ss := deprecatedSentences[strings.ToLower(d.Phrase)]
			if len(ss) == 0 {
				ss = []string{fmt.Sprintf(deprecatedFallback, d.Phrase)}
			}
			for _, s := range ss {
				w.deprecated = append(w.deprecated, deprecatedUse{d.Phrase, s})
			}
		}
	}
	for _, id := range restatedTerms {
		if t := g.Get(id); t != nil && t.Definition != "" {
			w.restatements = append(w.restatements, t.Definition)
		}
	}
	return w
}
