package source

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// yamlLine matches the "line N: " yaml.v3 puts before a syntax error.
var yamlLine = regexp.MustCompile(`^line (\d+): `)

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner). yaml.v3 reports a parser error's line counting from 0 and a
// scanner error's counting from 1, and leaves the line out altogether when
// the count would be 0, so the message decides how to read the number.
var yamlParserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found undefined tag handle",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

var yamlAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// YAMLError finds where in text the syntax error err from yaml.v3's
// Unmarshal lies. It returns the 1-based line within text, the byte offset in
// text when the exact place is known (otherwise -1), and the message without
// "yaml: " and the line number.
func YAMLError(text []byte, err error) (line, off int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	line, off = 1, -1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		line = n
		for _, p := range yamlParserProblems {
			if msg == p {
				line = n + 1
				break
			}
		}
	}
	switch {
	case msg == "control characters are not allowed":
		// yaml.v3's reader gives no position at all; find the character.
		if i, r := firstNonPrintable(text); i >= 0 {
			line, off = lineOf(text, i), i
			msg = fmt.Sprintf("control character %U is not allowed", r)
		}
	case yamlAnchor.MatchString(msg):
		name := yamlAnchor.FindStringSubmatch(msg)[1]
		if i := bytes.Index(text, []byte("*"+name)); i >= 0 {
			line, off = lineOf(text, i), i
		}
	}
	// yaml.v3 places an error it meets at the end of the text (an unclosed
	// [ or quote) on the empty line after the last newline; the last line
	// with text is where the reader needs to look.
	last := bytes.Count(bytes.TrimRight(text, "\n"), []byte("\n")) + 1
	if line > last {
		line = last
	}
	return line, off, msg
}

// firstNonPrintable finds the first character YAML does not allow (the YAML
// 1.2 c-printable set), with its offset, or -1.
func firstNonPrintable(b []byte) (int, rune) {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0x7E, r == 0x85,
			r >= 0xA0 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD && r != utf8.RuneError || r == utf8.RuneError && size == 3,
			r >= 0x10000 && r <= 0x10FFFF:
		default:
			return i, r
		}
		i += size
	}
	return -1, 0
}

// lineOf gives the 1-based line of offset off in text.
func lineOf(text []byte, off int) int {
	return bytes.Count(text[:off], []byte("\n")) + 1
}

// SecondYAMLDocument returns the line where a second YAML document starts in
// text, or 0. yaml.Unmarshal reads only the first, and anything
// pasted below a "---" (a second term, more settings) would otherwise
// vanish without a word.
func SecondYAMLDocument(text []byte) int {
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var first, second yaml.Node
	if dec.Decode(&first) != nil {
		return 0
	}
	err := dec.Decode(&second)
	switch {
	case err == io.EOF:
		return 0
	case err != nil:
		// The second document is broken too; point at where it starts.
		line, _, _ := YAMLError(text, err)
		lines := bytes.Split(text, []byte("\n"))
		for l := min(line, len(lines)); l >= 1; l-- {
			if bytes.HasPrefix(lines[l-1], []byte("---")) {
				return l
			}
		}
		return line
	case len(second.Content) == 1 && second.Content[0].Tag == "!!null" && second.Content[0].Value == "":
		return 0 // a trailing "---" with nothing after it
	}
	return second.Line
}
