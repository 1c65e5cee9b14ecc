package config

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func load(t *testing.T, yaml string) (*Config, error) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "concord.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	return Load("concord.yaml")
}

// TestGlossaryLayers: glossary: takes one folder or layers first to last;
// extends: builtin layers the one folder over the built-in glossary; the
// mistakes are errors at the value.
func TestGlossaryLayers(t *testing.T) {
	for _, c := range []struct {
		yaml     string
		layers   []string
		glossary string
		err      string
	}{
		{yaml: "corpus: docs\n", glossary: "glossary"},
		{yaml: "glossary: terms\n", glossary: "terms"},
		{yaml: "glossary: [builtin, glossary]\n", layers: []string{"builtin", "glossary"}, glossary: "glossary"},
		{yaml: "glossary: [builtin, shared, ours]\n", layers: []string{"builtin", "shared", "ours"}, glossary: "ours"},
		{yaml: "glossary: [builtin, ./builtin]\n", layers: []string{"builtin", "./builtin"}, glossary: "./builtin"},
		{yaml: "glossary: builtin\n", layers: []string{"builtin"}, glossary: "glossary"},
		{yaml: "extends: builtin\n", layers: []string{"builtin", "glossary"}, glossary: "glossary"},
		{yaml: "glossary: terms\nextends: builtin\n", layers: []string{"builtin", "terms"}, glossary: "terms"},
		{yaml: "glossary: []\n", err: "concord.yaml:1:11: glossary: the list of glossary layers is empty"},
		{yaml: "glossary: [builtin, glossary, builtin]\n", err: `concord.yaml:1:31: glossary[2]: "builtin" is listed twice`},
		{yaml: "glossary: [builtin, [x]]\n", err: "concord.yaml:1:21: glossary[1]: expected builtin or a folder"},
		{yaml: "glossary: {a: b}\n", err: "concord.yaml:1:11: glossary: expected a folder or a list of glossary layers"},
		{yaml: "extends: shared\n", err: `concord.yaml:1:10: extends: cannot extend "shared"`},
		{yaml: "glossary: [builtin, glossary]\nextends: builtin\n", err: "concord.yaml:2:10: extends: repeats what the list of glossary layers says"},
	} {
		cfg, err := load(t, c.yaml)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.yaml, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.yaml, err)
			continue
		}
		if !reflect.DeepEqual(cfg.GlossaryLayers, c.layers) || cfg.Glossary != c.glossary {
			t.Errorf("%q: layers %q, glossary %q; want %q, %q", c.yaml, cfg.GlossaryLayers, cfg.Glossary, c.layers, c.glossary)
		}
	}
}

