package glossary_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/glossary"
)

// term is a minimal valid term file; extra is added at the end.
func term(id, word, extra string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("id: " + id + "\nterm: " + word + "\ndefinition: \"" + word + " means a thing.\"\nsummary: \"A thing.\"\nsources:\n  - document: \"A note\"\n" + extra)}
}

func builtinLayer(t *testing.T) glossary.Layer {
	t.Helper()
	sub, err := fs.Sub(concord.Glossary, "glossary")
	if err != nil {
		t.Fatal(err)
	}
	return glossary.Layer{FS: sub, Dir: ".", Display: "(built-in)/glossary", Name: "the built-in glossary"}
}

func project(files fstest.MapFS) glossary.Layer {
	return glossary.Layer{FS: files, Dir: ".", Display: "glossary", Name: "glossary folder glossary", MayBeEmpty: true}
}

// TestLayers: a project layer adds terms to the built-in glossary, may
// relate to its terms, and replaces one only with overrides: true; every
// other clash is an error at the project file's position.
func TestLayers(t *testing.T) {
	base := builtinLayer(t)
	builtin, err := glossary.Load(base.FS, ".", base.Display)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		files fstest.MapFS
		// want is the error, or "" for a glossary that loads.
		want string
		// check runs on a glossary that loads.
		check func(t *testing.T, g *glossary.Glossary)
	}{
		{
			name:  "an empty project layer",
			files: fstest.MapFS{},
			check: func(t *testing.T, g *glossary.Glossary) {
				if len(g.Terms) != len(builtin.Terms) {
					t.Errorf("%d terms, want the %d built-in ones", len(g.Terms), len(builtin.Terms))
				}
			},
		},
		{
			name:  "a new term relating to a built-in one",
			files: fstest.MapFS{"doorstep-visit.yaml": term("doorstep-visit", "doorstep visit", "related: [stalking]\n")},
			check: func(t *testing.T, g *glossary.Glossary) {
				if len(g.Terms) != len(builtin.Terms)+1 || g.Get("doorstep-visit") == nil || g.Get("stalking") == nil {
					t.Errorf("want the built-in terms and doorstep-visit, got %d terms", len(g.Terms))
				}
				if g.Get("doorstep-visit").File != "glossary/doorstep-visit.yaml" {
					t.Errorf("file %q", g.Get("doorstep-visit").File)
				}
			},
		},
		{
			name:  "an override replaces the built-in term",
			files: fstest.MapFS{"stalking.yaml": term("stalking", "stalking", "overrides: true\n")},
			check: func(t *testing.T, g *glossary.Glossary) {
				s := g.Get("stalking")
				if len(g.Terms) != len(builtin.Terms) || s == nil || s.Definition != "stalking means a thing." || s.File != "glossary/stalking.yaml" {
					t.Errorf("want the project's stalking in place of the built-in one, got %+v", s)
				}
				// The built-in term's wordings went with it: a project
				// alias the built-in stalking claimed is free.
				if ms := g.Find("stalking"); len(ms) != 1 || ms[0].Term != s {
					t.Errorf("Find(stalking) = %+v", ms)
				}
			},
		},
		{
			name:  "an id clash without overrides",
			files: fstest.MapFS{"stalking.yaml": term("stalking", "stalking", "")},
			want:  `glossary/stalking.yaml:1:5: id: "stalking" is already a term of the built-in glossary, at (built-in)/glossary/stalking.yaml:2:5 (add "overrides: true" to replace it, or choose another id)`,
		},
		{
			name:  "overrides with nothing to override",
			files: fstest.MapFS{"doorstep-visit.yaml": term("doorstep-visit", "doorstep visit", "overrides: true\n")},
			want:  `glossary/doorstep-visit.yaml:7:12: overrides: nothing to override: no earlier glossary layer has a term "doorstep-visit"`,
		},
		{
			name:  "overrides that is not true or false",
			files: fstest.MapFS{"stalking.yaml": term("stalking", "stalking", "overrides: yes please\n")},
			want:  `glossary/stalking.yaml:7:12: overrides: expected true or false, found "yes please"`,
		},
		{
			name:  "a wording a built-in term claims",
			files: fstest.MapFS{"doorstep-visit.yaml": term("doorstep-visit", "doorstep visit", "aliases: [Stalking Protection Orders]\n")},
			want:  `glossary/doorstep-visit.yaml:7:11: aliases[0]: "Stalking Protection Orders" is also claimed by term "stalking-protection-order"`,
		},
		{
			name:  "a related term in neither layer",
			files: fstest.MapFS{"doorstep-visit.yaml": term("doorstep-visit", "doorstep visit", "related: [stalkng]\n")},
			want:  `glossary/doorstep-visit.yaml:7:11: related[0]: related term "stalkng" does not exist (did you mean "stalking"?)`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := glossary.LoadLayers([]glossary.Layer{base, project(c.files)})
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case c.want != "" && err == nil:
				t.Fatalf("loaded; want an error containing %q", c.want)
			case c.want != "" && !strings.Contains(err.Error(), c.want):
				t.Fatalf("error:\n%v\nwant one containing:\n%s", err, c.want)
			case c.want == "":
				c.check(t, g)
			}
		})
	}
}

