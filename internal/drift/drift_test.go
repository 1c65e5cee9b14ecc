package drift

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/glossary"
)

// fill sets every field of the value v points to, recursively, to a value
// no other field has, as the check cache's codec test does. Lists get two
// entries, so that pairing entries by what identifies them is exercised.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				fill(v.Field(i), n)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := 0; i < 2; i++ {
			fill(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), n)
		v.Set(p)
	default:
		panic("fill: unhandled kind " + v.Kind().String() + " of " + v.Type().String())
	}
}

// filled is a term with every compared field set.
func filled() *glossary.Term {
	t := &glossary.Term{}
	n := 0
	v := reflect.ValueOf(t).Elem()
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).CanSet() && !slices.Contains(Ignored, v.Type().Field(i).Name) {
			fill(v.Field(i), &n)
		}
	}
	t.ID = "widget"
	return t
}

// leaf is one scalar a term holds: its place, for messages, and how to
// reach it in a term.
type leaf struct {
	name  string         // Go path, for messages: Penalty[1].Months
	top   string         // the term file's top-level key: penalty
	key   string         // the leaf's own key: months
	inKey bool           // the leaf is (part of) what identifies its list entry
	at    []int          // field and index path from the Term
	kinds []reflect.Kind // kind at each step
}

// leaves lists every scalar of a filled term, by reflection.
func leaves(t *glossary.Term) []leaf {
	var out []leaf
	var walk func(v reflect.Value, l leaf)
	walk = func(v reflect.Value, l leaf) {
		switch v.Kind() {
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				f := v.Type().Field(i)
				if !f.IsExported() || len(l.at) == 0 && slices.Contains(Ignored, f.Name) {
					continue
				}
				c := l
				c.at = append(slices.Clone(l.at), i)
				c.kinds = append(slices.Clone(l.kinds), reflect.Struct)
				c.name = strings.TrimPrefix(l.name+"."+f.Name, ".")
				c.key = yamlKey(f)
				if len(l.at) == 0 {
					c.top = c.key
				}
				walk(v.Field(i), c)
			}
		case reflect.Pointer:
			c := l
			c.at = append(slices.Clone(l.at), 0)
			c.kinds = append(slices.Clone(l.kinds), reflect.Pointer)
			walk(v.Elem(), c)
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				c := l
				c.at = append(slices.Clone(l.at), i)
				c.kinds = append(slices.Clone(l.kinds), reflect.Slice)
				c.name = fmt.Sprintf("%s[%d]", l.name, i)
				if v.Type().Elem().Kind() == reflect.String {
					c.inKey = true
				}
				walk(v.Index(i), c)
			}
		default:
			out = append(out, l)
		}
	}
	walk(reflect.ValueOf(t).Elem(), leaf{})
	return out
}

// reach returns the value a leaf names in t.
func (l leaf) reach(t *glossary.Term) reflect.Value {
	v := reflect.ValueOf(t).Elem()
	for i, at := range l.at {
		switch l.kinds[i] {
		case reflect.Struct:
			v = v.Field(at)
		case reflect.Pointer:
			v = v.Elem()
		case reflect.Slice:
			v = v.Index(at)
		}
	}
	return v
}

// Every field of glossary.Term that is not in Ignored has a key in the term
// file, and every name in Ignored is a field: a field added to the type is
// compared unless someone decides here that it should not be.
func TestIgnoredNamesFieldsThatAreNotContent(t *testing.T) {
	tt := reflect.TypeFor[glossary.Term]()
	for _, name := range Ignored {
		f, ok := tt.FieldByName(name)
		if !ok {
			t.Errorf("Ignored names %s, which glossary.Term does not have", name)
			continue
		}
		if f.Tag.Get("yaml") != "-" {
			t.Errorf("Ignored names %s, which the term file holds (yaml %q): a change to it would go unseen", name, f.Tag.Get("yaml"))
		}
	}
	for i := 0; i < tt.NumField(); i++ {
		f := tt.Field(i)
		if f.IsExported() && f.Tag.Get("yaml") == "-" && !slices.Contains(Ignored, f.Name) {
			t.Errorf("glossary.Term.%s is not in the term file: add it to Ignored, or give it a yaml key", f.Name)
		}
	}
}

