package glossary

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/textdist"
)

// Glossary is the loaded, validated set of terms.
type Glossary struct {
	Terms   []*Term // sorted by id
	byID    map[string]*Term
	Version string // content hash of every file, for caches
	Matcher *Matcher
}

// Get returns the term with an id, or nil.
func (g *Glossary) Get(id string) *Term { return g.byID[id] }

// Acts returns the terms that describe Acts, sorted by id.
func (g *Glossary) Acts() []*Term {
	var out []*Term
	for _, t := range g.Terms {
		if t.Act != nil {
			out = append(out, t)
		}
	}
	return out
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var (
	kinds       = []string{"concept", "offence", "order", "act", "document", "role", "mnemonic"}
	modes       = []string{"summary", "indictment"}
	phraseKinds = []string{"mnemonic", "title", "phrase"}
)

// Load reads every *.yaml (and *.yml) file directly in dir of fsys. display
// is prefixed to file names in messages. All problems are returned together
// as source.Errors.
func Load(fsys fs.FS, dir, display string) (*Glossary, error) {
	return LoadLayers([]Layer{{FS: fsys, Dir: dir, Display: display}})
}

// readLayer decodes every term file of one layer, writing the files' names
// and bytes to hash.
func readLayer(l Layer, hash io.Writer) ([]*Term, source.Errors) {
	entries, err := fs.ReadDir(l.FS, l.Dir)
	if err != nil {
		return nil, source.Errors{{Pos: source.Position{File: l.Display}, Msg: "cannot read glossary folder: " + err.Error(), Hint: "pass --glossary DIR or set glossary: in concord.yaml"}}
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") {
			continue
		}
		if strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) == 0 && !l.MayBeEmpty {
		return nil, source.Errors{{Pos: source.Position{File: l.Display}, Msg: "glossary folder has no .yaml files", Hint: "add one file per term, glossary/<id>.yaml"}}
	}
	var errs source.Errors
	var terms []*Term
	for _, n := range names {
		disp := path.Join(l.Display, n)
		f, err := source.Read(l.FS, path.Join(l.Dir, n), disp)
		if err != nil {
			errs = append(errs, asErrors(err)...)
			continue
		}
		fmt.Fprintf(hash, "%s\x00%d\x00", n, len(f.Text))
		hash.Write(f.Text)
		t, ferrs := decodeTerm(f)
		errs = append(errs, ferrs...)
		if t != nil {
			if want := strings.TrimSuffix(strings.TrimSuffix(n, ".yaml"), ".yml"); t.ID != "" && t.ID != want {
				e := &source.Error{Pos: t.Pos, Key: "id", Msg: fmt.Sprintf("id %q does not match the file name %q", t.ID, n), Hint: "change the id"}
				if idPattern.MatchString(t.ID) {
					// Only a well-formed id makes a file name worth suggesting.
					e.Hint = fmt.Sprintf("rename the file to %s.yaml or change the id", t.ID)
				}
				errs = append(errs, e)
			}
			terms = append(terms, t)
		}
	}
	return terms, errs
}

func asErrors(err error) source.Errors {
	switch e := err.(type) {
	case *source.Error:
		return source.Errors{e}
	case source.Errors:
		return e
	}
	return source.Errors{{Msg: err.Error()}}
}

// positions remembers where each key of a term was, for validation messages.
type positions map[string]source.Position

func decodeTerm(f *source.File) (*Term, source.Errors) {
	var root yaml.Node
	if err := yaml.Unmarshal(f.Text, &root); err != nil {
		return nil, source.Errors{yamlError(f, err)}
	}
	if line := source.SecondYAMLDocument(f.Text); line > 0 {
		return nil, source.Errors{{Pos: source.Position{File: f.Path, Line: line, Column: 1}, Msg: "a second YAML document starts here", Hint: "a term file holds one term; move the next term to its own file"}}
	}
	// A file of comments, or of a bare "---", holds an empty document whose
	// null node yaml.v3 places on a line that may not exist.
	if len(root.Content) == 0 || root.Content[0].Tag == "!!null" && root.Content[0].Value == "" {
		return nil, source.Errors{{Pos: source.Position{File: f.Path, Line: 1, Column: 1}, Msg: "file is empty", Hint: "a term needs at least id, term, definition, summary and sources"}}
	}
	doc := root.Content[0]
	pos := positions{}
	errs := checkNode(f, doc, reflect.TypeOf(Term{}), "", pos)
	for _, e := range errs {
		if !strings.HasPrefix(e.Msg, "unknown key") {
			// The shape is wrong, so decoding would only add noise.
			return nil, errs
		}
	}
	var t Term
	if err := doc.Decode(&t); err != nil {
		// checkNode has vetted the shape, so this is a case it does not know;
		// say where the term starts rather than print yaml.v3's report.
		return nil, source.Errors{{Pos: source.Position{File: f.Path, Line: doc.Line, Column: doc.Column}, Msg: "cannot read term: " + strings.ReplaceAll(strings.TrimPrefix(err.Error(), "yaml: "), "\n", " "), Hint: "check the keys against docs/glossary-format.md"}}
	}
	t.File = f.Path
	t.Pos = pos["id"]
	if t.Pos.File == "" {
		t.Pos = source.Position{File: f.Path, Line: doc.Line, Column: doc.Column}
	}
	t.keyPos = pos
	return &t, errs
}