// TestLayersVersion: the glossary's version (which keys the caches) moves
// when a project layer changes, and a single folder keeps the version a
// plain Load gives.
func TestLayersVersion(t *testing.T) {
	base := builtinLayer(t)
	one, _ := glossary.Load(base.FS, ".", base.Display)
	alone, err := glossary.LoadLayers([]glossary.Layer{base})
	if err != nil || alone.Version != one.Version {
		t.Fatalf("one layer: version %v, err %v; want %s", alone, err, one.Version)
	}
	a, err := glossary.LoadLayers([]glossary.Layer{base, project(fstest.MapFS{"x.yaml": term("x", "ex", "")})})
	if err != nil {
		t.Fatal(err)
	}
	b, err := glossary.LoadLayers([]glossary.Layer{base, project(fstest.MapFS{"x.yaml": term("x", "exe", "")})})
	if err != nil {
		t.Fatal(err)
	}
	if a.Version == b.Version || a.Version == one.Version {
		t.Errorf("versions %s, %s and %s should all differ", one.Version, a.Version, b.Version)
	}
}

// TestFind: terms are found by the names people use, in any case and
// inflection; an exact id wins; a name two terms share returns both; a
// deprecated wording finds the term to use only when no name matches.
func TestFind(t *testing.T) {
	base := builtinLayer(t)
	g, err := glossary.LoadLayers([]glossary.Layer{base, project(fstest.MapFS{
		"senior-probation-officer.yaml": term("senior-probation-officer", "senior probation officer", "acronym: SPO\nexpansion: Senior Probation Officer\n"),
	})})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q    string
		want []string // ids
		by   string   // how the first matched
	}{
		{"stalking", []string{"stalking"}, "id"},
		{"Stalking", []string{"stalking"}, "term"},
		{"STALKING", []string{"stalking"}, "term"},
		{"stalking protection order", []string{"stalking-protection-order"}, "term"},
		{"Stalking Protection Orders", []string{"stalking-protection-order"}, "term"},
		{"Stalking-Protection-Order", []string{"stalking-protection-order"}, "term"},
		{"protection-from-harassment-act-1997", []string{"protection-from-harassment-act-1997"}, "id"},
		{"isac", []string{"isac"}, "id"},
		{"IDVA", []string{"idva"}, "acronym"},
		{"SPO", []string{"senior-probation-officer", "stalking-protection-order"}, "acronym"},
		{"senior probation officers", []string{"senior-probation-officer"}, "term"},
		{"domestic violence", []string{"domestic-abuse"}, "deprecated wording"},
		{"order", nil, ""},
		{"", nil, ""},
	} {
		ms := g.Find(c.q)
		var ids []string
		for _, m := range ms {
			ids = append(ids, m.Term.ID)
		}
		if strings.Join(ids, ",") != strings.Join(c.want, ",") {
			t.Errorf("Find(%q) = %v, want %v", c.q, ids, c.want)
			continue
		}
		if len(ms) > 0 && ms[0].By != c.by {
			t.Errorf("Find(%q) matched by %q, want %q", c.q, ms[0].By, c.by)
		}
	}
	if s := g.Suggest("stalkng"); len(s) == 0 || s[0] != "stalking" {
		t.Errorf("Suggest(stalkng) = %v", s)
	}
}

// TestFindEveryBuiltinName: every id, term, alias, acronym and expansion of
// the built-in glossary finds its own term, and only it, so `glossary show`
// never calls a built-in name ambiguous.
func TestFindEveryBuiltinName(t *testing.T) {
	base := builtinLayer(t)
	g, err := glossary.Load(base.FS, ".", base.Display)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tm := range g.Terms {
		names := append([]string{tm.ID, tm.Term, tm.Acronym, tm.Expansion, strings.ToUpper(tm.Term)}, tm.Aliases...)
		for _, name := range names {
			if name == "" {
				continue
			}
			n++
			ms := g.Find(name)
			if len(ms) != 1 || ms[0].Term != tm {
				var ids []string
				for _, m := range ms {
					ids = append(ids, m.Term.ID)
				}
				t.Errorf("Find(%q) = %v, want [%s]", name, ids, tm.ID)
			}
		}
	}
	if n < 2*len(g.Terms) {
		t.Errorf("tried only %d names", n)
	}
}
