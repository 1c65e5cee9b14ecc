package run

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/config"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// Project is a loaded configuration, glossary and corpus.
type Project struct {
	Cfg      *config.Config
	Glossary *glossary.Glossary
	Docs     []*corpus.Document
	// InputErrs are problems with single documents; the others were still
	// loaded and checked, and the run exits 2 at the end.
	InputErrs source.Errors
	Settings  map[string]rules.RuleSettings
	// site is set by CheckCached(true), for an incremental build.
	site *siteInputs
	// afresh is what CheckForBuild kept of each document for BuildAfresh.
	afresh *afreshInputs
}

func (a *Runner) LoadConfig() (*config.Config, error) {
	cfg, err := config.Load(a.ConfigPath)
	if err != nil {
		return nil, err
	}
	if a.CorpusDir != "" {
		cfg.Corpus = a.CorpusDir
	}
	switch a.GlossaryDir {
	case "":
	case config.Builtin:
		// --glossary builtin: the built-in glossary alone.
		cfg.GlossaryLayers = []string{config.Builtin}
	default:
		// The flag names one folder, in place of any layers.
		cfg.Glossary, cfg.GlossaryLayers = a.GlossaryDir, nil
	}
	return cfg, nil
}

// LoadGlossary reads the glossary: its layers when concord.yaml lists them
// (glossary: [builtin, glossary]), else the one folder. When no folder was
// named (by flag or concord.yaml) and ./glossary does not exist, it falls
// back to the built-in glossary and says so in one line.
func (a *Runner) LoadGlossary(cfg *config.Config) (*glossary.Glossary, error) {
	if a.Layered(cfg) {
		layers, err := GlossaryLayers(cfg, func(dir string) (fs.FS, error) {
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return nil, fs.ErrNotExist
			}
			// Each layer is read under the same rule as a single folder:
			// links out of it refused, only regular files opened.
			return fsguard.NewScope(dir, filepath.ToSlash(dir), a.FollowOutside).FS(), nil
		})
		if err != nil {
			return nil, err
		}
		return glossary.LoadLayers(layers)
	}
	explicit := a.GlossaryDir != "" || cfg.Set["glossary"]
	if st, err := os.Stat(cfg.Glossary); err == nil && st.IsDir() {
		return glossary.Load(fsguard.NewScope(cfg.Glossary, filepath.ToSlash(cfg.Glossary), a.FollowOutside).FS(), ".", filepath.ToSlash(cfg.Glossary))
	} else if explicit {
		if a.GlossaryDir == "" {
			// concord.yaml named it: point there.
			return nil, &source.Error{Pos: cfg.Pos["glossary"], Key: "glossary", Msg: fmt.Sprintf("glossary folder %q not found", filepath.ToSlash(cfg.Glossary)), Hint: "fix glossary:, or remove it to use the built-in glossary"}
		}
		return nil, &source.Error{Pos: source.Position{File: filepath.ToSlash(cfg.Glossary)}, Msg: "glossary folder not found", Hint: "pass --glossary an existing folder, or leave it out to use ./glossary or the built-in glossary"}
	}
	g, err := glossary.Load(BuiltinLayer().FS, ".", BuiltinLayer().Display)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(a.Stderr, "concord: no ./glossary folder; using the built-in glossary (%d terms)\n", len(g.Terms))
	return g, nil
}

// Layered reports whether the glossary is read as layers: concord.yaml
// lists them (and no --glossary flag names one folder instead), or
// --glossary builtin asks for the built-in glossary alone.
func (a *Runner) Layered(cfg *config.Config) bool {
	return cfg.GlossaryLayers != nil
}

// BuiltinLayer is the glossary built into the binary.
func BuiltinLayer() glossary.Layer {
	sub, _ := fs.Sub(concord.Glossary, "glossary")
	return glossary.Layer{FS: sub, Dir: ".", Display: "(built-in)/glossary", Name: "the built-in glossary"}
}

