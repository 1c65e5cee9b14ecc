package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/drift"
	"github.com/concord-guidance/concord/internal/glossary"
)

// everyField is a term that sets every field glossary.Term has (the test
// below fails, naming the field, when one is added and not set here).
const everyField = `id: widget-order
term: widget order
kind: order
definition: A widget order is an order of the court that restrains a person from making widgets.
summary: An order of the court about widgets.
examples: ["The court made a widget order."]
notes: ["A breach of the order may be further stalking."]
sources:
  - act: Widgets Act 2001
    section: "3"
    note: the power to make the order
    url: https://example.org/widgets/3
  - document: Widget guidance
    note: how orders are made
    url: https://example.org/guidance
aliases: [widget restraint order]
acronym: WO
expansion: widget order
admitted:
  - expansion: widget-making order
    reason: the 2001 Act's own heading
    source: Widgets Act 2001 s.3
deprecated:
  - phrase: gizmo order
    replacement: widget order
    reason: the Act calls it a widget order
    except: [gizmo order form]
    since: "2001-05-01"
    accepted:
      - name: Gizmo Order Unit
        reason: a team's name
required:
  - id: court
    label: made by a court
    cues: [court]
    reason: only a court makes one
    belongs: widget
excluded:
  - id: police
    label: made by the police
    cues: [police]
    reason: the police apply; the court makes it
    belongs: gadget
penalty:
  - mode: indictment
    maximum: "5 years' imprisonment"
    months: 60
    note: breach on indictment
    from: "2001-05-01"
  - mode: summary
    maximum: "6 months' imprisonment"
    months: 6
    note: breach on summary conviction
    until: "2030-01-01"
superseded:
  - act: Gizmos Act 1990
    section: "2"
    until: "2001-05-01"
    replacement: Widgets Act 2001 s.3
    reason: repealed
breach:
  orders: [widget order]
  verbs: [breach, breached]
  context: [further stalking]
related: [widget, gadget]
phrases:
  - text: Widgets Are Not Toys
    kind: title
act:
  title: Widgets Act
  year: 2001
  short: [WA 2001]
in_force: "2001-05-01"
`

const widgetTerm = `id: widget
term: widget
kind: concept
definition: A widget is a small device.
summary: A small device.
sources:
  - document: Widget guidance
`

const gadgetTerm = `id: gadget
term: gadget
kind: concept
definition: A gadget is a small tool.
summary: A small tool.
sources:
  - document: Gadget guidance
`

// TestDriftSeesEveryField changes each value of a term that sets every
// field, one at a time, in a committed project, and requires drift to
// report the change under that field and check --changed-since to select
// the document that mentions the term and every document whose findings
// the change alters (found by two full checks, before and after).
func TestDriftSeesEveryField(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"glossary/widget-order.yaml": everyField,
		"glossary/widget.yaml":       widgetTerm,
		"glossary/gadget.yaml":       gadgetTerm,
		"corpus/mentions.md":         "## Orders\n\nThe court may make a widget order on conviction.\n",
		"corpus/other.md":            "## Other\n\nNothing about that here, only a gizmo order and the Widgets Act 2001.\n",
		"corpus/quiet.md":            "## Quiet\n\nA page about nothing at all.\n",
	})
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "base")

	g, err := glossary.Load(os.DirFS(filepath.Join(dir, "glossary")), ".", "glossary")
	if err != nil {
		t.Fatal(err)
	}
	base := g.Get("widget-order")
	if unset := unsetFields(reflect.ValueOf(base).Elem(), ""); len(unset) > 0 {
		t.Fatalf("everyField leaves %v unset: set them so that a change to them is tested", unset)
	}
	before := findingsByFile(t, dir)

	tested := 0
	for _, l := range valueLeaves(reflect.ValueOf(base).Elem(), "", nil) {
		if l.path == "ID" {
			continue // a new id is a term removed and one added (internal/drift)
		}
		if l.reach(reflect.ValueOf(base).Elem()).IsZero() {
			continue // unset in this entry; unsetFields holds that another sets it
		}
		t.Run(l.path, func(t *testing.T) {
			term := *deepCopy(t, base)
			v := l.reach(reflect.ValueOf(&term).Elem())
			mutate(t, l, v)
			data, err := yaml.Marshal(&term)
			if err != nil {
				t.Fatal(err)
			}
			writeFiles(t, dir, map[string]string{"glossary/widget-order.yaml": string(data)})
			defer writeFiles(t, dir, map[string]string{"glossary/widget-order.yaml": everyField})

			stdout, stderr, code := runIn(t, dir, "drift", "--since", "HEAD", "--format", "json")
			if code == ExitInput {
				t.Fatalf("drift: %s", stderr)
			}
			var got struct{ Changes []*drift.Change }
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("%v: %s", err, stdout)
			}
			top := yamlTop(l.path)
			found := false
			for _, c := range got.Changes {
				found = found || c.Term == "widget-order" && c.Field == top && c.Description != ""
			}
			if !found {
				t.Errorf("drift does not report a change to %s: %+v", l.path, got.Changes)
			}

			selected := selectedDocs(t, dir)
			want := map[string]bool{"corpus/mentions.md": true}
			after := findingsByFile(t, dir)
			for file := range unionKeys(before, after) {
				if !slices.Equal(before[file], after[file]) {
					want[file] = true
				}
			}
			for file := range want {
				if !selected[file] {
					t.Errorf("--changed-since does not recheck %s (selected %v)", file, selected)
				}
			}
			tested++
		})
	}
	if tested < 50 {
		t.Errorf("only %d values changed", tested)
	}
	// Nothing changed: nothing selected.
	if got := selectedDocs(t, dir); len(got) != 0 {
		t.Errorf("unchanged project selects %v", got)
	}
}

