package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/wording"
)

const (
	stalkingDef  = "Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking and the person pursuing the conduct knows or ought to know that it amounts to harassment."
	fearSentence = "Stalking is a course of conduct amounting to harassment, involving acts associated with stalking, that causes the victim fear or alarm."
	fearMessage  = `This restatement of stalking adds fear or alarm as a required element ("fear"): Fear is not an element of s.2A.`
)

// at makes a finding at a span of a file.
func at(rule string, sev rules.Severity, file string, line, col, endLine, endCol int, f rules.Finding) *rules.Finding {
	f.Rule, f.Severity, f.File = rule, sev, file
	f.Line, f.Column, f.EndLine, f.EndColumn = line, col, endLine, endCol
	return &f
}

func textOf(t *testing.T, fs ...*rules.Finding) string {
	t.Helper()
	rules.Sort(fs)
	res := &Result{Findings: fs, Documents: []string{"a.md", "b.md"}, Summary: rules.Summarise(fs, 2, 1)}
	return string(render(t, "text", res, Options{}))
}

func TestTextOneEntryPerSentence(t *testing.T) {
	drift := at("definition-drift", rules.Warning, "a.md", 14, 169, 14, 304, rules.Finding{
		Term: "stalking", Message: "This restatement of stalking is 56% similar to the glossary definition", Context: fearSentence,
		Expected: stalkingDef, Suggestion: "restate it in the glossary's words: " + stalkingDef, Diff: wording.Diff(stalkingDef, fearSentence),
	})
	described := at("inconsistent-description", rules.Warning, "a.md", 14, 169, 14, 304, rules.Finding{
		Term: "stalking", Message: "Stalking is described 2 ways across 2 documents", Context: fearSentence,
		Expected: stalkingDef, Suggestion: "describe stalking as the glossary does: " + stalkingDef,
		Related: []rules.Location{{File: "b.md", Line: 3, Column: 1, Message: "stalking described as ..."}},
	})
	// Inside the restatement's span, and more serious: it leads.
	fear := at("excluded-element", rules.Error, "a.md", 14, 290, 14, 294, rules.Finding{
		Term: "stalking", Message: fearMessage, Context: fearSentence, Match: "fear", Expected: stalkingDef,
	})
	// The same sentence again further down the page is another entry.
	again := at("excluded-element", rules.Error, "a.md", 40, 1, 40, 5, rules.Finding{
		Term: "stalking", Message: fearMessage, Context: fearSentence, Match: "fear", Expected: stalkingDef,
	})
	// Two acronyms in one sentence, spans apart: one entry.
	const acronyms = "Victims are supported by an ISAC or, where the suspect is a partner, by an IDVA."
	isac := at("acronym-expansion", rules.Warning, "a.md", 50, 30, 50, 34, rules.Finding{Message: "ISAC is expanded wrongly", Context: acronyms, Match: "ISAC"})
	idva := at("acronym-expansion", rules.Warning, "a.md", 50, 76, 50, 80, rules.Finding{Message: "IDVA is used before it is expanded", Context: acronyms, Match: "IDVA"})
	// The same line in another file is another entry.
	other := at("deprecated-term", rules.Error, "b.md", 50, 30, 50, 34, rules.Finding{Message: `"stalking order" is deprecated`, Context: acronyms, Suggestion: "Stalking Protection Order"})

	out := textOf(t, drift, described, fear, again, isac, idva, other)
	for _, w := range []string{
		// The error leads; the rest follow in report order, each with its place.
		"a.md:14:290: error: excluded-element: This restatement of stalking adds fear or alarm as a required element (\"fear\"): Fear is not an element of s.2A.\n" +
			"  expected: (see Definitions: stalking)\n" +
			"  - 14:169: warning: definition-drift: This restatement of stalking is 56% similar to the glossary definition.\n" +
			"    leaves out: *of another person*, *where the acts or omissions*, *are ones*, *and the person pursuing the conduct knows or ought to know that it amounts to harassment*; adds: *acts*, *that causes the victim fear or alarm*\n" +
			// Its suggestion only points at a definition the entry has pointed at.
			"  - 14:169: warning: inconsistent-description: Stalking is described 2 ways across 2 documents.\n" +
			"    related: b.md:3:1 (stalking described as ...)\n" +
			"a.md:40:1: error: excluded-element: ",
		"a.md:50:30: warning: acronym-expansion: ISAC is expanded wrongly.\n  - 50:76: warning: acronym-expansion: IDVA is used before it is expanded.\nb.md:50:30: error: deprecated-term: ",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("text report lacks\n%s\n--- in ---\n%s", w, out)
		}
	}
	if n := strings.Count(out, "\n  - "); n != 3 {
		t.Errorf("%d sub-points, want 3:\n%s", n, out)
	}
}

