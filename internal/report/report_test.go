package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// goldenCases are the files under testdata, one per format (and one for
// coloured text), all written from the shared fixture.
var goldenCases = []struct {
	golden string
	format string
	opt    Options
}{
	{"text.golden", "text", Options{}},
	{"text-color.golden", "text", Options{Color: true}},
	{"json.golden", "json", Options{}},
	{"sarif.golden", "sarif", Options{}},
	{"github.golden", "github", Options{}},
	{"junit.golden", "junit", Options{}},
	{"checkstyle.golden", "checkstyle", Options{}},
	{"rdjson.golden", "rdjson", Options{}},
	{"codequality.golden", "codequality", Options{}},
}

func render(t *testing.T, format string, res *Result, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, res, opt); err != nil {
		t.Fatalf("Write(%q): %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.golden, func(t *testing.T) {
			got := render(t, tc.format, testResult(), tc.opt)
			// Same input, same bytes: a second run from a fresh fixture
			// must not differ.
			if again := render(t, tc.format, testResult(), tc.opt); !bytes.Equal(got, again) {
				t.Fatalf("output differs between two runs on the same input")
			}
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/report -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test ./internal/report -update if the change is intended)\n--- got\n%s\n--- want\n%s", path, got, want)
			}
		})
	}
	for _, f := range withoutGolden() {
		t.Errorf("format %q has no golden file", f)
	}
}

// withoutGolden names the formats goldenCases lacks.
func withoutGolden() []string {
	covered := map[string]bool{}
	for _, tc := range goldenCases {
		covered[tc.format] = true
	}
	var out []string
	for _, f := range Formats() {
		if !covered[f] {
			out = append(out, f)
		}
	}
	return out
}

// TestNewFormat adds a format as docs/adding.md says, its writer and its
// line in the table, here from a test: Write and Formats (which the CLI's
// --format help, validation and error read) take it up with nothing else
// changed, and the golden test names the golden file it lacks.
func TestNewFormat(t *testing.T) {
	saved := formats
	formats = append(formats[:len(formats):len(formats)], format{"count", func(buf *bytes.Buffer, res *Result, opt Options) error {
		buf.WriteString(strconv.Itoa(len(res.Findings)) + " findings\n")
		return nil
	}})
	t.Cleanup(func() { formats = saved })

	if got := Formats(); got[len(got)-1] != "count" {
		t.Fatalf("Formats() = %q, without the new format", got)
	}
	res := testResult()
	if got, want := string(render(t, "count", res, Options{})), strconv.Itoa(len(res.Findings))+" findings\n"; got != want {
		t.Errorf("Write(count) = %q, want %q", got, want)
	}
	if err := Write(&bytes.Buffer{}, "bogus", res, Options{}); err == nil || !strings.Contains(err.Error(), "count") {
		t.Errorf("the unknown-format error does not list the new format: %v", err)
	}
	if got := withoutGolden(); !reflect.DeepEqual(got, []string{"count"}) {
		t.Errorf("formats without a golden file: %q, want the new one", got)
	}
}

func TestFormats(t *testing.T) {
	want := []string{"text", "json", "sarif", "github", "junit", "checkstyle", "rdjson", "codequality"}
	if got := Formats(); !reflect.DeepEqual(got, want) {
		t.Errorf("Formats() = %q, want %q", got, want)
	}
}

func TestUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "yaml", testResult(), Options{})
	if err == nil {
		t.Fatal("Write with an unknown format succeeded")
	}
	for _, f := range Formats() {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not name format %q", err, f)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes for an unknown format", buf.Len())
	}
}

func TestDefaultFormatIsText(t *testing.T) {
	if a, b := render(t, "", testResult(), Options{}), render(t, "text", testResult(), Options{}); !bytes.Equal(a, b) {
		t.Error(`format "" differs from "text"`)
	}
	if a, b := render(t, " SARIF ", testResult(), Options{}), render(t, "sarif", testResult(), Options{}); !bytes.Equal(a, b) {
		t.Error(`format " SARIF " differs from "sarif"`)
	}
}

// findingAt returns the fixture finding of rule at file:line.
func findingAt(t *testing.T, res *Result, rule, file string, line int) *rules.Finding {
	t.Helper()
	for _, f := range res.Findings {
		if f.Rule == rule && f.File == file && f.Line == line {
			return f
		}
	}
	t.Fatalf("fixture has no %s finding at %s:%d", rule, file, line)
	return nil
}

