package opendata

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/glossary"
)

// YAMLHeader starts every term file import writes, as it starts the
// bundled ones: it points editors at the schema beside the file.
const YAMLHeader = "# yaml-language-server: $schema=./schema.json\n"

// YAML is a term as a glossary file in concord's one layout: the header,
// keys in the order of glossary.Term, empty values left out, block lists,
// two-space indents, and yaml's plainest quoting. The same term always
// gives the same bytes, and loading them gives the term back.
func YAML(t *glossary.Term) ([]byte, error) {
	n, err := node(reflect.ValueOf(*t))
	if err != nil {
		return nil, fmt.Errorf("term %s: %w", t.ID, err)
	}
	var b bytes.Buffer
	b.WriteString(YAMLHeader)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, fmt.Errorf("term %s: %w", t.ID, err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func node(v reflect.Value) (*yaml.Node, error) {
	switch v.Kind() {
	case reflect.Pointer:
		return node(v.Elem())
	case reflect.Struct:
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if !f.IsExported() || name == "" || name == "-" || empty(v.Field(i)) {
				continue
			}
			val, err := node(v.Field(i))
			if err != nil {
				return nil, err
			}
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}, val)
		}
		return m, nil
	case reflect.Slice:
		s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i := 0; i < v.Len(); i++ {
			e, err := node(v.Index(i))
			if err != nil {
				return nil, err
			}
			s.Content = append(s.Content, e)
		}
		return s, nil
	case reflect.String:
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v.String()}
		// A string that cannot be written plain is double-quoted, as the
		// glossary's prose is, never single-quoted or folded.
		if out, err := yaml.Marshal(v.String()); err != nil || !plainScalar(out) {
			n.Style = yaml.DoubleQuotedStyle
		}
		return n, nil
	case reflect.Int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v.Int(), 10)}, nil
	case reflect.Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v.Bool())}, nil
	}
	return nil, fmt.Errorf("no YAML form for %s", v.Type())
}

func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}

// plainScalar reports whether yaml wrote a string as a plain scalar on one
// line.
func plainScalar(out []byte) bool {
	out = bytes.TrimSuffix(out, []byte("\n"))
	return len(out) > 0 && !bytes.ContainsAny(out[:1], "'\"|>") && !bytes.Contains(out, []byte("\n"))
}
