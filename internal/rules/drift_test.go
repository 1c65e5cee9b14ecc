package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/testload"
)

// findings runs one rule on md (and more documents) with the bundled
// glossary and returns the findings' keys ("rule@line:col") and messages.
func findings(t *testing.T, id, md string, more ...string) ([]string, []*Finding) {
	t.Helper()
	r := Lookup(id)
	if r == nil {
		t.Fatalf("no rule %s", id)
	}
	fs, err := RunExample(testload.Glossary(t), r, Example{Markdown: md, More: more})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, f := range fs {
		if f.Rule == id {
			keys = append(keys, f.Key())
		}
	}
	slices.Sort(keys)
	return keys, fs
}

// TestDriftCalibration pins the default threshold between real faithful
// restatements and real drifted ones.
func TestDriftCalibration(t *testing.T) {
	g := testload.Glossary(t)
	gp := restate.ProfileOf(g)
	score := func(md string) float64 {
		df := analyse(testload.Doc(t, "x.md", md+"\n"), g)
		if len(df.Restatements) != 1 {
			t.Fatalf("want one restatement in %q, got %d", md, len(df.Restatements))
		}
		return restate.Compare(gp, df.Restatements[0]).Score
	}
	faithful := []string{
		// word for word
		"Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking and the person pursuing the conduct knows or ought to know that it amounts to harassment.",
		// another order
		"Stalking is a course of conduct, involving acts or omissions associated with stalking, that amounts to harassment of another person and that the person pursuing it knows or ought to know amounts to harassment.",
		// small changes of wording
		"Stalking is a course of conduct amounting to harassment of another person, where the acts or omissions involved are associated with stalking and the person knows or ought to know it amounts to harassment.",
		// a trailing clause dropped
		"Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking.",
		"Stalking is a course of conduct amounting to harassment where the acts involved are associated with stalking.",
		// examples added
		"In law, stalking is a course of conduct that amounts to harassment and involves acts or omissions associated with stalking, such as following or monitoring.",
		"Controlling or coercive behaviour is repeated or continuous behaviour towards another person who is personally connected, which has a serious effect on them.",
		"A course of conduct is conduct on at least two occasions in relation to one person.",
		"A Stalking Protection Order is a civil order made by a magistrates' court on a police application to protect a person from a risk associated with stalking.",
		"A restraining order is an order that prohibits the defendant from doing anything described in it, made to protect the victim from further harassment.",
	}
	drifted := []string{
		// synonyms swapped for the key words
		"Stalking is a pattern of behaviour amounting to harassment, where the acts involved are associated with stalking and the perpetrator knows or should know it is harassment.",
		// a limb dropped, fear added
		"Stalking is a course of conduct amounting to harassment, involving acts associated with stalking, that causes the victim fear or alarm.",
		"Stalking is harassment that involves acts associated with stalking.",
		"Stalking means persistent unwanted online attention that leaves a person feeling uneasy or watched.",
		"Stalking is a course of conduct that causes alarm or distress to another person.",
		"Stalking is where someone repeatedly follows, contacts or watches another person.",
		"Controlling or coercive behaviour is repeated abuse of a partner that has a serious effect on the victim.",
		"A course of conduct means conduct on two or more occasions.",
		"A Stalking Protection Order is an order a criminal court makes on conviction to stop the defendant contacting the victim.",
	}
	for _, md := range faithful {
		s := score(md)
		t.Logf("faithful %.2f %s", s, md)
		if s < driftThreshold {
			t.Errorf("faithful restatement scores %.2f, below the threshold %.2f: %s", s, driftThreshold, md)
		}
	}
	for _, md := range drifted {
		s := score(md)
		t.Logf("drifted %.2f %s", s, md)
		if s >= driftThreshold {
			t.Errorf("drifted restatement scores %.2f, at or above the threshold %.2f: %s", s, driftThreshold, md)
		}
	}
}

func TestDriftFindings(t *testing.T) {
	for _, tc := range []struct {
		name, md string
		want     []string
	}{
		{"drifted strong restatement", "Stalking means persistent unwanted online attention that leaves a person feeling uneasy or watched.\n", []string{"definition-drift@1:1"}},
		{"drifted weak restatement that reads as a definition", "Harassment is a course of conduct that upsets someone.\n", []string{"definition-drift@1:1"}},
		{"drifted mnemonic", "Police use Fixated, Obsessive, Unwelcome, Recurring (FOUR) to spot stalking.\n", []string{"definition-drift@1:12"}},
		{"drifted definition-list entry", "Course of conduct\n: Behaviour that happens more than once.\n", []string{"definition-drift@2:3"}},
		{"faithful in another order", "Stalking is a course of conduct, involving acts or omissions associated with stalking, that amounts to harassment of another person and that the person pursuing it knows or ought to know amounts to harassment.\n", nil},
		{"faithful mnemonic", "Police use FOUR (Fixated, Obsessive, Unwanted, Repeated) to spot stalking.\n", nil},
		{"a characterisation is left to excluded-element", "Stalking is a more serious form of harassment.\n", nil},
		{"mentions that do not define", "Stalking is common. Stalking is a serious offence that is often missed.\n", nil},
		{"a restatement of the longer s.4A term", "Stalking involving fear of violence or serious alarm or distress is a course of conduct that amounts to stalking and either causes the victim to fear, on at least two occasions, that violence will be used against them, or causes them serious alarm or distress.\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, fs := findings(t, "definition-drift", tc.md)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
				for _, f := range fs {
					t.Log(f.Message)
				}
			}
		})
	}
}

func TestDriftFindingCarriesDiff(t *testing.T) {
	_, fs := findings(t, "definition-drift", "## Introduction\n\nStalking means persistent unwanted online attention that leaves a person feeling uneasy or watched.\n")
	if len(fs) != 1 {
		t.Fatalf("want one finding, got %d", len(fs))
	}
	f := fs[0]
	if f.Term != "stalking" || !strings.HasPrefix(f.Expected, "Stalking is a course of conduct") || !strings.HasPrefix(f.Actual, "Stalking means persistent") {
		t.Errorf("term %q expected %q actual %q", f.Term, f.Expected, f.Actual)
	}
	var ops []string
	for _, d := range f.Diff {
		ops = append(ops, d.Op)
	}
	if !slices.Contains(ops, "equal") || !slices.Contains(ops, "delete") || !slices.Contains(ops, "insert") {
		t.Errorf("diff lacks equal, delete or insert runs: %+v", f.Diff)
	}
	for _, w := range []string{"9%", `drops "course of conduct that amounts to harassment"`, `adds "persistent unwanted online attention"`, "s.2A"} {
		if !strings.Contains(f.Message, w) {
			t.Errorf("message lacks %q: %s", w, f.Message)
		}
	}
}
