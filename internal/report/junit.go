package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/concord-guidance/concord/internal/rules"
)

// JUnit XML for CI test views (GitLab artifacts:reports:junit, Jenkins,
// Azure Pipelines). Each document and rule is one test case, so passing
// checks show as passed and a fixed one turns green rather than vanishing.
// GitLab collapses cases with the same name, so a case is named by its
// document (classname) and rule (name) together.
type junitTestSuites struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Errors   int              `xml:"errors,attr"`
	Suites   []junitTestSuite `xml:"testsuite"`
}

type junitTestSuite struct {
	Name     string          `xml:"name,attr"`
	Tests    int             `xml:"tests,attr"`
	Failures int             `xml:"failures,attr"`
	Errors   int             `xml:"errors,attr"`
	Skipped  int             `xml:"skipped,attr"`
	Cases    []junitTestCase `xml:"testcase"`
}

type junitTestCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(buf *bytes.Buffer, res *Result, _ Options) error {
	docs, ids := documentsAndRules(res)
	type key struct{ doc, rule string }
	byCase := map[key][]*rules.Finding{}
	for _, f := range res.Findings {
		k := key{f.File, f.Rule}
		byCase[k] = append(byCase[k], f)
	}
	suite := junitTestSuite{Name: "concord", Cases: []junitTestCase{}}
	for _, doc := range docs {
		for _, id := range ids {
			c := junitTestCase{Classname: doc, Name: id, File: doc}
			if fs := byCase[key{doc, id}]; len(fs) > 0 {
				c.Failure = junitFailureOf(fs)
				suite.Failures++
			}
			suite.Cases = append(suite.Cases, c)
		}
	}
	suite.Tests = len(suite.Cases)
	out := junitTestSuites{Name: "concord", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitTestSuite{suite}}
	return encodeXML(buf, out)
}

// junitFailureOf lists one document's findings of one rule, one line each
// (with the expected and actual wording under it where a rule gives them).
// Its type is the most serious severity among them.
func junitFailureOf(fs []*rules.Finding) *junitFailure {
	worst := fs[0].Severity
	var lines []string
	for _, f := range fs {
		worst = max(worst, f.Severity)
		lines = append(lines, fmt.Sprintf("%s: %s", textPosition(f.File, f.Line, f.Column), indentLines(fullMessage(f), "    ")))
		if f.Expected != "" {
			lines = append(lines, "  expected: "+indentLines(f.Expected, "    "))
		}
		if f.Actual != "" {
			lines = append(lines, "  actual:   "+indentLines(f.Actual, "    "))
		}
	}
	msg := fullMessage(fs[0])
	if len(fs) > 1 {
		msg = plural(len(fs), "finding")
	}
	return &junitFailure{Message: msg, Type: levelWord(worst), Text: strings.Join(lines, "\n") + "\n"}
}

// encodeXML writes an XML declaration and v indented two spaces, ending in a
// newline. encoding/xml escapes markup and replaces characters XML cannot
// hold, so any message makes a well-formed document.
func encodeXML(buf *bytes.Buffer, v any) error {
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	buf.WriteString("\n")
	return nil
}
