package report

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/rules"
)

// The closing summary of the text report counts pages by what a reader of
// them would meet, or come away believing: "2 pages add to stalking what
// the glossary excludes: fear or alarm as a required element". Findings are
// grouped by their rule and the data they carry (term, element, expected
// wording), never by message text, so that one line stands for every page
// that misleads readers in the same way.

// actTitle matches the title of an Act: words ending in "Act" and a year.
var actTitle = regexp.MustCompile(`^[A-Z][\w ,'()&-]* Act \d{4}$`)

// reading is what one finding tells a reader: the group it falls in, one
// instance worth naming (the wording used), and how to say it of n pages.
type reading struct {
	key    string
	detail string
	say    func(pages string, n int, details []string) string
	// aside marks a finding that misleads no one about the law (a
	// misspelling, a broken link): such groups share one closing line.
	aside bool
}

// readingOf says what a finding tells a reader. Each rule has its own
// sentence; findings of two rules that mislead in the same way (a second
// expansion of an acronym, a description of a term in other words) share
// one. A rule without a sentence is named by its id. names gives the
// glossary's name for a term id.
func readingOf(f *rules.Finding, names map[string]string) reading {
	term := termName(f.Term, names)
	key := func(parts ...string) string { return strings.Join(parts, "\x00") }
	switch {
	case f.Rule == "deprecated-term":
		return reading{key: f.Rule, say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s wording the glossary retires", pages, verb(n, "uses", "use"))
		}}
	case f.Rule == "acronym-expansion" && f.Expected != "",
		f.Rule == "inconsistent-description" && f.Term == "" && f.Expected != "":
		return reading{key: "second expansion", detail: f.Expected, say: func(pages string, n int, d []string) string {
			return fmt.Sprintf("%s %s %s a second meaning", pages, verb(n, "gives", "give"), count(len(d), "an acronym", "acronyms"))
		}}
	case f.Rule == "definition-drift", f.Rule == "inconsistent-description" && f.Term != "":
		return reading{key: key("meaning", f.Term), say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s %s in words that depart from the glossary definition", pages, verb(n, "describes", "describe"), term)
		}}
	case f.Rule == "missing-element":
		el := element(missingLabel, f)
		return reading{key: key(f.Rule, f.Term, el), say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s out of %s what the glossary requires: %s", pages, verb(n, "leaves", "leave"), term, el)
		}}
	case f.Rule == "excluded-element":
		el := element(excludedLabel, f)
		return reading{key: key(f.Rule, f.Term, el), say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s to %s what the glossary excludes: %s", pages, verb(n, "adds", "add"), term, el)
		}}
	case f.Rule == "citation-mismatch" && actTitle.MatchString(f.Expected) && actTitle.MatchString(f.Actual):
		// An Act named wrongly ("Protection from Harrassment Act 1997"), not
		// a wrong provision: the expected and actual texts are both titles.
		return reading{key: key(f.Rule, "title", f.Expected), say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s the %s", pages, verb(n, "misnames", "misname"), f.Expected)
		}}
	case f.Rule == "citation-mismatch":
		return reading{key: key(f.Rule, f.Term, f.Expected), say: func(pages string, n int, _ []string) string {
			if f.Expected == "" {
				return fmt.Sprintf("%s %s %s to the wrong provision", pages, verb(n, "cites", "cite"), term)
			}
			return fmt.Sprintf("%s %s %s to a provision other than %s", pages, verb(n, "cites", "cite"), term, f.Expected)
		}}
	case f.Rule == "penalty-mismatch" && f.Actual != "" && f.Expected != "":
		return reading{key: key(f.Rule, f.Term, f.Expected), detail: quote(f.Actual), say: func(pages string, n int, d []string) string {
			return fmt.Sprintf("%s %s %s a maximum of %s, not %s", pages, verb(n, "gives", "give"), term, firstAndMore(d), f.Expected)
		}}
	case f.Rule == "penalty-mismatch":
		return reading{key: key(f.Rule, f.Term), say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s a maximum for %s that the glossary contradicts", pages, verb(n, "states", "state"), term)
		}}
	case f.Rule == "breach-context":
		return reading{key: key(f.Rule, f.Term), say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s %s as a one-off event, not as possible further stalking", pages, verb(n, "treats", "treat"), term)
		}}
	case f.Rule == "variant-wording":
		return reading{key: f.Rule, aside: true, say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s or %s glossary wording", pages, verb(n, "misspells", "misspell"), verb(n, "reorders", "reorder"))
		}}
	case f.Rule == "acronym-expansion":
		return reading{key: key(f.Rule, "first use"), aside: true, say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s an acronym before spelling it out", pages, verb(n, "uses", "use"))
		}}
	case f.Rule == "broken-link":
		return reading{key: f.Rule, aside: true, say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s to a missing page or heading", pages, verb(n, "links", "link"))
		}}
	case f.Rule == "unused-suppression":
		return reading{key: f.Rule, aside: true, say: func(pages string, n int, _ []string) string {
			return fmt.Sprintf("%s %s a concord:ignore comment that does nothing or gives no reason", pages, verb(n, "has", "have"))
		}}
	}
	return reading{key: f.Rule, aside: true, say: func(pages string, _ int, _ []string) string {
		return fmt.Sprintf("%s with %s findings", pages, f.Rule)
	}}
}

