// Package opendata publishes the glossary as open data other bodies can load
// into their own systems and terminology tools, and reads it back:
// glossary.json (the terms as concord reads them) with its JSON Schema, SKOS
// as JSON-LD and Turtle, TBX (ISO 30042:2019, the TBX-Basic dialect), and a
// schema.org DefinedTerm block for each term page.
//
// What the standards cannot say (a term's required and excluded elements,
// penalties, the reason a wording is deprecated, the order of lists, which
// RDF does not keep) travels in concord's own extension: one concord:term
// value per concept (in TBX, a concord-term processing instruction),
// holding the term as concord reads it in JSON. Import
// takes the standard properties as the truth where they say something and
// the extension for the rest, so a term edited in a terminology tool comes
// back edited, and one nobody touched comes back exactly as it went out.
//
// The package reads a loaded glossary and writes bytes; it never touches the
// file system, and the same glossary and options always give the same bytes.
package opendata

import (
	"encoding/json"
	"net/url"
	"path"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
)

// The published files, beside the site's pages.
const (
	JSONFile   = "glossary.json"
	SchemaFile = "glossary.schema.json"
	JSONLDFile = "glossary.jsonld"
	TurtleFile = "glossary.ttl"
	TBXFile    = "glossary.tbx"
)

// Namespaces.
const (
	SKOS    = "http://www.w3.org/2004/02/skos/core#"
	DCTerms = "http://purl.org/dc/terms/"
	RDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	// Concord is the namespace of concord's extension, in RDF and in TBX.
	// It follows the urn:concord: names glossary/schema.json uses.
	Concord = "urn:concord:glossary:"
	TBXNS   = "urn:iso:std:iso:30042:ed-2"
)

// Lang is the language of every label and definition.
const Lang = "en"

// Options say where the data is published.
type Options struct {
	// BaseURL is the absolute address the site is published at, ending in
	// "/"; empty gives IRIs relative to the site's root.
	BaseURL string
	// Title names the concept scheme (the site's title).
	Title string
}

// File is one published file, its path relative to the site's root.
type File struct {
	Path string
	Data []byte
}

// Files renders every open-data file of the glossary, sorted by path.
func Files(g *glossary.Glossary, o Options) ([]File, error) {
	js, err := JSON(g)
	if err != nil {
		return nil, err
	}
	schema, err := JSONSchema()
	if err != nil {
		return nil, err
	}
	ld, err := SKOSJSONLD(g, o)
	if err != nil {
		return nil, err
	}
	ttl, err := SKOSTurtle(g, o)
	if err != nil {
		return nil, err
	}
	tbx, err := TBX(g, o)
	if err != nil {
		return nil, err
	}
	return []File{
		{JSONFile, js},
		{JSONLDFile, ld},
		{SchemaFile, schema},
		{TBXFile, tbx},
		{TurtleFile, ttl},
	}, nil
}

// Site paths of the pages the IRIs name. They repeat internal/site's
// urls.go (which this package must not import, since the site imports it);
// TestIRIsNamePages in internal/site holds the two together.
func termDir(id string) string { return "glossary/" + id + "/" }

const glossaryDir = "glossary/"

// iri makes a site path absolute under the base URL, or leaves it relative
// to the site's root when there is none.
func (o Options) iri(sitePath string) string {
	return o.BaseURL + sitePath
}

// ConceptIRI is the IRI of a term as a concept: its page, with #concept, so
// the concept and the page about it are not the same resource.
func (o Options) ConceptIRI(id string) string { return o.iri(termDir(id)) + "#concept" }

// SchemeIRI is the IRI of the glossary as a concept scheme.
func (o Options) SchemeIRI() string { return o.iri(glossaryDir) + "#scheme" }

// idFromIRI recovers a term id from a concept IRI written by ConceptIRI,
// under any base: the last folder before #concept.
func idFromIRI(iri string) string {
	iri, _, _ = strings.Cut(iri, "#")
	u, err := url.Parse(iri)
	if err == nil {
		iri = u.Path
	}
	return path.Base(strings.TrimSuffix(iri, "/"))
}

func (o Options) title() string {
	if o.Title == "" {
		return "Glossary"
	}
	return o.Title
}

// extension is the concord:term value: the whole term as concord reads it,
// in glossary.json's shape, without the file it came from.
func extension(t *glossary.Term) (string, error) {
	c := *t
	c.File = ""
	data, err := marshal(&c)
	if err != nil {
		return "", err
	}
	return string(data), nil
}

// marshal is json.Marshal without HTML escaping (each writer escapes for its
// own format) and without a trailing newline.
func marshal(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}
