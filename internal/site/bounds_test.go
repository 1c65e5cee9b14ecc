package site

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/testload"
)

// Attack 8 of issue 17: a 15 MB table of glossary words took 20.9 GB to
// build. Each row restated a term, and each term's page showed every
// restatement beside the definition with a word diff, so forty term pages
// of ten megabytes each. A term's page now shows the first
// RestatementsPerDocument of one document's restatements and counts the
// rest, so what it shows stops growing with the table.
func TestTermPageRestatementsPerDocument(t *testing.T) {
	p := bundled(t)
	page := func(rows int) (shown int, more string, size int) {
		var b strings.Builder
		b.WriteString("# Words\n\n| Term | Meaning |\n|---|---|\n")
		for i := range rows {
			fmt.Fprintf(&b, "| stalking | harassment on occasion %d |\n", i)
		}
		doc := testload.Doc(t, "words.md", b.String())
		files := fileMap(render(t, Input{Glossary: p.g, Docs: []*corpus.Document{doc}}))
		data := files["glossary/stalking/index.html"]
		walk(parseHTML(t, "stalking", data), func(n *html.Node) {
			if hasClass(n, "restatement") {
				shown++
				s := textOf(n)
				size += len(s)
				if i := strings.Index(s, "The document restates"); i >= 0 {
					more = s[i:]
				}
			}
		})
		return shown, more, size
	}
	shown, more, small := page(RestatementsPerDocument + 25)
	if shown != RestatementsPerDocument {
		t.Errorf("%d restatements shown of one document, want %d", shown, RestatementsPerDocument)
	}
	if want := "The document restates it in 25 more places, not shown here."; strings.TrimSpace(more) != want {
		t.Errorf("the count of the rest reads %q, want %q", more, want)
	}
	_, _, large := page(RestatementsPerDocument + 2500)
	t.Logf("restatements on the term page: %d bytes of text for %d rows, %d for %d", small, RestatementsPerDocument+25, large, RestatementsPerDocument+2500)
	// (The list of the term's uses still names every sentence that uses
	// it, as the site promises: that grows with the document, as its own
	// page does, by a few times the row, not the fifty times a diff took.)
	if large > small+10 {
		t.Errorf("a hundred times the rows made the restatements %d bytes of text, from %d; want the same with a larger count", large, small)
	}
}

// Attack 14 of issue 17: headings "Law", "Law" and "Law 1" gave two
// elements with id="law-1". In the built page every heading has its own id,
// and a link to each (written as the checker's anchors) lands on it.
func TestRenderedHeadingIDsUniqueAndLinked(t *testing.T) {
	p := bundled(t)
	md := "# Guide\n\nSee [the first](#law), [the second](#law-1) and [the third](#law-1-1).\n\n" +
		"## Law\n\nOne.\n\n## Law\n\nTwo.\n\n## Law 1\n\nThree.\n"
	doc := testload.Doc(t, "guide.md", md)
	data := fileMap(render(t, Input{Glossary: p.g, Docs: []*corpus.Document{doc}}))[docPage(doc.Slug)]
	root := parseHTML(t, "guide", data)
	ids := map[string]*html.Node{}
	var headings []string
	var prose *html.Node
	walk(root, func(n *html.Node) {
		if hasClass(n, "prose") {
			prose = n
		}
	})
	if prose == nil {
		t.Fatal("no prose")
	}
	walk(root, func(n *html.Node) {
		id, ok := attr(n, "id")
		if !ok {
			return
		}
		if ids[id] != nil {
			t.Errorf("two elements with id=%q", id)
		}
		ids[id] = n
		if n.Data == "h2" && inside(n, prose) {
			headings = append(headings, textOf(n)+"#"+id)
		}
	})
	if want := "Law#law Law#law-1 Law 1#law-1-1"; strings.Join(headings, " ") != want {
		t.Errorf("headings %q, want %s", headings, want)
	}
	var links []string
	walk(prose, func(n *html.Node) {
		href, _ := attr(n, "href")
		if n.Data != "a" || !strings.HasPrefix(href, "#law") {
			return
		}
		target := ids[strings.TrimPrefix(href, "#")]
		if target == nil {
			t.Errorf("link %s (%s) goes to no element", href, textOf(n))
			return
		}
		links = append(links, textOf(n)+" -> "+target.Data+" "+textOf(target))
	})
	want := "the first -> h2 Law|the second -> h2 Law|the third -> h2 Law 1"
	if strings.Join(links, "|") != want {
		t.Errorf("links land on\n %q\nwant %q", strings.Join(links, "|"), want)
	}
	// The contents list links each heading too.
	n := 0
	walk(root, func(a *html.Node) {
		href, _ := attr(a, "href")
		if a.Data == "a" && strings.HasPrefix(href, "#law") && !inside(a, prose) {
			n++
			if ids[strings.TrimPrefix(href, "#")] == nil {
				t.Errorf("contents link %s goes to no element", href)
			}
		}
	})
	if n != 3 {
		t.Errorf("%d contents links to the three headings, want 3", n)
	}
}

func inside(n, ancestor *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == ancestor {
			return true
		}
	}
	return false
}
