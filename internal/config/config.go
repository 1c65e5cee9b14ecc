// Package config reads concord.yaml: where the corpus, glossary and site
// live, which rules run at what severity with which thresholds, and the
// default --fail-on. It does not know the rules; the CLI checks rule ids and
// option names against the registry.
package config

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/textdist"
)

// FileName is the configuration file looked for in the working directory.
const FileName = "concord.yaml"

// Config is the project configuration. Paths are resolved against the
// folder holding concord.yaml.
type Config struct {
	Corpus string
	// Glossary is the project's own glossary folder: the folder glossary:
	// names, or the last folder of its layers.
	Glossary string
	// GlossaryLayers, when glossary: is a list (or extends: builtin is
	// set), are the layers first to last: Builtin or a folder. A later
	// layer adds terms to the earlier ones and may override them by id.
	// Nil when the glossary is one folder.
	GlossaryLayers []string
	Output         string
	BaseURL        string
	Exclude        []string
	FailOn         string
	Rules          map[string]Rule
	// Site is how the published site presents itself (site: in
	// concord.yaml). Set records which of its keys the file gave, as
	// "site.title" and so on, so the site can tell "no intro" from "not
	// said".
	Site Site
	// File is the configuration file read, or "" when defaults are used.
	File string
	// Set records which keys the file set, so flags and defaults can tell
	// "not given" from "given as the default".
	Set map[string]bool
	// Pos is where the file set each key's value, for messages about it
	// (a corpus folder that does not exist, say).
	Pos map[string]source.Position
}

// Rule is one rule's settings.
type Rule struct {
	Severity string // "" keeps the default; "off" disables
	// Options are the values as numbers: a percentage (60%) is read as a
	// fraction (0.6), true and false as 1 and 0. The CLI checks each
	// against what the option means.
	Options map[string]float64
	// Written is each option's value as written, for messages.
	Written map[string]string
	// Pos is where each key was written ("" for the rule's id); ValuePos
	// where each option's value was.
	Pos, ValuePos map[string]source.Position
}

// Percent reports whether an option was written as a percentage.
func (r Rule) Percent(name string) bool { return strings.HasSuffix(r.Written[name], "%") }

// Boolean reports whether an option was written as true or false.
func (r Rule) Boolean(name string) bool {
	return r.Written[name] == "true" || r.Written[name] == "false"
}

// Site is the site: mapping: the site's name, the text of its home page and
// footer, and whether a build is the editors' view.
type Site struct {
	Title        string
	Intro        string
	Organisation string
	Footer       string
	// Editor makes `concord build` publish the editors' view (the
	// consistency report, the health panel and every finding marked in
	// its sentence) without --editor.
	Editor bool
}

// siteKeys are the keys site: takes, in the order messages list them.
var siteKeys = []string{"title", "intro", "organisation", "footer", "editor"}

// Builtin names the glossary built into concord in a list of glossary
// layers: glossary: [builtin, glossary]. A folder called builtin is
// written ./builtin.
const Builtin = "builtin"

// Default is the configuration when there is no concord.yaml.
func Default() *Config {
	return &Config{Corpus: "corpus", Glossary: "glossary", Output: "public", Exclude: []string{"README.md"}, FailOn: "error", Rules: map[string]Rule{}, Set: map[string]bool{}, Pos: map[string]source.Position{}}
}

