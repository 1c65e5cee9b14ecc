package corpus

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/source"
)

// bodies holds buffers for the blanked copies readFrontMatter makes, which
// Parse hands back when done. Buffers above maxPooled are left to the
// collector rather than kept for documents that will rarely need them.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

const maxPooled = 1 << 20

// readFrontMatter decodes a leading YAML block and returns the source with
// that block blanked out (newlines kept), so goldmark's offsets are still
// offsets into the file. When it made that copy, pooled is the buffer to
// hand back to bodies once nothing reads body any more.
func (d *Document) readFrontMatter() (body []byte, pooled *[]byte, err error) {
	src := d.File.Text
	close, end := frontMatterBounds(src)
	if close < 0 {
		return src, nil, nil
	}
	if end < 0 {
		return src, nil, &source.Error{Pos: d.File.Position(0), Msg: "front matter starts with --- but is never closed", Hint: "end it with a line of ---"}
	}
	pooled = bodies.Get().(*[]byte)
	body = append((*pooled)[:0], src...)
	for i := 0; i < end; i++ {
		if body[i] != '\n' {
			body[i] = ' '
		}
	}
	d.Front.End = end
	// Nearly every document's front matter is a few flat keys; decoding
	// those by hand saves yaml.v3's tokenizer, node tree and timestamp
	// guessing. Anything else, and every error, is yaml.v3's.
	if fm, ok := fastFrontMatter(src[4:close]); ok {
		fm.End = end
		d.Front = fm
		return body, pooled, nil
	}
	return body, pooled, d.frontMatterYAML(src, close)
}

// frontMatterBounds finds the front matter in src: close is the offset of the
// closing "---" (or "...") line and end the offset just after it. close is
// -1 when src has no front matter; end is -1 when it is never closed.
func frontMatterBounds(src []byte) (close, end int) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return -1, -1
	}
	for off := 4; off < len(src); {
		nl := bytes.IndexByte(src[off:], '\n')
		line := src[off:]
		next := len(src)
		if nl >= 0 {
			line = src[off : off+nl]
			next = off + nl + 1
		}
		if t := bytes.TrimRight(line, " \t"); string(t) == "---" || string(t) == "..." {
			return off, next
		}
		off = next
	}
	return 0, -1
}

