package site

import (
	"bytes"
)

// publishedScript is a script of the theme as the site publishes it: without
// its whole-line comments and its indentation, which are a third of
// search.js and which every reader's browser would otherwise fetch before
// its first result (TestSearchBytesPerQuery). Only what cannot change the
// program goes: lines that are nothing but a // comment or a /* … */ block,
// and white space at the start of a line. A script this cannot read safely
// (a template literal or a line continued by a backslash could hold such a
// line inside a string) is published as it is.
func publishedScript(src []byte) []byte {
	if bytes.ContainsAny(src, "`") {
		return src
	}
	lines := bytes.Split(src, []byte("\n"))
	out := make([]byte, 0, len(src))
	inBlock := false
	for _, l := range lines {
		t := bytes.TrimSpace(l)
		if bytes.HasSuffix(t, []byte(`\`)) {
			return src
		}
		switch {
		case inBlock:
			if bytes.Contains(t, []byte("*/")) {
				if !bytes.HasSuffix(t, []byte("*/")) {
					return src // code after the end of a comment
				}
				inBlock = false
			}
			continue
		case bytes.HasPrefix(t, []byte("//")):
			continue
		case bytes.HasPrefix(t, []byte("/*")):
			if !bytes.Contains(t[2:], []byte("*/")) {
				inBlock = true
				continue
			}
			if bytes.HasSuffix(t, []byte("*/")) && bytes.Index(t[2:], []byte("*/")) == len(t)-4 {
				continue
			}
		case len(t) == 0:
			continue
		}
		out = append(out, t...)
		out = append(out, '\n')
	}
	if inBlock {
		return src
	}
	return out
}
