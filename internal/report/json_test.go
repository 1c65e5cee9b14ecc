package report

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
)

// TestEncodeReportMatchesEncoder holds the parallel JSON report to the bytes
// one encoding/json Encoder writes, for reports of every size around the
// chunk boundaries and with text that needs escaping.
func TestEncodeReportMatchesEncoder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "plain", `quote " and \ back`, "<b>&amp;</b>", "line\nbreak\ttab", "naïve – “curly” 日本", "\u2028\u2029", "\x01ctrl"}
	pick := func() string { return texts[r.IntN(len(texts))] }
	for _, n := range []int{0, 1, 2, 255, 256, 257, 512, 700} {
		res := testResult()
		res.Findings = nil
		for i := 0; i < n; i++ {
			f := &rules.Finding{Rule: "rule-" + pick(), Severity: rules.Severity(r.IntN(3) + 1), File: pick(), Line: i, Column: r.IntN(80),
				Message: pick(), Suggestion: pick(), Expected: pick(), Actual: pick(), Term: pick(), Fingerprint: fmt.Sprint(i)}
			if r.IntN(3) == 0 {
				f.Diff = []rules.DiffOp{{Op: "insert", Text: pick()}, {Op: "equal", Text: pick()}}
			}
			if r.IntN(3) == 0 {
				f.Related = []rules.Location{{File: pick(), Line: i, Message: pick()}}
			}
			res.Findings = append(res.Findings, f)
		}
		out := jsonReport{Version: 1, Findings: res.Findings, Summary: res.Summary}
		if out.Findings == nil {
			out.Findings = []*rules.Finding{}
		}
		var want, got bytes.Buffer
		if err := encodeJSON(&want, out); err != nil {
			t.Fatal(err)
		}
		if err := encodeReport(&got, out); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("%d findings: the parallel encoding differs\n got %q\nwant %q", n, got.String(), want.String())
		}
	}
}