func TestTextQuotesDefinitionsOnce(t *testing.T) {
	var fs []*rules.Finding
	for i, file := range []string{"a.md", "b.md", "c.md"} {
		fs = append(fs, at("missing-element", rules.Warning, file, 3+i, 1, 3+i, 40, rules.Finding{
			Term: "stalking", Message: "This restatement of stalking leaves out a course of conduct",
			Suggestion: "include a course of conduct, as the glossary definition does: " + stalkingDef,
			Expected:   stalkingDef, Actual: "Stalking is harassment.",
		}))
	}
	out := textOf(t, fs...)
	if n := strings.Count(out, stalkingDef); n != 1 {
		t.Errorf("the definition is quoted %d times, want once:\n%s", n, out)
	}
	for _, w := range []string{
		"a.md:3:1: warning: missing-element: This restatement of stalking leaves out a course of conduct. Suggestion: include a course of conduct, as the glossary definition does (see Definitions: stalking).\n",
		"\nDefinitions:\n  stalking: " + stalkingDef + "\n",
		"  3 pages leave out of stalking what the glossary requires: a course of conduct\n",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("text report lacks %q:\n%s", w, out)
		}
	}
	// A short expected text stays where it is needed.
	short := at("citation-mismatch", rules.Error, "a.md", 1, 1, 1, 5, rules.Finding{Term: "stalking", Message: "stalking is cited to s.2", Expected: "PHA 1997, s.2A", Actual: "s.2"})
	if out := textOf(t, short); !strings.Contains(out, "\n  expected: PHA 1997, s.2A; actual: s.2\n") || strings.Contains(out, "Definitions") {
		t.Errorf("short expected text:\n%s", out)
	}
}

