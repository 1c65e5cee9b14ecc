package glossary

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concord-guidance/concord/internal/analysis"
)

// TestDeprecatedSinceAndAccepted holds the since: and accepted: keys of a
// deprecation to their checks, and shows that an accepted name is never
// matched as the deprecated phrase it contains.
func TestDeprecatedSinceAndAccepted(t *testing.T) {
	const head = "id: x\nterm: x\ndefinition: d\nsummary: s\nsources: [{act: A, section: '1'}]\ndeprecated:\n  - phrase: old word\n    replacement: new word\n    reason: r\n"
	for _, c := range []struct {
		name, yaml, want string
	}{
		{"good", "    since: \"2021-04-29\"\n    accepted:\n      - name: The Old Word Court\n        reason: its name\n", ""},
		{"not a date", "    since: \"29 April 2021\"\n", "deprecated[0].since: since \"29 April 2021\" is not a date"},
		{"no reason", "    accepted:\n      - name: The Old Word Court\n", "deprecated[0].accepted[0].name: an accepted name needs name: and reason:"},
		{"name without the phrase", "    accepted:\n      - name: The Word Court\n        reason: r\n", "does not contain \"old word\""},
		{"also in except", "    except: [\"old word courts\"]\n    accepted:\n      - name: Old Word Court\n        reason: r\n", "is already in except:"},
		{"unknown key", "    accepted:\n      - name: Old Word Court\n        why: r\n", "unknown key \"why\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := Load(fstest.MapFS{"glossary/x.yaml": {Data: []byte(head + c.yaml)}}, "glossary", "glossary")
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				d := &g.Get("x").Deprecated[0]
				if at, ok := d.SinceDate(); !ok || at.Format("2006-01-02") != "2021-04-29" {
					t.Errorf("SinceDate = %v, %v", at, ok)
				}
				text := "Before the old word court, the old word was used."
				var kinds []string
				for _, m := range g.Matcher.Find(text, analysis.Analyze(text)) {
					kinds = append(kinds, m.Entry.Kind.String())
				}
				if got := strings.Join(kinds, " "); got != "except deprecated" {
					t.Errorf("matches = %q, want the accepted name then the phrase", got)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want %q", err, c.want)
			}
		})
	}
}
