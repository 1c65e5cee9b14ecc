package opendata

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/glossary"
)

func bundled(t *testing.T) *glossary.Glossary {
	t.Helper()
	g, err := glossary.Load(concord.Glossary, "glossary", "glossary")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// asJSON is a term as glossary.json gives it, without its file: what
// "changes nothing" compares.
func asJSON(t *testing.T, term *glossary.Term) string {
	t.Helper()
	c := *term
	c.File = ""
	data, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

var readers = map[string]struct {
	file string
	read func([]byte, string) ([]*glossary.Term, error)
}{
	"tbx":  {TBXFile, ReadTBX},
	"skos": {JSONLDFile, ReadSKOS},
}

// TestRoundTrip exports the bundled glossary, imports each format, and
// checks every term comes back field for field, then that the files
// written from them are a fixed point: loading, exporting and importing
// them again gives the same bytes.
func TestRoundTrip(t *testing.T) {
	g := bundled(t)
	for _, base := range []string{"", "https://guidance.example.org/stalking/"} {
		files, err := Files(g, Options{BaseURL: base, Title: "Test"})
		if err != nil {
			t.Fatal(err)
		}
		byPath := map[string][]byte{}
		for _, f := range files {
			byPath[f.Path] = f.Data
		}
		for name, r := range readers {
			t.Run(name+" "+base, func(t *testing.T) {
				terms, err := r.read(byPath[r.file], r.file)
				if err != nil {
					t.Fatal(err)
				}
				if len(terms) != len(g.Terms) {
					t.Fatalf("read %d terms, want %d", len(terms), len(g.Terms))
				}
				yamls := fstest.MapFS{}
				for i, term := range terms {
					if got, want := asJSON(t, term), asJSON(t, g.Terms[i]); got != want {
						t.Errorf("term %s changed in the round trip:\n got %s\nwant %s", g.Terms[i].ID, got, want)
					}
					data, err := YAML(term)
					if err != nil {
						t.Fatal(err)
					}
					yamls[term.ID+".yaml"] = &fstest.MapFile{Data: data}
				}
				// The files import writes load back to the same terms, and a
				// second round trip through them writes the same bytes.
				g2, err := glossary.Load(yamls, ".", "imported")
				if err != nil {
					t.Fatal(err)
				}
				for i, term := range g2.Terms {
					if got, want := asJSON(t, term), asJSON(t, g.Terms[i]); got != want {
						t.Errorf("term %s changed on loading the written YAML:\n got %s\nwant %s", term.ID, got, want)
					}
				}
				files2, err := Files(g2, Options{BaseURL: base, Title: "Test"})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range files2 {
					if f.Path != JSONFile && !bytes.Equal(f.Data, byPath[f.Path]) {
						t.Errorf("%s differs when exported from the imported files", f.Path)
					}
				}
				terms2, err := r.read(mustFile(files2, r.file), r.file)
				if err != nil {
					t.Fatal(err)
				}
				for _, term := range terms2 {
					data, _ := YAML(term)
					if !bytes.Equal(data, yamls[term.ID+".yaml"].Data) {
						t.Errorf("%s.yaml differs after a second round trip", term.ID)
					}
				}
				if name == "tbx" && base == "" && os.Getenv("OPENDATA_DUMP") != "" {
					for p, f := range yamls {
						os.WriteFile(filepath.Join(os.Getenv("OPENDATA_DUMP"), p), f.Data, 0o644)
					}
				}
			})
		}
	}
}

func mustFile(files []File, p string) []byte {
	for _, f := range files {
		if f.Path == p {
			return f.Data
		}
	}
	return nil
}
