package rules

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/testload"
)

// brokenLinkHints runs the rules over docs and returns each broken-link
// finding's suggestion by the link it reports (its Match).
func brokenLinkHints(t *testing.T, docs []*corpus.Document) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range Run(Input{Glossary: testload.Glossary(t), Docs: docs}) {
		if f.Rule == "broken-link" {
			out[f.Match] = f.Suggestion
		}
	}
	return out
}

const listHint = "no heading matches its words; headings there: "

func TestBrokenLinkSuggestions(t *testing.T) {
	// The bundled corpus's bail-and-remand.md, abridged to its headings.
	bail := "# Bail and remand\n\n## Before charge\n\n## The Bail Act 1976\n\n### The right to bail\n\n## Bail conditions\n\n## Breach of bail\n\n## Remand in custody\n\n### Defendants aged under 18\n\n## Section 4 tests\n\n## Keeping the victim informed\n"
	all := listHint + "#bail-and-remand, #before-charge, #the-bail-act-1976, #the-right-to-bail, #bail-conditions, #breach-of-bail, #remand-in-custody, #defendants-aged-under-18, #section-4-tests, #keeping-the-victim-informed"
	for _, tc := range []struct{ anchor, want string }{
		// No heading shares the words: the list, not a guess by letters.
		{"youth-remand", all},
		{"remanding-youths", all},
		// One word in common of two is not a match.
		{"custody-time-limits", all},
		// Reordered, inflected, a word added or dropped, a slip.
		{"conditions-of-bail", "#bail-conditions"},
		{"bail-condition", "#bail-conditions"},
		{"breach-of-bail-conditions", all}, // as near to both: no guess
		{"breaching-bail", "#breach-of-bail"},
		{"remand-to-custody", "#remand-in-custody"},
		{"remand", all}, // as near to "Bail and remand": no guess
		{"bail-breaches-by-youths", "#breach-of-bail"},
		{"keeping-victims-informed", "#keeping-the-victim-informed"},
		{"keping-the-victim-infromed", "#keeping-the-victim-informed"},
		{"defendants-under-18", "#defendants-aged-under-18"},
		{"bail-act-1976", "#the-bail-act-1976"},
		{"the-bailact-1976", "#the-bail-act-1976"},
		// Numbers must match exactly.
		{"section-5-tests", all},
		{"section5-tests", all},
	} {
		t.Run(tc.anchor, func(t *testing.T) {
			d := testload.Doc(t, "bail.md", bail)
			if got := suggestAnchor(docAnchors(d), tc.anchor); got != tc.want {
				t.Errorf("suggestAnchor(#%s) = %q, want %q", tc.anchor, got, tc.want)
			}
		})
	}
	d := testload.Doc(t, "none.md", "Only prose.\n")
	if got := suggestAnchor(docAnchors(d), "youth-remand"); got != "the target has no headings; link to the document" {
		t.Errorf("no headings: %q", got)
	}
}

// headingPool is the words generated headings are made of: guidance words
// no two of which share a stem or are a slip apart, so that which heading
// a link means is known.
var headingPool = strings.Fields(`bail remand youth custody breach conditions victim court charging evidence
	risk harassment stalking protection sentencing appeal police witness disclosure trial hearing
	application interim notification offender advocate referral safeguarding schools accommodation
	employment online messages property monitoring threats violence alarm distress family children
	housing contact injunction warrant arrest interview caution magistrates crown jury verdict
	acquittal conviction licence probation prison release review guidance annex glossary`)

var headingStops = []string{"of", "the", "and", "in", "for", "to", "a"}

// renaming is one way a heading is renamed after a link to it was written.
type renaming struct {
	name    string
	related bool // a suggestion, if made, must be the renamed heading
	apply   func(r *rand.Rand, words []string, fresh func() string) []string
}

var renamings = []renaming{
	{"word order", true, reorder},
	{"word added", true, func(r *rand.Rand, w []string, fresh func() string) []string {
		i := r.IntN(len(w) + 1)
		return slices.Insert(slices.Clone(w), i, fresh())
	}},
	{"word removed", true, func(r *rand.Rand, w []string, _ func() string) []string {
		i := r.IntN(len(w))
		return slices.Delete(slices.Clone(w), i, i+1)
	}},
	{"stop word added", true, func(r *rand.Rand, w []string, _ func() string) []string {
		i := 1 + r.IntN(len(w)-1)
		return slices.Insert(slices.Clone(w), i, headingStops[r.IntN(len(headingStops))])
	}},
	{"typo", true, typo},
	{"inflected", true, func(r *rand.Rand, w []string, _ func() string) []string {
		out := slices.Clone(w)
		i := r.IntN(len(out))
		if strings.HasSuffix(out[i], "s") {
			out[i] = strings.TrimSuffix(out[i], "s")
		} else {
			out[i] += "s"
		}
		return out
	}},
	{"reordered with a typo", true, func(r *rand.Rand, w []string, fresh func() string) []string {
		return typo(r, reorder(r, w, fresh), fresh)
	}},
	{"completely different", false, func(r *rand.Rand, w []string, fresh func() string) []string {
		out := make([]string, 2+r.IntN(3))
		for i := range out {
			out[i] = fresh()
		}
		return out
	}},
	{"one word kept among new ones", false, func(r *rand.Rand, w []string, fresh func() string) []string {
		out := []string{w[r.IntN(len(w))]}
		for range max(len(w), 2) + 1 {
			out = append(out, fresh())
		}
		r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}},
}