// Load reads a configuration file. If path is "" it reads ./concord.yaml
// when present and otherwise returns the defaults.
func Load(path string) (*Config, error) {
	c := Default()
	explicit := path != ""
	if !explicit {
		path = FileName
		if _, err := os.Stat(path); err != nil {
			return c, nil
		}
	}
	f, err := source.ReadOS(path, filepath.ToSlash(path))
	if err != nil {
		return nil, err
	}
	c.File = f.Path
	var root yaml.Node
	if err := yaml.Unmarshal(f.Text, &root); err != nil {
		line, off, msg := source.YAMLError(f.Text, err)
		p := source.Position{File: f.Path, Line: line, Column: 1}
		if off >= 0 {
			p = f.Position(off)
		}
		return nil, &source.Error{Pos: p, Msg: "invalid YAML: " + msg, Hint: "check indentation and quoting near this line"}
	}
	if line := source.SecondYAMLDocument(f.Text); line > 0 {
		return nil, &source.Error{Pos: source.Position{File: f.Path, Line: line, Column: 1}, Msg: "a second YAML document starts here", Hint: "concord.yaml is one mapping; remove the ---"}
	}
	// Only comments, or a bare "---": the defaults.
	if len(root.Content) == 0 || root.Content[0].Tag == "!!null" && root.Content[0].Value == "" {
		return c, nil
	}
	m := root.Content[0]
	pos := func(n *yaml.Node) source.Position {
		return source.Position{File: f.Path, Line: n.Line, Column: n.Column}
	}
	if m.Kind != yaml.MappingNode {
		return nil, &source.Error{Pos: pos(m), Msg: "concord.yaml must be a mapping of keys such as corpus: and rules:"}
	}
	dir := filepath.Dir(path)
	str := func(k, v *yaml.Node) (string, error) {
		if v.Kind != yaml.ScalarNode {
			return "", &source.Error{Pos: pos(v), Key: k.Value, Msg: "expected text"}
		}
		return v.Value, nil
	}
	known := []string{"corpus", "glossary", "extends", "output", "base_url", "exclude", "fail_on", "rules", "site"}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, &source.Error{Pos: pos(k), Msg: "a key must be plain text", Hint: "allowed keys: " + strings.Join(known, ", ")}
		}
		if c.Set[k.Value] {
			return nil, &source.Error{Pos: pos(k), Key: k.Value, Msg: "key appears twice", Hint: "keep one"}
		}
		var err error
		c.Set[k.Value] = true
		c.Pos[k.Value] = pos(v)
		switch k.Value {
		case "corpus":
			c.Corpus, err = str(k, v)
			c.Corpus = resolve(dir, c.Corpus)
		case "glossary":
			err = c.readGlossary(f, dir, v)
		case "extends":
			var base string
			base, err = str(k, v)
			if err == nil && base != Builtin {
				err = &source.Error{Pos: pos(v), Key: "extends", Msg: fmt.Sprintf("cannot extend %q", base), Hint: "extends: builtin layers your glossary over the built-in one; for other folders list them: glossary: [builtin, shared, glossary]"}
			}
		case "output":
			c.Output, err = str(k, v)
			c.Output = resolve(dir, c.Output)
		case "base_url":
			c.BaseURL, err = str(k, v)
		case "fail_on":
			c.FailOn, err = str(k, v)
			if err == nil && !validFailOn(c.FailOn) {
				err = &source.Error{Pos: pos(v), Key: "fail_on", Msg: fmt.Sprintf("unknown level %q (want error, warning, info or none)", c.FailOn)}
			}
		case "exclude":
			if v.Kind != yaml.SequenceNode {
				err = &source.Error{Pos: pos(v), Key: "exclude", Msg: "expected a list of file name patterns", Hint: "exclude: [README.md, drafts/*]"}
				break
			}
			c.Exclude = nil
			for _, e := range v.Content {
				if e.Kind != yaml.ScalarNode {
					err = &source.Error{Pos: pos(e), Key: "exclude", Msg: "expected a file name pattern, found a nested list or mapping", Hint: "exclude: [README.md, drafts/*]"}
					break
				}
				if _, perr := filepath.Match(e.Value, ""); perr != nil {
					err = &source.Error{Pos: pos(e), Key: "exclude", Msg: fmt.Sprintf("bad pattern %q: %v", e.Value, perr), Hint: "patterns use *, ? and [a-z]; quote them"}
					break
				}
				c.Exclude = append(c.Exclude, e.Value)
			}
		case "rules":
			err = c.readRules(f, v)
		case "site":
			err = c.readSite(f, v)
		default:
			e := &source.Error{Pos: pos(k), Key: k.Value, Msg: fmt.Sprintf("unknown key %q", k.Value), Hint: "allowed keys: " + strings.Join(known, ", ")}
			if slices.Contains(siteKeys, k.Value) || k.Value == "organization" {
				// Hugo takes title: at the top; concord keeps the site's
				// keys together under site:.
				e.Hint = fmt.Sprintf("the site's %s goes under site:, as site: {%s: ...}", k.Value, siteKey(k.Value))
			}
			err = e
		}
		if err != nil {
			return nil, err
		}
	}
	if c.Set["extends"] {
		if c.GlossaryLayers != nil {
			return nil, &source.Error{Pos: c.Pos["extends"], Key: "extends", Msg: "repeats what the list of glossary layers says", Hint: "keep glossary: [builtin, ...] and remove extends:"}
		}
		c.GlossaryLayers = []string{Builtin, c.Glossary}
	}
	return c, nil
}

