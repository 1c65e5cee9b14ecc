package run

import (
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
)

// SearchDocs turns parsed documents into the search index's input: one
// entry per section, with the glossary terms each document uses, read from
// facts when the checks have analysed the documents already (nil analyses
// them here).
func SearchDocs(g *glossary.Glossary, docs []*corpus.Document, facts func(*corpus.Document) *rules.DocFacts) []search.Doc {
	if facts == nil {
		facts = func(d *corpus.Document) *rules.DocFacts { return rules.Analyse(g, d) }
	}
	// Analysing the documents for their terms is most of this: it runs on
	// all cores.
	out := make([]search.Doc, len(docs))
	par.For(len(docs), func(i int) {
		d := docs[i]
		sd := search.Doc{
			File:    d.Path,
			URL:     "docs/" + url.PathEscape(d.Slug) + "/", // as the site links it: Foo#bar?x=1.md is one page
			Title:   d.Front.Title,
			Summary: d.Front.Summary,
			Topic:   d.Front.Topic,
			Fields:  map[string]string{},
		}
		if sd.Title == "" {
			sd.Title = d.Slug
		}
		for k, v := range d.Front.Extra {
			sd.Fields[k] = v
		}
		if d.Front.Owner != "" {
			sd.Fields["owner"] = d.Front.Owner
		}
		if d.Front.Updated != "" {
			sd.Fields["updated"] = d.Front.Updated
		}
		terms := map[string]bool{}
		uses := map[*corpus.Section]map[string]*search.SectionTerm{}
		for _, b := range facts(d).Blocks {
			for _, m := range b.Matches {
				if m.Entry.Kind == glossary.KindDeprecated || m.Entry.Kind == glossary.KindExcept {
					continue
				}
				id := m.Entry.Term.ID
				terms[id] = true
				sec := b.Block.Section
				if uses[sec] == nil {
					uses[sec] = map[string]*search.SectionTerm{}
				}
				u := uses[sec][id]
				if u == nil {
					u = &search.SectionTerm{ID: id}
					uses[sec][id] = u
				}
				if b.Block.Kind == corpus.HeadingBlock {
					u.Heading++
				} else {
					u.Body++
				}
				if w := strings.ToLower(b.Block.Run.Text[m.Start:m.End]); !slices.Contains(u.Words, w) {
					u.Words = append(u.Words, w)
				}
			}
		}
		for id := range terms {
			sd.Terms = append(sd.Terms, id)
		}
		sort.Strings(sd.Terms)
		for _, s := range d.Sections {
			var text []string
			for _, b := range s.Blocks {
				if b.Kind != corpus.HeadingBlock {
					text = append(text, b.Run.Text)
				}
			}
			if !searchable(s, len(text)) {
				continue
			}
			line := 1
			if s.Heading != nil {
				line = d.File.Position(s.Heading.Start).Line
			}
			var st []search.SectionTerm
			for _, u := range uses[s] {
				sort.Strings(u.Words)
				st = append(st, *u)
			}
			sort.Slice(st, func(i, j int) bool { return st[i].ID < st[j].ID })
			sd.Sections = append(sd.Sections, search.Section{Anchor: s.Anchor(), Heading: s.Title(), Line: line, Text: strings.Join(text, "\n"), Terms: st})
		}
		out[i] = sd
	})
	return out
}

// searchable reports whether SearchDocs makes a search section of s,
// which has texts blocks other than its heading.
func searchable(s *corpus.Section, texts int) bool {
	return s.Heading != nil || texts > 0
}

// sectionTokens returns what df holds of the tokens of the search sections
// SearchDocs makes of d (see search.SectionTokens): the check has
// analysed every block, and a section's text is its blocks' texts joined
// by line breaks, which no word spans (a line feed breaks words, UAX #29
// WB3a/b). A text df cannot vouch for is left for NewEntryTokens to
// analyse: its block not in df, or without tokens (Trim drops them); a
// text that is not UTF-8, at which the tokenizer may stop (and so drop
// the blocks joined after it: "a \xff\xfe b" gives only "a"); and, to be
// safe rather than shown wrong, a heading that TrimSpace shortened.
// TestSectionTokensMatchAnalysis holds it to that.
func sectionTokens(d *corpus.Document, df *rules.DocFacts) []search.SectionTokens {
	facts := func(b *corpus.Block) []analysis.Token {
		if b == nil || b.Index < 0 || b.Index >= len(df.Blocks) {
			return nil
		}
		bf := df.Blocks[b.Index]
		if bf.Block != b || !utf8.ValidString(b.Run.Text) {
			return nil
		}
		return bf.Tokens
	}
	out := make([]search.SectionTokens, 0, len(d.Sections))
	for _, s := range d.Sections {
		var st search.SectionTokens
		texts := 0
		for _, b := range s.Blocks {
			if b.Kind != corpus.HeadingBlock {
				texts++
			}
		}
		if !searchable(s, texts) {
			continue
		}
		if h := s.Heading; h != nil && h.Block != nil && len(h.Text) == len(h.Block.Run.Text) {
			st.Heading = facts(h.Block)
		}
		st.Text = make([][]analysis.Token, 0, texts)
		for _, b := range s.Blocks {
			if b.Kind == corpus.HeadingBlock {
				continue
			}
			toks := facts(b)
			if toks == nil {
				st.Text = nil
				break
			}
			st.Text = append(st.Text, toks)
		}
		out = append(out, st)
	}
	return out
}

// GlossarySearchDocs turns the glossary into search documents, one per
// term page, so that one search covers guidance and glossary: the title is
// the term (with its acronym), and the one section, "Definition", holds the
// definition, the summary and the other names it goes by. A term with no
// file of its own (none today) gets a name no corpus path can take.
func GlossarySearchDocs(g *glossary.Glossary) []search.Doc {
	out := make([]search.Doc, 0, len(g.Terms))
	seen := map[string]bool{}
	for _, t := range g.Terms {
		title := upperFirst(t.Term)
		if t.Acronym != "" && !strings.EqualFold(t.Acronym, t.Term) {
			title += " (" + t.Acronym + ")"
		}
		names := []string{t.Term}
		for _, n := range append([]string{t.Acronym, t.Expansion}, t.Aliases...) {
			if n != "" && !slices.ContainsFunc(names, func(m string) bool { return strings.EqualFold(m, n) }) {
				names = append(names, n)
			}
		}
		text := []string{t.Definition}
		if t.Summary != "" {
			text = append(text, t.Summary)
		}
		if len(names) > 1 {
			text = append(text, "Also called: "+strings.Join(names[1:], ", ")+".")
		}
		file := filepath.ToSlash(t.File)
		if file == "" || seen[file] {
			file = "glossary:" + t.ID
		}
		seen[file] = true
		line := t.Pos.Line
		if line < 1 {
			line = 1
		}
		out = append(out, search.Doc{
			File:       file,
			URL:        "glossary/" + url.PathEscape(t.ID) + "/",
			Title:      title,
			Summary:    t.Summary,
			Fields:     map[string]string{},
			Kind:       search.KindGlossary,
			Names:      names,
			Definition: t.Definition,
			Sections: []search.Section{{
				Heading: "Definition", Line: line, Text: strings.Join(text, "\n"),
			}},
		})
	}
	return out
}

// upperFirst is the term as its page shows it: first letter in capitals.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
