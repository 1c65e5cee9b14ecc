package search

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// testDocs is a small corpus with known contents.
func testDocs() []Doc {
	return []Doc{
		{
			File: "corpus/stalking.md", URL: "docs/stalking/", Title: "Stalking",
			Summary: "What stalking is and how to prosecute it.", Topic: "stalking",
			Terms:  []string{"stalking", "course-of-conduct"},
			Fields: map[string]string{"owner": "CPS", "updated": "2024-05-01"},
			Sections: []Section{
				{Line: 1, Text: "Stalking is a pattern of fixated, obsessive, unwanted and repeated behaviour.",
					Terms: []SectionTerm{{ID: "stalking", Body: 1, Words: []string{"stalking"}}}},
				{Anchor: "course-of-conduct", Heading: "Course of conduct", Line: 7,
					Text:  "A course of conduct means conduct on at least two occasions. Each act may look harmless alone.",
					Terms: []SectionTerm{{ID: "course-of-conduct", Heading: 1, Body: 1, Words: []string{"course of conduct"}}}},
				{Anchor: "victims", Heading: "Supporting victims", Line: 15,
					Text:  "People who are stalking victims should be referred to an IDVA. Victims' accounts matter; see s.2A and paragraph 4.2.1.",
					Terms: []SectionTerm{{ID: "stalking", Body: 1, Words: []string{"stalking"}}}},
			},
		},
		{
			File: "corpus/restraining-orders.md", URL: "docs/restraining-orders/", Title: "Restraining orders",
			Summary: "Orders made on conviction or acquittal.", Topic: "orders",
			Terms: []string{"restraining-order", "breach-of-restraining-order"},
			Sections: []Section{
				{Line: 1, Text: "A restraining order protects a person from harassment.",
					Terms: []SectionTerm{{ID: "restraining-order", Body: 1, Words: []string{"restraining order"}}}},
				{Anchor: "breach", Heading: "Breach of a restraining order", Line: 9,
					Text:  "Breaching a restraining order without reasonable excuse is an offence. The defendant was stalked by no one; the victim was stalked by the defendant.",
					Terms: []SectionTerm{{ID: "breach-of-restraining-order", Heading: 1, Words: []string{"breach of a restraining order"}}, {ID: "restraining-order", Body: 1, Words: []string{"restraining order"}}}},
				{Anchor: "acquittal", Heading: "Orders on acquittal", Line: 20,
					Text: "A court may make an order restraining the defendant even after an acquittal. Restraint must be necessary."},
			},
		},
		{
			File: "corpus/harassment.md", URL: "docs/harassment/", Title: "Harassment",
			Summary: "Harassment under the 1997 Act.", Topic: "harassment",
			Terms: []string{"harassment", "course-of-conduct"},
			Sections: []Section{
				{Line: 1, Text: "Harassment includes alarming a person or causing distress. High-harm cases need review."},
				{Anchor: "fear", Heading: "Putting people in fear of violence", Line: 6,
					Text:  "Conduct which causes another to fear, on at least two occasions, that violence will be used. A course of conduct is required. Harassment is not stalking.",
					Terms: []SectionTerm{{ID: "course-of-conduct", Body: 1, Words: []string{"course of conduct"}}}},
			},
		},
	}
}

// syntheticDocs makes n documents of plausible guidance prose for
// benchmarks: a shared core vocabulary plus rarer words, eight sections each.
func syntheticDocs(n int) []Doc {
	rng := rand.New(rand.NewSource(7))
	core := strings.Fields(`stalking stalked stalker harassment harassing order orders restraining restraint
		breach breached breaching victim victims offender offence offences court courts police prosecutor
		prosecution evidence conduct course behaviour fixated obsessive unwanted repeated fear violence alarm
		distress protection protective interim acquittal conviction sentence sentencing guidance review risk
		assessment domestic abuse coercive controlling online contact messages following watching loitering
		property damage threat threats safety plan support referral advocate independent must should may not
		any all no the of and to in a is that for on with as by be this are or an it`)
	rare := make([]string, 3000)
	syll := strings.Fields("ka re mi to sa lu ne vo pi da ge tor ment ing ed al ous ive con pro sub")
	for i := range rare {
		var b strings.Builder
		for k := 0; k < 2+rng.Intn(3); k++ {
			b.WriteString(syll[rng.Intn(len(syll))])
		}
		rare[i] = b.String()
	}
	sentence := func(words int) string {
		var b strings.Builder
		for i := 0; i < words; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			var w string
			if rng.Intn(5) == 0 {
				w = rare[rng.Intn(len(rare))]
			} else {
				w = core[rng.Intn(len(core))]
			}
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
		}
		b.WriteString(".")
		return b.String()
	}
	docs := make([]Doc, n)
	for i := range docs {
		title := strings.TrimSuffix(sentence(3+rng.Intn(3)), ".")
		d := Doc{
			File: fmt.Sprintf("corpus/doc-%04d.md", i), URL: fmt.Sprintf("docs/doc-%04d/", i),
			Title: title, Summary: sentence(12), Topic: core[rng.Intn(20)],
			Terms: []string{core[rng.Intn(10)], core[10+rng.Intn(10)]},
		}
		line := 1
		for s := 0; s < 8; s++ {
			var text []string
			for k := 0; k < 4+rng.Intn(8); k++ {
				text = append(text, sentence(8+rng.Intn(14)))
			}
			sec := Section{Line: line, Text: strings.Join(text, " ")}
			if s > 0 {
				sec.Heading = strings.TrimSuffix(sentence(2+rng.Intn(4)), ".")
				sec.Anchor = fmt.Sprintf("section-%d", s)
			}
			d.Sections = append(d.Sections, sec)
			line += 5 + rng.Intn(20)
		}
		docs[i] = d
	}
	return docs
}

func buildTest(t testing.TB, docs []Doc) *Index {
	t.Helper()
	idx, err := Build(docs, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}
