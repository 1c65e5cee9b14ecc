package config

import (
	"os"
	"path/filepath"
	"reflect"
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