func TestFixtureColumnsDiffer(t *testing.T) {
	f := findingAt(t, testResult(), "deprecated-term", docOrders, 14)
	// "Notes from the Café – “stalking” clinic: a " is 43 characters but 50
	// bytes: é is two bytes, the dash and the curly quotes three each.
	if f.Column != 44 || f.ByteColumn != 51 || f.EndColumn != 60 || f.EndByteColumn != 67 {
		t.Fatalf("columns = %d-%d (chars), %d-%d (bytes); want 44-60, 51-67", f.Column, f.EndColumn, f.ByteColumn, f.EndByteColumn)
	}
}

func TestJSON(t *testing.T) {
	var doc struct {
		Version  int              `json:"version"`
		Findings []map[string]any `json:"findings"`
		Summary  rules.Summary    `json:"summary"`
	}
	out := render(t, "json", testResult(), Options{})
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Findings) != 4 || doc.Summary.Findings != 4 || doc.Summary.Errors != 2 {
		t.Errorf("version %d, %d findings, summary %+v", doc.Version, len(doc.Findings), doc.Summary)
	}
	first := doc.Findings[0]
	for _, key := range []string{"rule", "severity", "file", "line", "column", "endLine", "endColumn", "term", "message", "fingerprint"} {
		if _, ok := first[key]; !ok {
			t.Errorf("finding has no %q: %v", key, first)
		}
	}
	if first["severity"] != "error" {
		t.Errorf("severity = %v, want the word error", first["severity"])
	}
	if !bytes.HasSuffix(out, []byte("}\n")) {
		t.Error("JSON report does not end with a newline")
	}

	empty := string(render(t, "json", &Result{}, Options{}))
	if !strings.Contains(empty, `"findings": []`) || !strings.Contains(empty, `"byRule": {}`) {
		t.Errorf("empty report has null lists:\n%s", empty)
	}
}

type sarifTestLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		ColumnKind        string `json:"columnKind"`
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine, StartColumn, EndLine, EndColumn int
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			RelatedLocations    []struct {
				ID int `json:"id"`
			} `json:"relatedLocations"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIF(t *testing.T) {
	res := testResult()
	out := render(t, "sarif", res, Options{})
	var log sarifTestLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || log.Schema != sarifSchema || len(log.Runs) != 1 {
		t.Fatalf("log header: version %q, schema %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" || run.AutomationDetails.ID != "concord/" {
		t.Errorf("columnKind %q, automationDetails.id %q", run.ColumnKind, run.AutomationDetails.ID)
	}
	if got := run.Tool.Driver.Rules; len(got) != 3 || got[1].Name != "DefinitionDrift" || got[0].DefaultConfiguration.Level != "note" {
		t.Errorf("driver rules = %+v", got)
	}
	if len(run.Results) != len(res.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(res.Findings))
	}
	for i, r := range run.Results {
		f := res.Findings[i]
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %d is not %s", i, r.RuleIndex, r.RuleID)
		}
		if r.PartialFingerprints["concordFingerprint/v1"] != f.Fingerprint {
			t.Errorf("result %d: fingerprints %v", i, r.PartialFingerprints)
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.ArtifactLocation.URI, "/") || strings.Contains(loc.ArtifactLocation.URI, "file:") {
			t.Errorf("result %d: artifact location %+v is not relative to %%SRCROOT%%", i, loc.ArtifactLocation)
		}
	}

	// Character columns, not bytes: the deprecated term sits after "Café –
	// “stalking”".
	dep := findingAt(t, res, "deprecated-term", docOrders, 14)
	for _, r := range run.Results {
		if r.RuleID != "deprecated-term" {
			continue
		}
		reg := r.Locations[0].PhysicalLocation.Region
		if reg.StartColumn != dep.Column || reg.EndColumn != dep.EndColumn || reg.StartColumn == dep.ByteColumn {
			t.Errorf("region %+v, want character columns %d-%d (bytes would be %d-%d)", reg, dep.Column, dep.EndColumn, dep.ByteColumn, dep.EndByteColumn)
		}
		if !strings.Contains(r.Message.Text, "Replace with “restraining order”.") {
			t.Errorf("message %q lacks the suggestion", r.Message.Text)
		}
	}
	// A space in a path is percent-encoded in the URI.
	if !bytes.Contains(out, []byte(`"uri": "corpus/stalking%20notes.md"`)) {
		t.Error("path with a space is not a percent-encoded URI")
	}
	// Related locations are linked from the message, or GitHub hides them.
	for _, r := range run.Results {
		if len(r.RelatedLocations) == 2 && !strings.Contains(r.Message.Text, "[canonical definition](1), [described differently here](2)") {
			t.Errorf("message %q does not link its related locations", r.Message.Text)
		}
	}

	assertNoEmptyStrings(t, out)
	assertNoEmptyStrings(t, render(t, "sarif", &Result{}, Options{}))
}

// assertNoEmptyStrings fails on any "" in a JSON document: GitHub rejects
// SARIF with empty strings.
func assertNoEmptyStrings(t *testing.T, doc []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case string:
			if v == "" {
				t.Errorf("empty string at %s", path)
			}
		case []any:
			for i, e := range v {
				walk(path+"["+strconv.Itoa(i)+"]", e)
			}
		case map[string]any:
			for k, e := range v {
				if k == "" {
					t.Errorf("empty key in %s", path)
				}
				walk(path+"."+k, e)
			}
		}
	}
	walk("$", v)
}

func TestSARIFUnknownRuleAndMissingPositions(t *testing.T) {
	res := testResult()
	res.Version = "dev"
	res.Findings = append(res.Findings, &rules.Finding{Rule: "unused-suppression", Severity: rules.Warning, File: "corpus/z.md", Message: "ignore comment {0} suppresses nothing"})
	out := render(t, "sarif", res, Options{})
	var log sarifTestLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	last := run.Results[len(run.Results)-1]
	if last.RuleIndex != 3 || run.Tool.Driver.Rules[3].ID != "unused-suppression" || run.Tool.Driver.Rules[3].ShortDescription.Text == "" {
		t.Errorf("rule outside the registry: index %d, rules %+v", last.RuleIndex, run.Tool.Driver.Rules)
	}
	if last.Message.Text != "ignore comment {{0}} suppresses nothing." {
		t.Errorf("braces not doubled: %q", last.Message.Text)
	}
	if bytes.Contains(out, []byte(`"startLine": 0`)) || bytes.Contains(out, []byte("semanticVersion")) {
		t.Error("line 0 written as a region, or a non-semver version as semanticVersion")
	}
	assertNoEmptyStrings(t, out)
}

func TestTruncate(t *testing.T) {
	long := strings.Repeat("é", 2000)
	got := truncate(long, sarifMaxDescription)
	if n := len([]rune(got)); n != sarifMaxDescription || !strings.HasSuffix(got, "…") {
		t.Errorf("truncate gave %d characters ending %q", n, got[len(got)-6:])
	}
	if truncate("short", 10) != "short" {
		t.Error("truncate changed a short string")
	}
	r := sarifRuleOf(&rules.Rule{ID: "x", Title: "T", Rationale: long})
	if n := len([]rune(r.FullDescription.Text)); n > sarifMaxDescription {
		t.Errorf("fullDescription is %d characters", n)
	}
}

func TestCamelCase(t *testing.T) {
	for in, want := range map[string]string{"deprecated-term": "DeprecatedTerm", "broken-link": "BrokenLink", "x": "X", "a_b c": "ABC", "": "Rule"} {
		if got := camelCase(in); got != want {
			t.Errorf("camelCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got, want := githubMessage("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b"; got != want {
		t.Errorf("githubMessage = %q, want %q", got, want)
	}
	if got, want := githubProperty("a:b,c%d\ne\rf"), "a%3Ab%2Cc%25d%0Ae%0Df"; got != want {
		t.Errorf("githubProperty = %q, want %q", got, want)
	}

	out := string(render(t, "github", testResult(), Options{}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want one per finding:\n%s", len(lines), out)
	}
	want := "::notice file=corpus/stalking notes.md,line=5,endLine=5,col=5,endColumn=8,title=concord acronym-expansion::" +
		"“SPO” is used before its expansion: 1 of 2 uses (50%25) come first,%0Aso expand it at first use. Suggestion: Stalking Protection Order (SPO)."
	if lines[2] != want {
		t.Errorf("annotation\n got %s\nwant %s", lines[2], want)
	}
	known := map[string]bool{"file": true, "line": true, "endLine": true, "col": true, "endColumn": true, "title": true}
	for _, l := range lines {
		rest, ok := strings.CutPrefix(l, "::")
		cmd, rest, _ := strings.Cut(rest, " ")
		props, msg, found := strings.Cut(rest, "::")
		if !ok || !found || msg == "" || (cmd != "error" && cmd != "warning" && cmd != "notice") {
			t.Errorf("not a workflow command: %q", l)
			continue
		}
		// Escaped values hold no , or :, so the properties split cleanly.
		for _, p := range strings.Split(props, ",") {
			k, _, ok := strings.Cut(p, "=")
			if !ok || !known[k] {
				t.Errorf("bad property %q in %q", p, l)
			}
		}
	}
}

func TestGitHubLimitNotice(t *testing.T) {
	res := &Result{}
	for i := range 11 {
		res.Findings = append(res.Findings, &rules.Finding{Rule: "deprecated-term", Severity: rules.Warning, File: "a.md", Line: i + 1, Column: 1, Message: "m"})
	}
	out := string(render(t, "github", res, Options{}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	last := lines[len(lines)-1]
	if len(lines) != 12 || !strings.HasPrefix(last, "::notice::") || !strings.Contains(last, "11 warnings") || !strings.Contains(last, "SARIF") {
		t.Errorf("no closing notice about the annotation limit:\n%s", out)
	}
	res.Findings = res.Findings[:10]
	if out := string(render(t, "github", res, Options{})); strings.Contains(out, "::notice::") {
		t.Errorf("limit notice at 10 annotations:\n%s", out)
	}
}

type junitTestDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			Classname string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitParses(t *testing.T) {
	var doc junitTestDoc
	if err := xml.Unmarshal(render(t, "junit", testResult(), Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	// 3 documents x 3 rules; failures: orders/definition-drift,
	// orders/deprecated-term, stalking/acronym-expansion,
	// stalking/definition-drift.
	if doc.Name != "concord" || doc.Tests != 9 || doc.Failures != 4 || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 9 {
		t.Fatalf("testsuites %q: %d tests, %d failures, %d suites", doc.Name, doc.Tests, doc.Failures, len(doc.Suites))
	}
	seen := map[string]bool{}
	for _, c := range doc.Suites[0].Cases {
		id := c.Classname + " " + c.Name
		if seen[id] {
			t.Errorf("duplicate test case %s", id)
		}
		seen[id] = true
		if c.Classname == docStalking && c.Name == "acronym-expansion" {
			if c.Failure == nil || c.Failure.Type != "info" || !strings.Contains(c.Failure.Text, "corpus/stalking notes.md:5:5: “SPO” is used before its expansion: 1 of 2 uses (50%) come first,\n") {
				t.Errorf("acronym failure = %+v", c.Failure)
			}
		}
		if c.Classname == docBail && c.Failure != nil {
			t.Errorf("clean document fails: %+v", c)
		}
	}
}

type checkstyleTestDoc struct {
	XMLName xml.Name `xml:"checkstyle"`
	Version string   `xml:"version,attr"`
	Files   []struct {
		Name   string `xml:"name,attr"`
		Errors []struct {
			Line     int    `xml:"line,attr"`
			Column   int    `xml:"column,attr"`
			Severity string `xml:"severity,attr"`
			Message  string `xml:"message,attr"`
			Source   string `xml:"source,attr"`
		} `xml:"error"`
	} `xml:"file"`
}

func TestCheckstyleParses(t *testing.T) {
	var doc checkstyleTestDoc
	if err := xml.Unmarshal(render(t, "checkstyle", testResult(), Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "4.3" || len(doc.Files) != 3 || doc.Files[0].Name != docBail || len(doc.Files[0].Errors) != 0 {
		t.Fatalf("checkstyle = %+v", doc)
	}
	orders := doc.Files[1]
	if orders.Name != docOrders || len(orders.Errors) != 2 {
		t.Fatalf("file %+v", orders)
	}
	e := orders.Errors[1]
	if e.Line != 14 || e.Column != 44 || e.Severity != "warning" || e.Source != "concord.deprecated-term" {
		t.Errorf("error %+v", e)
	}
	acr := doc.Files[2].Errors[0]
	if !strings.Contains(acr.Message, "(50%) come first,\nso expand") {
		t.Errorf("newline or percent lost in %q", acr.Message)
	}
}

func TestXMLSurvivesControlCharacters(t *testing.T) {
	res := testResult()
	res.Findings[0].Message = "bad \x00 \x1b[31m <tag> & \"quote\" ]]>"
	for _, format := range []string{"junit", "checkstyle"} {
		var v any
		if err := xml.Unmarshal(render(t, format, res, Options{}), &v); err != nil {
			t.Errorf("%s: %v", format, err)
		}
	}
}

type rdjsonTestDoc struct {
	Source struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"source"`
	Diagnostics []struct {
		Message  string `json:"message"`
		Severity string `json:"severity"`
		Location struct {
			Path  string  `json:"path"`
			Range rdRange `json:"range"`
		} `json:"location"`
		Code struct {
			Value string `json:"value"`
			URL   string `json:"url"`
		} `json:"code"`
		Suggestions []rdSuggestion `json:"suggestions"`
	} `json:"diagnostics"`
}

