package site

import (
	"bytes"
	"encoding/json"

	"github.com/concord-guidance/concord/internal/glossary"
)

// termsScriptPath is the script that holds every term's summary for the
// previews on document pages.
const termsScriptPath = assetsDir + "terms.js"

// termsScript is assets/terms.js: every glossary term's summary by id, set
// as window.__concordTerms for assets/concord.js. A document page lists the
// terms it uses and leaves each summary's place empty (termDefs), so the
// summaries are written once for the site instead of into each of its pages,
// where they were a quarter of a page's bytes. encoding/json escapes <, >, &,
// U+2028 and U+2029, so no summary can end the script or its string.
func termsScript(g *glossary.Glossary) []byte {
	summaries := make(map[string]string, len(g.Terms))
	for _, t := range g.Terms {
		summaries[t.ID] = t.Summary
	}
	data, err := json.Marshal(summaries) // sorted by key: deterministic
	if err != nil {
		data = []byte("{}") // a map of strings always encodes
	}
	var buf bytes.Buffer
	buf.WriteString("window.__concordTerms = ")
	buf.Write(data)
	buf.WriteString(";\n")
	return buf.Bytes()
}
