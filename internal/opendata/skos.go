package opendata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
)

// concept is one term as SKOS says it. What goes where:
//
//	prefLabel    term
//	altLabel     aliases, the acronym's expansion when it is not the term,
//	             and the admitted expansions
//	hiddenLabel  deprecated wordings (found by search, never shown)
//	notation     the acronym
//	definition   definition
//	scopeNote    notes
//	example      examples
//	related      related terms
//	dcterms:source      each source as a citation (see cite)
//	dcterms:identifier  the id
//	concord:term        everything else, and the order of the lists (see extension)
//
// SKOS keeps the three labels disjoint, so a wording that is both (an
// alias that is also the term) is given once, in the strongest place; the
// extension keeps it all.
type concept struct {
	IRI, ID    string
	Pref       string
	Alt        []string
	Hidden     []string
	Notation   string
	Definition string
	ScopeNotes []string
	Examples   []string
	Related    []string // IRIs
	Sources    []string
	Ext        string
}

func concepts(g *glossary.Glossary, o Options) ([]concept, error) {
	out := make([]concept, 0, len(g.Terms))
	for _, t := range g.Terms {
		ext, err := extension(t)
		if err != nil {
			return nil, err
		}
		c := concept{IRI: o.ConceptIRI(t.ID), ID: t.ID, Pref: t.Term, Notation: t.Acronym,
			Definition: t.Definition, ScopeNotes: t.Notes, Examples: t.Examples, Ext: ext}
		c.Alt, c.Hidden = labels(t)
		for _, r := range t.Related {
			c.Related = append(c.Related, o.ConceptIRI(r))
		}
		c.Sources = cites(t)
		out = append(out, c)
	}
	return out, nil
}

// labels are a term's other acceptable wordings (alt), in order: aliases,
// the acronym's expansion where it is not the term, admitted expansions; and
// its deprecated wordings (hidden). Each wording is given once, in the
// first place it fits, and never the term itself, as SKOS keeps the labels
// disjoint.
func labels(t *glossary.Term) (alt, hidden []string) {
	taken := map[string]bool{t.Term: true}
	add := func(list *[]string, s string) {
		if s != "" && !taken[s] {
			taken[s] = true
			*list = append(*list, s)
		}
	}
	for _, a := range t.Aliases {
		add(&alt, a)
	}
	add(&alt, t.Expansion)
	for _, a := range t.Admitted {
		add(&alt, a.Expansion)
	}
	for _, d := range t.Deprecated {
		add(&hidden, d.Phrase)
	}
	return alt, hidden
}