func TestRelatedLine(t *testing.T) {
	loc := func(n int, msg string) rules.Location {
		return rules.Location{File: fmt.Sprintf("corpus/%c.md", 'a'+n), Line: n + 1, Column: 2, Message: msg}
	}
	cases := []struct {
		name string
		rs   []rules.Location
		want string
	}{
		{"one", []rules.Location{loc(0, "canonical definition")}, "related: corpus/a.md:1:2 (canonical definition)"},
		{"three that differ", []rules.Location{loc(0, "x"), loc(1, "y"), loc(2, "")}, "related: corpus/a.md:1:2 (x), corpus/b.md:2:2 (y), corpus/c.md:3:2"},
		{"all the same", []rules.Location{loc(0, "MARAC = Conference"), loc(1, "MARAC = Conference"), loc(2, "MARAC = Conference"), loc(3, "MARAC = Conference")},
			"related (MARAC = Conference): corpus/a.md:1:2, corpus/b.md:2:2, corpus/c.md:3:2 and 1 more"},
		{"seven", []rules.Location{loc(0, "p"), loc(1, "q"), loc(2, "r"), loc(3, "s"), loc(4, "t"), loc(5, "u"), loc(6, "v")},
			"related: corpus/a.md:1:2, corpus/b.md:2:2, corpus/c.md:3:2 and 4 more"},
		{"no line", []rules.Location{{File: "glossary/x.yaml"}}, "related: glossary/x.yaml"},
	}
	for _, c := range cases {
		if got := relatedLine(c.rs); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestTextLeavesOutRelatedTheMessageNames(t *testing.T) {
	f := at("inconsistent-description", rules.Warning, "corpus/v.md", 45, 1, 45, 9, rules.Finding{
		Message:  `MARAC is expanded as "Committee" here but as "Conference" in bail.md, abuse.md`,
		Expected: "Conference", Actual: "Committee",
		Related: []rules.Location{{File: "corpus/bail.md", Line: 4, Message: "MARAC = Conference"}, {File: "corpus/abuse.md", Line: 5, Message: "MARAC = Conference"}},
	})
	if out := textOf(t, f); strings.Contains(out, "related") {
		t.Errorf("related line repeats the files the message names:\n%s", out)
	}
	// "stalking-and-harassment.md" inside "online-stalking-and-harassment.md" is not named.
	f.Message = `Stalking is described 2 ways in online-stalking-and-harassment.md`
	f.Related = []rules.Location{{File: "corpus/stalking-and-harassment.md", Line: 4}}
	if out := textOf(t, f); !strings.Contains(out, "  related: corpus/stalking-and-harassment.md:4\n") {
		t.Errorf("related line missing:\n%s", out)
	}
}

func TestShortMessage(t *testing.T) {
	cases := []struct {
		name string
		f    rules.Finding
		want string
	}{
		{"drift with a diff: stems and threshold go",
			rules.Finding{Rule: "definition-drift", Diff: []rules.DiffOp{{Op: "delete", Text: "x"}},
				Message: `This restatement of stalking is 56% similar to the glossary definition (at least 60% expected): it drops "another person", "omissions" and adds "fear"; readers should meet one test for stalking, the one in PHA 1997, s.2A.`},
			"This restatement of stalking is 56% similar to the glossary definition"},
		{"drift without a diff keeps what it drops",
			rules.Finding{Rule: "definition-drift", Message: `This expansion of FOUR is 50% similar to the glossary's expansion: it drops "Fixated"`},
			`This expansion of FOUR is 50% similar to the glossary's expansion: it drops "Fixated"`},
		{"other descriptions: the related line names them",
			rules.Finding{Rule: "inconsistent-description", Related: []rules.Location{{File: "b.md"}},
				Message: `Stalking is described 4 ways across 5 documents: this description ("a course of conduct (one) …", 56% like the glossary definition) differs from "x" in b.md`},
			"Stalking is described 4 ways across 5 documents"},
		{"why a rule matters is left to concord rules",
			rules.Finding{Rule: "variant-wording", Message: `"Harrasment" looks like a misspelling of "harassment" (glossary: harassment); write it as the glossary does so readers, search and the site recognise it`},
			`"Harrasment" looks like a misspelling of "harassment" (glossary: harassment)`},
		{"a message the patterns do not know is whole",
			rules.Finding{Rule: "variant-wording", Message: `"Harrasment" looks wrong; fix it`},
			`"Harrasment" looks wrong; fix it`},
	}
	for _, c := range cases {
		if got := shortMessage(&c.f); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestSayTheSame(t *testing.T) {
	cases := []struct {
		message, advice string
		want            bool
	}{
		{"maximum stated as five years; the glossary gives 10 years' imprisonment on indictment", "10 years' imprisonment", true},
		{"ISAC is expanded here as X, but the glossary expands it as Independent Stalking Advocacy Caseworker", "Independent Stalking Advocacy Caseworker", true},
		{"concord:ignore deprecated-term suppresses nothing", "remove the comment", false},
		{"link to a.md#x: a.md has no heading #x", "a.md#breach-of-bail", false},
		{"anything", "", false},
	}
	for _, c := range cases {
		if got := sayTheSame(c.message, c.advice); got != c.want {
			t.Errorf("sayTheSame(%q, %q) = %v", c.message, c.advice, got)
		}
	}
	// A replacement is the fix, and stays even when the message names it.
	f := at("deprecated-term", rules.Error, "a.md", 1, 1, 1, 5, rules.Finding{Message: `"SPO order" is deprecated; the order is the Stalking Protection Order`, Suggestion: "Stalking Protection Order"})
	if out := textOf(t, f); !strings.Contains(out, `Replace with "Stalking Protection Order".`) {
		t.Errorf("replacement left out:\n%s", out)
	}
}

// takeawaysOf is the closing summary's lines for findings in report order.
func takeawaysOf(fs ...*rules.Finding) []string {
	rules.Sort(fs)
	return takeaways(fs, nil)
}

func TestTakeaways(t *testing.T) {
	fear := func(file string, line int) *rules.Finding {
		return at("excluded-element", rules.Warning, file, line, 1, line, 5, rules.Finding{Term: "stalking", Message: fearMessage, Match: "fear"})
	}
	kind := at("excluded-element", rules.Warning, "d.md", 1, 1, 1, 5, rules.Finding{Term: "stalking", Match: "form of harassment",
		Message: `This restatement of stalking adds stalking as a type, form, kind or degree of harassment ("form of harassment"): policy.`})
	drift := at("definition-drift", rules.Warning, "a.md", 9, 1, 9, 50, rules.Finding{Term: "stalking", Message: "drifts"})
	described := at("inconsistent-description", rules.Warning, "a.md", 9, 1, 9, 50, rules.Finding{Term: "stalking", Message: "described", Expected: stalkingDef})
	described2 := at("inconsistent-description", rules.Warning, "a.md", 20, 1, 20, 50, rules.Finding{Term: "stalking", Message: "described", Expected: stalkingDef})
	penalty := at("penalty-mismatch", rules.Error, "s.md", 31, 1, 31, 9, rules.Finding{Term: "stalking-involving-fear-of-violence", Message: "m", Expected: "10 years' imprisonment", Actual: "five years' imprisonment"})
	isac := at("acronym-expansion", rules.Warning, "v.md", 14, 1, 14, 9, rules.Finding{Term: "isac", Message: "m", Expected: "Advocacy", Actual: "Advocate"})
	marac := at("inconsistent-description", rules.Warning, "v.md", 45, 1, 45, 9, rules.Finding{Message: "m", Expected: "Conference", Actual: "Committee"})
	link := at("broken-link", rules.Error, "y.md", 4, 1, 4, 9, rules.Finding{Message: "m"})
	spell1 := at("variant-wording", rules.Warning, "y.md", 5, 1, 5, 9, rules.Finding{Message: "m", Match: "Harrasment"})
	spell2 := at("variant-wording", rules.Warning, "z.md", 5, 1, 5, 9, rules.Finding{Message: "m", Match: "Protecton"})
	newRule := at("some-new-rule", rules.Info, "z.md", 6, 1, 6, 9, rules.Finding{Message: "m"})

	got := takeawaysOf(fear("a.md", 1), fear("b.md", 2), fear("c.md", 3), fear("c.md", 7), kind, drift, described, described2,
		penalty, isac, marac, link, spell1, spell2, newRule)
	want := []string{
		// Errors first, then by pages.
		`1 page gives stalking involving fear of violence a maximum of "five years' imprisonment", not 10 years' imprisonment`,
		"3 pages (4 places) add to stalking what the glossary excludes: fear or alarm as a required element",
		// Two rules on one span are one place.
		"1 page (2 places) describes stalking in words that depart from the glossary definition",
		"1 page adds to stalking what the glossary excludes: stalking as a type, form, kind or degree of harassment",
		"1 page (2 places) gives 2 acronyms a second meaning",
		"Also: 1 page links to a missing page or heading; 2 pages misspell or reorder glossary wording; 1 page with some-new-rule findings",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("takeaways:\n%s\n--- want ---\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// One entry is its own summary.
	if out := textOf(t, fear("a.md", 1)); strings.Contains(out, "What readers meet") {
		t.Errorf("summary of one entry:\n%s", out)
	}
	if out := textOf(t, fear("a.md", 1), fear("b.md", 1)); !strings.HasSuffix(out, "\nWhat readers meet:\n  2 pages add to stalking what the glossary excludes: fear or alarm as a required element\n0 errors, 2 warnings, 0 info in 2 documents\n") {
		t.Errorf("summary:\n%s", out)
	}
}

func TestTextColour(t *testing.T) {
	f := at("definition-drift", rules.Warning, "a.md", 1, 1, 1, 9, rules.Finding{Message: "m", Diff: wording.Diff("a course of conduct", "a pattern of conduct")})
	rules.Sort([]*rules.Finding{f})
	out := string(render(t, "text", &Result{Findings: []*rules.Finding{f}}, Options{Color: true}))
	for _, w := range []string{"leaves out: \x1b[31m*course*\x1b[0m; adds: \x1b[32m*pattern*\x1b[0m", "\x1b[33m\x1b[1mwarning\x1b[0m"} {
		if !strings.Contains(out, w) {
			t.Errorf("coloured report lacks %q:\n%q", w, out)
		}
	}
	if plain := string(render(t, "text", &Result{Findings: []*rules.Finding{f}}, Options{})); strings.Contains(plain, "\x1b") {
		t.Error("colour without Options.Color")
	}
}

func TestTextEmpty(t *testing.T) {
	empty := string(render(t, "text", &Result{Documents: []string{"a.md"}, Summary: rules.Summary{Documents: 16}}, Options{}))
	if empty != "no findings in 16 documents\n" {
		t.Errorf("empty text report = %q", empty)
	}
}

func TestTextRelatedPlacesListedOnce(t *testing.T) {
	rel := []rules.Location{{File: "corpus/a.md", Line: 1}, {File: "corpus/b.md", Line: 2}, {File: "corpus/c.md", Line: 3}, {File: "corpus/d.md", Line: 4}}
	first := at("inconsistent-description", rules.Warning, "corpus/x.md", 3, 1, 3, 9, rules.Finding{Message: "Stalking is described 3 ways", Related: rel})
	second := at("inconsistent-description", rules.Warning, "corpus/y.md", 7, 1, 7, 9, rules.Finding{Message: "Stalking is described 3 ways", Related: rel})
	other := at("inconsistent-description", rules.Warning, "corpus/z.md", 9, 1, 9, 9, rules.Finding{Message: "SPO is described 2 ways", Related: rel[:1]})
	out := textOf(t, first, second, other)
	if n := strings.Count(out, "corpus/a.md:1, corpus/b.md:2, corpus/c.md:3 and 1 more"); n != 1 {
		t.Errorf("the same related places are listed %d times, want once:\n%s", n, out)
	}
	if !strings.Contains(out, "  related: the same 4 places as above\n") {
		t.Errorf("the second finding does not refer back to the places listed:\n%s", out)
	}
	if !strings.Contains(out, "  related: corpus/a.md:1\n") {
		t.Errorf("a different list of places is not written out:\n%s", out)
	}
}

func TestTakeawaysCitations(t *testing.T) {
	misnamed := at("citation-mismatch", rules.Error, "a.md", 13, 5, 13, 41, rules.Finding{Term: "protection-from-harassment-act-1997", Message: "m",
		Expected: "Protection from Harassment Act 1997", Actual: "Protection from Harrassment Act 1997"})
	wrongSection := at("citation-mismatch", rules.Error, "b.md", 60, 30, 60, 40, rules.Finding{Term: "stalking", Message: "m", Expected: "section 2A", Actual: "s.2"})
	got := takeawaysOf(misnamed, wrongSection)
	want := []string{
		"1 page misnames the Protection from Harassment Act 1997",
		"1 page cites stalking to a provision other than section 2A",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("takeaways:\n%s\n--- want ---\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTextPointsToADefinitionItWouldQuote(t *testing.T) {
	f := at("excluded-element", rules.Warning, "a.md", 7, 15, 7, 33, rules.Finding{Term: "stalking", Message: "adds a kind of harassment",
		Expected: stalkingDef, Suggestion: `leave "form of harassment" out; the glossary definition is: ` + stalkingDef})
	out := textOf(t, f)
	if !strings.Contains(out, `Suggestion: leave "form of harassment" out; the glossary definition is under Definitions: stalking.`) || strings.Contains(out, "is (see") {
		t.Errorf("suggestion does not read as a sentence:\n%s", out)
	}
}

// The closing summary names terms as the glossary does, not by id, and
// falls back to the id as words for a term it has no name for.
func TestTakeawaysUseTermNames(t *testing.T) {
	breach := func(file string) *rules.Finding {
		return at("breach-context", rules.Warning, file, 3, 1, 3, 9, rules.Finding{Term: "breach-of-restraining-order", Message: "m"})
	}
	res := &Result{
		Findings:  []*rules.Finding{breach("a.md"), breach("b.md")},
		Summary:   rules.Summary{Documents: 2, Findings: 2, Warnings: 2},
		TermNames: map[string]string{"breach-of-restraining-order": "breach of a restraining order"},
	}
	rules.Sort(res.Findings)
	out := string(render(t, "text", res, Options{}))
	if !strings.Contains(out, "\n  2 pages treat breach of a restraining order as a one-off event") {
		t.Errorf("summary does not use the glossary's name:\n%s", out)
	}
	res.TermNames = nil
	out = string(render(t, "text", res, Options{}))
	if !strings.Contains(out, "\n  2 pages treat breach of restraining order as a one-off event") {
		t.Errorf("summary without names does not fall back to the id as words:\n%s", out)
	}
}

// check --changed-since reports some documents: the summary says how many
// of how many.
func TestTextSummaryChecked(t *testing.T) {
	two := 2
	f := at("deprecated-term", rules.Error, "a.md", 1, 1, 1, 5, rules.Finding{Message: "m"})
	res := &Result{Findings: []*rules.Finding{f}, Summary: rules.Summary{Documents: 3, Findings: 1, Errors: 1, Checked: &two}}
	if out := string(render(t, "text", res, Options{})); !strings.HasSuffix(out, "\n1 error, 0 warnings, 0 info in 2 of 3 documents checked\n") {
		t.Errorf("summary of a partial check:\n%s", out)
	}
	res = &Result{Summary: rules.Summary{Documents: 3, Checked: &two}}
	if out := string(render(t, "text", res, Options{})); out != "no findings in 2 of 3 documents checked\n" {
		t.Errorf("summary of a partial check without findings = %q", out)
	}
	res.Summary.Checked = nil
	if out := string(render(t, "text", res, Options{})); out != "no findings in 3 documents\n" {
		t.Errorf("summary of a full check = %q", out)
	}
}