// TestOptionValues: a percentage is read as a fraction and true and false
// as 1 and 0, keeping what was written for messages; anything else that is
// not a finite number is an error at the value.
func TestOptionValues(t *testing.T) {
	for _, c := range []struct {
		value   string
		want    float64
		percent bool
		err     bool
	}{
		{value: "0.6", want: 0.6},
		{value: "60%", want: 0.6, percent: true},
		{value: "60 %", want: 0.6, percent: true},
		{value: "70", want: 70},
		{value: "true", want: 1},
		{value: "false", want: 0},
		{value: "high", err: true},
		{value: "nan", err: true},
		{value: "nan%", err: true},
		{value: "inf", err: true},
		{value: "'%'", err: true},
	} {
		cfg, err := load(t, "rules:\n  definition-drift:\n    threshold: "+c.value+"\n")
		if c.err {
			if err == nil || !strings.Contains(err.Error(), "concord.yaml:3:16: rules.definition-drift.threshold: expected a number") {
				t.Errorf("%s: error %v", c.value, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.value, err)
			continue
		}
		r := cfg.Rules["definition-drift"]
		if got := r.Options["threshold"]; got < c.want-1e-12 || got > c.want+1e-12 || r.Percent("threshold") != c.percent || r.Written["threshold"] != c.value {
			t.Errorf("%s: read %g (percent %v, written %q)", c.value, got, r.Percent("threshold"), r.Written["threshold"])
		}
		if p := r.ValuePos["threshold"]; p.Line != 3 || p.Column != 16 {
			t.Errorf("%s: value at %v", c.value, p)
		}
	}
}

// TestSiteKeys: site: names the site and its home page and footer text, and
// switches on the editors' view; every mistake is an error at the key or
// value, saying what to write instead.
func TestSiteKeys(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		want       Site
		set        []string
		err        string
	}{
		{name: "none", yaml: "corpus: corpus\n"},
		{name: "all", yaml: "site:\n  title: Stalking guidance\n  intro: |\n    For prosecutors.\n\n    And policy leads.\n  organisation: Legal Guidance Team\n  footer: Every term links to one definition.\n  editor: true\n",
			want: Site{Title: "Stalking guidance", Intro: "For prosecutors.\n\nAnd policy leads.", Organisation: "Legal Guidance Team", Footer: "Every term links to one definition.", Editor: true},
			set:  []string{"site", "site.title", "site.intro", "site.organisation", "site.footer", "site.editor"}},
		{name: "empty intro is said", yaml: "site:\n  intro: \"\"\n", set: []string{"site", "site.intro"}},
		{name: "editor false", yaml: "site: {editor: false}\n", set: []string{"site", "site.editor"}},
		{name: "trimmed", yaml: "site:\n  title: \"  Guidance  \"\n", want: Site{Title: "Guidance"}, set: []string{"site", "site.title"}},
		{name: "not a mapping", yaml: "site: Guidance\n", err: "concord.yaml:1:7: site: expected a mapping of title, intro, organisation, footer and editor"},
		{name: "unknown key", yaml: "site:\n  titel: Guidance\n", err: `concord.yaml:2:3: site.titel: unknown key "titel"`},
		{name: "did you mean", yaml: "site:\n  titel: Guidance\n", err: `did you mean "title"?`},
		{name: "American spelling", yaml: "site:\n  organization: Team\n", err: `did you mean "organisation"?`},
		{name: "title at the top", yaml: "title: Guidance\n", err: "concord.yaml:1:1: title: unknown key \"title\" (the site's title goes under site:, as site: {title: ...})"},
		{name: "twice", yaml: "site:\n  title: A\n  title: B\n", err: "concord.yaml:3:3: site.title: key appears twice"},
		{name: "null title", yaml: "site:\n  title:\n", err: "concord.yaml:2:9: site.title: expected text, found nothing"},
		{name: "empty title", yaml: "site:\n  title: \"\"\n", err: "concord.yaml:2:10: site.title: the site's title is empty"},
		{name: "two-line title", yaml: "site:\n  title: |\n    A\n    B\n", err: "concord.yaml:2:10: site.title: expected one line of text"},
		{name: "list footer", yaml: "site:\n  footer: [a, b]\n", err: "concord.yaml:2:11: site.footer: expected text, found a list"},
		{name: "mapping intro", yaml: "site:\n  intro: {a: b}\n", err: "concord.yaml:2:10: site.intro: expected text, found a mapping"},
		{name: "editor yes", yaml: "site:\n  editor: yes\n", err: `concord.yaml:2:11: site.editor: expected true or false, found "yes"`},
		{name: "too long", yaml: "site:\n  footer: " + strings.Repeat("x", 4001) + "\n", err: "concord.yaml:2:11: site.footer: 4001 bytes long; at most 4000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := load(t, c.yaml)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Site != c.want {
				t.Errorf("site %+v, want %+v", cfg.Site, c.want)
			}
			var set []string
			for k := range cfg.Set {
				if k == "site" || strings.HasPrefix(k, "site.") {
					set = append(set, k)
				}
			}
			sort.Strings(set)
			want := append([]string(nil), c.set...)
			sort.Strings(want)
			if !reflect.DeepEqual(set, want) && (len(set) > 0 || len(want) > 0) {
				t.Errorf("set %q, want %q", set, want)
			}
		})
	}
}