func TestRDJSON(t *testing.T) {
	res := testResult()
	var doc rdjsonTestDoc
	if err := json.Unmarshal(render(t, "rdjson", res, Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Source.Name != "concord" || len(doc.Diagnostics) != 4 {
		t.Fatalf("source %+v, %d diagnostics", doc.Source, len(doc.Diagnostics))
	}
	dep := findingAt(t, res, "deprecated-term", docOrders, 14)
	suggestions := 0
	for i, d := range doc.Diagnostics {
		f := res.Findings[i]
		if d.Code.Value != f.Rule || d.Code.URL == "" {
			t.Errorf("diagnostic %d code %+v", i, d.Code)
		}
		suggestions += len(d.Suggestions)
		if f != dep {
			if len(d.Suggestions) != 0 {
				t.Errorf("%s finding has a suggestion %+v; only replacements may", f.Rule, d.Suggestions)
			}
			continue
		}
		// UTF-8 byte columns, not characters.
		want := rdRange{Start: rdPosition{Line: 14, Column: dep.ByteColumn}, End: &rdPosition{Line: 14, Column: dep.EndByteColumn}}
		if !reflect.DeepEqual(d.Location.Range, want) || d.Location.Range.Start.Column == dep.Column {
			t.Errorf("range %+v %+v, want byte columns %+v %+v", d.Location.Range.Start, d.Location.Range.End, want.Start, want.End)
		}
		if d.Severity != "WARNING" || len(d.Suggestions) != 1 || d.Suggestions[0].Text != "restraining order" || !reflect.DeepEqual(d.Suggestions[0].Range, want) {
			t.Errorf("deprecated-term diagnostic %+v", d)
		}
		// The byte range really is the matched text.
		line := []byte(strings.TrimSuffix(ordersCafe, "\n"))
		if got := string(line[want.Start.Column-1 : want.End.Column-1]); got != "harassment order" {
			t.Errorf("byte range selects %q", got)
		}
	}
	if suggestions != 1 {
		t.Errorf("%d suggestions, want 1", suggestions)
	}
}

func TestCodeQuality(t *testing.T) {
	res := testResult()
	var issues []cqIssue
	if err := json.Unmarshal(render(t, "codequality", res, Options{}), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 4 {
		t.Fatalf("%d issues", len(issues))
	}
	seen := map[string]bool{}
	for i, is := range issues {
		if is.Fingerprint != res.Findings[i].Fingerprint || seen[is.Fingerprint] {
			t.Errorf("issue %d fingerprint %q", i, is.Fingerprint)
		}
		seen[is.Fingerprint] = true
	}
	if issues[0].Severity != "major" || issues[1].Severity != "minor" || issues[2].Severity != "info" {
		t.Errorf("severities %s %s %s", issues[0].Severity, issues[1].Severity, issues[2].Severity)
	}
	if out := string(render(t, "codequality", &Result{}, Options{})); out != "[]\n" {
		t.Errorf("empty report = %q", out)
	}
}

func TestEmptyResultEveryFormat(t *testing.T) {
	for _, f := range Formats() {
		out := render(t, f, &Result{Version: "0.1.0"}, Options{})
		switch f {
		case "json", "sarif", "rdjson", "codequality":
			if !json.Valid(out) {
				t.Errorf("%s: invalid JSON for an empty result:\n%s", f, out)
			}
		case "junit", "checkstyle":
			var v any
			if err := xml.Unmarshal(out, &v); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

func TestWriteNilResult(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "text", nil, Options{}); err == nil {
		t.Error("Write accepted a nil result")
	}
}

func TestSnippetOnlyWhenMatchFitsRegion(t *testing.T) {
	for _, tc := range []struct {
		match string
		r     sarifRegion
		want  bool
	}{
		{"Café", sarifRegion{StartLine: 1, StartColumn: 3, EndColumn: 7}, true},
		{"Café", sarifRegion{StartLine: 1, StartColumn: 3, EndLine: 1, EndColumn: 8}, false},
		{"a\nbc", sarifRegion{StartLine: 1, StartColumn: 9, EndLine: 2, EndColumn: 3}, true},
		{"a\nbc", sarifRegion{StartLine: 1, StartColumn: 9, EndLine: 3, EndColumn: 3}, false},
		{"", sarifRegion{StartLine: 1, StartColumn: 1, EndColumn: 1}, false},
		{"x", sarifRegion{StartLine: 1}, false},
	} {
		if got := matchFitsRegion(tc.match, &tc.r); got != tc.want {
			t.Errorf("matchFitsRegion(%q, %+v) = %v, want %v", tc.match, tc.r, got, tc.want)
		}
	}
}
