package report

import (
	"bytes"

	"github.com/concord-guidance/concord/internal/rules"
)

// reviewdog's Diagnostic Format (rdjson), for `reviewdog -f=rdjson`. Unlike
// SARIF, its columns are 1-based UTF-8 byte counts, and a range's end is
// exclusive. Deprecated and variant wording carry a suggestion, which
// reviewdog posts as a one-click fix.
type rdResult struct {
	Source      rdSource       `json:"source"`
	Diagnostics []rdDiagnostic `json:"diagnostics"`
}

type rdSource struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type rdDiagnostic struct {
	Message     string         `json:"message"`
	Location    rdLocation     `json:"location"`
	Severity    string         `json:"severity"`
	Code        rdCode         `json:"code"`
	Suggestions []rdSuggestion `json:"suggestions,omitempty"`
}

type rdLocation struct {
	Path  string   `json:"path"`
	Range *rdRange `json:"range,omitempty"`
}

type rdRange struct {
	Start rdPosition  `json:"start"`
	End   *rdPosition `json:"end,omitempty"`
}

type rdPosition struct {
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
}

type rdCode struct {
	Value string `json:"value"`
	URL   string `json:"url,omitempty"`
}

type rdSuggestion struct {
	Range rdRange `json:"range"`
	Text  string  `json:"text"`
}

func writeRDJSON(buf *bytes.Buffer, res *Result, _ Options) error {
	rulesByID := map[string]*rules.Rule{}
	for _, r := range res.Rules {
		rulesByID[r.ID] = r
	}
	out := rdResult{
		Source:      rdSource{Name: "concord", URL: InformationURI},
		Diagnostics: make([]rdDiagnostic, 0, len(res.Findings)),
	}
	for _, f := range res.Findings {
		rule := rulesByID[f.Rule]
		if rule == nil {
			rule = &rules.Rule{ID: f.Rule}
		}
		d := rdDiagnostic{
			Message:  fullMessage(f),
			Location: rdLocation{Path: f.File, Range: rdRangeOf(f)},
			Severity: rdSeverity(f.Severity),
			Code:     rdCode{Value: f.Rule, URL: rule.HelpURI()},
		}
		// A replacement needs the exact span; without byte columns it could
		// only replace whole lines, which would lose text.
		if f.Replacement() && d.Location.Range != nil && d.Location.Range.End != nil &&
			d.Location.Range.Start.Column > 0 && d.Location.Range.End.Column > 0 {
			d.Suggestions = []rdSuggestion{{Range: *d.Location.Range, Text: f.Suggestion}}
		}
		out.Diagnostics = append(out.Diagnostics, d)
	}
	return encodeJSON(buf, out)
}

// rdRangeOf is the finding's span in byte columns; nil when the line is not
// known. Without byte columns the range is line-wise.
func rdRangeOf(f *rules.Finding) *rdRange {
	if f.Line <= 0 {
		return nil
	}
	r := &rdRange{Start: rdPosition{Line: f.Line, Column: max(f.ByteColumn, 0)}}
	endLine := f.EndLine
	if endLine <= 0 {
		endLine = f.Line
	}
	switch {
	case f.ByteColumn > 0 && f.EndByteColumn > 0 && (endLine > f.Line || f.EndByteColumn >= f.ByteColumn):
		r.End = &rdPosition{Line: endLine, Column: f.EndByteColumn}
	case endLine > f.Line && f.ByteColumn <= 0:
		r.End = &rdPosition{Line: endLine}
	}
	return r
}

func rdSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "ERROR"
	case rules.Warning:
		return "WARNING"
	}
	return "INFO"
}
