// Package eval scores concord against text in the shape of real published
// guidance: a labelled corpus (every finding judged true, debatable or false,
// every defect an editor would want fixed listed) and a labelled set of short
// wordings. It runs concord exactly as a user does (cli.Main, JSON report), so
// what it measures is what a policy team would see. It holds no rule logic and
// must never feed anything back into the rules.
package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/cli"
)

// Verdicts a label may give.
const (
	Defect    = "defect"
	Debatable = "debatable"
	False     = "false"
)

// Rules is one rule id or several; "*" stands for any rule.
type Rules []string

// UnmarshalYAML accepts a single id or a list of them.
func (r *Rules) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*r = Rules{n.Value}
		return nil
	}
	var l []string
	if err := n.Decode(&l); err != nil {
		return err
	}
	*r = l
	return nil
}

func (r Rules) has(id string) bool { return slices.Contains(r, id) || slices.Contains(r, "*") }

func (r Rules) none() bool { return len(r) == 0 || (len(r) == 1 && r[0] == "none") }

// Label is a reader's judgement of one line of an evaluation document.
type Label struct {
	Line    int    `yaml:"line"`
	Rule    Rules  `yaml:"rule"`
	Verdict string `yaml:"verdict"`
	Reason  string `yaml:"reason"`
}

// Finding is what the scorer reads of a finding in concord's JSON report.
type Finding struct {
	Rule       string   `json:"rule"`
	Severity   string   `json:"severity"`
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Column     int      `json:"column"`
	Term       string   `json:"term"`
	Message    string   `json:"message"`
	Confidence *float64 `json:"confidence"`
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s: %s", f.File, f.Line, f.Column, f.Severity, f.Rule, f.Message)
}

