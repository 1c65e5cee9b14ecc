package drift

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
)

// nouns name the keys of a term file for people, by their dotted path
// without list entries; a key not named here is written as it is, with
// spaces for underscores. A list's noun is singular: it names one entry.
var nouns = map[string]string{
	"term":                "preferred term",
	"examples":            "example",
	"notes":               "note",
	"sources":             "source",
	"aliases":             "alias",
	"expansion":           "acronym expansion",
	"admitted":            "admitted expansion",
	"admitted.source":     "source",
	"deprecated":          "deprecated wording",
	"deprecated.except":   "exception",
	"deprecated.accepted": "accepted name",
	"deprecated.since":    "wrong since",
	"required":            "required element",
	"excluded":            "excluded element",
	"required.cues":       "cue",
	"excluded.cues":       "cue",
	"superseded":          "superseded provision",
	"superseded.until":    "superseded on",
	"breach.orders":       "order breached",
	"breach.verbs":        "breach wording",
	"breach.context":      "breach context phrase",
	"related":             "related term",
	"phrases":             "fixed phrase",
	"act":                 "Act",
	"act.title":           "Act title",
	"act.year":            "Act year",
	"act.short":           "Act short title",
	"in_force":            "in force from",
	"penalty.maximum":     "maximum",
	"penalty.from":        "from",
	"penalty.until":       "until",
}

// Describe says what a change is in words, for people who edit the
// glossary: "penalty on indictment: 60 months → 24 months", "deprecated
// wording added: stalking prevention order (use stalking protection order)".
func Describe(c *Change) string {
	if len(c.steps) == 0 {
		if c.Kind == Added {
			return fmt.Sprintf("new term: %s", c.After)
		}
		return fmt.Sprintf("term removed: %s", c.Before)
	}
	last := c.steps[len(c.steps)-1]
	label := label(c.steps)
	switch c.Kind {
	case Added:
		return fmt.Sprintf("%s added: %s", label, c.After)
	case Removed:
		return fmt.Sprintf("%s removed: %s", label, c.Before)
	case Reordered:
		return fmt.Sprintf("%s entries reordered: %s → %s", label, c.Before, c.After)
	}
	if c.Diff != nil {
		return label + " changed"
	}
	before, after := orNone(c.Before), orNone(c.After)
	if last.key == "months" {
		before, after = months(c.Before), months(c.After)
	}
	return fmt.Sprintf("%s: %s → %s", label, before, after)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func months(s string) string {
	switch s {
	case "", "0":
		return "(none)"
	case "1":
		return "1 month"
	}
	return s + " months"
}

// label names the value a path leads to: "penalty on indictment",
// "deprecated wording "domestic violence", reason". An entry that is the
// path's last step is not named: the change shows it.
func label(steps []step) string {
	var parts []string
	var keys []string
	for i, s := range steps {
		if s.isEl {
			if i == len(steps)-1 {
				break
			}
			parts[len(parts)-1] = qualify(strings.Join(keys, "."), parts[len(parts)-1], s.entry)
			continue
		}
		keys = append(keys, s.key)
		if s.key == "months" && i == len(steps)-1 && len(parts) > 0 {
			break // "60 months" says what the number is
		}
		if _, named := nouns[strings.Join(keys, ".")]; named && i > 0 && !steps[i-1].isEl {
			// A key of a nested mapping with a name of its own ("breach
			// context phrase") needs no parent's name before it.
			parts[len(parts)-1] = noun(keys)
			continue
		}
		parts = append(parts, noun(keys))
	}
	return strings.Join(parts, ", ")
}

func noun(keys []string) string {
	if n, ok := nouns[strings.Join(keys, ".")]; ok {
		return n
	}
	return strings.ReplaceAll(keys[len(keys)-1], "_", " ")
}

// qualify names one entry of a list: "penalty on indictment",
// "deprecated wording "domestic violence"".
func qualify(keys, noun, entry string) string {
	if keys == "penalty" {
		mode, rest, _ := strings.Cut(entry, " ")
		switch mode {
		case "indictment":
			mode = "on indictment"
		case "summary":
			mode = "on summary conviction"
		default:
			mode = "for " + mode
		}
		return strings.TrimSpace(noun + " " + mode + " " + rest)
	}
	return fmt.Sprintf("%s %q", noun, entry)
}

// render writes a value on one line for people.
func render(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Bool:
		if v.Bool() {
			return "yes"
		}
		return "no"
	case reflect.Pointer:
		if v.IsNil() {
			return ""
		}
		return render(v.Elem())
	case reflect.Slice:
		var s []string
		for i := 0; i < v.Len(); i++ {
			s = append(s, render(v.Index(i)))
		}
		return strings.Join(s, "; ")
	case reflect.Struct:
		return renderStruct(v)
	}
	return fmt.Sprint(v.Interface())
}

func renderStruct(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case glossary.Penalty:
		s := x.Maximum
		if x.Months > 0 {
			s += fmt.Sprintf(" (%s)", months(strconv.Itoa(x.Months)))
		}
		return strings.TrimSpace(x.Mode + ": " + s)
	case glossary.Deprecated:
		if x.Replacement == "" {
			return x.Phrase
		}
		return fmt.Sprintf("%s (use %s)", x.Phrase, x.Replacement)
	case glossary.Element:
		if len(x.Cues) == 0 {
			return x.Label
		}
		return fmt.Sprintf("%s (%s)", x.Label, strings.Join(x.Cues, ", "))
	case glossary.Source:
		if l := x.Label(); l != "" {
			return l
		}
		return x.URL
	case glossary.Superseded:
		s := x.Act + ", s." + x.Section
		if x.Until != "" {
			s += " (until " + x.Until + ")"
		}
		return s
	case glossary.Act:
		if x.Year == 0 {
			return x.Title
		}
		return fmt.Sprintf("%s (%d)", x.Title, x.Year)
	}
	// Any other struct: its non-empty fields by key.
	var s []string
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if !t.Field(i).IsExported() {
			continue
		}
		if r := render(v.Field(i)); r != "" && r != "0" {
			s = append(s, yamlKey(t.Field(i))+": "+r)
		}
	}
	return strings.Join(s, "; ")
}