// Changing any one scalar of a term, however deep, is reported, under the
// top-level key it belongs to, with a path that names the leaf's key (or,
// for what identifies a list entry, the entry removed and added), and a
// description.
func TestEveryFieldChangeIsReported(t *testing.T) {
	base := filled()
	ls := leaves(base)
	if len(ls) < 50 {
		t.Fatalf("only %d leaves found in a filled term", len(ls))
	}
	tops := map[string]bool{}
	for _, l := range ls {
		if l.name == "ID" {
			// Compare pairs terms by id: a new id is a term removed and
			// one added (TestDescribe).
			tops[l.top] = true
			continue
		}
		t.Run(l.name, func(t *testing.T) {
			o, n := filled(), filled()
			if got := CompareTerms(o, n); len(got) != 0 {
				t.Fatalf("two equal terms differ: %v", got[0].Description)
			}
			v := l.reach(n)
			switch v.Kind() {
			case reflect.String:
				v.SetString(v.String() + " revised")
			case reflect.Int:
				v.SetInt(v.Int() + 1000)
			case reflect.Bool:
				v.SetBool(!v.Bool())
			default:
				t.Fatalf("unhandled kind %s", v.Kind())
			}
			got := CompareTerms(o, n)
			if len(got) == 0 {
				t.Fatalf("changing %s is not reported", l.name)
			}
			for _, c := range got {
				if c.Field != l.top || c.Term != "widget" || c.Description == "" {
					t.Errorf("change %+v: want field %q, term widget and a description", c, l.top)
				}
			}
			keyed := got[0].Kind == Changed && strings.HasSuffix(got[0].Path, l.key)
			entry := len(got) == 2 && got[0].Kind == Removed && got[1].Kind == Added
			if len(got) != 1 && !entry || !keyed && !entry {
				var d []string
				for _, c := range got {
					d = append(d, c.Kind+" "+c.Path)
				}
				t.Errorf("changing %s (key %s) gives %v: want one change at a path ending in %q, or its list entry removed and added", l.name, l.key, d, l.key)
			}
			tops[l.top] = true
		})
	}
	// Every top-level key was reached.
	tt := reflect.TypeFor[glossary.Term]()
	for i := 0; i < tt.NumField(); i++ {
		f := tt.Field(i)
		if f.IsExported() && !slices.Contains(Ignored, f.Name) && !tops[yamlKey(f)] {
			t.Errorf("no leaf of %s was changed", f.Name)
		}
	}
}

// A list entry or an optional block added or removed, and entries
// reordered, are reported as such.
func TestEntriesAddedRemovedReordered(t *testing.T) {
	o, n := filled(), filled()
	n.Deprecated = n.Deprecated[:1]
	n.Breach = nil
	n.Aliases = []string{o.Aliases[1], o.Aliases[0]}
	n.Related = append(n.Related, "stalking")
	var got []string
	for _, c := range CompareTerms(o, n) {
		got = append(got, c.Kind+" "+c.Path)
	}
	want := []string{
		"reordered aliases",
		"removed deprecated[" + o.Deprecated[1].Phrase + "]",
		"removed breach",
		"added related[stalking]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := Compare(&glossary.Glossary{}, &glossary.Glossary{}); len(got) != 0 {
		t.Errorf("empty glossaries differ: %v", got)
	}
}

