package opendata

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/concord-guidance/concord/internal/glossary"
)

// ReadError is a file that cannot be imported: which file, where in it,
// what is wrong and what to do.
type ReadError struct {
	File, Msg, Hint string
}

func (e *ReadError) Error() string {
	s := e.File + ": " + e.Msg
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// standard is one concept as SKOS or TBX states it, before it is merged
// with concord's extension: the same fields from either format.
type standard struct {
	ID, Where  string
	Term       string
	Definition string
	Acronym    string
	Alt        []string // aliases, expansion, admitted expansions
	Hidden     []string // deprecated wordings
	Related    []string // ids
	Notes      []string
	Examples   []string
	Sources    []string // citations (see cite)
	Ext        string
}

// merge turns what a file states into terms. Where a concept carries
// concord's extension, it is the starting point, and every standard field
// wins over it: a wording, note, source or related term the standard
// fields no longer give is dropped, one they add is added, and what they
// still give keeps the extension's order and details. Unordered formats
// (RDF) add new items sorted, so import is deterministic; carried says
// whether the format has examples.
func merge(views []standard, file string, carriesExamples bool) ([]*glossary.Term, error) {
	var out []*glossary.Term
	seen := map[string]string{}
	for _, v := range views {
		t := &glossary.Term{}
		if v.Ext != "" {
			if err := json.Unmarshal([]byte(v.Ext), t); err != nil {
				return nil, &ReadError{File: file, Msg: fmt.Sprintf("%s: concord:term is not a concord term: %v", v.Where, err), Hint: "remove the concord:term value to import the standard fields alone"}
			}
		}
		if v.ID == "" {
			v.ID = t.ID
		}
		if v.ID == "" {
			return nil, &ReadError{File: file, Msg: v.Where + " has no id", Hint: "give each concept an id (TBX: conceptEntry id; SKOS: dcterms:identifier or an IRI ending in /ID/#concept)"}
		}
		if prev, dup := seen[v.ID]; dup {
			return nil, &ReadError{File: file, Msg: fmt.Sprintf("%s has the id %q of %s", v.Where, v.ID, prev), Hint: "ids must be unique"}
		}
		seen[v.ID] = v.Where
		if v.Term == "" {
			return nil, &ReadError{File: file, Msg: v.Where + " has no preferred term", Hint: "TBX: a termSec with administrativeStatus preferredTerm-admn-sts; SKOS: skos:prefLabel"}
		}
		t.ID, t.Term, t.Definition, t.Acronym = v.ID, v.Term, v.Definition, v.Acronym
		t.Notes = reconcile(t.Notes, v.Notes)
		if carriesExamples {
			t.Examples = reconcile(t.Examples, v.Examples)
		}
		t.Related = reconcile(t.Related, v.Related)
		mergeLabels(t, v)
		mergeSources(t, v.Sources)
		if t.Kind == "" {
			t.Kind = "concept"
		}
		if t.Summary == "" {
			// Another body's termbase has no one-line summary; the
			// definition is the honest stand-in until someone writes one.
			t.Summary = t.Definition
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// mergeLabels settles aliases, expansion, admitted expansions and deprecated
// wordings from the labels the file gives.
func mergeLabels(t *glossary.Term, v standard) {
	alt, hidden := labels(t)
	if !sameSet(alt, v.Alt) {
		in := set(v.Alt)
		if t.Expansion != "" && t.Expansion != t.Term && !in[t.Expansion] {
			t.Expansion = ""
		}
		var admitted []glossary.Admitted
		for _, a := range t.Admitted {
			if in[a.Expansion] {
				admitted = append(admitted, a)
			}
		}
		t.Admitted = admitted
		var rest []string
		for _, a := range v.Alt {
			if a != t.Expansion && !slices.ContainsFunc(admitted, func(x glossary.Admitted) bool { return x.Expansion == a }) {
				rest = append(rest, a)
			}
		}
		t.Aliases = reconcile(t.Aliases, rest)
	}
	if t.Acronym == "" {
		t.Expansion, t.Admitted = "", nil
	} else if t.Expansion == "" {
		t.Expansion = t.Term
	}
	if !sameSet(hidden, v.Hidden) {
		in := set(v.Hidden)
		var kept []glossary.Deprecated
		have := map[string]bool{}
		for _, d := range t.Deprecated {
			if in[d.Phrase] {
				kept = append(kept, d)
				have[d.Phrase] = true
			}
		}
		for _, p := range v.Hidden {
			if !have[p] {
				have[p] = true
				kept = append(kept, glossary.Deprecated{Phrase: p, Replacement: t.Term, Reason: "deprecated in the imported termbase"})
			}
		}
		t.Deprecated = kept
	}
}

// mergeSources keeps the extension's sources whose citations the file
// still gives, and adds the others as documents.
func mergeSources(t *glossary.Term, given []string) {
	if sameSet(cites(t), given) {
		return
	}
	in := set(given)
	var kept []glossary.Source
	have := map[string]bool{}
	for _, s := range t.Sources {
		if c := cite(s); in[c] {
			kept = append(kept, s)
			have[c] = true
		}
	}
	for _, c := range given {
		if !have[c] {
			have[c] = true
			kept = append(kept, glossary.Source{Document: c})
		}
	}
	t.Sources = kept
}

// reconcile is the list the file gives, in the order ext had it: ext's
// items the file still gives, then the file's new ones in its order.
func reconcile(ext, given []string) []string {
	if sameSet(ext, given) {
		return ext
	}
	in := set(given)
	var out []string
	have := map[string]bool{}
	for _, s := range ext {
		if in[s] {
			out = append(out, s)
			have[s] = true
		}
	}
	for _, s := range given {
		if !have[s] {
			have[s] = true
			out = append(out, s)
		}
	}
	return out
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

func sameSet(a, b []string) bool {
	sa, sb := set(a), set(b)
	if len(sa) != len(sb) {
		return false
	}
	for s := range sa {
		if !sb[s] {
			return false
		}
	}
	return true
}
