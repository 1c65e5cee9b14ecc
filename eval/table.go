package eval

import (
	"fmt"
	"sort"
	"strings"
)

// Table renders a corpus score as the Markdown table the README shows.
func (s *CorpusScore) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d documents, %d words\n\n", s.Documents, s.Words)
	b.WriteString("| rule | true | debatable | false | false errors | defects | found | recall |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	ids := make([]string, 0, len(s.ByRule))
	for id := range s.ByRule {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r := s.ByRule[id]
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %d | %s |\n", id, r.True, r.Debatable, r.False, r.FalseErrors, r.Defects, r.Found, ratio(r.Found, r.Defects))
	}
	t := s.total()
	fmt.Fprintf(&b, "| **all** | %d | %d | %d | %d | %d | %d | %s |\n", t.True, t.Debatable, t.False, t.FalseErrors, s.Defects, s.Found, ratio(s.Found, s.Defects))
	fmt.Fprintf(&b, "\nFalse alarms per 10,000 words: %.1f. Recall on labelled defects: %s (%d of %d).\n", s.FalsePer10k(), ratio(s.Found, s.Defects), s.Found, s.Defects)
	return b.String()
}

// Table renders the wording score as a Markdown table.
func (s *WordingScore) Table() string {
	var b strings.Builder
	b.WriteString("| rule | defect cases | found | recall | correct cases | raised a finding |\n|---|---:|---:|---:|---:|---:|\n")
	for _, r := range append(s.Rows(), s.Totals()) {
		name := r.Rule
		if name == "all" {
			name = "**all**"
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %s | %d | %d |\n", name, r.Defects, r.Found, ratio(r.Found, r.Defects), r.Correct, r.FalseAlarmed)
	}
	return b.String()
}

func ratio(n, d int) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", float64(n)/float64(d))
}
