package opendata

import (
	"bytes"
	"encoding/json"

	"github.com/concord-guidance/concord/internal/glossary"
)

// DefinedTerm is the schema.org DefinedTerm for a term's page (in its
// DefinedTermSet, the glossary), as JSON for a <script
// type="application/ld+json"> element, so search engines can show the
// definition. Without a base URL its IRIs are relative to the term's page
// (glossary/ID/index.html) and name the same resources as the SKOS files.
//
// The JSON is safe to place inside the script element as it stands: every
// <, > and & is written \u003c, \u003e, \u0026 (so no value can close the
// element with </script> or open a comment with <!--), and U+2028 and
// U+2029 as escapes. A data block is never run, so the site's
// Content-Security-Policy (script-src 'self') has nothing to allow.
func DefinedTerm(t *glossary.Term, o Options) ([]byte, error) {
	rel := o
	if rel.BaseURL == "" {
		rel.BaseURL = "../../" // from glossary/ID/index.html to the site's root
	}
	type set struct {
		Type string `json:"@type"`
		ID   string `json:"@id"`
		Name string `json:"name"`
		URL  string `json:"url"`
	}
	alt, _ := labels(t)
	v := struct {
		Context     string   `json:"@context"`
		Type        string   `json:"@type"`
		ID          string   `json:"@id"`
		Name        string   `json:"name"`
		Alternate   []string `json:"alternateName,omitempty"`
		TermCode    string   `json:"termCode,omitempty"`
		Description string   `json:"description"`
		URL         string   `json:"url"`
		InSet       set      `json:"inDefinedTermSet"`
	}{
		Context: "https://schema.org", Type: "DefinedTerm", ID: rel.ConceptIRI(t.ID), Name: t.Term,
		Alternate: alt, TermCode: t.Acronym, Description: t.Definition, URL: rel.iri(termDir(t.ID)),
		InSet: set{Type: "DefinedTermSet", ID: rel.SchemeIRI(), Name: o.title(), URL: rel.iri(glossaryDir)},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true) // the point: see above
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
