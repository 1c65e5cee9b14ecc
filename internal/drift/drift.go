// Package drift compares two versions of the glossary and says what changed,
// term by term and field by field, with word diffs of changed wording. It
// knows nothing of git or documents; the CLI supplies the old glossary and
// finds the documents each change affects.
//
// The comparison walks glossary.Term by reflection, so a field added to the
// term type is compared without anyone remembering to: only the fields named
// in Ignored are left out, and a test holds that list to the type.
package drift

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/wording"
)

// Kinds of change.
const (
	Added     = "added"
	Removed   = "removed"
	Changed   = "changed"
	Reordered = "reordered"
)

// Change is one changed field of one term, or a term added or removed.
type Change struct {
	Term string `json:"term"`
	// Field is the top-level key of the term file that changed ("penalty"),
	// or "term" for a term added or removed.
	Field string `json:"field"`
	// Path names the changed value within the term, in the file's keys
	// with list entries named by what identifies them:
	// "penalty[indictment].months", "deprecated[domestic violence].reason",
	// "breach.context". Empty for a term added or removed.
	Path string `json:"path"`
	// Kind is added, removed, changed or reordered.
	Kind string `json:"kind"`
	// Description says what changed in words: "penalty on indictment: 60
	// months → 24 months".
	Description string         `json:"description"`
	Before      string         `json:"before"`
	After       string         `json:"after"`
	Diff        []rules.DiffOp `json:"diff,omitempty"`
	Affected    []Place        `json:"affected"`
	Behind      []Place        `json:"-"`
	Old, New    *glossary.Term `json:"-"`
	// Phrases is wording whose use marks a document as affected: the old
	// and new text of a changed term name, alias, acronym, deprecated or
	// fixed phrase, breach wording and the like.
	Phrases []string `json:"-"`

	steps []step
}

// Place is a document line a change affects.
type Place struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// Ignored are the fields of glossary.Term that are not compared: where the
// term was loaded from, which moves when a file is renamed or edited above
// the term without changing what the term says. Every other field is.
var Ignored = []string{"File", "Pos"}

// Compare lists what changed from old to new, sorted by term, then in the
// order of the term's fields.
func Compare(old, new *glossary.Glossary) []*Change {
	var out []*Change
	olds, news := map[string]*glossary.Term{}, map[string]*glossary.Term{}
	var sorted []string
	for _, t := range old.Terms {
		olds[t.ID] = t
		sorted = append(sorted, t.ID)
	}
	for _, t := range new.Terms {
		news[t.ID] = t
		if olds[t.ID] == nil {
			sorted = append(sorted, t.ID)
		}
	}
	sort.Strings(sorted)
	for _, id := range sorted {
		o, n := olds[id], news[id]
		switch {
		case o == nil:
			out = append(out, finish(&Change{Term: id, Field: "term", Kind: Added, After: n.Term, New: n, Phrases: names(n)}))
		case n == nil:
			out = append(out, finish(&Change{Term: id, Field: "term", Kind: Removed, Before: o.Term, Old: o, Phrases: names(o)}))
		default:
			out = append(out, CompareTerms(o, n)...)
		}
	}
	return out
}

// CompareTerms lists what changed between two versions of one term.
func CompareTerms(o, n *glossary.Term) []*Change {
	w := &walker{old: o, new: n}
	w.structs(nil, reflect.ValueOf(o).Elem(), reflect.ValueOf(n).Elem())
	return w.out
}

// names is the wording by which a term is found in text.
func names(t *glossary.Term) []string {
	out := []string{t.Term, t.Acronym, t.Expansion}
	out = append(out, t.Aliases...)
	return nonEmpty(out)
}

// step is one level of a path: a key of the file, or a list entry.
type step struct {
	key   string // yaml key, for a field
	entry string // what identifies a list entry, for an element
	isEl  bool
}

