// Package search holds concord's full-text search: a bleve index of document
// sections built with concord's one English analysis (package analysis),
// concord's own ranking function, query parsing and highlighting for the
// command line and the server, and the export of the index as static shards
// that the browser client (site/search/search.js) reads.
//
// It takes its input as its own Doc type, so it depends on neither the corpus
// parser nor the site builder; callers convert. It must not print, read
// configuration or decide exit codes: errors carry enough for the CLI to do
// that (see QueryError).
//
// The same three things are defined twice, once here and once in search.js,
// and tests hold them together: the query-side tokenizer (UAX #29 words, fold,
// glued-token parts), the query semantics (+must, -not, should, fields) and
// the scoring function (Score). Everything the browser needs that Go computes
// (stems, statistics) is exported as data instead of being re-implemented.
package search

// Doc is one document to index: a guidance page and its sections.
type Doc struct {
	File     string            // display path, e.g. corpus/restraining-orders.md
	URL      string            // site-relative URL of the page, e.g. "docs/restraining-orders/"
	Title    string            //
	Summary  string            //
	Topic    string            //
	Terms    []string          // glossary ids used in the document
	Fields   map[string]string // other front matter
	Sections []Section         // in document order; Sections[0] may be the introduction

	// Kind is KindGlossary for a glossary term's page, "" for guidance.
	Kind string
	// Names and Definition are a glossary term's: the names a reader may
	// look it up by (term, aliases, acronym, expansion) and its canonical
	// definition, which the search page shows as a card when a query names
	// the term.
	Names      []string
	Definition string
}

// Texts is the whole text of each of d's sections, in order: what a
// search result's fragments are cut from.
func (d *Doc) Texts() []string {
	texts := make([]string, len(d.Sections))
	for i, s := range d.Sections {
		texts[i] = s.Text
	}
	return texts
}

// KindGlossary marks a Doc that is a glossary term's page.
const KindGlossary = "glossary"

// Section is the part of a document under one heading.
type Section struct {
	Anchor  string // "" for the part before the first heading
	Heading string
	Line    int    // 1-based line of the heading (or 1)
	Text    string // the section's prose
	// Terms are the glossary terms the section uses, sorted by ID: what
	// Query.Term selects and ranks by.
	Terms []SectionTerm
}

// SectionTerm is one glossary term's use in a section, as the glossary
// matcher finds it (its name, an alias, its acronym or expansion, a fixed
// phrase): how many times in the heading and in the text, and the wordings
// found, which results mark.
type SectionTerm struct {
	ID            string
	Heading, Body int
	Words         []string // distinct, sorted
}
