package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/wording"
	"sort"
	"strings"
)

// Severity orders findings; a larger value is more serious.
type Severity int

const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "none"
}

// MarshalText writes the severity as its word, as the JSON report requires.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity word.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads a rule's severity: error, warning or info, or off
// (0), which turns the rule off. warn, suggestion, note and none are read
// too, for configurations written for other tools.
func ParseSeverity(w string) (Severity, error) {
	if s, ok := severityWord(w); ok {
		return s, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, info or off)", w)
}

// ParseFailOn reads a --fail-on level: error, warning or info, or none
// (0: never fail on findings). It reads the same words as ParseSeverity.
func ParseFailOn(w string) (Severity, error) {
	if s, ok := severityWord(w); ok {
		return s, nil
	}
	return 0, fmt.Errorf("unknown level %q (want error, warning, info or none)", w)
}

func severityWord(w string) (Severity, bool) {
	switch strings.ToLower(strings.TrimSpace(w)) {
	case "error":
		return Error, true
	case "warning", "warn":
		return Warning, true
	case "info", "suggestion", "note":
		return Info, true
	case "none", "off":
		return 0, true
	}
	return 0, false
}

// DiffOp is one run of a word-level diff between canonical and actual text:
// "equal", "insert" (in actual only) or "delete" (in canonical only).
type DiffOp = wording.Op

// Finding is one departure from the glossary at a place in a document. Column
// and EndColumn count Unicode characters; the byte and UTF-16 columns are kept
// for formats that want them.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Confidence is how sure the rule is that a careful editor would agree,
	// from 0 to 1: a plain contradiction of a glossary fact is near 1, a
	// judgement call lower. Rules that do not say get their severity's
	// default (see defaultConfidence).
	Confidence float64  `json:"confidence"`
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Column     int      `json:"column"`
	EndLine    int      `json:"endLine"`
	EndColumn  int      `json:"endColumn"`
	Term       string   `json:"term,omitempty"`
	Message    string   `json:"message"`
	Suggestion string   `json:"suggestion,omitempty"`
	Expected   string   `json:"expected,omitempty"`
	Actual     string   `json:"actual,omitempty"`
	Diff       []DiffOp `json:"diff,omitempty"`
	// Related names other places that explain the finding, such as the other
	// documents that describe a term differently.
	Related []Location `json:"related,omitempty"`
	// Fingerprint identifies the finding by content, not by line, so that it
	// survives edits elsewhere in the file (baselines, SARIF).
	Fingerprint string `json:"fingerprint"`

	ByteColumn     int    `json:"-"`
	EndByteColumn  int    `json:"-"`
	UTF16Column    int    `json:"-"`
	EndUTF16Column int    `json:"-"`
	Context        string `json:"-"` // the sentence or block the finding sits in
	Match          string `json:"-"` // the exact text matched

	start int              // source byte offset, for suppressions
	doc   *corpus.Document // where it was found
}

// Location is a place referred to by a finding.
type Location struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message,omitempty"`
}

// Less orders findings by file, line, column, rule, then message, so output
// is the same however documents were scheduled.
func Less(a, b *Finding) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Column != b.Column {
		return a.Column < b.Column
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	if a.EndLine != b.EndLine {
		return a.EndLine < b.EndLine
	}
	if a.EndColumn != b.EndColumn {
		return a.EndColumn < b.EndColumn
	}
	return a.Message < b.Message
}

// Sort sorts findings deterministically.
func Sort(fs []*Finding) { sort.SliceStable(fs, func(i, j int) bool { return Less(fs[i], fs[j]) }) }

// Fingerprint derives content fingerprints: rule, term, file and the
// normalised context (with the matched text), plus an occurrence counter for
// identical ones. Line numbers are left out on purpose.
func Fingerprint(fs []*Finding) {
	seen := map[string]int{}
	for _, f := range fs {
		base := strings.Join([]string{f.Rule, f.Term, f.File, normaliseContext(f.Context), normaliseContext(f.Match)}, "\x00")
		n := seen[base]
		seen[base] = n + 1
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", base, n)))
		f.Fingerprint = hex.EncodeToString(sum[:8])
	}
}

func normaliseContext(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Summary counts findings by severity and rule.
type Summary struct {
	Documents int            `json:"documents"`
	Terms     int            `json:"terms"`
	Findings  int            `json:"findings"`
	Errors    int            `json:"errors"`
	Warnings  int            `json:"warnings"`
	Infos     int            `json:"info"`
	ByRule    map[string]int `json:"byRule"`
	// Baselined is how many findings a baseline file hid (check
	// --baseline); absent when no baseline was given.
	Baselined *int `json:"baselined,omitempty"`
	// Checked is how many of the Documents had their findings reported
	// when only some were (check --changed-since); absent otherwise.
	Checked *int `json:"checked,omitempty"`
}

// Summarise counts findings.
func Summarise(fs []*Finding, docs, terms int) Summary {
	s := Summary{Documents: docs, Terms: terms, Findings: len(fs), ByRule: map[string]int{}}
	for _, f := range fs {
		switch f.Severity {
		case Error:
			s.Errors++
		case Warning:
			s.Warnings++
		case Info:
			s.Infos++
		}
		s.ByRule[f.Rule]++
	}
	return s
}

// defaultConfidence is a finding's confidence when its rule gives none: the
// severity already says how plain the contradiction is.
func defaultConfidence(s Severity) float64 {
	switch s {
	case Error:
		return 0.9
	case Warning:
		return 0.7
	}
	return 0.5
}
