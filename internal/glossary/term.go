// Package glossary holds the shared definitions that every document is held
// to: the term types, loading them from YAML with exact positions, validating
// them, and the phrase matcher that finds terms, aliases and deprecated
// wording in text. It knows nothing about Markdown or rules.
package glossary

import (
	"time"

	"github.com/concord-guidance/concord/internal/source"
)

// Term is one glossary entry, decoded from glossary/<id>.yaml. The yaml tags
// are the file format (docs/glossary-format.md, glossary/schema.json).
type Term struct {
	ID         string       `yaml:"id" json:"id"`
	Term       string       `yaml:"term" json:"term"`
	Kind       string       `yaml:"kind" json:"kind"`
	Definition string       `yaml:"definition" json:"definition"`
	Summary    string       `yaml:"summary" json:"summary"`
	Examples   []string     `yaml:"examples" json:"examples,omitempty"`
	Notes      []string     `yaml:"notes" json:"notes,omitempty"`
	Sources    []Source     `yaml:"sources" json:"sources"`
	Aliases    []string     `yaml:"aliases" json:"aliases,omitempty"`
	Acronym    string       `yaml:"acronym" json:"acronym,omitempty"`
	Expansion  string       `yaml:"expansion" json:"expansion,omitempty"`
	Admitted   []Admitted   `yaml:"admitted" json:"admitted,omitempty"`
	Deprecated []Deprecated `yaml:"deprecated" json:"deprecated,omitempty"`
	Required   []Element    `yaml:"required" json:"required,omitempty"`
	Excluded   []Element    `yaml:"excluded" json:"excluded,omitempty"`
	Penalty    []Penalty    `yaml:"penalty" json:"penalty,omitempty"`
	Superseded []Superseded `yaml:"superseded" json:"superseded,omitempty"`
	Breach     *Breach      `yaml:"breach" json:"breach,omitempty"`
	Related    []string     `yaml:"related" json:"related,omitempty"`
	Phrases    []Phrase     `yaml:"phrases" json:"phrases,omitempty"`
	Act        *Act         `yaml:"act" json:"act,omitempty"`
	// InForce is the date (YYYY-MM-DD) from which the definition is law.
	// A page dated before it described a law that did not yet say this,
	// so its restatements are not held to the definition.
	InForce string `yaml:"in_force" json:"inForce,omitempty"`
	// Overrides says this term replaces the term of the same id in an
	// earlier glossary layer (the built-in glossary under a project's own).
	// Without it a clash of ids is an error, so no built-in definition is
	// replaced by accident.
	Overrides bool `yaml:"overrides" json:"overrides,omitempty"`

	// File is where the term was loaded from; Pos is the position of its id.
	File string          `yaml:"-" json:"file"`
	Pos  source.Position `yaml:"-" json:"-"`

	keyPos positions
}

// KeyPos returns where a key (such as "sources[0].section") was written, or
// the term's own position when unknown.
func (t *Term) KeyPos(key string) source.Position {
	if p, ok := t.keyPos[key]; ok {
		return p
	}
	return t.Pos
}

// Source is a provision or document a term rests on.
type Source struct {
	Act      string `yaml:"act" json:"act,omitempty"`
	Section  string `yaml:"section" json:"section,omitempty"`
	Document string `yaml:"document" json:"document,omitempty"`
	Note     string `yaml:"note" json:"note,omitempty"`
	URL      string `yaml:"url" json:"url,omitempty"`
}

// Label is a short citation for people: "Protection from Harassment Act 1997, s.2A".
func (s Source) Label() string {
	switch {
	case s.Act != "" && s.Section != "":
		return s.Act + ", s." + s.Section
	case s.Act != "":
		return s.Act
	}
	return s.Document
}

// Admitted is another expansion of a term's acronym that is also correct:
// an established form an authoritative source uses beside the preferred one
// (IDVA as "Independent Domestic Abuse Adviser"). Documents may use it;
// the preferred expansion is still what concord suggests.
type Admitted struct {
	Expansion string `yaml:"expansion" json:"expansion"`
	Reason    string `yaml:"reason" json:"reason"`
	Source    string `yaml:"source" json:"source,omitempty"`
}

