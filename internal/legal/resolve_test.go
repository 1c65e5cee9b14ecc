package legal

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/source"
)

func bundledIndex(t *testing.T) (*glossary.Glossary, *Index) {
	t.Helper()
	sub, _ := fs.Sub(concord.Glossary, "glossary")
	g, err := glossary.Load(sub, ".", "glossary")
	if err != nil {
		t.Fatal(err)
	}
	return g, IndexFor(g)
}

// describeResolved writes each citation of a document as its text, the Act
// it resolved to ("?" for none) and how: "s.2 → PHA 1997 inherited sure".
func describeResolved(t *testing.T, g *glossary.Glossary, ix *Index, md string) []string {
	t.Helper()
	f, err := source.New("doc.md", []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse(f, "doc.md")
	if err != nil {
		t.Fatal(err)
	}
	facts := restate.Analyse(g, d)
	var out []string
	for k, cites := range ix.ResolveDoc("test", facts).Blocks {
		text := facts.Blocks[k].Block.Run.Text
		for _, rc := range cites {
			label := "?"
			if rc.Act != nil {
				label = rc.Act.Label
			}
			s := text[rc.Start:rc.End] + " → " + label
			for _, f := range []struct {
				on   bool
				name string
			}{{rc.Named, "named"}, {rc.Inherited, "inherited"}, {rc.Sure, "sure"}, {rc.Context, "context"}} {
				if f.on {
					s += " " + f.name
				}
			}
			out = append(out, s)
		}
	}
	return out
}

// Which Act a citation means is decided here, once, for both law rules: a
// wrong answer would make citation-mismatch and penalty-mismatch judge a
// section against the wrong Act.
func TestResolveDoc(t *testing.T) {
	g, ix := bundledIndex(t)
	for _, tc := range []struct {
		name, md string
		want     []string
	}{
		{"a full title", "Stalking is an offence under section 2A of the Protection from Harassment Act 1997.\n",
			[]string{"section 2A of the Protection from Harassment Act 1997 → PHA 1997 named"}},
		{"an abbreviation", "Stalking involving fear of violence is an offence under s.4A PHA 1997.\n",
			[]string{"s.4A PHA 1997 → PHA 1997 named"}},
		{"the year form", "Stalking is defined in section 2A(2) of the 1997 Act.\n",
			[]string{"section 2A(2) of the 1997 Act → PHA 1997 named"}},
		{"an Act the glossary does not know", "It may also be an offence under section 1 of the Malicious Communications Act 1988.\n",
			[]string{"section 1 of the Malicious Communications Act 1988 → ? named"}},
		{"a bare section takes the paragraph's one Act",
			"The Protection from Harassment Act 1997 (PHA 1997) creates the offences prosecutors use most.\nIn practice, stalking is often charged under s.2.\n",
			[]string{"Protection from Harassment Act 1997 (PHA 1997) → PHA 1997 named", "s.2 → PHA 1997 inherited sure"}},
		{"a bare section after two Acts is a guess",
			"The Protection from Harassment Act 1997 and the Stalking Protection Act 2019 both apply. Stalking is usually charged under s.2A.\n",
			[]string{"Protection from Harassment Act 1997 → PHA 1997 named", "Stalking Protection Act 2019 → SPA 2019 named", "s.2A → SPA 2019 inherited"}},
		{"the Act named earlier in the section",
			"## The offences\n\nThe Protection from Harassment Act 1997 creates the offences.\n\nStalking is an offence under section 2 of the Act.\n",
			[]string{"Protection from Harassment Act 1997 → PHA 1997 named", "section 2 of the Act → PHA 1997 inherited sure context"}},
		{"the Act is not the one that amended it",
			"The Protection from Harassment Act 1997 (as amended by the Protection of Freedoms Act 2012) created the offences. Stalking involving fear of violence is an offence under section 4 of the Act.\n",
			[]string{"Protection from Harassment Act 1997 → PHA 1997 named", "Protection of Freedoms Act 2012 → PoFA 2012 named", "section 4 of the Act → PHA 1997 inherited sure"}},
		{"the Act the document defines",
			"The Stalking Protection Act 2019 (\"the Act\") created SPOs.\n\nThe Protection from Harassment Act 1997 created the offences.\n\nBreach of an SPO is an offence under section 8 of the Act.\n",
			[]string{"Stalking Protection Act 2019 → SPA 2019 named", "Protection from Harassment Act 1997 → PHA 1997 named", "section 8 of the Act → SPA 2019 inherited sure context"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := describeResolved(t, g, ix, tc.md)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("resolved:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// The terms a provision is the source of: the section with any subsection,
// the offence before the concepts it uses, and never a neighbouring section.
func TestOwners(t *testing.T) {
	_, ix := bundledIndex(t)
	var pha *Act
	for _, a := range ix.Acts {
		if a.Label == "PHA 1997" {
			pha = a
		}
	}
	if pha == nil {
		t.Fatal("the bundled glossary has no PHA 1997")
	}
	names := func(ts []*glossary.Term) string {
		var out []string
		for _, t := range ts {
			out = append(out, t.Term)
		}
		return fmt.Sprint(out)
	}
	for _, tc := range []struct {
		section, main string
	}{
		{"2A", "[stalking]"},
		{"2A(1)", "[stalking]"},
		{"2", "[harassment]"},
		{"4A", "[stalking involving fear of violence or serious alarm or distress]"},
	} {
		r := Ref{Act: pha, Section: tc.section}
		if got := names(ix.MainOwners(r)); got != tc.main {
			t.Errorf("MainOwners(s.%s PHA 1997) = %s, want %s", tc.section, got, tc.main)
		}
		for _, o := range ix.MainOwners(r) {
			if !ix.Rests(o, r) {
				t.Errorf("%s does not rest on s.%s PHA 1997, its own source", o.Term, tc.section)
			}
		}
	}
}
