package rules

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/source"
)

func init() {
	register(&Rule{
		ID:        "broken-link",
		Title:     "A link to a document or heading that does not exist",
		Rationale: "Guidance is read as a web of pages: a link from the restraining-order guidance to the breach section must land on it. A relative link to a missing corpus document, or to a heading anchor the target does not have, leaves the reader stranded, on the site and in the repository alike. Anchors are the heading text lower-cased, with characters other than letters, digits, spaces and hyphens removed, and spaces turned into hyphens. For a missing heading the suggestion names a heading only when its words match the link's words well (any order, a word added or dropped, inflections and slips of the keys forgiven, numbers exact) and no other heading matches as well; otherwise it lists the target's headings, because a guess by letters alone sends the reader to the wrong place.",
		Severity:  Error,
		Examples: []Example{
			{Title: "a missing heading in this document", Markdown: "## The law\n\nSee [the law](#the-law) and [charging](#charging).\n", Want: []string{"broken-link@3:29"}},
			{Title: "a link to another corpus document", Markdown: "See [the other guidance](other1.md#breach).\n", More: []string{"## Breach\n\nText.\n"}},
			{Title: "a missing document", Markdown: "See [youths](youths.md).\n", Want: []string{"broken-link@1:5"}},
			{Title: "web addresses are not checked", Markdown: "See [legislation](https://www.legislation.gov.uk/ukpga/1997/40).\n"},
		},
		Check: checkLinks,
	})
}

func checkLinks(p *Pass) {
	byRel := p.facts.docsByRel(p.Docs)
	for _, l := range p.Doc.Links {
		dest := strings.TrimSpace(l.Dest)
		if dest == "" {
			continue
		}
		u, err := url.Parse(dest)
		if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") {
			continue
		}
		end := l.Start + 1 + len(l.Text) + 1
		// Only a destination starting within 3 bytes counts, so the bytes
		// that can hold it are enough; converting the rest of the document
		// for every link costs more than the whole check of the link.
		text := p.Doc.File.Text
		if i := strings.Index(string(text[min(end, len(text)):min(end+len(dest)+3, len(text))]), dest); i >= 0 && i < 4 {
			end += i + len(dest) + 1
		}
		report := func(msg, hint string) {
			p.Report(p.Doc, l.Start, end, Finding{Message: msg, Suggestion: hint, Context: l.Text + " " + dest, Match: dest})
		}
		target := p.Doc
		if u.Path != "" {
			if !strings.HasSuffix(u.Path, ".md") && !strings.HasSuffix(u.Path, ".markdown") {
				// Links to other kinds of file are checked for existence only.
				if _, err := os.Stat(filepath.Join(filepath.Dir(p.Doc.Disk), filepath.FromSlash(u.Path))); err != nil && p.Doc.Disk != "" {
					report(fmt.Sprintf("link target %q does not exist", u.Path), "fix the path")
				}
				continue
			}
			rel := path.Clean(path.Join(path.Dir(p.Doc.Rel), u.Path))
			target = byRel[rel]
			if target == nil {
				target = loadOutside(p.Doc, u.Path)
			}
			if target == nil {
				report(fmt.Sprintf("link to %q: no such document", u.Path), suggestDoc(rel, p.facts.docsByLength(p.Docs)))
				continue
			}
		}
		if u.Fragment == "" {
			continue
		}
		if !hasAnchor(target, u.Fragment) {
			hint := suggestAnchor(target, u.Fragment)
			if u.Path != "" && strings.HasPrefix(hint, "#") {
				hint = u.Path + hint
			}
			report(fmt.Sprintf("link to %q: %s has no heading #%s", dest, target.Path, u.Fragment), hint)
		}
	}
}

// loadOutside reads a link target that is not among the loaded documents
// (when only some files were checked) straight from disk.
func loadOutside(from *corpus.Document, rel string) *corpus.Document {
	if from.Disk == "" {
		return nil
	}
	p := filepath.Join(filepath.Dir(from.Disk), filepath.FromSlash(rel))
	f, err := source.ReadOS(p, p)
	if err != nil {
		return nil
	}
	d, _ := corpus.Parse(f, path.Base(rel))
	return d
}

func hasAnchor(d *corpus.Document, a string) bool {
	for _, h := range d.Headings {
		if h.Anchor == a {
			return true
		}
	}
	return false
}

// docNames are corpus paths sorted by length in characters, then
// alphabetically, with each one's length.
type docNames struct {
	names []string
	runes []int
}

func sortedNames(names []string) docNames {
	type named struct {
		name  string
		runes int
	}
	ns := make([]named, len(names))
	for i, n := range names {
		ns[i] = named{n, utf8.RuneCountInString(n)}
	}
	slices.SortFunc(ns, func(a, b named) int {
		if a.runes != b.runes {
			return a.runes - b.runes
		}
		return strings.Compare(a.name, b.name)
	})
	out := docNames{names: make([]string, len(ns)), runes: make([]int, len(ns))}
	for i, n := range ns {
		out.names[i], out.runes[i] = n.name, n.runes
	}
	return out
}

// withRunes returns the names of exactly n characters.
func (dn docNames) withRunes(n int) []string {
	lo, _ := slices.BinarySearch(dn.runes, n)
	hi, _ := slices.BinarySearch(dn.runes, n+1)
	return dn.names[lo:hi]
}

// suggestDoc is the corpus path nearest to a missing one (the first
// alphabetically of the nearest), if it is within half its length.
//
// Every broken link would otherwise be compared with every document, which
// grows with the square of the corpus. A name k characters longer or
// shorter is at least k edits away, so names are visited by that
// difference, nearest first, and the search stops once the difference
// exceeds the best distance found: nothing further can beat or tie it. A
// broken link is usually a slip of an edit or two, so most links look at
// the names of about their own length only.
func suggestDoc(rel string, byLength docNames) string {
	limit := len(rel) / 2
	pat := newOSAPattern(rel)
	n := utf8.RuneCountInString(rel)
	best, bestD := "", limit+1
	try := func(names []string) {
		for _, r := range names {
			if abs(len(r)-len(rel)) > limit {
				continue // the window of lengths in bytes names are taken from
			}
			if dd := pat.within(r, min(bestD, limit)); dd < bestD || (dd == bestD && r < best) {
				best, bestD = r, dd
			}
		}
	}
	for k := 0; k <= limit && k <= bestD; k++ {
		try(byLength.withRunes(n - k))
		if k > 0 {
			try(byLength.withRunes(n + k))
		}
	}
	if best == "" {
		return "check the file name"
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