// Deprecated is wording to stop using.
type Deprecated struct {
	Phrase      string   `yaml:"phrase" json:"phrase"`
	Replacement string   `yaml:"replacement" json:"replacement"`
	Reason      string   `yaml:"reason" json:"reason"`
	Except      []string `yaml:"except" json:"except,omitempty"`
	// Since is the date (YYYY-MM-DD) from which the phrase is wrong; a page
	// stating the law of an earlier date used the word of its time. Empty
	// when the phrase was never right (a misnamed order or Act).
	Since string `yaml:"since" json:"since,omitempty"`
	// Accepted are proper names that contain the phrase and are right (a
	// role, an Act, a court or scheme that keeps its established name), each
	// with the reason it stands; the matcher never reports them.
	Accepted []AcceptedName `yaml:"accepted" json:"accepted,omitempty"`
}

// AcceptedName is a proper name that contains a deprecated phrase and is right.
type AcceptedName struct {
	Name   string `yaml:"name" json:"name"`
	Reason string `yaml:"reason" json:"reason"`
}

// SinceDate is Since as a date; ok is false when there is none.
func (d *Deprecated) SinceDate() (t time.Time, ok bool) {
	if d.Since == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, d.Since)
	return t, err == nil
}

// Element is a required or excluded part of a definition.
type Element struct {
	ID      string   `yaml:"id" json:"id"`
	Label   string   `yaml:"label" json:"label"`
	Cues    []string `yaml:"cues" json:"cues"`
	Reason  string   `yaml:"reason" json:"reason"`
	Belongs string   `yaml:"belongs" json:"belongs,omitempty"`
}

// Penalty is a maximum sentence by mode of trial, and the dates it holds
// between: a maximum that was raised applies to offences committed from the
// day the change took effect, and the old one to those before it.
type Penalty struct {
	Mode    string `yaml:"mode" json:"mode"`
	Maximum string `yaml:"maximum" json:"maximum"`
	Months  int    `yaml:"months" json:"months,omitempty"`
	Note    string `yaml:"note" json:"note,omitempty"`
	// From and Until (YYYY-MM-DD) bound the period the maximum holds:
	// from that day, and until the day before Until. Empty means no bound.
	From  string `yaml:"from" json:"from,omitempty"`
	Until string `yaml:"until" json:"until,omitempty"`
}

// InForce reports whether the maximum held on day t. Dates that do not
// parse count as no bound (validation reports them).
func (p *Penalty) InForce(t time.Time) bool {
	if from, err := time.Parse(time.DateOnly, p.From); err == nil && t.Before(from) {
		return false
	}
	if until, err := time.Parse(time.DateOnly, p.Until); err == nil && !t.Before(until) {
		return false
	}
	return true
}

// Current reports whether the maximum holds today: it has no end date, or
// one still to come.
func (p *Penalty) Current() bool {
	return p.InForce(time.Now().UTC().Truncate(24 * time.Hour))
}

// Superseded is a provision that no longer applies.
type Superseded struct {
	Act         string `yaml:"act" json:"act"`
	Section     string `yaml:"section" json:"section"`
	Until       string `yaml:"until" json:"until"`
	Replacement string `yaml:"replacement" json:"replacement"`
	Reason      string `yaml:"reason" json:"reason"`
}

// Breach says how breach of an order is recognised and what context a
// discussion of it needs.
type Breach struct {
	Orders  []string `yaml:"orders" json:"orders"`
	Verbs   []string `yaml:"verbs" json:"verbs"`
	Context []string `yaml:"context" json:"context"`
}

// Phrase is fixed wording whose exact form matters.
type Phrase struct {
	Text string `yaml:"text" json:"text"`
	Kind string `yaml:"kind" json:"kind"`
}

// Act tells citations how an Act is named.
type Act struct {
	Title string   `yaml:"title" json:"title"`
	Year  int      `yaml:"year" json:"year"`
	Short []string `yaml:"short" json:"short,omitempty"`
}
