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
	for i, t := range exampleTexts(ex) {
		d, err := parseExample(exampleName(i), t)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return Run(Input{Glossary: g, Docs: docs, Settings: exampleSettings(r)}), nil
}

func exampleTexts(ex Example) []string { return append([]string{ex.Markdown}, ex.More...) }

// exampleName is the name of an example's document i: example.md, then
// other1.md, other2.md...
func exampleName(i int) string {
	if i == 0 {
		return "example.md"
	}
	return fmt.Sprintf("other%d.md", i)
}

func parseExample(name, text string) (*corpus.Document, error) {
	f, err := source.New(name, []byte(text))
	if err != nil {
		return nil, err
	}
	return corpus.Parse(f, name)
}

// exampleSettings turns on r alone.
func exampleSettings(r *Rule) map[string]RuleSettings {
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
	return settings
}

// Key is how examples name a finding: "rule@line:col", with the file when it
// is not the example document.
func (f *Finding) Key() string {
	if f.File != "example.md" {
		return fmt.Sprintf("%s@%s:%d:%d", f.Rule, f.File, f.Line, f.Column)
	}
	return fmt.Sprintf("%s@%d:%d", f.Rule, f.Line, f.Column)
}
