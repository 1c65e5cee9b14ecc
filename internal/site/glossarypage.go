package site

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The glossary A to Z: glossary/index.html.

func init() {
	registerKind(&pageKind{name: "glossary", template: "glossary",
		nav: &navEntry{text: "Glossary", section: "glossary", order: 20},
		pages: func(b *builder) []page {
			return []page{{path: glossaryPage, model: func() (any, error) { return b.glossaryPage(), nil }, reads: b.glossaryReads}}
		}})
}

// glossaryReads are what the glossary page reads beside the glossary: how
// many documents use each term.
func (b *builder) glossaryReads() any {
	type uses struct {
		Term string
		Docs int
	}
	out := make([]uses, len(b.g.Terms))
	for i, t := range b.g.Terms {
		out[i] = uses{t.ID, b.docsUsing[t.ID]}
	}
	return out
}

func (b *builder) glossaryPage() *GlossaryPage {
	p := &GlossaryPage{Layout: b.layout(glossaryPage, "Glossary A to Z", "glossary"), Count: len(b.g.Terms)}
	byLetter := map[string][]TermRef{}
	for _, t := range b.g.Terms {
		r := b.termRef(t, glossaryPage)
		r.Count = b.docsUsing[t.ID]
		byLetter[letterOf(r.Term)] = append(byLetter[letterOf(r.Term)], r)
	}
	letters := strings.Split("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "")
	if len(byLetter["0–9"]) > 0 {
		letters = append([]string{"0–9"}, letters...)
	}
	for _, l := range letters {
		terms := byLetter[l]
		sort.SliceStable(terms, func(i, j int) bool { return lessFold(terms[i].Term, terms[j].Term) })
		id := "letter-" + strings.ToLower(l)
		if l == "0–9" {
			id = "letter-digits"
		}
		p.Letters = append(p.Letters, Letter{Letter: l, ID: id, Terms: terms})
	}
	return p
}

// letterOf files a term under its first letter, with accents removed; terms
// starting with anything else go under "0–9".
func letterOf(term string) string {
	r, _ := utf8.DecodeRuneInString(term)
	if r = unicode.ToUpper(foldAccent(r)); r >= 'A' && r <= 'Z' {
		return string(r)
	}
	return "0–9"
}

func foldAccent(r rune) rune {
	const from, to = "ÀÁÂÃÄÅàáâãäåÈÉÊËèéêëÌÍÎÏìíîïÒÓÔÕÖòóôõöÙÚÛÜùúûüÇçÑñÝýÿ", "AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuuCcNnYyy"
	toRunes := []rune(to)
	i := 0
	for _, f := range from {
		if f == r {
			return toRunes[i]
		}
		i++
	}
	return r
}
