package rules

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/corpus"
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
	for _, l := range p.Doc.Links {
		t := ResolveLink(p.Doc, l)
		if t.Kind == LinkExternal {
			continue
		}
		end := l.Start + 1 + len(l.Text) + 1
		// Only a destination starting within 3 bytes counts, so the bytes
		// that can hold it are enough; converting the rest of the document
		// for every link costs more than the whole check of the link.
		text := p.Doc.File.Text
		if i := strings.Index(string(text[min(end, len(text)):min(end+len(t.Dest)+3, len(text))]), t.Dest); i >= 0 && i < 4 {
			end += i + len(t.Dest) + 1
		}
		report := func(msg, hint string) {
			p.Report(p.Doc, l.Start, end, Finding{Message: msg, Suggestion: hint, Context: l.Text + " " + t.Dest, Match: t.Dest})
		}
		var target DocAnchors
		switch t.Kind {
		case LinkFile:
			// Links to other kinds of file are checked for existence only.
			if t.Disk != "" && !p.FileExists(t.Disk) {
				report(fmt.Sprintf("link target %q does not exist", t.Path), "fix the path")
			}
			continue
		case LinkSelf:
			target = anchorsOf(p.Doc)
		case LinkDocument:
			if t.Fragment == "" {
				if p.HasDocument(t.Rel) {
					continue
				}
			} else if a, ok := p.Anchors(t.Rel); ok {
				target = a
				break
			}
			// Not among the documents checked: when only some files are,
			// the target is read from disk.
			a, ok := DocAnchors{}, false
			if t.Disk != "" {
				a, ok = p.AnchorsOnDisk(t.Disk, path.Base(t.Path))
			}
			if !ok {
				hint := p.NearestDocument(t.Rel)
				if hint == "" {
					hint = noNearDoc
				}
				report(fmt.Sprintf("link to %q: no such document", t.Path), hint)
				continue
			}
			target = a
		}
		if t.Fragment == "" {
			continue
		}
		if !slices.Contains(target.Anchors, t.Fragment) {
			hint := suggestAnchor(target.Anchors, t.Fragment)
			if t.Path != "" && strings.HasPrefix(hint, "#") {
				hint = t.Path + hint
			}
			report(fmt.Sprintf("link to %q: %s has no heading #%s", t.Dest, target.Path, t.Fragment), hint)
		}
	}
}

// LinkKind says what a link points at.
type LinkKind int

const (
	// LinkExternal is a web address, an empty or unparsable destination:
	// nothing concord checks.
	LinkExternal LinkKind = iota
	// LinkSelf is a heading of the linking document (#anchor).
	LinkSelf
	// LinkDocument is a Markdown document (.md or .markdown), by relative path.
	LinkDocument
	// LinkFile is any other file, by relative path.
	LinkFile
)

// LinkTarget is a link's destination resolved against the document that
// holds it.
type LinkTarget struct {
	Kind LinkKind
	Dest string // the destination as written, trimmed
	Path string // its path part as written ("" for LinkSelf)
	// Rel is the target's path in the corpus (LinkDocument), for the
	// Pass accessors.
	Rel string
	// Disk is the target's path on disk, or "" when the linking document
	// is not on disk (LinkDocument and LinkFile).
	Disk     string
	Fragment string // the anchor after #, if any
}

// ResolveLink resolves a link of d. It is the one place that says what a
// relative link points at: broken-link and any rule that follows links to
// other documents use it, and what they then read of the target is
// recorded by the Pass accessors.
func ResolveLink(d *corpus.Document, l *corpus.Link) LinkTarget {
	dest := strings.TrimSpace(l.Dest)
	t := LinkTarget{Dest: dest}
	if dest == "" {
		return t
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") {
		return t
	}
	t.Path, t.Fragment = u.Path, u.Fragment
	if u.Path == "" {
		t.Kind = LinkSelf
		return t
	}
	if d.Disk != "" {
		t.Disk = filepath.Join(filepath.Dir(d.Disk), filepath.FromSlash(u.Path))
	}
	if !strings.HasSuffix(u.Path, ".md") && !strings.HasSuffix(u.Path, ".markdown") {
		t.Kind = LinkFile
		return t
	}
	t.Kind = LinkDocument
	t.Rel = path.Clean(path.Join(path.Dir(d.Rel), u.Path))
	return t
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
		return noNearDoc
	}
	return best
}

// noNearDoc is suggestDoc's hint when no document's path is near.
const noNearDoc = "check the file name"

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