// readGlossary reads glossary:, one folder or a list of layers.
func (c *Config) readGlossary(f *source.File, dir string, v *yaml.Node) error {
	pos := func(n *yaml.Node) source.Position {
		return source.Position{File: f.Path, Line: n.Line, Column: n.Column}
	}
	const hint = "glossary: glossary, or layers first to last: glossary: [builtin, glossary]"
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Value == Builtin {
			c.GlossaryLayers = []string{Builtin}
			return nil
		}
		c.Glossary = resolve(dir, v.Value)
		return nil
	case yaml.SequenceNode:
	default:
		return &source.Error{Pos: pos(v), Key: "glossary", Msg: "expected a folder or a list of glossary layers", Hint: hint}
	}
	if len(v.Content) == 0 {
		return &source.Error{Pos: pos(v), Key: "glossary", Msg: "the list of glossary layers is empty", Hint: hint}
	}
	seen := map[string]bool{}
	c.GlossaryLayers = []string{}
	for i, e := range v.Content {
		key := fmt.Sprintf("glossary[%d]", i)
		if e.Kind != yaml.ScalarNode || e.Value == "" {
			return &source.Error{Pos: pos(e), Key: key, Msg: "expected builtin or a folder", Hint: hint}
		}
		layer := e.Value
		if layer != Builtin {
			layer = resolve(dir, layer)
			c.Glossary = layer
		}
		id := layer // the built-in glossary, or a folder's clean path
		if layer != Builtin {
			id = "folder:" + filepath.Clean(layer)
		}
		if seen[id] {
			return &source.Error{Pos: pos(e), Key: key, Msg: fmt.Sprintf("%q is listed twice", e.Value), Hint: "list each layer once"}
		}
		seen[id] = true
		c.Pos[key] = pos(e)
		c.GlossaryLayers = append(c.GlossaryLayers, layer)
	}
	return nil
}

// siteKey is the site: key a misspelt or Americanised key most likely
// means, or "" when none is close.
func siteKey(k string) string {
	if k == "organization" {
		return "organisation"
	}
	best, bestD := "", 3
	for _, s := range siteKeys {
		if d := textdist.Distance(strings.ToLower(k), s); d < bestD {
			best, bestD = s, d
		}
	}
	return best
}

// readSite reads site:, a mapping of the site's title, intro, organisation,
// footer and editor switch. Each value is checked where it is written:
// titles and names are one line of text, the intro and footer text that may
// run to paragraphs (a blank line between them), and editor true or false.
func (c *Config) readSite(f *source.File, n *yaml.Node) error {
	pos := func(n *yaml.Node) source.Position {
		return source.Position{File: f.Path, Line: n.Line, Column: n.Column}
	}
	const example = "site:\n  title: Stalking and harassment guidance\n  intro: Guidance for prosecutors.\n  organisation: Legal Guidance Team\n  footer: Every glossary term links to its one shared definition."
	if n.Kind != yaml.MappingNode {
		return &source.Error{Pos: pos(n), Key: "site", Msg: "expected a mapping of title, intro, organisation, footer and editor", Hint: example}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return &source.Error{Pos: pos(k), Key: "site", Msg: "a key must be plain text", Hint: "allowed keys: " + strings.Join(siteKeys, ", ")}
		}
		key := "site." + k.Value
		if c.Set[key] {
			return &source.Error{Pos: pos(k), Key: key, Msg: "key appears twice", Hint: "keep one"}
		}
		if !slices.Contains(siteKeys, k.Value) {
			e := &source.Error{Pos: pos(k), Key: key, Msg: fmt.Sprintf("unknown key %q", k.Value), Hint: "allowed keys: " + strings.Join(siteKeys, ", ")}
			if s := siteKey(k.Value); s != "" {
				e.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			return e
		}
		c.Set[key] = true
		c.Pos[key] = pos(v)
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			what := "text"
			if k.Value == "editor" {
				what = "true or false"
			}
			return &source.Error{Pos: pos(v), Key: key, Msg: "expected " + what + ", found " + nodeKind(v)}
		}
		text := strings.TrimSpace(v.Value)
		switch k.Value {
		case "editor":
			switch v.Value {
			case "true":
				c.Site.Editor = true
			case "false":
				c.Site.Editor = false
			default:
				return &source.Error{Pos: pos(v), Key: key, Msg: fmt.Sprintf("expected true or false, found %q", v.Value), Hint: "write true to publish the editors' view, with every finding marked, or false; concord build --editor does it for one build"}
			}
			continue
		case "title", "organisation":
			if strings.ContainsAny(text, "\n\r") {
				return &source.Error{Pos: pos(v), Key: key, Msg: "expected one line of text", Hint: "the " + k.Value + " is shown in the header of every page; keep it to one line"}
			}
			if k.Value == "title" && text == "" {
				return &source.Error{Pos: pos(v), Key: key, Msg: "the site's title is empty", Hint: "name the site, as in title: Stalking and harassment guidance; remove the key for the default (Guidance)"}
			}
		}
		if len(text) > maxSiteText {
			return &source.Error{Pos: pos(v), Key: key, Msg: fmt.Sprintf("%d bytes long; at most %d", len(text), maxSiteText), Hint: "keep the " + k.Value + " short: it is shown on every page or at the top of the home page"}
		}
		switch k.Value {
		case "title":
			c.Site.Title = text
		case "intro":
			c.Site.Intro = text
		case "organisation":
			c.Site.Organisation = text
		case "footer":
			c.Site.Footer = text
		}
	}
	return nil
}