// frontMatterYAML decodes the front matter src[4:close] with yaml.v3 into
// d.Front. It is the reference decoder: fastFrontMatter must agree with it
// wherever it answers.
func (d *Document) frontMatterYAML(src []byte, close int) error {
	var node yaml.Node
	if err := yaml.Unmarshal(src[4:close], &node); err != nil {
		line, off, msg := source.YAMLError(src[4:close], err)
		at := d.File.LineStart(line + 1) // the YAML starts on line 2
		if off >= 0 {
			at = 4 + off
		}
		return &source.Error{Pos: d.File.Position(at), Msg: "invalid front matter: " + msg, Hint: "front matter is YAML between two --- lines"}
	}
	if len(node.Content) == 0 {
		return nil
	}
	// yaml.v3 counts lines and columns (in characters) from the line after
	// the opening ---.
	pos := func(n *yaml.Node) source.Position {
		off := d.File.LineStart(n.Line + 1)
		for c := 1; c < n.Column && off < close; c++ {
			_, size := utf8.DecodeRune(src[off:])
			off += size
		}
		return d.File.Position(off)
	}
	m := node.Content[0]
	if m.Kind != yaml.MappingNode {
		if m.Tag == "!!null" {
			return nil // only comments
		}
		return &source.Error{Pos: pos(m), Msg: "front matter must be a mapping of keys such as title: and updated:", Hint: "write one key: value a line"}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		at := pos(k)
		if k.Kind != yaml.ScalarNode {
			return &source.Error{Pos: at, Msg: "a front matter key must be plain text", Hint: "write key: value"}
		}
		if seen[k.Value] {
			return &source.Error{Pos: at, Key: k.Value, Msg: "key appears twice", Hint: "keep one"}
		}
		seen[k.Value] = true
		str := func() (string, error) {
			if v.Kind != yaml.ScalarNode {
				return "", &source.Error{Pos: at, Key: k.Value, Msg: "expected text", Hint: "write " + k.Value + ": followed by text on the same line"}
			}
			return v.Value, nil
		}
		var err error
		switch k.Value {
		case "title":
			d.Front.Title, err = str()
		case "slug":
			d.Front.Slug, err = str()
			if err == nil && !validSlug(d.Front.Slug) {
				err = &source.Error{Pos: at, Key: "slug", Msg: fmt.Sprintf("slug %q may only hold lower-case letters, digits, hyphens and single slashes between them", d.Front.Slug), Hint: "for example: restraining-orders"}
				d.Front.Slug = ""
			}
		case "updated":
			d.Front.Updated, err = str()
		case "owner":
			d.Front.Owner, err = str()
		case "topic":
			d.Front.Topic, err = str()
		case "summary":
			d.Front.Summary, err = str()
		case "related":
			if v.Kind != yaml.SequenceNode {
				err = &source.Error{Pos: at, Key: "related", Msg: "expected a list of document slugs", Hint: "related: [restraining-orders, youths]"}
				break
			}
			for _, c := range v.Content {
				if c.Kind != yaml.ScalarNode {
					err = &source.Error{Pos: pos(c), Key: "related", Msg: "expected a document slug, found a nested list or mapping", Hint: "related: [restraining-orders, youths]"}
					break
				}
				d.Front.Related = append(d.Front.Related, c.Value)
			}
		default:
			if v.Kind == yaml.ScalarNode {
				if d.Front.Extra == nil {
					d.Front.Extra = map[string]string{}
				}
				d.Front.Extra[k.Value] = v.Value
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// fastFrontMatter decodes front matter (the YAML between the --- lines) of
// the shape nearly every document uses: one "key: value" a line, keys of
// letters, digits, "_" and "-", values plain or simply quoted scalars, lists
// of plain scalars in flow ("[a, b]") or block ("- a" lines under an empty
// key) style, blank lines and whole-line comments between keys. ok is false
// for anything else, and for anything frontMatterYAML would report as an
// error: the caller must then use that. When in doubt it declines; being
// wrong here would silently change a document, declining only costs time.
func fastFrontMatter(y []byte) (fm FrontMatter, ok bool) {
	if !yamlPlainText(y) {
		return fm, false
	}
	// Values are substrings of one copy of the whole block.
	s := string(y)
	var keyBuf [12]string
	keys := keyBuf[:0]
	// pending is a key whose value was empty on its line: a null scalar,
	// unless block list items follow.
	pending, items := "", []string(nil)
	listIndent := -1
	flush := func() bool {
		if pending == "" {
			return true
		}
		k := pending
		pending = ""
		if items == nil {
			return fm.setScalar(k, "")
		}
		return fm.setList(k, items)
	}
	for len(s) > 0 {
		line, rest, _ := strings.Cut(s, "\n")
		s = rest
		line = strings.TrimRight(line, " ")
		if line == "" {
			continue
		}
		if line[0] == ' ' || line[0] == '-' {
			if pending == "" {
				return fm, false
			}
			ind := len(line) - len(strings.TrimLeft(line, " "))
			if listIndent < 0 {
				listIndent = ind
			} else if ind != listIndent {
				return fm, false
			}
			item, ok := strings.CutPrefix(line[ind:], "- ")
			item = strings.TrimLeft(item, " ")
			if !ok || !yamlPlain(item, false) {
				return fm, false
			}
			items = append(items, item)
			continue
		}
		if !flush() {
			return fm, false
		}
		listIndent, items = -1, nil
		if line[0] == '#' {
			continue
		}
		colon := strings.IndexByte(line, ':')
		if colon <= 0 || colon > 128 || !yamlKey(line[:colon]) {
			return fm, false
		}
		k, v := line[:colon], line[colon+1:]
		if v != "" && v[0] != ' ' {
			return fm, false
		}
		// A few keys are searched in place; past a dozen, yaml.v3 and a
		// map take over, so 200,000 keys cost linear time, not quadratic.
		if len(keys) == len(keyBuf) {
			return fm, false
		}
		for _, seen := range keys {
			if seen == k {
				return fm, false
			}
		}
		keys = append(keys, k)
		v = strings.TrimLeft(v, " ")
		switch {
		case v == "":
			pending = k
		case v[0] == '[':
			list, ok := yamlFlowList(v)
			if !ok || !fm.setList(k, list) {
				return fm, false
			}
		default:
			text, ok := yamlScalar(v)
			if !ok || !fm.setScalar(k, text) {
				return fm, false
			}
		}
	}
	if !flush() {
		return fm, false
	}
	return fm, true
}

// setScalar records key: text as frontMatterYAML would, or reports false
// where that would be an error.
func (fm *FrontMatter) setScalar(key, text string) bool {
	switch key {
	case "title":
		fm.Title = text
	case "slug":
		if !validSlug(text) {
			return false
		}
		fm.Slug = text
	case "updated":
		fm.Updated = text
	case "owner":
		fm.Owner = text
	case "topic":
		fm.Topic = text
	case "summary":
		fm.Summary = text
	case "related":
		return false
	default:
		if fm.Extra == nil {
			fm.Extra = map[string]string{}
		}
		fm.Extra[key] = text
	}
	return true
}

// setList records a list value as frontMatterYAML would, or reports false
// where that would be an error.
func (fm *FrontMatter) setList(key string, list []string) bool {
	switch key {
	case "related":
		if len(list) > 0 {
			fm.Related = list
		}
		return true
	case "title", "slug", "updated", "owner", "topic", "summary":
		return false
	}
	return true // other keys keep only text values
}

// yamlPlainText reports whether y holds only characters yaml.v3 reads as
// ordinary text: printable ASCII, newlines and printable non-ASCII other than
// the characters YAML treats as line breaks or a byte-order mark. Tabs are
// left to yaml.v3 too: where they may stand is subtle.
func yamlPlainText(y []byte) bool {
	for i := 0; i < len(y); {
		c := y[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(y[i:])
		if size == 1 || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			return false
		}
		i += size
	}
	return true
}

// yamlKey reports whether k is a key fastFrontMatter handles: ASCII letters,
// digits, "_" and "-", not starting with "-".
func yamlKey(k string) bool {
	if k == "" || k[0] == '-' {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// yamlPlain reports whether v (without surrounding spaces) reads as a YAML
// plain scalar of one line with exactly its own text: it does not start with
// an indicator, and holds no ": ", " #" or trailing ":" (nor, in a flow list,
// any flow indicator, ":" or "#").
func yamlPlain(v string, flow bool) bool {
	if v == "" || strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", v[0]) >= 0 {
		return false
	}
	if flow {
		return !strings.ContainsAny(v, ",[]{}?:#")
	}
	return v[len(v)-1] != ':' && !strings.Contains(v, ": ") && !strings.Contains(v, " #")
}

// yamlScalar reads a one-line scalar value: plain, double-quoted without
// escapes, or single-quoted.
func yamlScalar(v string) (string, bool) {
	switch v[0] {
	case '"':
		if len(v) < 2 || v[len(v)-1] != '"' {
			return "", false
		}
		in := v[1 : len(v)-1]
		if strings.ContainsAny(in, "\"\\") {
			return "", false
		}
		return in, true
	case '\'':
		if len(v) < 2 || v[len(v)-1] != '\'' {
			return "", false
		}
		in := v[1 : len(v)-1]
		n := strings.Count(in, "'")
		if n == 0 {
			return in, true
		}
		if n%2 != 0 || strings.Count(in, "''")*2 != n {
			return "", false
		}
		return strings.ReplaceAll(in, "''", "'"), true
	}
	return v, yamlPlain(v, false)
}

// yamlFlowList reads "[a, b, c]" of plain scalars.
func yamlFlowList(v string) ([]string, bool) {
	if len(v) < 2 || v[len(v)-1] != ']' {
		return nil, false
	}
	in := strings.Trim(v[1:len(v)-1], " ")
	if in == "" {
		return nil, true
	}
	list := make([]string, 0, strings.Count(in, ",")+1)
	for in != "" {
		item, rest, more := strings.Cut(in, ",")
		item = strings.Trim(item, " ")
		if !yamlPlain(item, true) {
			return nil, false
		}
		list = append(list, item)
		in = rest
		if more && strings.Trim(rest, " ") == "" {
			return nil, false // a trailing comma
		}
	}
	return list, true
}