// Check runs `concord check` on a corpus folder with a glossary folder and
// returns its findings. A run that ends in an input error is an error: the
// evaluation set must always be readable.
func Check(corpusDir, glossaryDir string, extra ...string) ([]Finding, error) {
	args := append([]string{"check", "--corpus", corpusDir, "--glossary", glossaryDir,
		"--no-cache", "--fail-on", "none", "--format", "json"}, extra...)
	var out, errb bytes.Buffer
	if code := cli.Main(args, strings.NewReader(""), &out, &errb); code != cli.ExitOK {
		return nil, fmt.Errorf("concord check %s: exit %d: %s", corpusDir, code, errb.String())
	}
	var rep struct {
		Findings []Finding `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		return nil, fmt.Errorf("concord check %s: reading its JSON: %w", corpusDir, err)
	}
	return rep.Findings, nil
}

// RuleScore counts, for one rule, how its findings were judged and how many
// labelled defects it was expected to find.
type RuleScore struct {
	True, Debatable, False int
	FalseErrors            int
	Unlabelled             int
	Defects, Found         int // labelled defects listing this rule, and those it found
}

// CorpusScore is the score of a labelled corpus.
type CorpusScore struct {
	Documents  int
	Words      int
	ByRule     map[string]*RuleScore
	Defects    int // labelled defects
	Found      int // defects some listed rule found
	Unlabelled []Finding
	Falses     []Finding // findings judged false, for the reader of the log
	Missed     []string  // defects no listed rule found: file:line rules reason
}

// FalsePer10k is the rate of false alarms per 10,000 words.
func (s *CorpusScore) FalsePer10k() float64 {
	if s.Words == 0 {
		return 0
	}
	return float64(s.total().False) * 10000 / float64(s.Words)
}

// Recall is the share of labelled defects found.
func (s *CorpusScore) Recall() float64 {
	if s.Defects == 0 {
		return 1
	}
	return float64(s.Found) / float64(s.Defects)
}

func (s *CorpusScore) total() RuleScore {
	var t RuleScore
	for _, r := range s.ByRule {
		t.True += r.True
		t.Debatable += r.Debatable
		t.False += r.False
		t.FalseErrors += r.FalseErrors
		t.Unlabelled += r.Unlabelled
	}
	return t
}

func (s *CorpusScore) rule(id string) *RuleScore {
	if s.ByRule[id] == nil {
		s.ByRule[id] = &RuleScore{}
	}
	return s.ByRule[id]
}

// CorpusDir is the folder of documents under an evaluation root: corpus/, or
// pages/ for a set of saved real pages.
func CorpusDir(root string) string {
	if st, err := os.Stat(filepath.Join(root, "pages")); err == nil && st.IsDir() {
		return filepath.Join(root, "pages")
	}
	return filepath.Join(root, "corpus")
}

// ScoreCorpus checks root's documents and judges each finding by root's
// labels.
func ScoreCorpus(root, glossaryDir string) (*CorpusScore, error) {
	dir := CorpusDir(root)
	docs, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	s := &CorpusScore{ByRule: map[string]*RuleScore{}}
	labels := map[string][]Label{} // by document base name
	for _, d := range docs {
		src, err := os.ReadFile(d)
		if err != nil {
			return nil, err
		}
		s.Documents++
		s.Words += Words(src)
		name := strings.TrimSuffix(filepath.Base(d), ".md")
		ls, err := readLabels(filepath.Join(root, "labels", name+".yaml"))
		if err != nil {
			return nil, err
		}
		labels[name] = ls
	}
	fs, err := Check(dir, glossaryDir)
	if err != nil {
		return nil, err
	}
	byLine := map[string][]Finding{}
	for _, f := range fs {
		name := strings.TrimSuffix(filepath.Base(f.File), ".md")
		byLine[fmt.Sprintf("%s:%d", name, f.Line)] = append(byLine[fmt.Sprintf("%s:%d", name, f.Line)], f)
		verdict := judge(labels[name], f)
		r := s.rule(f.Rule)
		switch verdict {
		case Defect:
			r.True++
		case Debatable:
			r.Debatable++
		case False:
			r.False++
			s.Falses = append(s.Falses, f)
			if f.Severity == "error" {
				r.FalseErrors++
			}
		default:
			r.Unlabelled++
			s.Unlabelled = append(s.Unlabelled, f)
		}
	}
	names := make([]string, 0, len(labels))
	for n := range labels {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, l := range labels[name] {
			if l.Verdict != Defect {
				continue
			}
			s.Defects++
			found := false
			for _, f := range byLine[fmt.Sprintf("%s:%d", name, l.Line)] {
				if l.Rule.has(f.Rule) {
					found = true
				}
			}
			for _, id := range l.Rule {
				if id == "*" {
					continue
				}
				r := s.rule(id)
				r.Defects++
				for _, f := range byLine[fmt.Sprintf("%s:%d", name, l.Line)] {
					if f.Rule == id {
						r.Found++
						break
					}
				}
			}
			if found {
				s.Found++
			} else {
				s.Missed = append(s.Missed, fmt.Sprintf("%s.md:%d %s: %s", name, l.Line, strings.Join(l.Rule, ","), l.Reason))
			}
		}
	}
	return s, nil
}

// judge returns the verdict of the label covering f, or "" when none does.
// A defect label covers only the rules it lists; a debatable or false label
// may cover every rule on its line with "*".
func judge(ls []Label, f Finding) string {
	for _, l := range ls {
		if l.Line == f.Line && l.Rule.has(f.Rule) {
			return l.Verdict
		}
	}
	return ""
}

func readLabels(path string) ([]Label, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ls []Label
	if err := yaml.Unmarshal(b, &ls); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, l := range ls {
		switch l.Verdict {
		case Defect, Debatable, False:
		default:
			return nil, fmt.Errorf("%s: label %d (line %d): verdict %q: want defect, debatable or false", path, i+1, l.Line, l.Verdict)
		}
		if l.Line < 1 || len(l.Rule) == 0 {
			return nil, fmt.Errorf("%s: label %d: a label needs a line and a rule", path, i+1)
		}
		if l.Verdict == Defect && slices.Contains(l.Rule, "*") {
			return nil, fmt.Errorf("%s: label %d (line %d): a defect names the rules that should find it, not \"*\"", path, i+1, l.Line)
		}
	}
	return ls, nil
}

// Words counts the words of a page's body, front matter left out.
func Words(src []byte) int {
	s := string(src)
	if strings.HasPrefix(s, "---\n") {
		if end := strings.Index(s[4:], "\n---"); end >= 0 {
			s = s[4+end+4:]
		}
	}
	return len(strings.Fields(s))
}

// Case is one labelled wording: a defect one or more rules should find, or a
// correct line that must raise nothing.
type Case struct {
	ID           string            `yaml:"id"`
	Expect       Rules             `yaml:"expect"`
	Construction string            `yaml:"construction"`
	Note         string            `yaml:"note"`
	Updated      string            `yaml:"updated"`
	Text         string            `yaml:"text"`
	Others       map[string]string `yaml:"others"`
	file         string
}

// CaseResult is how concord did on one case.
type CaseResult struct {
	Case     *Case
	Findings []Finding // on the case's own page
	Found    bool      // a defect case: an expected rule fired
}

// WordingScore is the score of the wording set, by the rule each case expects
// ("none" for correct cases).
type WordingScore struct {
	Results []CaseResult
}

// ReadCases reads every wordings/*.yaml file of dir.
func ReadCases(dir string) ([]*Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var all []*Case
	seen := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var cs []*Case
		if err := yaml.Unmarshal(b, &cs); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, c := range cs {
			c.file = filepath.Base(f)
			if c.ID == "" || strings.TrimSpace(c.Text) == "" {
				return nil, fmt.Errorf("%s: a case needs an id and a text", f)
			}
			if prev, ok := seen[c.ID]; ok {
				return nil, fmt.Errorf("%s: case %s is also in %s", f, c.ID, prev)
			}
			seen[c.ID] = c.file
			all = append(all, c)
		}
	}
	return all, nil
}

// ScoreWordings checks each case on its own, as a one-page corpus with its
// other pages, in a temporary folder.
func ScoreWordings(cases []*Case, glossaryDir, tmp string) (*WordingScore, error) {
	s := &WordingScore{}
	for i, c := range cases {
		dir := filepath.Join(tmp, fmt.Sprintf("case-%03d", i), "corpus")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		page := "case.md"
		front := "---\ntitle: " + c.ID + "\n"
		if c.Updated != "" {
			front += "updated: " + c.Updated + "\n"
		}
		front += "---\n\n"
		if err := os.WriteFile(filepath.Join(dir, page), []byte(front+c.Text), 0o644); err != nil {
			return nil, err
		}
		for name, text := range c.Others {
			if filepath.Base(name) != name || !strings.HasSuffix(name, ".md") || name == page {
				return nil, fmt.Errorf("%s: case %s: other page %q must be a plain .md file name other than %s", c.file, c.ID, name, page)
			}
			body := text
			if !strings.HasPrefix(body, "---\n") {
				body = "---\ntitle: " + strings.TrimSuffix(name, ".md") + "\n---\n\n" + body
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				return nil, err
			}
		}
		fs, err := Check(dir, glossaryDir)
		if err != nil {
			return nil, fmt.Errorf("%s: case %s: %w", c.file, c.ID, err)
		}
		r := CaseResult{Case: c}
		for _, f := range fs {
			if filepath.Base(f.File) != page {
				continue
			}
			r.Findings = append(r.Findings, f)
			if !c.Expect.none() && c.Expect.has(f.Rule) {
				r.Found = true
			}
		}
		s.Results = append(s.Results, r)
	}
	return s, nil
}

// WordingRow is one rule's line of the wording table.
type WordingRow struct {
	Rule                  string
	Defects, Found        int
	Correct, FalseAlarmed int // correct cases for this rule's file, and those that raised anything
}

// Rows sums the results by the file a case is in, which is named for the
// rule it exercises.
func (s *WordingScore) Rows() []WordingRow {
	m := map[string]*WordingRow{}
	row := func(id string) *WordingRow {
		if m[id] == nil {
			m[id] = &WordingRow{Rule: id}
		}
		return m[id]
	}
	for _, r := range s.Results {
		if r.Case.Expect.none() {
			w := row(strings.TrimSuffix(r.Case.file, ".yaml"))
			w.Correct++
			if len(r.Findings) > 0 {
				w.FalseAlarmed++
			}
			continue
		}
		w := row(strings.TrimSuffix(r.Case.file, ".yaml"))
		w.Defects++
		if r.Found {
			w.Found++
		}
	}
	var rows []WordingRow
	for _, w := range m {
		rows = append(rows, *w)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Rule < rows[j].Rule })
	return rows
}

// Totals sums the rows.
func (s *WordingScore) Totals() WordingRow {
	t := WordingRow{Rule: "all"}
	for _, r := range s.Rows() {
		t.Defects += r.Defects
		t.Found += r.Found
		t.Correct += r.Correct
		t.FalseAlarmed += r.FalseAlarmed
	}
	return t
}

// Recall is the share of defect cases found.
func (s *WordingScore) Recall() float64 {
	t := s.Totals()
	if t.Defects == 0 {
		return 1
	}
	return float64(t.Found) / float64(t.Defects)
}