// maxSiteText bounds each text of site:, shown on every page.
const maxSiteText = 4000

func nodeKind(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.AliasNode:
		return "an alias"
	case n.Tag == "!!null":
		return "nothing"
	}
	return "a value"
}

// optionValue reads a rule option: a number, a percentage or a switch.
func optionValue(v string) (float64, error) {
	switch v {
	case "true":
		return 1, nil
	case "false":
		return 0, nil
	}
	scale := 1.0
	if p, ok := strings.CutSuffix(v, "%"); ok {
		v, scale = strings.TrimSpace(p), 100
	}
	x, err := strconv.ParseFloat(v, 64)
	if err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
		err = fmt.Errorf("not a finite number")
	}
	return x / scale, err
}

func validFailOn(s string) bool {
	switch s {
	case "error", "warning", "info", "none":
		return true
	}
	return false
}

func resolve(dir, p string) string {
	if p == "" || filepath.IsAbs(p) || dir == "." {
		return p
	}
	return filepath.Join(dir, p)
}

func (c *Config) readRules(f *source.File, n *yaml.Node) error {
	pos := func(n *yaml.Node) source.Position {
		return source.Position{File: f.Path, Line: n.Line, Column: n.Column}
	}
	if n.Kind != yaml.MappingNode {
		return &source.Error{Pos: pos(n), Key: "rules", Msg: "expected a mapping of rule ids", Hint: "rules:\n  definition-drift:\n    severity: warning"}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return &source.Error{Pos: pos(k), Key: "rules", Msg: "a rule id must be plain text", Hint: "rules:\n  definition-drift:\n    severity: warning"}
		}
		if _, dup := c.Rules[k.Value]; dup {
			return &source.Error{Pos: pos(k), Key: "rules." + k.Value, Msg: "rule appears twice", Hint: "keep one"}
		}
		r := Rule{Options: map[string]float64{}, Written: map[string]string{}, Pos: map[string]source.Position{"": pos(k)}, ValuePos: map[string]source.Position{}}
		switch v.Kind {
		case yaml.ScalarNode:
			// Shorthand: `deprecated-term: warning` or `variant-wording: off`.
			r.Severity = v.Value
		case yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				ok, ov := v.Content[j], v.Content[j+1]
				r.Pos[ok.Value] = pos(ok)
				if ov.Kind != yaml.ScalarNode {
					return &source.Error{Pos: pos(ov), Key: "rules." + k.Value + "." + ok.Value, Msg: "expected a single value"}
				}
				if ok.Value == "severity" {
					r.Severity = ov.Value
					continue
				}
				x, err := optionValue(ov.Value)
				if err != nil {
					return &source.Error{Pos: pos(ov), Key: "rules." + k.Value + "." + ok.Value, Msg: fmt.Sprintf("expected a number, found %q", ov.Value), Hint: "write a number (0.6), a percentage (60%) or, for a switch, true or false"}
				}
				r.Options[ok.Value] = x
				r.Written[ok.Value] = ov.Value
				r.ValuePos[ok.Value] = pos(ov)
			}
		default:
			return &source.Error{Pos: pos(v), Key: "rules." + k.Value, Msg: "expected a severity or a mapping of settings"}
		}
		c.Rules[k.Value] = r
	}
	return nil
}