func reorder(r *rand.Rand, w []string, _ func() string) []string {
	out := slices.Clone(w)
	for slices.Equal(out, w) {
		r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	}
	return out
}

// typo makes a slip in one word of five letters or more.
func typo(r *rand.Rand, w []string, _ func() string) []string {
	out := slices.Clone(w)
	i := r.IntN(len(out))
	for k := range out {
		if len(out[(i+k)%len(out)]) >= 5 {
			i = (i + k) % len(out)
			break
		}
	}
	out[i] = slip(r, out[i])
	return out
}

// slip makes one typing slip in a word of five letters or more: two
// neighbours swapped, a letter dropped, doubled or replaced.
func slip(r *rand.Rand, w string) string {
	b := []byte(w)
	i := 1 + r.IntN(len(b)-2)
	switch r.IntN(4) {
	case 0:
		if b[i] == b[i+1] {
			b[i] = 'x'
		} else {
			b[i], b[i+1] = b[i+1], b[i]
		}
	case 1:
		b = slices.Delete(b, i, i+1)
	case 2:
		b = slices.Insert(b, i, b[i])
	default:
		if b[i] == 'q' {
			b[i] = 'z'
		} else {
			b[i] = 'q'
		}
	}
	return string(b)
}

func title(words []string) string {
	s := strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// TestBrokenLinkSuggestionsOnRenamedHeadings checks every broken link of a
// generated corpus: documents whose headings were renamed in each way after
// a guide linked to them, beside other headings that share a word at most
// with the one linked to. Every heading suggested must be the renamed one;
// a heading renamed into other words must give the list of headings, which
// holds it; and nearly every heading renamed in a related way must be found.
func TestBrokenLinkSuggestionsOnRenamedHeadings(t *testing.T) {
	for i, a := range headingPool {
		for _, b := range headingPool[i+1:] {
			if analysis.Stem(a) == analysis.Stem(b) || slipOf(a, b) {
				t.Fatalf("pool words %q and %q are too alike", a, b)
			}
		}
	}
	r := rand.New(rand.NewPCG(19, 7))
	const perKind = 60
	var docs []*corpus.Document
	var links strings.Builder
	type expect struct {
		kind    renaming
		renamed string // the anchor of the renamed heading
		from    string
	}
	want := map[string]expect{}
	n := 0
	for _, kind := range renamings {
		for range perKind {
			// The original heading's words, then the words no other
			// heading of the document may use.
			perm := r.Perm(len(headingPool))
			next := 0
			fresh := func() string { next++; return headingPool[perm[next-1]] }
			orig := make([]string, 2+r.IntN(3))
			for i := range orig {
				orig[i] = fresh()
			}
			if r.IntN(3) == 0 {
				orig = slices.Insert(orig, 1, headingStops[r.IntN(len(headingStops))])
			}
			renamed := kind.apply(r, orig, fresh)
			var md strings.Builder
			fmt.Fprintf(&md, "# Document %d\n\n", n)
			at := r.IntN(5)
			for k := range 5 {
				if k == at {
					fmt.Fprintf(&md, "## %s\n\nText.\n\n", title(renamed))
					continue
				}
				// Another heading: new words, and now and then one
				// word of the original.
				words := []string{fresh(), fresh()}
				if r.IntN(2) == 0 {
					words = append(words, orig[0])
				}
				r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
				fmt.Fprintf(&md, "## %s\n\nText.\n\n", title(words))
			}
			name := fmt.Sprintf("target%03d.md", n)
			docs = append(docs, testload.Doc(t, name, md.String()))
			dest := name + "#" + corpus.Anchor(title(orig))
			fmt.Fprintf(&links, "See [%s](%s).\n\n", strings.Join(orig, " "), dest)
			want[dest] = expect{kind, corpus.Anchor(title(renamed)), title(orig) + " → " + title(renamed)}
			n++
		}
	}
	docs = append(docs, testload.Doc(t, "guide.md", links.String()))
	hints := brokenLinkHints(t, docs)
	if len(hints) != len(want) {
		t.Fatalf("%d broken links reported, %d made", len(hints), len(want))
	}
	found := map[string]int{}
	for dest, e := range want {
		hint, ok := hints[dest]
		if !ok {
			t.Errorf("%s (%s): not reported", dest, e.from)
			continue
		}
		path, _, _ := strings.Cut(dest, "#")
		right := path + "#" + e.renamed
		switch {
		case hint == right:
			if !e.kind.related {
				t.Errorf("%s: renamed into other words (%s), but %s was suggested", dest, e.from, hint)
			}
			found[e.kind.name]++
		case strings.HasPrefix(hint, listHint):
			if !strings.Contains(hint+",", "#"+e.renamed+",") {
				t.Errorf("%s (%s): the list of headings lacks #%s: %s", dest, e.from, e.renamed, hint)
			}
		default:
			t.Errorf("%s (%s, %s): wrong suggestion %q, the heading is %s", dest, e.kind.name, e.from, hint, right)
		}
	}
	for _, kind := range renamings {
		if kind.related {
			t.Logf("%-22s %d of %d suggested", kind.name, found[kind.name], perKind)
			// Every kind of related renaming is found nearly always; a
			// miss gives the list, which is not wrong, only less help.
			if found[kind.name] < perKind*95/100 {
				t.Errorf("%s: only %d of %d renamed headings suggested", kind.name, found[kind.name], perKind)
			}
		}
	}
}
