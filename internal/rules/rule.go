// Package rules holds concord's checks. Each rule is a value in the registry
// with its id, documentation, default severity, options and examples; the
// examples are run as tests and shown by `concord rules ID` and on the site,
// so the documentation cannot drift from the behaviour. A rule reads its
// own document and the glossary, and learns about other documents and the
// disk only through the Pass accessors, which record what it read so the
// check cache knows what its findings depend on (reads.go); rules never
// write output.
package rules

import "sort"

// Scope says whether a rule looks at one document at a time or at the whole
// corpus.
type Scope int

const (
	DocumentScope Scope = iota
	CorpusScope
)

// Rule is one check.
type Rule struct {
	ID        string
	Title     string // short description, one line
	Rationale string // why the rule exists, a paragraph
	Severity  Severity
	Scope     Scope
	Options   []Option
	Examples  []Example
	// SuggestsReplacement says the rule's suggestions are the words to
	// put in place of the matched text, not advice in words: reports
	// offer them as one-click fixes (Finding.Replacement).
	SuggestsReplacement bool
	// Check runs on one document (DocumentScope) or the whole corpus
	// (CorpusScope) and reports through the pass.
	Check func(*Pass)
}

// Option is a setting of a rule that concord.yaml can change.
type Option struct {
	Name    string
	Default float64
	Doc     string
	// Unit is what values mean, so concord.yaml is checked against it.
	Unit Unit
}

// Unit is the kind of value an option takes.
type Unit int

const (
	// Fraction is a share from 0 to 1, such as a similarity threshold;
	// concord.yaml may write it as a percentage (60%).
	Fraction Unit = iota
	// Switch is 1 (on) or 0 (off); concord.yaml may write true or false.
	Switch
	// Count is a whole number, 0 or more.
	Count
)

// Describe says in words what values a unit takes, for messages and docs.
func (u Unit) Describe() string {
	switch u {
	case Switch:
		return "1 or 0, or true or false"
	case Count:
		return "a whole number, 0 or more"
	}
	return "a fraction from 0 to 1, or a percentage such as 60%"
}

// Example is a Markdown snippet with the findings it must produce. Want lists
// the expected findings as "rule@line:col" or, when Want is empty, the
// snippet must produce no finding of the rule (a near miss that must not
// fire).
type Example struct {
	Title    string
	Markdown string
	// More holds other documents checked together with Markdown, for rules
	// that compare documents; they are named other1.md, other2.md...
	More []string
	Want []string
}

// HelpURI is where a rule's documentation lives on the published site and in
// the repository, for SARIF and rdjson.
func (r *Rule) HelpURI() string {
	return "https://github.com/concord-guidance/concord/blob/main/docs/rules.md#" + r.ID
}

var registry []*Rule

// register adds a rule; called from each rule's file.
func register(r *Rule) { registry = append(registry, r) }

// All returns every rule, sorted by id.
func All() []*Rule {
	out := append([]*Rule(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup finds a rule by id.
func Lookup(id string) *Rule {
	for _, r := range registry {
		if r.ID == id {
			return r
		}
	}
	return nil
}
