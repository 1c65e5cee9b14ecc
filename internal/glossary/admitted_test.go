package glossary_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/glossary"
)

const admittedBase = `id: adviser
term: Independent Domestic Violence Adviser
definition: "A specialist adviser."
summary: "An adviser."
sources:
  - document: "Statutory guidance"
`

// TestAdmittedExpansions: admitted expansions load, are matched as the
// term's expansion (so a deprecated phrase inside one is not reported), and
// are validated.
func TestAdmittedExpansions(t *testing.T) {
	load := func(yaml string) (*glossary.Glossary, error) {
		return glossary.Load(fstest.MapFS{"g/adviser.yaml": {Data: []byte(yaml)}}, "g", "g")
	}
	g, err := load(admittedBase + `acronym: IDVA
expansion: Independent Domestic Violence Adviser
deprecated:
  - phrase: domestic violence
    replacement: domestic abuse
    reason: "Wider than violence."
    except: ["Independent Domestic Violence Adviser"]
admitted:
  - expansion: Independent Domestic Violence Advocate
    reason: "Many services call the role an advocate."
    source: "local service pages"
`)
	if err != nil {
		t.Fatal(err)
	}
	text := "Her Independent Domestic Violence Advocate attended."
	ms := g.Matcher.Find(text, analysis.Analyze(text))
	if len(ms) != 1 || ms[0].Entry.Kind != glossary.KindExpansion || ms[0].Entry.Text != "Independent Domestic Violence Advocate" {
		t.Errorf("matches %+v, want the admitted expansion alone", ms)
	}
	for _, c := range []struct{ yaml, want string }{
		{admittedBase + "admitted:\n  - expansion: Independent Domestic Abuse Adviser\n    reason: x\n", "admitted expansions need an acronym"},
		{admittedBase + "acronym: IDVA\nexpansion: Independent Domestic Violence Adviser\nadmitted:\n  - expansion: Independent Domestic Abuse Adviser\n", "needs expansion: and reason:"},
		{admittedBase + "acronym: IDVA\nexpansion: Independent Domestic Violence Adviser\nadmitted:\n  - expansion: independent domestic violence advisers\n    reason: x\n", "the preferred expansion itself"},
		{admittedBase + "acronym: IDVA\nexpansion: Independent Domestic Violence Adviser\nadmitted:\n  - expansion: Independent Domestic Abuse Adviser\n    reasons: x\n", `unknown key "reasons"`},
	} {
		_, err := load(c.yaml)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
}