// cites are a term's sources as citations, each once.
func cites(t *glossary.Term) []string {
	var out []string
	for _, s := range t.Sources {
		if c := cite(s); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// cite is a source as one line of text: the citation, its note in
// brackets, and its address.
func cite(s glossary.Source) string {
	c := s.Label()
	if s.Note != "" {
		c += " (" + s.Note + ")"
	}
	if s.URL != "" {
		c += ", " + s.URL
	}
	return c
}

// SKOSJSONLD is the glossary as a SKOS concept scheme in JSON-LD, with a
// context that names each property once so the file reads like plain JSON.
func SKOSJSONLD(g *glossary.Glossary, o Options) ([]byte, error) {
	cs, err := concepts(g, o)
	if err != nil {
		return nil, err
	}
	lang := func(id string) map[string]string { return map[string]string{"@id": id, "@language": Lang} }
	ref := func(id string) map[string]string { return map[string]string{"@id": id, "@type": "@id"} }
	plain := func(id string) map[string]string { return map[string]string{"@id": id} }
	// An ordered context, so the file reads in a sensible order.
	ctx := []struct {
		k string
		v any
	}{
		{"skos", SKOS}, {"dcterms", DCTerms}, {"concord", Concord},
		{"title", lang("dcterms:title")},
		{"hasTopConcept", ref("skos:hasTopConcept")},
		{"inScheme", ref("skos:inScheme")},
		{"identifier", plain("dcterms:identifier")},
		{"prefLabel", lang("skos:prefLabel")},
		{"altLabel", lang("skos:altLabel")},
		{"hiddenLabel", lang("skos:hiddenLabel")},
		{"notation", plain("skos:notation")},
		{"definition", lang("skos:definition")},
		{"scopeNote", lang("skos:scopeNote")},
		{"example", lang("skos:example")},
		{"related", ref("skos:related")},
		{"source", lang("dcterms:source")},
		{"concordTerm", plain("concord:term")},
	}
	var b bytes.Buffer
	b.WriteString("{\n  \"@context\": {\n")
	for i, kv := range ctx {
		k, _ := marshal(kv.k)
		v, err := marshal(kv.v)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "    %s: %s", k, v)
		if i < len(ctx)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("  },\n  \"@graph\": [\n")
	type scheme struct {
		ID    string   `json:"@id"`
		Type  string   `json:"@type"`
		Title string   `json:"title"`
		Top   []string `json:"hasTopConcept"`
	}
	type ldConcept struct {
		ID         string   `json:"@id"`
		Type       string   `json:"@type"`
		InScheme   string   `json:"inScheme"`
		Identifier string   `json:"identifier"`
		Pref       string   `json:"prefLabel"`
		Alt        []string `json:"altLabel,omitempty"`
		Hidden     []string `json:"hiddenLabel,omitempty"`
		Notation   string   `json:"notation,omitempty"`
		Definition string   `json:"definition"`
		ScopeNotes []string `json:"scopeNote,omitempty"`
		Examples   []string `json:"example,omitempty"`
		Related    []string `json:"related,omitempty"`
		Sources    []string `json:"source,omitempty"`
		Ext        string   `json:"concordTerm"`
	}
	nodes := []any{scheme{ID: o.SchemeIRI(), Type: "skos:ConceptScheme", Title: o.title(), Top: []string{}}}
	for _, c := range cs {
		nodes[0] = func(s scheme) scheme { s.Top = append(s.Top, c.IRI); return s }(nodes[0].(scheme))
		nodes = append(nodes, ldConcept{ID: c.IRI, Type: "skos:Concept", InScheme: o.SchemeIRI(), Identifier: c.ID,
			Pref: c.Pref, Alt: c.Alt, Hidden: c.Hidden, Notation: c.Notation, Definition: c.Definition,
			ScopeNotes: c.ScopeNotes, Examples: c.Examples, Related: c.Related, Sources: c.Sources, Ext: c.Ext})
	}
	for i, n := range nodes {
		var nb bytes.Buffer
		enc := json.NewEncoder(&nb)
		enc.SetEscapeHTML(false)
		enc.SetIndent("    ", "  ")
		if err := enc.Encode(n); err != nil {
			return nil, err
		}
		b.WriteString("    ")
		b.Write(bytes.TrimSuffix(nb.Bytes(), []byte("\n")))
		if i < len(nodes)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("  ]\n}\n")
	return b.Bytes(), nil
}

// SKOSTurtle is the same graph as SKOSJSONLD, in Turtle.
func SKOSTurtle(g *glossary.Glossary, o Options) ([]byte, error) {
	cs, err := concepts(g, o)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "@prefix skos: <%s> .\n@prefix dcterms: <%s> .\n@prefix concord: <%s> .\n\n", SKOS, DCTerms, Concord)
	fmt.Fprintf(&b, "%s a skos:ConceptScheme ;\n    dcterms:title %s", turtleIRI(o.SchemeIRI()), turtleLang(o.title()))
	if len(cs) > 0 {
		b.WriteString(" ;\n    skos:hasTopConcept")
		for i, c := range cs {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n        " + turtleIRI(c.IRI))
		}
	}
	b.WriteString(" .\n")
	for _, c := range cs {
		fmt.Fprintf(&b, "\n%s a skos:Concept ;\n", turtleIRI(c.IRI))
		prop := func(name string, values []string, f func(string) string) {
			if len(values) == 0 {
				return
			}
			b.WriteString("    " + name + " ")
			for i, v := range values {
				if i > 0 {
					b.WriteString(",\n        ")
				}
				b.WriteString(f(v))
			}
			b.WriteString(" ;\n")
		}
		one := func(s string) []string {
			if s == "" {
				return nil
			}
			return []string{s}
		}
		prop("skos:inScheme", []string{o.SchemeIRI()}, turtleIRI)
		prop("dcterms:identifier", []string{c.ID}, turtleString)
		prop("skos:prefLabel", []string{c.Pref}, turtleLang)
		prop("skos:altLabel", c.Alt, turtleLang)
		prop("skos:hiddenLabel", c.Hidden, turtleLang)
		prop("skos:notation", one(c.Notation), turtleString)
		prop("skos:definition", []string{c.Definition}, turtleLang)
		prop("skos:scopeNote", c.ScopeNotes, turtleLang)
		prop("skos:example", c.Examples, turtleLang)
		prop("skos:related", c.Related, turtleIRI)
		prop("dcterms:source", c.Sources, turtleLang)
		fmt.Fprintf(&b, "    concord:term %s .\n", turtleString(c.Ext))
	}
	return b.Bytes(), nil
}

// turtleIRI writes an IRI reference, percent-encoding what an IRIREF may
// not hold.
func turtleIRI(s string) string {
	var b strings.Builder
	b.WriteByte('<')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || strings.IndexByte("<>\"{}|^`\\", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('>')
	return b.String()
}

func turtleLang(s string) string { return turtleString(s) + "@" + Lang }

// turtleString writes a quoted literal: the escapes Turtle defines, and
// \u for any other control character.
func turtleString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
