package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// browserParityQueries are what readers type: the benchmark's queries,
// inflections the corpus does not hold, typos, citations in the ways
// guidance writes them, and the query syntax the browser runs. Phrases are
// left out: the browser matches a phrase's words without their positions
// (site/search/README.md).
var browserParityQueries = append(append([]string(nil), searchQueries...),
	// Inflections, most of them in no document.
	"stalked", "stalkers", "fearing", "harassing", "harasses", "restrained", "obsessively",
	"coerced", "breaches", "intimidated", "monitors", "threatening behaviours", "victimised",
	"loiterings", "sentenced offenders",
	// Typos.
	"harasment", "stlaking", "restraning order", "cyberstalkng", "coersive control", "vicitm",
	"protecton order", "survelliance", "bial conditions", "domestc abuse", "+harrasment court",
	// Citations.
	"s.4A", "section 4A", "s 4A PHA 1997", "PHA 1997 s.4A", "s.2A", "section 2A", "s 2A PHA 1997",
	"s.7(3A)", "s.76 SCA 2015", "section 42A", "S4A", "stalking -s.2A",
	// Syntax and glossary words.
	"+restraining -interim", "title:stalking", "heading:breach order", "restrain*", "harass?ent",
	"SPO", "IDVA", "what is stalking", "Victims' Code", "4.2.1",
)

// parityResult is a result as both sides show it.
type parityResult struct {
	Title   string  `json:"title"`
	Section string  `json:"section"`
	Line    int     `json:"line"`
	Score   float64 `json:"score"`
}

// TestBrowserParity builds the bundled site, asks `concord search --format
// json` each of browserParityQueries, and checks under node that the built
// site's own search.js (with stem.js, over the published shards) finds the
// same number of sections, the same top ten with the same scores, and makes
// the same spelling corrections.
func TestBrowserParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	if len(browserParityQueries) < 50 {
		t.Fatalf("only %d queries", len(browserParityQueries))
	}
	root := repoRoot(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := runIn(t, root, "build", "--out", out); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	type parityCase struct {
		Query       string            `json:"query"`
		Total       int               `json:"total"`
		Top         []parityResult    `json:"top"`
		Corrections []json.RawMessage `json:"corrections"`
	}
	var cases []parityCase
	found, corrected := 0, 0
	for _, q := range browserParityQueries {
		stdout, stderr, code := runIn(t, root, "search", "--format", "json", q)
		if code != 0 {
			t.Fatalf("search %q: exit %d: %s", q, code, stderr)
		}
		var res struct {
			Results     []parityResult    `json:"results"`
			Total       int               `json:"total"`
			Corrections []json.RawMessage `json:"corrections"`
		}
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if res.Total > 0 {
			found++
		}
		if len(res.Corrections) > 0 {
			corrected++
		}
		cases = append(cases, parityCase{q, res.Total, res.Results, res.Corrections})
	}
	// The comparison means something only if most queries find something.
	if found < len(cases)-5 || corrected < 8 {
		t.Fatalf("of %d queries %d find something and %d are corrected", len(cases), found, corrected)
	}
	t.Logf("%d queries: %d find something, %d corrected", len(cases), found, corrected)
	dir := t.TempDir()
	b, _ := json.MarshalIndent(cases, "", " ")
	if err := os.WriteFile(filepath.Join(dir, "cases.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "--test", "testdata/browser_parity.test.js")
	cmd.Env = append(os.Environ(), "CONCORD_SITE="+out, "CONCORD_CASES="+filepath.Join(dir, "cases.json"))
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Run(); err != nil {
		t.Fatalf("node --test: %v\n%s", err, log.String())
	}
}
