package rules

import (
	"fmt"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/source"
)

// RunExample checks an example's documents with one rule (plus the
// suppression bookkeeping every run has) and returns its findings as
// "rule@line:col" for the example document, as Want lists them.
func RunExample(g *glossary.Glossary, r *Rule, ex Example) ([]*Finding, error) {
	var docs []*corpus.Document
	texts := append([]string{ex.Markdown}, ex.More...)
	for i, t := range texts {
		name := "example.md"
		if i > 0 {
			name = fmt.Sprintf("other%d.md", i)
		}
		f, err := source.New(name, []byte(t))
		if err != nil {
			return nil, err
		}
		d, err := corpus.Parse(f, name)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	settings := map[string]RuleSettings{}
	for _, other := range All() {
		settings[other.ID] = RuleSettings{}
	}
	settings[r.ID] = RuleSettings{Severity: r.Severity}
	if u := Lookup("unused-suppression"); u != nil && r.ID != u.ID {
		// Suppression comments in other rules' examples are for that rule.
		settings[u.ID] = RuleSettings{}
	} else if u != nil {
		// unused-suppression's own examples show what they suppress.
		settings["deprecated-term"] = RuleSettings{Severity: Error}
	}
	return Run(Input{Glossary: g, Docs: docs, Settings: settings}), nil
}

// Key is how examples name a finding: "rule@line:col", with the file when it
// is not the example document.
func (f *Finding) Key() string {
	if f.File != "example.md" {
		return fmt.Sprintf("%s@%s:%d:%d", f.Rule, f.File, f.Line, f.Column)
	}
	return fmt.Sprintf("%s@%d:%d", f.Rule, f.Line, f.Column)
}
