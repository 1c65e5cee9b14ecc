package glossary

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// A penalty's from: and until: are dates, in order, and a wrong one is
// reported where it was written.
func TestPenaltyDates(t *testing.T) {
	const head = "id: stalking\nterm: stalking\ndefinition: d\nsummary: s\nsources: [{act: Protection from Harassment Act 1997, section: '2A'}]\npenalty:\n"
	for _, tc := range []struct {
		name, penalty, want string
	}{
		{"quoted dates", "  - mode: indictment\n    maximum: 5 years\n    months: 60\n    from: \"2012-11-25\"\n    until: \"2017-04-03\"\n", ""},
		{"plain YAML dates", "  - mode: indictment\n    maximum: 5 years\n    months: 60\n    until: 2017-04-03\n", ""},
		{"not a date", "  - mode: indictment\n    maximum: 5 years\n    from: April 2017\n", "stalking.yaml:9:11: penalty[0].from: from \"April 2017\" is not a date"},
		{"out of order", "  - mode: indictment\n    maximum: 5 years\n    from: \"2017-04-03\"\n    until: \"2012-11-25\"\n", "stalking.yaml:10:12: penalty[0].until: until 2012-11-25 is not after from 2017-04-03"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"g/stalking.yaml": {Data: []byte(head + tc.penalty)}}
			g, err := Load(fsys, "g", "g")
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(g.Terms[0].Penalty) != 1 || g.Terms[0].Penalty[0].Until != "2017-04-03" {
					t.Errorf("penalty %+v", g.Terms[0].Penalty)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestPenaltyInForce(t *testing.T) {
	p := Penalty{From: "2012-11-25", Until: "2017-04-03"}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for s, want := range map[string]bool{"2012-11-24": false, "2012-11-25": true, "2017-04-02": true, "2017-04-03": false} {
		if got := p.InForce(day(s)); got != want {
			t.Errorf("InForce(%s) = %v, want %v", s, got, want)
		}
	}
	if p.Current() {
		t.Error("a maximum with a past until: is not current")
	}
	if !(&Penalty{From: "2017-04-03"}).Current() {
		t.Error("a maximum with no until: is current")
	}
}
