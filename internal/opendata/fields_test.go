package opendata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/glossary"
)

// fill sets every exported field a glossary file can hold to a value that
// is not its zero, with text that tests the escapes of every format.
func fill(v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), path)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.IsExported() && f.Tag.Get("yaml") != "-" {
				fill(v.Field(i), path+"."+f.Name)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		fill(s.Index(0), path+"[0]")
		fill(s.Index(1), path+"[1]")
		v.Set(s)
	case reflect.String:
		v.SetString(fmt.Sprintf("%s <&> \"q\" 'a' é\ttab\nline \\ ]]> ?> #x", path))
	case reflect.Int:
		v.SetInt(7)
	case reflect.Bool:
		v.SetBool(true)
	}
}

// TestEveryFieldSurvives fills every field of a term, so a field added to
// glossary.Term later is covered too, and checks TBX and SKOS each bring
// the term back whole, and that YAML writes what loads back.
func TestEveryFieldSurvives(t *testing.T) {
	var full glossary.Term
	fill(reflect.ValueOf(&full).Elem(), "t")
	full.ID, full.File = "full", ""
	// Related terms are ids, which make IRIs.
	full.Related = []string{"stalking", "2a-offence"}
	g := &glossary.Glossary{Terms: []*glossary.Term{&full}}
	for name, r := range readers {
		t.Run(name, func(t *testing.T) {
			files, err := Files(g, Options{})
			if err != nil {
				t.Fatal(err)
			}
			terms, err := r.read(mustFile(files, r.file), r.file)
			if err != nil {
				t.Fatal(err)
			}
			if len(terms) != 1 {
				t.Fatalf("%d terms", len(terms))
			}
			if got, want := asJSON(t, terms[0]), asJSON(t, &full); got != want {
				t.Errorf("the term changed:\n got %s\nwant %s", got, want)
			}
			data, err := YAML(terms[0])
			if err != nil {
				t.Fatal(err)
			}
			// Loading validates too, and this term is not valid; decode
			// it as the loader does and compare.
			var back glossary.Term
			if err := yamlDecode(data, &back); err != nil {
				t.Fatal(err)
			}
			if got, want := asJSON(t, &back), asJSON(t, &full); got != want {
				t.Errorf("the YAML does not load back:\n%s", data)
			}
		})
	}
}

// TestEditsInATermTool: what a terminologist changes in the standard fields
// is what comes back; the details concord keeps for the wordings still
// there survive, and a new deprecated wording points at the term.
func TestEditsInATermTool(t *testing.T) {
	g := bundled(t)
	files, err := Files(g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tbx := string(mustFile(files, TBXFile))
	// cyberstalking: rename the term, drop the alias "online stalking",
	// add a deprecated wording.
	tbx = strings.Replace(tbx, "<term>cyberstalking</term>", "<term>cyber-stalking</term>", 1)
	tbx = strings.Replace(tbx, "<term>online stalking</term>", "<term>internet stalking</term>", 1)
	terms, err := ReadTBX([]byte(tbx), "edited.tbx")
	if err != nil {
		t.Fatal(err)
	}
	orig := g.Get("cyberstalking")
	for _, term := range terms {
		if term.ID != "cyberstalking" {
			if asJSON(t, term) != asJSON(t, g.Get(term.ID)) {
				t.Errorf("%s changed, though only cyberstalking was edited", term.ID)
			}
			continue
		}
		if term.Term != "cyber-stalking" {
			t.Errorf("term %q, want the edited cyber-stalking", term.Term)
		}
		if want := []string{"cyber stalking", "internet stalking"}; !reflect.DeepEqual(term.Aliases, want) {
			t.Errorf("aliases %q, want %q", term.Aliases, want)
		}
		if !reflect.DeepEqual(term.Required, orig.Required) || !reflect.DeepEqual(term.Excluded, orig.Excluded) || term.Summary != orig.Summary {
			t.Errorf("what TBX cannot carry did not survive the edit")
		}
	}
}

func TestDeterministic(t *testing.T) {
	g := bundled(t)
	a, err := Files(g, Options{BaseURL: "https://x.example/"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Files(g, Options{BaseURL: "https://x.example/"})
	for i := range a {
		if !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between two runs", a[i].Path)
		}
	}
}

// TestJSONValidatesAgainstSchema holds glossary.json to the schema
// published beside it.
func TestJSONValidatesAgainstSchema(t *testing.T) {
	g := bundled(t)
	schema, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	data, err := JSON(g)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("glossary.json does not validate: %v", err)
	}
	// And the schema refuses what is not a glossary, so the check above
	// can fail.
	var bad map[string]any
	_ = json.Unmarshal(data, &bad)
	bad["terms"].([]any)[0].(map[string]any)["kind"] = "spell"
	if err := sch.Validate(bad); err == nil {
		t.Error("the schema accepts a term of kind spell")
	}
}

func yamlDecode(data []byte, v any) error { return yaml.Unmarshal(data, v) }

// TestTBXOlderExtension reads a TBX file as builds before the processing
// instruction wrote it, with the extension in a concord:term element after
// the langSec: a termbase published then still imports whole.
func TestTBXOlderExtension(t *testing.T) {
	g := bundled(t)
	data, err := TBX(g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(string(data), `xmlns="`+TBXNS+`"`, `xmlns="`+TBXNS+`" xmlns:concord="`+Concord+`"`, 1)
	n := 0
	for {
		i := strings.Index(old, "<?"+extPI+" ")
		if i < 0 {
			break
		}
		j := strings.Index(old[i:], "?>") + i
		old = old[:i] + "<concord:term>" + esc(old[i+len("<?"+extPI+" "):j]) + "</concord:term>" + old[j+2:]
		n++
	}
	if n != len(g.Terms) {
		t.Fatalf("rewrote %d extensions, want %d", n, len(g.Terms))
	}
	terms, err := ReadTBX([]byte(old), "old.tbx")
	if err != nil {
		t.Fatal(err)
	}
	for i, term := range terms {
		if got, want := asJSON(t, term), asJSON(t, g.Terms[i]); got != want {
			t.Errorf("term %s changed:\n got %s\nwant %s", term.ID, got, want)
		}
	}
}
