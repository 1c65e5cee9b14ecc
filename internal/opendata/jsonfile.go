package opendata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/glossary"
)

// SchemaID is the $id of glossary.schema.json.
const SchemaID = "urn:concord:glossary:json"

// JSON is glossary.json: {"version": 1, "terms": [...]}, each term as
// concord reads it, in the shape `concord glossary list --format json`
// prints, except that file is the term's file name alone, so no folder of
// the machine that built the site is published.
func JSON(g *glossary.Glossary) ([]byte, error) {
	terms := make([]glossary.Term, len(g.Terms))
	for i, t := range g.Terms {
		terms[i] = *t
		terms[i].File = path.Base(t.File)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(map[string]any{"$schema": "glossary.schema.json", "version": 1, "terms": terms})
	return b.Bytes(), err
}

// JSONSchema is glossary.schema.json, made from the term files' own schema
// (glossary/schema.json) so the two cannot drift apart: the term schema
// becomes $defs/term, with the JSON names of its keys (inForce for
// in_force) and the file each term was read from.
func JSONSchema() ([]byte, error) {
	data, err := fs.ReadFile(concord.Glossary, "glossary/schema.json")
	if err != nil {
		return nil, err
	}
	var term map[string]any
	if err := json.Unmarshal(data, &term); err != nil {
		return nil, fmt.Errorf("glossary/schema.json: %w", err)
	}
	defs, _ := term["$defs"].(map[string]any)
	props, _ := term["properties"].(map[string]any)
	if defs == nil || props == nil {
		return nil, fmt.Errorf("glossary/schema.json: no $defs or properties")
	}
	delete(term, "$defs")
	delete(term, "$schema")
	delete(term, "$id")
	// The YAML keys whose JSON names differ (glossary.Term's tags).
	for yamlKey, jsonKey := range map[string]string{"in_force": "inForce"} {
		if p, ok := props[yamlKey]; ok {
			props[jsonKey] = p
			delete(props, yamlKey)
		}
	}
	props["file"] = map[string]any{"type": "string", "description": "The file the term was read from, by name."}
	term["title"] = "concord glossary term, as concord reads it"
	term["description"] = "One term as concord reads it from glossary/<id>.yaml: the file's keys, with inForce for in_force and the file it came from."
	defs["term"] = term
	doc := map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  SchemaID,
		"title":                "concord glossary",
		"description":          "glossary.json: every term of the glossary as concord reads it, sorted by id.",
		"type":                 "object",
		"additionalProperties": false,
		"required":             []string{"version", "terms"},
		"properties": map[string]any{
			"$schema": map[string]any{"type": "string"},
			"version": map[string]any{"const": 1},
			"terms":   map[string]any{"type": "array", "items": map[string]any{"$ref": "#/$defs/term"}},
		},
		"$defs": defs,
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err = enc.Encode(doc)
	return b.Bytes(), err
}