// The words drift prints for each kind of change.
func TestDescribe(t *testing.T) {
	base := func() *glossary.Term {
		return &glossary.Term{
			ID: "stalking-involving-fear-of-violence", Term: "stalking involving fear of violence", Kind: "offence",
			Definition: "A person whose course of conduct amounts to stalking and causes another to fear violence.",
			Penalty: []glossary.Penalty{
				{Mode: "indictment", Maximum: "10 years' imprisonment", Months: 120, From: "2017-04-03"},
				{Mode: "summary", Maximum: "6 months' imprisonment", Months: 6},
			},
			Deprecated: []glossary.Deprecated{{Phrase: "stalking prevention order", Replacement: "stalking protection order", Reason: "misnamed", Except: []string{"x"}}},
			Required:   []glossary.Element{{ID: "course", Label: "a course of conduct", Cues: []string{"course of conduct"}, Reason: "s.7"}},
			Breach:     &glossary.Breach{Orders: []string{"restraining order"}, Verbs: []string{"breach"}, Context: []string{"further stalking"}},
			Related:    []string{"stalking"},
			Act:        &glossary.Act{Title: "Protection from Harassment Act", Year: 1997},
			Superseded: []glossary.Superseded{{Act: "Protection from Harassment Act 1997", Section: "4", Until: "2012-11-25"}},
		}
	}
	cases := []struct {
		name   string
		change func(t *glossary.Term)
		want   string
	}{
		{"penalty months", func(t *glossary.Term) { t.Penalty[0].Months = 60 }, "penalty on indictment from 2017-04-03: 120 months → 60 months"},
		{"penalty maximum", func(t *glossary.Term) { t.Penalty[1].Maximum = "12 months' imprisonment" },
			"penalty on summary conviction, maximum: 6 months' imprisonment → 12 months' imprisonment"},
		{"penalty added", func(t *glossary.Term) {
			t.Penalty = append(t.Penalty, glossary.Penalty{Mode: "indictment", Maximum: "5 years' imprisonment", Months: 60, Until: "2017-04-03"})
		}, "penalty added: indictment: 5 years' imprisonment (60 months)"},
		{"deprecated wording added", func(t *glossary.Term) {
			t.Deprecated = append(t.Deprecated, glossary.Deprecated{Phrase: "stalking offence", Replacement: "stalking"})
		}, "deprecated wording added: stalking offence (use stalking)"},
		{"deprecated reason", func(t *glossary.Term) { t.Deprecated[0].Reason = "the 2019 Act names it" },
			`deprecated wording "stalking prevention order", reason: misnamed → the 2019 Act names it`},
		{"deprecated exception removed", func(t *glossary.Term) { t.Deprecated[0].Except = nil },
			`deprecated wording "stalking prevention order", exception removed: x`},
		{"deprecated since set", func(t *glossary.Term) { t.Deprecated[0].Since = "2019-12-15" },
			`deprecated wording "stalking prevention order", wrong since: (none) → 2019-12-15`},
		{"breach context added", func(t *glossary.Term) { t.Breach.Context = append(t.Breach.Context, "escalating risk") },
			"breach context phrase added: escalating risk"},
		{"breach removed", func(t *glossary.Term) { t.Breach = nil },
			"breach removed: orders: restraining order; verbs: breach; context: further stalking"},
		{"required element reason", func(t *glossary.Term) { t.Required[0].Reason = "PHA 1997 s.7(3)" },
			`required element "course", reason: s.7 → PHA 1997 s.7(3)`},
		{"required cue added", func(t *glossary.Term) { t.Required[0].Cues = append(t.Required[0].Cues, "repeatedly") },
			`required element "course", cue added: repeatedly`},
		{"kind", func(t *glossary.Term) { t.Kind = "concept" }, "kind: offence → concept"},
		{"related added", func(t *glossary.Term) { t.Related = append(t.Related, "harassment") }, "related term added: harassment"},
		{"act year", func(t *glossary.Term) { t.Act.Year = 1998 }, "Act year: 1997 → 1998"},
		{"superseded until", func(t *glossary.Term) { t.Superseded[0].Until = "2012-11-26" },
			`superseded provision "Protection from Harassment Act 1997, s.4", superseded on: 2012-11-25 → 2012-11-26`},
		{"in force", func(t *glossary.Term) { t.InForce = "2012-11-25" }, "in force from: (none) → 2012-11-25"},
		{"definition", func(t *glossary.Term) {
			t.Definition = "A person whose course of conduct amounts to stalking and causes another to fear, on at least two occasions, violence."
		},
			"definition changed"},
		{"alias added", func(t *glossary.Term) { t.Aliases = []string{"b"} }, "alias added: b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := base()
			c.change(n)
			got := CompareTerms(base(), n)
			if len(got) == 0 {
				t.Fatal("no change reported")
			}
			if got[0].Description != c.want {
				t.Errorf("got  %q\nwant %q", got[0].Description, c.want)
			}
		})
	}
	o, n := base(), base()
	n.ID = "renamed"
	got := Compare(&glossary.Glossary{Terms: []*glossary.Term{o}}, &glossary.Glossary{Terms: []*glossary.Term{n}})
	if len(got) != 2 || got[0].Description != "new term: stalking involving fear of violence" || got[1].Description != "term removed: stalking involving fear of violence" {
		t.Errorf("renamed term: %v", got)
	}
}
