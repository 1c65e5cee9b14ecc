package site

// The search page, search/index.html: the theme's search script runs on it
// once there is a static index (builder.searchJS).

func init() {
	registerKind(&pageKind{name: "search", template: "search",
		nav: &navEntry{text: "Search", section: "search", order: 60},
		pages: func(b *builder) []page {
			return []page{fixedPage(searchPage, b.searchPage)}
		}})
}

func (b *builder) searchPage() *SearchPage {
	p := &SearchPage{Layout: b.layout(searchPage, "Search", "search")}
	if b.searchJS {
		// stem.js first: search.js stems queries with it (both are deferred,
		// so they run in this order).
		p.Scripts = []string{"stem.js", "search.js"}
	}
	return p
}