func yamlError(f *source.File, err error) *source.Error {
	line, off, msg := source.YAMLError(f.Text, err)
	p := source.Position{File: f.Path, Line: line, Column: 1}
	if off >= 0 {
		p = f.Position(off)
	}
	return &source.Error{Pos: p, Msg: "invalid YAML: " + msg, Hint: "check indentation and quoting near this line"}
}

// checkNode walks a YAML node against the Go type it will decode into and
// reports unknown keys and wrong shapes with their exact positions, before
// yaml.v3's own decoder (whose messages lack columns and keys) sees them.
func checkNode(f *source.File, n *yaml.Node, t reflect.Type, key string, pos positions) source.Errors {
	at := source.Position{File: f.Path, Line: n.Line, Column: n.Column}
	if n.Kind == yaml.AliasNode {
		return source.Errors{{Pos: at, Key: key, Msg: "YAML aliases are not allowed", Hint: "write the value out"}}
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	want := describe(t)
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return source.Errors{{Pos: at, Key: key, Msg: fmt.Sprintf("expected %s, found %s", want, found(n)), Hint: hintFor(key, t)}}
		}
		fields := map[string]reflect.StructField{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			name := strings.Split(sf.Tag.Get("yaml"), ",")[0]
			if name == "" || name == "-" {
				continue
			}
			fields[name] = sf
			names = append(names, name)
		}
		var errs source.Errors
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			kp := source.Position{File: f.Path, Line: k.Line, Column: k.Column}
			if k.Kind != yaml.ScalarNode {
				errs = append(errs, &source.Error{Pos: kp, Key: key, Msg: fmt.Sprintf("a key must be plain text, found %s", found(k)), Hint: "write key: value"})
				continue
			}
			full := join(key, k.Value)
			sf, ok := fields[k.Value]
			if !ok {
				e := &source.Error{Pos: kp, Key: full, Msg: fmt.Sprintf("unknown key %q", k.Value)}
				if s := closest(k.Value, names); s != "" {
					e.Hint = fmt.Sprintf("did you mean %q?", s)
				} else {
					e.Hint = "allowed keys: " + strings.Join(names, ", ")
				}
				errs = append(errs, e)
				continue
			}
			if seen[k.Value] {
				errs = append(errs, &source.Error{Pos: kp, Key: full, Msg: "key appears twice", Hint: "keep one"})
				continue
			}
			seen[k.Value] = true
			pos[full] = kp
			if v.Tag == "!!null" {
				continue
			}
			errs = append(errs, checkNode(f, v, sf.Type, full, pos)...)
		}
		return errs
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return source.Errors{{Pos: at, Key: key, Msg: fmt.Sprintf("expected %s, found %s", want, found(n)), Hint: "write a list, one item per line starting with \"- \""}}
		}
		var errs source.Errors
		for i, c := range n.Content {
			errs = append(errs, checkNode(f, c, t.Elem(), fmt.Sprintf("%s[%d]", key, i), pos)...)
		}
		return errs
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return source.Errors{{Pos: at, Key: key, Msg: fmt.Sprintf("expected %s, found %s", want, found(n)), Hint: "write text, quoted if it contains a colon"}}
		}
		pos[key] = at
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Value != "true" && n.Value != "false" {
			return source.Errors{{Pos: at, Key: key, Msg: fmt.Sprintf("expected true or false, found %s", found(n))}}
		}
		pos[key] = at
	case reflect.Int:
		if n.Kind != yaml.ScalarNode {
			return source.Errors{{Pos: at, Key: key, Msg: fmt.Sprintf("expected %s, found %s", want, found(n))}}
		}
		if _, err := strconv.Atoi(n.Value); err != nil {
			return source.Errors{{Pos: at, Key: key, Msg: fmt.Sprintf("expected a whole number, found %q", n.Value)}}
		}
		pos[key] = at
	}
	return nil
}

func hintFor(key string, t reflect.Type) string {
	if key == "" {
		return "a term file is a mapping of keys such as id:, term:, definition:"
	}
	return "write the keys of " + t.Name() + " indented below " + key + ":"
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		return "a mapping (key: value)"
	case reflect.Slice:
		return "a list"
	case reflect.Int:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	}
	return "text"
}

func found(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// closest suggests the known name within edit distance 2 of s.
func closest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := Distance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance between two strings,
// in characters (textdist.Distance).
func Distance(a, b string) int { return textdist.Distance(a, b) }
