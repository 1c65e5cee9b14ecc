package restate

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/testload"
)

// restated describes what Find found in md, one string per
// restatement: "term-id how strong|weak: text".
func restated(t *testing.T, md string) []string {
	t.Helper()
	g := testload.Glossary(t)
	df := Analyse(g, testload.Doc(t, "example.md", md))
	var out []string
	for _, r := range df.Restatements {
		kind := "weak"
		if r.Strong {
			kind = "strong"
		}
		out = append(out, fmt.Sprintf("%s %s %s: %s", r.Term.ID, r.How, kind, r.Text()))
	}
	return out
}

func TestRestatementForms(t *testing.T) {
	const def = "Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking."
	for _, tc := range []struct {
		name, md string
		want     []string
	}{
		{"strong verb", "Stalking means persistent unwanted attention.\n",
			[]string{"stalking sentence strong: Stalking means persistent unwanted attention."}},
		{"refers to, after an article and quotes", "The term \"stalking\" refers to repeated unwanted contact.\n",
			[]string{"stalking sentence strong: The term \"stalking\" refers to repeated unwanted contact."}},
		{"is defined in a provision as", "Stalking is defined in s.2A(2) PHA 1997 as a course of conduct amounting to harassment.\n",
			[]string{"stalking sentence strong: Stalking is defined in s.2A(2) PHA 1997 as a course of conduct amounting to harassment."}},
		{"can be described as", "Controlling or coercive behaviour can be described as a pattern of control.\n",
			[]string{"controlling-or-coercive-behaviour sentence strong: Controlling or coercive behaviour can be described as a pattern of control."}},
		{"occurs when", "Stalking occurs when someone fixates on another person.\n",
			[]string{"stalking sentence strong: Stalking occurs when someone fixates on another person."}},
		{"is where", "Harassment is where someone alarms or distresses another person repeatedly.\n",
			[]string{"harassment sentence strong: Harassment is where someone alarms or distresses another person repeatedly."}},
		{"involves", "CCB involves repeated or continuous behaviour that has a serious effect on the victim.\n",
			[]string{"controlling-or-coercive-behaviour sentence strong: CCB involves repeated or continuous behaviour that has a serious effect on the victim."}},
		{"the offence of", "The offence of stalking is a course of conduct amounting to harassment of another person.\n",
			[]string{"stalking sentence weak: The offence of stalking is a course of conduct amounting to harassment of another person."}},
		{"the definition of X is", "The definition of stalking is harassment by acts associated with stalking.\n",
			[]string{"stalking sentence strong: The definition of stalking is harassment by acts associated with stalking."}},
		{"a leading adverbial", "In law, stalking is a course of conduct that amounts to harassment.\n",
			[]string{"stalking sentence weak: In law, stalking is a course of conduct that amounts to harassment."}},
		{"an aside between subject and verb", "Stalking, in short, is a course of conduct amounting to harassment.\n",
			[]string{"stalking sentence weak: Stalking, in short, is a course of conduct amounting to harassment."}},
		{"an acronym in brackets", "Controlling or coercive behaviour (CCB) is repeated or continuous behaviour towards another person.\n",
			[]string{"controlling-or-coercive-behaviour sentence weak: Controlling or coercive behaviour (CCB) is repeated or continuous behaviour towards another person."}},
		{"a citation after the subject", "Stalking under s.2A PHA 1997 is a course of conduct amounting to harassment.\n",
			[]string{"stalking sentence weak: Stalking under s.2A PHA 1997 is a course of conduct amounting to harassment."}},
		{"a weak sentence with an excluded cue", "Stalking is a more serious form of harassment.\n",
			[]string{"stalking sentence weak: Stalking is a more serious form of harassment."}},
		{"the statutory shape", "Behaviour of a person towards another person is domestic abuse if both are aged 16 or over and are personally connected.\n",
			[]string{"domestic-abuse sentence weak: Behaviour of a person towards another person is domestic abuse if both are aged 16 or over and are personally connected."}},
		{"the longest term wins", "Stalking involving fear of violence or serious alarm or distress is a course of conduct that amounts to stalking and causes fear of violence.\n",
			[]string{"stalking-involving-fear-of-violence sentence weak: Stalking involving fear of violence or serious alarm or distress is a course of conduct that amounts to stalking and causes fear of violence."}},
		{"a glossary table", "| Term | Meaning |\n|---|---|\n| Stalking (s.2A) | A course of conduct amounting to harassment. |\n| Victim | The person harmed. |\n",
			[]string{"stalking table strong: A course of conduct amounting to harassment."}},
		{"a glossary table with other headers", "| Concept | Acronym | Description |\n|---|---|---|\n| Stalking Protection Order | SPO | A civil order. |\n",
			[]string{"stalking-protection-order table strong: A civil order."}},
		{"a definition list", "Stalking\n: A course of conduct amounting to harassment.\n\nVictim\n: The person harmed.\n",
			[]string{"stalking definition-list strong: A course of conduct amounting to harassment."}},
		{"a What is heading, with the sentence folded in", "## What is stalking?\n\n" + def + " It is an offence under s.2A.\n\nMore text.\n",
			[]string{"stalking heading strong: " + def + " It is an offence under s.2A."}},
		{"a What does X mean heading", "### What does controlling or coercive behaviour mean?\n\nBehaviour that is repeated or continuous.\n",
			[]string{"controlling-or-coercive-behaviour heading strong: Behaviour that is repeated or continuous."}},
		{"a Meaning of heading with a citation", "## Meaning of course of conduct (s.7(3))\n\nConduct on at least two occasions.\n",
			[]string{"course-of-conduct heading strong: Conduct on at least two occasions."}},
		{"a Definition of heading whose first paragraph only introduces the answer", "## Definition of domestic abuse\n\nSection 1 of the Domestic Abuse Act 2021 sets out the test.\n\nBehaviour of a person towards another person is domestic abuse if both are aged 16 or over and are personally connected to each other.\n",
			[]string{"domestic-abuse heading strong: Behaviour of a person towards another person is domestic abuse if both are aged 16 or over and are personally connected to each other."}},
		{"a What is heading answered wrongly", "## What is stalking?\n\nThere is no legal definition of stalking.\n\nProsecutors should look at the pattern.\n",
			[]string{"stalking heading strong: There is no legal definition of stalking."}},
		{"a mnemonic in brackets after the acronym", "Police use FOUR (Fixated, Obsessive, Unwanted, Repeated) to spot stalking.\n",
			[]string{"four mnemonic strong: Fixated, Obsessive, Unwanted, Repeated"}},
		{"a mnemonic before its acronym", "Police use Fixated, Obsessive, Unwelcome and Repeated (FOUR) to spot stalking.\n",
			[]string{"four mnemonic strong: Fixated, Obsessive, Unwelcome and Repeated"}},
		{"a mnemonic that stands for", "FOUR stands for Fixated, Obsessive, Unwanted, Repeated: a recognition aid.\n",
			[]string{"four mnemonic strong: Fixated, Obsessive, Unwanted, Repeated"}},
		{"a quotation is still a restatement", "> Stalking means following someone around.\n",
			[]string{"stalking sentence strong: Stalking means following someone around."}},

		// Near misses.
		{"mentions that do not define", "Stalking is common. Stalking is a serious offence. Stalking is frightening for victims. Stalking often involves fixation.\n", nil},
		{"a negated verb", "Stalking is not a type of harassment. Stalking does not mean any unwanted contact.\n", nil},
		{"a conditional lead", "Where the acts are associated with stalking, harassment is the wrong charge for the course of conduct.\n", nil},
		{"a subject with a qualifier", "Online stalking is a growing problem. Much CCB involves no physical violence.\n", nil},
		{"the term is not the subject", "A course of conduct that amounts to stalking will always amount to harassment as well.\n", nil},
		{"a classification", "Restraining orders are one of the main ways a criminal court can protect a victim of stalking or harassment.\n", nil},
		{"a coordinated subject", "Stalking and harassment are often confused.\n", nil},
		{"a heading that only names the term", "## Stalking\n\nProsecutors see many cases.\n", nil},
		{"a table of other things", "| Offence | Maximum |\n|---|---|\n| Stalking | 6 months |\n", nil},
		{"advice in the statutory shape", "The right charge is harassment if the conduct has none of the features associated with stalking.\n", nil},
		{"an Act in the predicate is not an element", "Stalking is an offence under section 2A of the Protection from Harassment Act 1997.\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := restated(t, tc.md)
			if !slices.Equal(got, tc.want) {
				t.Errorf("restatements of\n%s\n got %q\nwant %q", tc.md, got, tc.want)
			}
		})
	}
}

// Sentence splitting must survive legal abbreviations, so a restatement
// after or containing them is found whole.
func TestRestatementSentenceSplitting(t *testing.T) {
	for _, tc := range []struct{ md, want string }{
		{"See s.2A PHA 1997. Stalking means conduct of the kind in s.2A(3), e.g. following.\n", "Stalking means conduct of the kind in s.2A(3), e.g. following."},
		{"Read ss. 2A and 4A together. Stalking means conduct described in para. 3 of Sch. 1, i.e. following.\n", "Stalking means conduct described in para. 3 of Sch. 1, i.e. following."},
		{"See the Guidance No. 4 on this. Stalking means what No. 4 says, cf. the 2018 protocol.\n", "Stalking means what No. 4 says, cf. the 2018 protocol."},
		{"Stalking means conduct within s.2A. It is summary only.\n", "Stalking means conduct within s.2A."},
	} {
		got := restated(t, tc.md)
		if len(got) != 1 || !strings.HasSuffix(got[0], ": "+tc.want) {
			t.Errorf("in %q\n got %q\nwant one restatement %q", tc.md, got, tc.want)
		}
	}
}
