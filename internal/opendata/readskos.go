package opendata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/piprate/json-gold/ld"

	"github.com/concord-guidance/concord/internal/glossary"
)

// importBase resolves the relative IRIs of a file published without a base
// URL; only the ids at their ends are kept.
const importBase = "http://concord.invalid/"

// noRemote refuses every remote context: import reads the file it is given
// and never goes to the network on a file's say-so.
type noRemote struct{}

func (noRemote) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, fmt.Sprintf("remote context %s not fetched: import reads only the file given; inline the context", u))
}

// ReadSKOS reads SKOS as JSON-LD (any JSON-LD, through a JSON-LD processor,
// not only the shape concord writes) into terms: each skos:Concept, with
// dcterms:identifier as its id, or else the last folder of its IRI. Turtle
// is not read: import glossary.jsonld, the same graph.
func ReadSKOS(data []byte, name string) ([]*glossary.Term, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return nil, &ReadError{File: name, Msg: "not JSON-LD (Turtle and other RDF syntaxes are not read)", Hint: "import the SKOS as JSON-LD: glossary.jsonld beside glossary.ttl"}
	}
	var doc any
	if err := json.Unmarshal(trimmed, &doc); err != nil {
		return nil, &ReadError{File: name, Msg: "not JSON: " + err.Error(), Hint: "give a JSON-LD file such as the glossary.jsonld concord build publishes"}
	}
	opts := ld.NewJsonLdOptions(importBase)
	opts.DocumentLoader = noRemote{}
	out, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		return nil, &ReadError{File: name, Msg: "cannot read as JSON-LD: " + err.Error()}
	}
	ds, ok := out.(*ld.RDFDataset)
	if !ok {
		return nil, &ReadError{File: name, Msg: "cannot read as JSON-LD"}
	}
	// Subject -> predicate -> values, from the default graph.
	props := map[string]map[string][]string{}
	var concepts []string
	for _, q := range ds.Graphs["@default"] {
		s, p := q.Subject.GetValue(), q.Predicate.GetValue()
		if props[s] == nil {
			props[s] = map[string][]string{}
		}
		var v string
		switch o := q.Object.(type) {
		case ld.Literal:
			if o.Language != "" && !strings.EqualFold(o.Language, Lang) && !strings.HasPrefix(strings.ToLower(o.Language), Lang+"-") {
				continue // another language's label
			}
			v = o.Value
		case *ld.Literal:
			v = o.Value
		default:
			v = q.Object.GetValue()
		}
		props[s][p] = append(props[s][p], v)
		if p == RDF+"type" && v == SKOS+"Concept" {
			concepts = append(concepts, s)
		}
	}
	sort.Strings(concepts)
	ids := map[string]string{}
	for _, c := range concepts {
		id := first(props[c][DCTerms+"identifier"])
		if id == "" {
			id = idFromIRI(c)
		}
		ids[c] = id
	}
	var views []standard
	for _, c := range concepts {
		p := props[c]
		v := standard{ID: ids[c], Where: "concept <" + strings.TrimPrefix(c, importBase) + ">",
			Term: first(p[SKOS+"prefLabel"]), Definition: first(p[SKOS+"definition"]),
			Acronym: first(p[SKOS+"notation"]), Ext: first(p[Concord+"term"]),
			Alt: sorted(p[SKOS+"altLabel"]), Hidden: sorted(p[SKOS+"hiddenLabel"]),
			Notes: sorted(p[SKOS+"scopeNote"]), Examples: sorted(p[SKOS+"example"]),
			Sources: sorted(p[DCTerms+"source"])}
		for _, r := range sorted(p[SKOS+"related"]) {
			if id, ok := ids[r]; ok {
				v.Related = append(v.Related, id)
			} else {
				v.Related = append(v.Related, idFromIRI(r))
			}
		}
		views = append(views, v)
	}
	if len(views) == 0 {
		return nil, &ReadError{File: name, Msg: "no skos:Concept in the file", Hint: "give a SKOS concept scheme as JSON-LD, such as glossary.jsonld"}
	}
	return merge(views, name, true)
}

func first(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return sorted(list)[0]
}

func sorted(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}
