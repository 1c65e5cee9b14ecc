package glossary

import (
	"bytes"
	"regexp"
)

var idLine = regexp.MustCompile(`(?m)^id:.*\n`)

// MarkOverride adds overrides: true after a term file's id line, keeping
// every comment and the rest of the file as written, so a copy of a term
// can replace it from a later layer (see LoadLayers). A file that says
// overrides: already is returned as it is.
func MarkOverride(data []byte) []byte {
	if bytes.Contains(data, []byte("\noverrides:")) {
		return data
	}
	loc := idLine.FindIndex(data)
	if loc == nil {
		return append(data, "overrides: true\n"...)
	}
	var out bytes.Buffer
	out.Write(data[:loc[1]])
	out.WriteString("overrides: true\n")
	out.Write(data[loc[1]:])
	return out.Bytes()
}