func pathString(steps []step) string {
	var b strings.Builder
	for _, s := range steps {
		if s.isEl {
			fmt.Fprintf(&b, "[%s]", s.entry)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

type walker struct {
	old, new *glossary.Term
	out      []*Change
}

func (w *walker) emit(steps []step, kind string, before, after reflect.Value) {
	c := &Change{
		Term:  w.new.ID,
		Field: steps[0].key,
		Kind:  kind,
		Old:   w.old,
		New:   w.new,
		steps: append([]step(nil), steps...),
	}
	if before.IsValid() {
		c.Before = render(before)
		c.Phrases = append(c.Phrases, leafStrings(before)...)
	}
	if after.IsValid() {
		c.After = render(after)
		c.Phrases = append(c.Phrases, leafStrings(after)...)
	}
	if !wordingField[c.Field] {
		c.Phrases = nil
	}
	if kind == Changed && before.Kind() == reflect.String && len(strings.Fields(c.Before)) >= 4 && len(strings.Fields(c.After)) >= 4 {
		c.Diff = wording.Diff(c.Before, c.After)
	}
	w.out = append(w.out, finish(c))
}

func finish(c *Change) *Change {
	c.Path = pathString(c.steps)
	c.Phrases = nonEmpty(c.Phrases)
	c.Description = Describe(c)
	return c
}

// wordingField are the keys whose text is wording the matcher looks for
// in documents: a change to them affects the documents using the old or
// the new wording.
var wordingField = map[string]bool{
	"term": true, "aliases": true, "acronym": true, "expansion": true, "admitted": true,
	"deprecated": true, "phrases": true, "breach": true, "act": true,
}

// structs compares two values of one struct type field by field.
func (w *walker) structs(steps []step, o, n reflect.Value) {
	t := o.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || len(steps) == 0 && ignored(f.Name) {
			continue
		}
		w.value(append(steps, step{key: yamlKey(f)}), o.Field(i), n.Field(i))
	}
}

func ignored(name string) bool {
	for _, s := range Ignored {
		if s == name {
			return true
		}
	}
	return false
}

// yamlKey is a field's key in the term file.
func yamlKey(f reflect.StructField) string {
	if k, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); k != "" && k != "-" {
		return k
	}
	return strings.ToLower(f.Name)
}

func (w *walker) value(steps []step, o, n reflect.Value) {
	switch o.Kind() {
	case reflect.Struct:
		w.structs(steps, o, n)
	case reflect.Pointer:
		switch {
		case o.IsNil() && n.IsNil():
		case o.IsNil():
			w.emit(steps, Added, reflect.Value{}, n.Elem())
		case n.IsNil():
			w.emit(steps, Removed, o.Elem(), reflect.Value{})
		default:
			w.value(steps, o.Elem(), n.Elem())
		}
	case reflect.Slice:
		w.slices(steps, o, n)
	default:
		if !reflect.DeepEqual(o.Interface(), n.Interface()) {
			w.emit(steps, Changed, o, n)
		}
	}
}

// slices compares two lists entry by entry, pairing entries by what
// identifies them (a deprecated phrase by its wording, a penalty by its
// mode and dates), so that an entry added at the top is one addition, not
// a change to every entry below it.
func (w *walker) slices(steps []step, o, n reflect.Value) {
	ok, nk := entryKeys(o), entryKeys(n)
	oi, ni := map[string]int{}, map[string]int{}
	for i, k := range ok {
		oi[k] = i
	}
	for i, k := range nk {
		ni[k] = i
	}
	var common []string
	for i, k := range ok {
		if _, in := ni[k]; !in {
			w.emit(append(steps, step{entry: k, isEl: true}), Removed, o.Index(i), reflect.Value{})
		} else {
			common = append(common, k)
		}
	}
	var commonNew []string
	for i, k := range nk {
		if _, in := oi[k]; !in {
			w.emit(append(steps, step{entry: k, isEl: true}), Added, reflect.Value{}, n.Index(i))
		} else {
			commonNew = append(commonNew, k)
		}
	}
	for _, k := range common {
		w.value(append(steps, step{entry: k, isEl: true}), o.Index(oi[k]), n.Index(ni[k]))
	}
	if strings.Join(common, "\x00") != strings.Join(commonNew, "\x00") {
		c := &Change{Term: w.new.ID, Field: steps[0].key, Kind: Reordered, Old: w.old, New: w.new,
			Before: strings.Join(common, "; "), After: strings.Join(commonNew, "; "), steps: append([]step(nil), steps...)}
		w.out = append(w.out, finish(c))
	}
}

// entryKeys names each entry of a list by what identifies it; a second
// entry with the same name gets " #2", and so on.
func entryKeys(v reflect.Value) []string {
	keys := make([]string, v.Len())
	seen := map[string]int{}
	for i := range keys {
		k := entryKey(v.Index(i), i)
		seen[k]++
		if seen[k] > 1 {
			k = fmt.Sprintf("%s #%d", k, seen[k])
		}
		keys[i] = k
	}
	return keys
}

// entryKey is what identifies one list entry. A list of a type not named
// here pairs its entries by position, which still compares every field.
func entryKey(v reflect.Value, i int) string {
	switch x := v.Interface().(type) {
	case string:
		return x
	case glossary.Source:
		if k := x.Label(); k != "" {
			return k
		}
		return x.URL
	case glossary.Penalty:
		k := x.Mode
		if x.From != "" {
			k += " from " + x.From
		}
		if x.Until != "" {
			k += " until " + x.Until
		}
		return k
	case glossary.Deprecated:
		return x.Phrase
	case glossary.Element:
		if x.ID != "" {
			return x.ID
		}
		return x.Label
	case glossary.Superseded:
		return x.Act + ", s." + x.Section
	case glossary.Phrase:
		return x.Text
	case glossary.Admitted:
		return x.Expansion
	case glossary.AcceptedName:
		return x.Name
	}
	return fmt.Sprintf("#%d", i+1)
}

// leafStrings lists every string a value holds.
func leafStrings(v reflect.Value) []string {
	switch v.Kind() {
	case reflect.String:
		return []string{v.String()}
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return leafStrings(v.Elem())
	case reflect.Slice:
		var out []string
		for i := 0; i < v.Len(); i++ {
			out = append(out, leafStrings(v.Index(i))...)
		}
		return out
	case reflect.Struct:
		var out []string
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				out = append(out, leafStrings(v.Field(i))...)
			}
		}
		return out
	}
	return nil
}

func nonEmpty(s []string) []string {
	var out []string
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}
