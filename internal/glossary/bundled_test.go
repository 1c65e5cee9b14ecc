package glossary_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/glossary"
)

func bundled(t *testing.T) *glossary.Glossary {
	t.Helper()
	sub, _ := fs.Sub(concord.Glossary, "glossary")
	g, err := glossary.Load(sub, ".", "glossary")
	if err != nil {
		t.Fatalf("bundled glossary does not load:\n%v", err)
	}
	return g
}

// The ids the guidance relies on (issue 4).
var requiredIDs = []string{"stalking", "harassment", "course-of-conduct", "acts-associated-with-stalking", "stalking-involving-fear-of-violence", "putting-people-in-fear-of-violence", "serious-alarm-or-distress", "racially-or-religiously-aggravated-offences", "restraining-order", "restraining-order-on-acquittal", "breach-of-restraining-order", "stalking-protection-order", "interim-stalking-protection-order", "breach-of-stalking-protection-order", "risk-associated-with-stalking", "domestic-abuse", "personally-connected", "controlling-or-coercive-behaviour", "economic-abuse", "four", "high-harm-high-risk-repeat-offending", "escalation-of-risk", "stalking-by-proxy", "cyberstalking", "isac", "idva", "protection-from-harassment-act-1997", "stalking-protection-act-2019", "sentencing-act-2020", "domestic-abuse-act-2021", "serious-crime-act-2015", "police-cps-stalking-protocol", "domestic-abuse-joint-justice-plan"}

func TestBundledGlossaryHasEveryRequiredTerm(t *testing.T) {
	g := bundled(t)
	for _, id := range requiredIDs {
		term := g.Get(id)
		if term == nil {
			t.Errorf("missing term %s", id)
			continue
		}
		if strings.TrimSpace(term.Definition) == "" || len(term.Sources) == 0 {
			t.Errorf("%s needs a definition and at least one source", id)
		}
	}
}

// TestSchemaValidatesEveryFile holds glossary/schema.json and the loader to
// the same format: every bundled file passes the schema, and the schema
// rejects what the loader rejects.
func TestSchemaValidatesEveryFile(t *testing.T) {
	raw, err := fs.ReadFile(concord.Glossary, "glossary/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	validate := func(name string, data []byte) error {
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			return err
		}
		// Round-trip through JSON so YAML's types become JSON's.
		j, err := json.Marshal(v)
		if err != nil {
			return err
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
		if err != nil {
			return err
		}
		return schema.Validate(inst)
	}
	entries, _ := fs.ReadDir(concord.Glossary, "glossary")
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		n++
		data, _ := fs.ReadFile(concord.Glossary, "glossary/"+e.Name())
		if err := validate(e.Name(), data); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
	}
	if n < len(requiredIDs) {
		t.Errorf("validated %d files, expected at least %d", n, len(requiredIDs))
	}
	for _, bad := range []string{
		"id: x\nterm: x\ndefintion: d\nsummary: s\nsources: [{act: A, section: '1'}]\n",
		"id: X Y\nterm: x\ndefinition: d\nsummary: s\nsources: [{act: A, section: '1'}]\n",
		"id: x\nterm: x\ndefinition: d\nsummary: s\nsources: []\n",
		"id: x\nterm: x\ndefinition: d\nsummary: s\nsources: [{act: A}]\npenalty: [{mode: hanging, maximum: x}]\n",
		"id: x\nterm: x\ndefinition: d\nsummary: s\nsources: [{document: D}]\nadmitted: [{expansion: E, reason: R}]\n",
		"id: x\nterm: x\ndefinition: d\nsummary: s\nsources: [{document: D}]\nacronym: X\nexpansion: X\nadmitted: [{expansion: E}]\n",
		"id: x\nterm: x\ndefinition: d\nsummary: s\nsources: [{act: A, section: '1'}]\npenalty: [{mode: summary, maximum: x, from: 'April 2017'}]\n",
	} {
		if validate("bad", []byte(bad)) == nil {
			t.Errorf("schema accepted a bad file:\n%s", bad)
		}
	}
}

