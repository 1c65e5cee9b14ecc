package report

import (
	"bytes"
	"encoding/json"

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
	return encodeJSON(buf, out)
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
