package site

// The page a host serves for an address it has no file for, 404.html.

func init() {
	registerKind(&pageKind{name: "not-found", template: "404",
		pages: func(b *builder) []page {
			return []page{fixedPage(notFoundPage, b.notFoundPage)}
		}})
}

func (b *builder) notFoundPage() *NotFoundPage {
	p := &NotFoundPage{Layout: b.layout(notFoundPage, "Page not found", "")}
	if base := normaliseBaseURL(b.in.BaseURL); base != "" {
		// 404.html is served at any address, so relative links would
		// resolve against the wrong folder; with a base URL they need not.
		p.Root = base
		for i := range p.Nav {
			p.Nav[i].Href = base + p.Nav[i].Href
		}
	}
	p.Home = p.Root + homePage
	p.Glossary = p.Root + glossaryPage
	p.Search = p.Root + searchPage
	return p
}
