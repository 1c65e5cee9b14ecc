// Package report writes findings in the formats people and CI systems read:
// plain text for terminals, concord's own JSON, SARIF for code scanning,
// GitHub workflow commands, JUnit XML, Checkstyle XML, reviewdog's rdjson and
// GitLab Code Quality. One file holds one format.
//
// Writers only format. They never filter or sort findings, read files, or
// decide exit codes; the caller passes findings already sorted and
// fingerprinted. Output is a pure function of the Result: no timestamps, no
// absolute paths, no unsorted map iteration, so the same input gives the same
// bytes.
package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/rules"
)

// Result is everything a writer may show.
type Result struct {
	// Findings are already sorted (rules.Sort) and fingerprinted
	// (rules.Fingerprint).
	Findings []*rules.Finding
	// Rules is every rule in the registry, sorted by id (rules.All). SARIF
	// lists them all; JUnit makes a test case of each for each document.
	Rules []*rules.Rule
	// Documents is every checked document: relative, forward slashes, sorted.
	Documents []string
	// Summary counts Findings (rules.Summarise).
	Summary rules.Summary
	// Version is concord's version, such as "0.1.0".
	Version string
	// TermNames gives the glossary's name for each term id ("breach of a
	// restraining order" for breach-of-restraining-order), for the text
	// report's sentences. An id it lacks is shown with its hyphens as
	// spaces.
	TermNames map[string]string
	// Replacements are the safe replacements (concord fix) of findings
	// that have one: the text to put in place of the finding's span.
	// SARIF writes them as fixes; nil when the caller did not ask.
	Replacements map[*rules.Finding]string
}

// Options change how a report looks, never what it says.
type Options struct {
	// Color turns on ANSI colour in the text format. The caller decides
	// (terminal, NO_COLOR, --color).
	Color bool
}

// InformationURI is concord's home, named in SARIF and rdjson.
const InformationURI = "https://github.com/concord-guidance/concord"

type format struct {
	name  string
	write func(*bytes.Buffer, *Result, Options) error
}

// formats is ordered: Formats returns it as is, and the first is the default.
var formats = []format{
	{"text", writeText},
	{"json", writeJSON},
	{"sarif", writeSARIF},
	{"github", writeGitHub},
	{"junit", writeJUnit},
	{"checkstyle", writeCheckstyle},
	{"rdjson", writeRDJSON},
	{"codequality", writeCodeQuality},
}

// Formats names the formats Write accepts; the first, "text", is the default.
func Formats() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// Write writes res to w in the named format ("" means text). The report is
// built in memory and written with one call, so a failed report leaves
// nothing half-written behind it in w.
func Write(w io.Writer, name string, res *Result, opt Options) error {
	if res == nil {
		return fmt.Errorf("report: nil result")
	}
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		name = formats[0].name
	}
	for _, f := range formats {
		if f.name != name {
			continue
		}
		var buf bytes.Buffer
		if err := f.write(&buf, res, opt); err != nil {
			return fmt.Errorf("write %s report: %w", name, err)
		}
		_, err := w.Write(buf.Bytes())
		return err
	}
	return fmt.Errorf("unknown report format %q (want one of %s)", name, strings.Join(Formats(), ", "))
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	switch s[len(s)-1] {
	case '.', '!', '?':
		return s
	}
	return s + "."
}

// fullMessage is the finding's message with its suggestion as a second
// sentence, for formats that have no separate place for a suggestion.
func fullMessage(f *rules.Finding) string {
	msg := strings.TrimSpace(f.Message)
	if msg == "" {
		msg = f.Rule
	}
	msg = sentence(msg)
	switch {
	case f.Suggestion == "":
	case f.Replacement():
		msg += " Replace with “" + f.Suggestion + "”."
	default:
		msg += " Suggestion: " + sentence(f.Suggestion)
	}
	return msg
}

// levelWord is the severity as the text, Checkstyle and JUnit formats spell
// it; anything unset counts as info so that nothing is silently dropped.
func levelWord(s rules.Severity) string {
	switch s {
	case rules.Error, rules.Warning:
		return s.String()
	}
	return "info"
}

// documentsAndRules lists every document and rule id the report covers: the
// ones the caller named plus any a finding mentions (a glossary file, a rule
// outside the registry), so that no finding falls out of a per-document or
// per-rule format.
func documentsAndRules(res *Result) (docs, ids []string) {
	seenDoc := map[string]bool{}
	for _, d := range res.Documents {
		if !seenDoc[d] {
			seenDoc[d] = true
			docs = append(docs, d)
		}
	}
	seenRule := map[string]bool{}
	for _, r := range res.Rules {
		if !seenRule[r.ID] {
			seenRule[r.ID] = true
			ids = append(ids, r.ID)
		}
	}
	for _, f := range res.Findings {
		if !seenDoc[f.File] {
			seenDoc[f.File] = true
			docs = append(docs, f.File)
		}
		if !seenRule[f.Rule] {
			seenRule[f.Rule] = true
			ids = append(ids, f.Rule)
		}
	}
	sort.Strings(docs)
	sort.Strings(ids)
	return docs, ids
}

// documentCount is how many documents were checked.
func documentCount(res *Result) int {
	if res.Summary.Documents > 0 {
		return res.Summary.Documents
	}
	return len(res.Documents)
}

// plural writes n and a noun, adding s when n is not one.
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
