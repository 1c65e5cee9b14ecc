package report

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/rules"
)

// appendFinding appends f as encoding/json writes it with SetEscapeHTML(false)
// and SetIndent("    ", "  ") (an element of the report's findings list),
// without reflection and without indenting a second time: the findings of
// a large report are most of a check's output, written again after every
// small edit. TestAppendFindingMatchesEncoder holds it to encoding/json's
// bytes, and fails when rules.Finding's JSON fields change.
func appendFinding(b []byte, f *rules.Finding) []byte {
	const in1, in2, in3 = "\n      ", "\n        ", "\n          "
	b = append(b, '{')
	b = appendField(b, in1, "rule", f.Rule)
	b = appendField(b, ","+in1, "severity", f.Severity.String())
	b = append(b, ","+in1+`"confidence": `...)
	b = strconv.AppendFloat(b, f.Confidence, 'f', -1, 64)
	b = appendField(b, ","+in1, "file", f.File)
	b = appendIntField(b, ","+in1, "line", f.Line)
	b = appendIntField(b, ","+in1, "column", f.Column)
	b = appendIntField(b, ","+in1, "endLine", f.EndLine)
	b = appendIntField(b, ","+in1, "endColumn", f.EndColumn)
	if f.Term != "" {
		b = appendField(b, ","+in1, "term", f.Term)
	}
	b = appendField(b, ","+in1, "message", f.Message)
	if f.Suggestion != "" {
		b = appendField(b, ","+in1, "suggestion", f.Suggestion)
	}
	if f.Expected != "" {
		b = appendField(b, ","+in1, "expected", f.Expected)
	}
	if f.Actual != "" {
		b = appendField(b, ","+in1, "actual", f.Actual)
	}
	if len(f.Diff) > 0 {
		b = append(b, ","+in1+`"diff": [`...)
		for i, op := range f.Diff {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, in2+"{"...)
			b = appendField(b, in3, "op", op.Op)
			b = appendField(b, ","+in3, "text", op.Text)
			b = append(b, in2+"}"...)
		}
		b = append(b, in1+"]"...)
	}
	if len(f.Related) > 0 {
		b = append(b, ","+in1+`"related": [`...)
		for i, l := range f.Related {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, in2+"{"...)
			b = appendField(b, in3, "file", l.File)
			b = appendIntField(b, ","+in3, "line", l.Line)
			if l.Column != 0 {
				b = appendIntField(b, ","+in3, "column", l.Column)
			}
			if l.Message != "" {
				b = appendField(b, ","+in3, "message", l.Message)
			}
			b = append(b, in2+"}"...)
		}
		b = append(b, in1+"]"...)
	}
	b = appendField(b, ","+in1, "fingerprint", f.Fingerprint)
	return append(b, "\n    }"...)
}

func appendIntField(b []byte, before, name string, v int) []byte {
	b = append(b, before...)
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, `": `...)
	return strconv.AppendInt(b, int64(v), 10)
}

func appendField(b []byte, before, name, v string) []byte {
	b = append(b, before...)
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, `": `...)
	return appendJSONString(b, v)
}

// appendJSONString appends s as a JSON string, as encoding/json does with
// HTML escaping off. Text that needs no escaping is copied; anything else
// is left to encoding/json.
func appendJSONString(b []byte, s string) []byte {
	plain, ascii := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' {
			plain = false
			break
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	// encoding/json also escapes invalid UTF-8 and U+2028, U+2029.
	if plain && (ascii || utf8.ValidString(s) && !strings.ContainsRune(s, '\u2028') && !strings.ContainsRune(s, '\u2029')) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}