// quote puts wording a page used in quotation marks.
func quote(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return ""
	}
	return "\"" + s + "\""
}

// count is "an acronym" or "2 acronyms".
func count(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf("%d %s", n, many)
}

var (
	missingLabel  = regexp.MustCompile(` leaves out (.+?)(?::|$)`)
	excludedLabel = regexp.MustCompile(` adds (.+?) \("`)
)

// element is the glossary's label for the element a finding is about, as
// its message names it ("fear or alarm as a required element"), else the
// words the page used.
func element(label *regexp.Regexp, f *rules.Finding) string {
	if m := label.FindStringSubmatch(f.Message); m != nil {
		return m[1]
	}
	if s := strings.TrimSpace(f.Match); s != "" && len(s) < quoteOnceOver {
		return "\"" + s + "\""
	}
	return "an element"
}

// termName is the glossary's name for a term id ("breach of a restraining
// order"), else the id as words: "stalking-protection-order" is "stalking
// protection order".
func termName(id string, names map[string]string) string {
	if id == "" {
		return "a term"
	}
	if n := strings.TrimSpace(names[id]); n != "" {
		return n
	}
	return strings.ReplaceAll(id, "-", " ")
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// takeaways is the closing summary, one line per group: most serious
// first, then the groups with most pages. names gives the glossary's name
// for each term id.
func takeaways(fs []*rules.Finding, names map[string]string) []string {
	type group struct {
		r        reading
		severity rules.Severity
		pages    map[string]bool
		places   map[string]bool
		details  []string
		seen     map[string]bool
		first    int
	}
	var groups []*group
	byKey := map[string]*group{}
	for i, f := range fs {
		r := readingOf(f, names)
		g := byKey[r.key]
		if g == nil {
			g = &group{r: r, pages: map[string]bool{}, places: map[string]bool{}, seen: map[string]bool{}, first: i}
			byKey[r.key] = g
			groups = append(groups, g)
		}
		g.severity = max(g.severity, f.Severity)
		g.pages[f.File] = true
		// Two rules on one span are one place.
		g.places[textPosition(f.File, f.Line, f.Column)] = true
		if d := r.detail; d != "" && !g.seen[strings.ToLower(d)] {
			g.seen[strings.ToLower(d)] = true
			g.details = append(g.details, d)
		}
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if a.severity != b.severity {
			return a.severity > b.severity
		}
		if len(a.pages) != len(b.pages) {
			return len(a.pages) > len(b.pages)
		}
		return a.first < b.first
	})
	var out, asides []string
	for _, g := range groups {
		n := len(g.pages)
		pages := plural(n, "page")
		if len(g.places) > n {
			pages += fmt.Sprintf(" (%d places)", len(g.places))
		}
		// A sentence with no instance to name ends before its colon.
		line := strings.TrimSuffix(g.r.say(pages, n, g.details), ": ")
		if g.r.aside {
			asides = append(asides, line)
		} else {
			out = append(out, line)
		}
	}
	if len(asides) > 0 {
		out = append(out, "Also: "+strings.Join(asides, "; "))
	}
	return out
}

// firstAndMore lists the first few items, as many as the related line
// names, and counts the rest.
func firstAndMore(items []string) string {
	if len(items) <= relatedShown {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:relatedShown], ", ") + fmt.Sprintf(" and %d more", len(items)-relatedShown)
}