// unsetFields lists the type's leaf fields that no value under v sets.
func unsetFields(v reflect.Value, path string) []string {
	set := map[string]bool{}
	var mark func(v reflect.Value, path string)
	mark = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				f := v.Type().Field(i)
				if f.IsExported() && f.Tag.Get("yaml") != "-" {
					mark(v.Field(i), path+"."+f.Name)
				}
			}
		case reflect.Pointer:
			if !v.IsNil() {
				mark(v.Elem(), path)
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				mark(v.Index(i), path+"[]")
			}
		default:
			if !v.IsZero() {
				set[path] = true
			}
		}
	}
	mark(v, path)
	var all []string
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		switch t.Kind() {
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				if f.IsExported() && f.Tag.Get("yaml") != "-" {
					walk(f.Type, path+"."+f.Name)
				}
			}
		case reflect.Pointer:
			walk(t.Elem(), path)
		case reflect.Slice:
			walk(t.Elem(), path+"[]")
		default:
			all = append(all, path)
		}
	}
	walk(v.Type(), path)
	var unset []string
	for _, p := range all {
		// Overrides loads only in a project layered over a built-in term of
		// the same id, which this one-folder project is not; drift's own
		// reflection test (internal/drift) covers a change to it.
		if name := strings.TrimPrefix(p, path+"."); !set[p] && !slices.Contains(drift.Ignored, name) && name != "Overrides" {
			unset = append(unset, p)
		}
	}
	return unset
}

type valueLeaf struct {
	path  string
	steps []func(reflect.Value) reflect.Value
}

func (l valueLeaf) reach(v reflect.Value) reflect.Value {
	for _, s := range l.steps {
		v = s(v)
	}
	return v
}

// valueLeaves lists every scalar value under v, with how to reach it.
func valueLeaves(v reflect.Value, path string, steps []func(reflect.Value) reflect.Value) []valueLeaf {
	var out []valueLeaf
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Tag.Get("yaml") == "-" {
				continue
			}
			i := i
			next := append(slices.Clone(steps), func(v reflect.Value) reflect.Value { return v.Field(i) })
			out = append(out, valueLeaves(v.Field(i), strings.TrimPrefix(path+"."+f.Name, "."), next)...)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			out = valueLeaves(v.Elem(), path, append(slices.Clone(steps), reflect.Value.Elem))
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			i := i
			next := append(slices.Clone(steps), func(v reflect.Value) reflect.Value { return v.Index(i) })
			out = append(out, valueLeaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), next)...)
		}
	default:
		out = append(out, valueLeaf{path: path, steps: steps})
	}
	return out
}

// mutate changes one value to another the glossary still accepts.
func mutate(t *testing.T, l valueLeaf, v reflect.Value) {
	t.Helper()
	last := l.path[strings.LastIndex(l.path, ".")+1:]
	last, _, _ = strings.Cut(last, "[")
	if v.Kind() == reflect.Int {
		v.SetInt(v.Int() + 1)
		return
	}
	s := v.String()
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		v.SetString(d.AddDate(0, 0, 1).Format(time.DateOnly))
		return
	}
	switch {
	case l.path == "Kind":
		v.SetString("offence")
	case last == "Kind":
		v.SetString("phrase")
	case last == "Mode":
		v.SetString(map[string]string{"summary": "indictment", "indictment": "summary"}[s])
	case last == "Related" || last == "Belongs":
		v.SetString(map[string]string{"widget": "gadget", "gadget": "widget"}[s])
	case last == "Acronym":
		v.SetString(s + "X")
	case last == "Phrase":
		v.SetString(strings.ToUpper(s[:1]) + s[1:]) // accepted names must still contain it
	default:
		v.SetString(s + " revised")
	}
}

// yamlTop is the term file's key for the first field of a Go path.
func yamlTop(path string) string {
	name, _, _ := strings.Cut(path, ".")
	name, _, _ = strings.Cut(name, "[")
	f, _ := reflect.TypeFor[glossary.Term]().FieldByName(name)
	k, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return k
}

func deepCopy(t *testing.T, term *glossary.Term) *glossary.Term {
	t.Helper()
	data, err := yaml.Marshal(term)
	if err != nil {
		t.Fatal(err)
	}
	var c glossary.Term
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

// findingsByFile runs a full check and returns each file's findings.
func findingsByFile(t *testing.T, dir string) map[string][]string {
	t.Helper()
	stdout, stderr, code := runIn(t, dir, "check", "--no-cache", "--format", "json")
	if code == ExitInput {
		t.Fatalf("check: %s", stderr)
	}
	var r struct{ Findings []json.RawMessage }
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, f := range r.Findings {
		var x struct{ File string }
		json.Unmarshal(f, &x)
		out[x.File] = append(out[x.File], string(f))
	}
	return out
}

// selectedDocs is the documents check --changed-since HEAD would check.
func selectedDocs(t *testing.T, dir string) map[string]bool {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errb bytes.Buffer
	a := &app{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, isTerminal: isTerminal, start: time.Now()}
	p, err := a.runner().LoadProject(nil)
	if err != nil {
		t.Fatal(err)
	}
	keep, n, err := a.runner().ChangedSince(p, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, d := range p.Docs {
		if keep(d) {
			got[d.Path] = true
		}
	}
	if n != len(got) {
		t.Errorf("changedSince counts %d documents and selects %d", n, len(got))
	}
	return got
}

func unionKeys(a, b map[string][]string) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
