package report

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/concord-guidance/concord/internal/par"

	"github.com/concord-guidance/concord/internal/rules"
)

// jsonReport is the fixed JSON contract: {"version": 1, "findings": [...],
// "summary": {...}}. Findings and the summary use their own JSON tags, so the
// report changes only when rules.Finding does.
type jsonReport struct {
	Version  int              `json:"version"`
	Findings []*rules.Finding `json:"findings"`
	Summary  rules.Summary    `json:"summary"`
}

// writeJSON writes concord's own report, indented two spaces, ending in a
// newline. Empty lists and maps are written as [] and {}, never null.
func writeJSON(buf *bytes.Buffer, res *Result, _ Options) error {
	out := jsonReport{Version: 1, Findings: res.Findings, Summary: res.Summary}
	if out.Findings == nil {
		out.Findings = []*rules.Finding{}
	}
	if out.Summary.ByRule == nil {
		out.Summary.ByRule = map[string]int{}
	}
	return encodeReport(buf, out)
}

// encodeReport is encodeJSON(buf, r), with the findings encoded on all
// cores, without reflection (appendFinding): a large report's findings are
// most of its bytes, and reflection and indenting them took a sixth of a
// check after a small edit.
// TestEncodeReportMatchesEncoder holds it to encodeJSON's bytes.
func encodeReport(buf *bytes.Buffer, r jsonReport) error {
	const chunk = 256
	parts := par.Map((len(r.Findings)+chunk-1)/chunk, func(i int) []byte {
		var b []byte
		for k, f := range r.Findings[i*chunk : min((i+1)*chunk, len(r.Findings))] {
			if i > 0 || k > 0 {
				b = append(b, ",\n    "...)
			}
			b = appendFinding(b, f)
		}
		return b
	})
	summary, err := indented(r.Summary, "  ")
	if err != nil {
		return err
	}
	total := len(summary) + 64
	for _, p := range parts {
		total += len(p)
	}
	buf.Grow(total) // one allocation for a report of megabytes
	fmt.Fprintf(buf, "{\n  \"version\": %d,\n  \"findings\": [", r.Version)
	if len(r.Findings) > 0 {
		buf.WriteString("\n    ")
		for _, p := range parts {
			buf.Write(p)
		}
		buf.WriteString("\n  ")
	}
	buf.WriteString("],\n  \"summary\": ")
	buf.Write(summary)
	buf.WriteString("\n}\n")
	return nil
}

// indented encodes v as encodeJSON does, as a value nested at prefix, with
// no final newline.
func indented(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// encodeJSON writes v indented two spaces with a final newline. HTML
// characters are left alone: these reports are read by programs and people,
// never embedded in a page. (encoding/json sorts map keys, so maps are safe.)
func encodeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