// GlossaryLayers turns concord.yaml's layers into glossary layers, opening
// each folder with open (the working tree, or a git ref). A folder open
// cannot find is an error at the setting that names it.
func GlossaryLayers(cfg *config.Config, open func(dir string) (fs.FS, error)) ([]glossary.Layer, error) {
	var layers []glossary.Layer
	for i, l := range cfg.GlossaryLayers {
		if l == config.Builtin {
			layers = append(layers, BuiltinLayer())
			continue
		}
		fsys, err := open(l)
		if err != nil {
			key := fmt.Sprintf("glossary[%d]", i)
			p, ok := cfg.Pos[key]
			if !ok {
				// extends: builtin with glossary: DIR (or its default).
				key, p = "glossary", cfg.Pos["glossary"]
				if !cfg.Set["glossary"] {
					key, p = "extends", cfg.Pos["extends"]
				}
			}
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &source.Error{Pos: p, Key: key, Msg: fmt.Sprintf("glossary folder %q not found", filepath.ToSlash(l)), Hint: "create it, or remove it from glossary:; an empty folder will do"}
			}
			return nil, err
		}
		if fsys == nil {
			continue // not there at a git ref: that layer was empty then
		}
		d := filepath.ToSlash(l)
		layers = append(layers, glossary.Layer{FS: fsys, Dir: ".", Display: d, Name: "glossary folder " + d, MayBeEmpty: true})
	}
	return layers, nil
}

// RuleSettings merges concord.yaml's rule settings with the registry's
// defaults, rejecting unknown rules, options and severities by position.
func RuleSettings(cfg *config.Config) (map[string]rules.RuleSettings, error) {
	out := map[string]rules.RuleSettings{}
	ids := make([]string, 0, len(cfg.Rules))
	for id := range cfg.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rc := cfg.Rules[id]
		r := rules.Lookup(id)
		if r == nil {
			hint := "run 'concord rules' to list the rules"
			best := 3
			for _, r := range rules.All() {
				if d := glossary.Distance(id, r.ID); d < best {
					best, hint = d, fmt.Sprintf("did you mean %q?", r.ID)
				}
			}
			return nil, &source.Error{Pos: rc.Pos[""], Key: "rules." + id, Msg: fmt.Sprintf("unknown rule %q", id), Hint: hint}
		}
		s := rules.RuleSettings{Severity: r.Severity, Options: rc.Options}
		if rc.Severity != "" {
			sev, err := rules.ParseSeverity(rc.Severity)
			if err != nil {
				p := rc.Pos["severity"]
				if p.File == "" {
					p = rc.Pos[""]
				}
				return nil, &source.Error{Pos: p, Key: "rules." + id + ".severity", Msg: err.Error()}
			}
			s.Severity = sev
		}
		names := make([]string, 0, len(rc.Options))
		for name := range rc.Options {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			var opt *rules.Option
			for i := range r.Options {
				if r.Options[i].Name == name {
					opt = &r.Options[i]
				}
			}
			if opt != nil {
				if err := checkOption(id, *opt, rc, name); err != nil {
					return nil, err
				}
				continue
			}
			var known []string
			for _, o := range r.Options {
				known = append(known, o.Name)
			}
			hint := "this rule has no options"
			if len(known) > 0 {
				hint = "options are: severity, " + strings.Join(known, ", ")
			}
			return nil, &source.Error{Pos: rc.Pos[name], Key: "rules." + id + "." + name, Msg: fmt.Sprintf("rule %s has no option %q", id, name), Hint: hint}
		}
		out[id] = s
	}
	for _, r := range rules.All() {
		if _, ok := out[r.ID]; !ok {
			out[r.ID] = rules.RuleSettings{Severity: r.Severity}
		}
	}
	return out, nil
}