// statuteFacts is a small table of facts from the Acts themselves, kept here
// so the glossary cannot drift from the law unnoticed. Months are maximum
// custodial terms.
var statuteFacts = []struct {
	id      string
	act     string
	section string
	mode    string
	months  int
	// from and until are the period the maximum holds, when it changed.
	from, until string
}{
	{"harassment", "Protection from Harassment Act 1997", "2", "summary", 6, "", ""},
	{"stalking", "Protection from Harassment Act 1997", "2A", "summary", 6, "2012-11-25", ""},
	{"putting-people-in-fear-of-violence", "Protection from Harassment Act 1997", "4", "indictment", 120, "2017-04-03", ""},
	{"stalking-involving-fear-of-violence", "Protection from Harassment Act 1997", "4A", "indictment", 120, "2017-04-03", ""},
	{"racially-or-religiously-aggravated-offences", "Crime and Disorder Act 1998", "32", "indictment", 24, "", ""},
	{"racially-or-religiously-aggravated-offences", "Crime and Disorder Act 1998", "32", "indictment", 168, "2017-04-03", ""},
	// Policing and Crime Act 2017 s.175: offences committed before 3 April
	// 2017 keep the old maxima.
	{"racially-or-religiously-aggravated-offences", "Crime and Disorder Act 1998", "32", "indictment", 84, "", "2017-04-03"},
	{"putting-people-in-fear-of-violence", "Protection from Harassment Act 1997", "4", "indictment", 60, "", "2017-04-03"},
	{"stalking-involving-fear-of-violence", "Protection from Harassment Act 1997", "4A", "indictment", 60, "2012-11-25", "2017-04-03"},
	// CDA 1998 s.32(3)(a) and (4)(a).
	{"racially-or-religiously-aggravated-offences", "Crime and Disorder Act 1998", "32", "summary", 6, "", ""},
	{"breach-of-restraining-order", "Sentencing Act 2020", "363", "indictment", 60, "", ""},
	{"breach-of-stalking-protection-order", "Stalking Protection Act 2019", "8", "indictment", 60, "", ""},
	{"controlling-or-coercive-behaviour", "Serious Crime Act 2015", "76", "indictment", 60, "", ""},
	{"stalking-protection-order", "Stalking Protection Act 2019", "1", "", 0, "", ""},
	{"interim-stalking-protection-order", "Stalking Protection Act 2019", "5", "", 0, "", ""},
	{"restraining-order-on-acquittal", "Protection from Harassment Act 1997", "5A", "", 0, "", ""},
	{"domestic-abuse", "Domestic Abuse Act 2021", "1", "", 0, "", ""},
	{"personally-connected", "Domestic Abuse Act 2021", "2", "", 0, "", ""},
	{"course-of-conduct", "Protection from Harassment Act 1997", "7", "", 0, "", ""},
}

func TestGlossaryMatchesTheStatutes(t *testing.T) {
	g := bundled(t)
	for _, f := range statuteFacts {
		term := g.Get(f.id)
		if term == nil {
			t.Errorf("no term %s", f.id)
			continue
		}
		cited := false
		for _, s := range term.Sources {
			if s.Act == f.act && (s.Section == f.section || strings.HasPrefix(s.Section, f.section+"(") || strings.HasPrefix(s.Section, f.section+"-")) {
				cited = true
			}
		}
		if !cited {
			t.Errorf("%s should cite %s s.%s; sources: %+v", f.id, f.act, f.section, term.Sources)
		}
		if f.mode == "" {
			continue
		}
		var months []int
		found := false
		for _, p := range term.Penalty {
			if p.Mode == f.mode {
				months = append(months, p.Months)
				found = found || p.Months == f.months && p.From == f.from && p.Until == f.until
			}
		}
		if !found {
			t.Errorf("%s: maximum on %s should be %d months from %q until %q, glossary has %v", f.id, f.mode, f.months, f.from, f.until, months)
		}
	}
	// Superseded: restraining orders on conviction moved from PHA s.5 to
	// the Sentencing Act 2020 for convictions from 1 December 2020.
	ro := g.Get("restraining-order")
	found := false
	for _, s := range ro.Superseded {
		found = found || (s.Act == "Protection from Harassment Act 1997" && s.Section == "5" && s.Until == "2020-12-01")
	}
	if !found {
		t.Errorf("restraining-order should mark PHA 1997 s.5 superseded from 2020-12-01: %+v", ro.Superseded)
	}
}

func TestDeprecatedPhrasesAreCovered(t *testing.T) {
	g := bundled(t)
	want := []string{"domestic violence", "aggravated stalking", "stalking prevention order", "stalking order", "Protection of Harassment Act", "harassment with intent"}
	have := map[string]bool{}
	for _, term := range g.Terms {
		for _, d := range term.Deprecated {
			have[strings.ToLower(d.Phrase)] = true
		}
	}
	for _, w := range want {
		if !have[strings.ToLower(w)] {
			t.Errorf("deprecated phrase %q missing", w)
		}
	}
}
