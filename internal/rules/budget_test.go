package rules

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/testload"
)

// wordTable is attack 8 of issue 17: a "| Term | Meaning |" table whose
// rows pair one glossary term with another, so every row reads as a
// glossary entry that drifts from the definition. rows rows, starting at
// row from (so two tables can differ only in their length).
func wordTable(g *glossary.Glossary, rows int) string {
	var b strings.Builder
	b.WriteString("# Terms\n\n| Term | Meaning |\n|---|---|\n")
	n := len(g.Terms)
	for i := range rows {
		fmt.Fprintf(&b, "| %s | %s |\n", g.Terms[i%n].Term, g.Terms[(i*7+3)%n].Term)
	}
	return b.String()
}

// runAll runs every rule at its default severity over one document.
func runAll(t testing.TB, md string, before ...func()) ([]*Finding, uint64) {
	t.Helper()
	g := testload.Glossary(t)
	d := testload.Doc(t, "table.md", md)
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	fs := Run(Input{Glossary: g, Docs: []*corpus.Document{d}})
	runtime.ReadMemStats(&m1)
	return fs, m1.TotalAlloc - m0.TotalAlloc
}

// A 15 MB table of glossary words took 7.1 GB to check: each of its rows
// was a definition-drift finding with its own message, suggestion and word
// diff, so the report was some 25 times the input and every finding was
// held until the end. One rule now reports at most FindingsPerRule
// findings in one document and counts the rest in one finding placed at
// the first it leaves out; the drift rule does not diff the rows it will
// not report. So the report stops growing with the table, and the work
// left grows with it only linearly.
func TestGlossaryWordTableIsBounded(t *testing.T) {
	g := testload.Glossary(t)
	measure := func(rows int) (jsonBytes int, alloc uint64, inBytes int) {
		md := wordTable(g, rows)
		fs, alloc := runAll(t, md)
		perRule := map[string]int{}
		closing := map[string]*Finding{}
		for _, f := range fs {
			perRule[f.Rule]++
			if strings.Contains(f.Message, "left out") {
				closing[f.Rule] = f
			}
		}
		for rule, n := range perRule {
			if n > FindingsPerRule+1 {
				t.Errorf("%d rows: %d %s findings in one document, want at most %d and one that counts the rest", rows, n, rule, FindingsPerRule)
			}
		}
		c := closing["definition-drift"]
		switch {
		case c == nil:
			t.Errorf("%d rows: no finding counts the definition-drift findings left out (%v)", rows, perRule)
		case c.Line < 4+FindingsPerRule+1:
			// The rows are reported in order, one each, below the table's
			// four lines, so the first left out is at least that far down.
			t.Errorf("%d rows: the closing finding is at line %d, before the first row left out", rows, c.Line)
		case !strings.Contains(c.Message, fmt.Sprintf("at most %d findings of one rule", FindingsPerRule)) || c.Severity != Warning:
			t.Errorf("%d rows: closing finding %s: %s", rows, c.Severity, c.Message)
		}
		var drift []*Finding
		for _, f := range fs {
			if f.Rule == "definition-drift" {
				drift = append(drift, f)
			}
		}
		out, err := json.Marshal(drift)
		if err != nil {
			t.Fatal(err)
		}
		return len(out), alloc, len(md)
	}
	j1, a1, n1 := measure(4000)
	j2, a2, n2 := measure(8000)
	t.Logf("%d bytes in: %d bytes of definition-drift findings, %d bytes allocated (%.0f a byte); %d bytes in: %d, %d (%.0f a byte)",
		n1, j1, a1, float64(a1)/float64(n1), n2, j2, a2, float64(a2)/float64(n2))
	// The report: twice the rows, (nearly) the same findings of the rule
	// past its budget at both sizes; before, twice as many. (The other
	// rules are under the budget here, so theirs grow with the table.)
	if float64(j2) > 1.05*float64(j1) {
		t.Errorf("doubling the table took the definition-drift findings from %d to %d bytes; want them bounded", j1, j2)
	}
	// The work: at most linear, and a bounded multiple of the input. Before
	// the budget the rules allocated about 280 bytes for each byte of the
	// table; the analysis every document needs (tokens, glossary matches,
	// restatements) takes about 65.
	if float64(a2) > 2.3*float64(a1) {
		t.Errorf("doubling the table multiplied what the rules allocate by %.2f (%d -> %d bytes); want at most linear", float64(a2)/float64(a1), a1, a2)
	}
	if per := float64(a2) / float64(n2); per > 150 {
		t.Errorf("the rules allocated %.0f bytes for each byte of the table; want at most 150", per)
	}
}

// The budget counts what would be reported: a finding a concord:ignore
// comment excuses is not counted, and past the budget such a comment is
// still used (not reported as suppressing nothing); the closing finding
// takes the most serious severity of those it stands for.
func TestBudgetLeavesSuppressionsAndSeverity(t *testing.T) {
	g := testload.Glossary(t)
	table := wordTable(g, FindingsPerRule+50)
	// A suppression on a paragraph after the table, which holds one more
	// drifting entry: past the budget, so the rule would leave it out.
	md := table + "\n<!-- concord:ignore definition-drift reason: quoted from an old leaflet -->\nStalking means following someone twice.\n"
	fs, _ := runAll(t, md)
	for _, f := range fs {
		if f.Rule == "unused-suppression" {
			t.Errorf("a suppression past the budget was reported as unused: %s", f.Message)
		}
	}
	// Every drifting row at Error: the closing finding is an error too, so
	// --fail-on error still fails.
	p := &Pass{Rule: Lookup("definition-drift"), settings: RuleSettings{Severity: Warning}}
	d := testload.Doc(t, "x.md", "a\n")
	for i := range FindingsPerRule + 3 {
		sev := Warning
		if i == FindingsPerRule+1 {
			sev = Error
		}
		p.Report(d, 0, 1, Finding{Severity: sev, Message: "m"})
	}
	got := p.findings()
	if len(got) != FindingsPerRule+1 {
		t.Fatalf("%d findings, want %d and one closing", len(got), FindingsPerRule)
	}
	last := got[len(got)-1]
	if last.Severity != Error || !strings.HasPrefix(last.Message, "and 3 more definition-drift findings") {
		t.Errorf("closing finding: %s %q", last.Severity, last.Message)
	}
}