// checkOption holds an option's value to what the option means: a
// fraction from 0 to 1 (or a percentage), a switch, or a count.
func checkOption(id string, o rules.Option, rc config.Rule, name string) error {
	v, written := rc.Options[name], rc.Written[name]
	bad := func(msg, hint string) error {
		return &source.Error{Pos: rc.ValuePos[name], Key: "rules." + id + "." + name, Msg: msg, Hint: hint}
	}
	takes := fmt.Sprintf("%s takes %s", name, o.Unit.Describe())
	hint := fmt.Sprintf("the default is %g", o.Default)
	switch o.Unit {
	case rules.Fraction:
		if rc.Boolean(name) {
			return bad(fmt.Sprintf("%s is not a number; %s", written, takes), hint)
		}
		if v < 0 || v > 1 {
			if !rc.Percent(name) && v > 1 && v <= 100 && v == math.Trunc(v) {
				// threshold: 70 meant 70%.
				hint = fmt.Sprintf("write %g or %s%%", v/100, written)
			}
			return bad(fmt.Sprintf("%s is out of range; %s", written, takes), hint)
		}
	case rules.Switch:
		if rc.Percent(name) || v != 0 && v != 1 {
			return bad(fmt.Sprintf("%s is not a switch; %s", written, takes), hint)
		}
	case rules.Count:
		if rc.Percent(name) || rc.Boolean(name) || v < 0 || v != math.Trunc(v) {
			return bad(fmt.Sprintf("%s is not a count; %s", written, takes), hint)
		}
	}
	return nil
}

// LoadProject loads configuration, glossary and documents. paths, when
// given, name the files or folders to load instead of the corpus.
func (a *Runner) LoadProject(paths []string) (*Project, error) {
	p, inputs, err := a.DiscoverProject(paths)
	if err != nil {
		return nil, err
	}
	p.Docs, p.InputErrs = corpus.LoadAll(inputs)
	return p, nil
}

// DiscoverProject loads configuration and glossary and finds the documents
// without reading them.
func (a *Runner) DiscoverProject(paths []string) (*Project, []corpus.Input, error) {
	cfg, err := a.LoadConfig()
	if err != nil {
		return nil, nil, err
	}
	settings, err := RuleSettings(cfg)
	if err != nil {
		return nil, nil, err
	}
	g, err := a.LoadGlossary(cfg)
	if err != nil {
		return nil, nil, err
	}
	p := &Project{Cfg: cfg, Glossary: g, Settings: settings}
	var inputs []corpus.Input
	seen := map[string]bool{}
	fromConfig := len(paths) == 0 && a.CorpusDir == "" && cfg.Set["corpus"]
	// Saved web pages are read from folders named on the command line (the
	// pages of other bodies, checked as they stand), never from the corpus,
	// which build publishes: its documents are Markdown.
	html := len(paths) > 0
	if len(paths) == 0 {
		paths = []string{cfg.Corpus}
	}
	for _, root := range paths {
		in, err := corpus.DiscoverWith(root, displayPath(root), corpus.Options{Exclude: cfg.Exclude, FollowOutside: a.FollowOutside, HTML: html})
		if err != nil {
			var se *source.Error
			if fromConfig && errors.As(err, &se) && se.Pos.Line == 0 {
				// concord.yaml named the corpus: point at the setting.
				return nil, nil, &source.Error{Pos: cfg.Pos["corpus"], Key: "corpus", Msg: fmt.Sprintf("%q: %s", displayPath(root), se.Msg), Hint: "fix corpus: or create the folder"}
			}
			return nil, nil, err
		}
		for _, i := range in {
			if !seen[i.Display] {
				seen[i.Display] = true
				inputs = append(inputs, i)
			}
		}
	}
	if len(inputs) == 0 {
		return nil, nil, &source.Error{Pos: source.Position{File: strings.Join(paths, ", ")}, Msg: "no Markdown documents found", Hint: "pass files or folders holding .md files, or set corpus: in concord.yaml"}
	}
	return p, inputs, nil
}

// displayPath shows a path relative to the working directory with forward
// slashes, as reports require.
func displayPath(p string) string {
	if filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
				p = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

// InputErrors wraps document problems found while loading, so a command can
// still finish its work and then exit 2.
func InputErrors(errs source.Errors) error {
	if len(errs) == 0 {
		return nil
	}
	errs.Sort()
	return &InputError{Err: errors.Join(errs, fmt.Errorf("%d %s could not be fully read; fix the problems above", len(errs), plural(len(errs), "document", "documents")))}
}
