package site

import (
	"fmt"
	"slices"
)

// The page registry: every kind of page the site has, each declared in its
// own file (home.go, document.go, term.go, …) by a registerKind call in
// init, beside the code that builds its model; as report's formats table
// lists the output formats. Rendering (jobs, loadTemplates), the navigation
// (layout) and the tests iterate it, so a new kind of page is its file, its
// template and nothing else (docs/adding.md).

// A pageKind is one kind of page.
type pageKind struct {
	// name names the kind in errors and tests.
	name string
	// template is the kind's template, templates/<template>.html, which
	// defines "main" for layout.html.
	template string
	// pages lists the kind's pages in a build: none when the build has
	// none (the report in the readers' view, the audit without an audit).
	pages func(b *builder) []page
	// nav, when set, puts the kind's first page in the header navigation,
	// in every build that has it.
	nav *navEntry
}

// navEntry is a kind's place in the header navigation.
type navEntry struct {
	text string
	// section is the part of the site the kind's pages are in: the entry
	// is marked active on every page whose layout names it.
	section string
	// order places the entry, left to right.
	order int
}

// A page is one page of a kind.
type page struct {
	path string
	// model builds the page's model, just before it is rendered.
	model func() (any, error)
	// reads returns the values the model is built from, beyond what every
	// page shares (builder.salt): the page's key is their digest, written
	// whole (keyer.value), so a field added to a record or a finding is in
	// the key of every page that reads it. Build them from the projections
	// the model builder reads too (docName, findingPlace, the findings'
	// digests); TestKeysFollowModels holds every key to what its page
	// shows.
	reads func() any
	// weight orders the work: the heaviest pages start first, so that no
	// core is left rendering the largest page alone at the end.
	weight int
}

// fixedPage is a page built from what every page shares alone.
func fixedPage[M any](path string, model func() M) page {
	return page{path: path, model: func() (any, error) { return model(), nil }, reads: func() any { return struct{}{} }}
}

// kinds is the registry, in the order the kinds registered.
var kinds []*pageKind

// registerKind adds a kind of page. It is called from init; a second kind
// with a name or template already taken is a mistake it stops at.
func registerKind(k *pageKind) {
	if k.name == "" || k.template == "" || k.pages == nil {
		panic(fmt.Sprintf("site: page kind %q needs a name, a template and pages", k.name))
	}
	if slices.ContainsFunc(kinds, func(o *pageKind) bool { return o.name == k.name || o.template == k.template }) {
		panic(fmt.Sprintf("site: page kind %q (template %q) registered twice", k.name, k.template))
	}
	kinds = append(kinds, k)
}
