package rules

import (
	"slices"
	"strings"
	"testing"
)

func TestMissingElement(t *testing.T) {
	for _, tc := range []struct {
		name, md string
		want     []string
	}{
		{"no course of conduct", "Stalking means harassment involving acts associated with stalking.\n", []string{"missing-element@1:1"}},
		{"none of the elements", "Stalking means persistent unwanted attention.\n", []string{"missing-element@1:1"}},
		{"a glossary-table row", "| Term | Meaning |\n|---|---|\n| Stalking | Harassment on two or more occasions. |\n", []string{"missing-element@3:14"}},
		{"under a What is heading", "## What is controlling or coercive behaviour?\n\nBehaviour that controls a partner and has a serious effect on them.\n", []string{"missing-element@3:1"}},
		{"every element, in inflected forms", "Stalking is a course of conduct that amounts to harassing the victim, where the acts involved are ones associated with stalking.\n", nil},
		{"an example act stands for the associated acts", "Stalking is a course of conduct amounting to harassment that involves following, watching or monitoring a person.\n", nil},
		{"cue following matches its inflections", "Stalking is a course of conduct amounting to harassment in which the suspect followed the victim.\n", nil},
		{"an element in the sentence after", "Stalking is a course of conduct that amounts to harassment of another person. It must involve acts or omissions associated with stalking.\n", nil},
		{"the paragraph under a heading counts as a whole", "## What is stalking?\n\nStalking is a course of conduct that amounts to harassment. The acts or omissions involved must be ones associated with stalking.\n", nil},
		{"a mnemonic", "FOUR stands for Fixated, Obsessive, Unwanted, Repeated.\n", nil},
		{"a characterisation", "Stalking is a kind of harassment.\n", nil},
		{"the Act's name is not the harassment element", "Stalking means a course of conduct under the Protection from Harassment Act 1997 involving acts associated with stalking.\n", []string{"missing-element@1:1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, fs := findings(t, "missing-element", tc.md)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
				for _, f := range fs {
					t.Log(f.Message)
				}
			}
		})
	}
}

func TestMissingElementMessage(t *testing.T) {
	_, fs := findings(t, "missing-element", "Stalking means unwanted attention that leaves a person uneasy.\n")
	if len(fs) != 1 {
		t.Fatalf("want one finding, got %d", len(fs))
	}
	for _, w := range []string{"a course of conduct", "amounting to harassment", "acts or omissions associated with stalking", "s.2A(2)(b)"} {
		if !strings.Contains(fs[0].Message, w) {
			t.Errorf("message lacks %q: %s", w, fs[0].Message)
		}
	}
}

func TestExcludedElement(t *testing.T) {
	for _, tc := range []struct {
		name, md string
		want     []string
	}{
		{"fear as an element", "Stalking is a course of conduct amounting to harassment that makes the victim afraid.\n", []string{"excluded-element@1:79"}},
		{"alarm in a table row", "| Term | Meaning |\n|---|---|\n| Stalking | Harassment involving following that causes alarm. |\n", []string{"excluded-element@3:57"}},
		{"stalking as a type of harassment", "Stalking is a type of harassment.\n", []string{"excluded-element@1:15"}},
		{"two elements, two findings", "Stalking is an aggravated form of harassment that causes fear.\n", []string{"excluded-element@1:27", "excluded-element@1:58"}},
		{"living together", "Controlling or coercive behaviour means repeated or continuous behaviour towards a partner the suspect is living together with.\n", []string{"excluded-element@1:107"}},
		{"cohabiting, inflected", "CCB is repeated or continuous behaviour between people who cohabit, with a serious effect on the victim.\n", []string{"excluded-element@1:60"}},

		{"fear in the sentence that cites s.4A", "Stalking is a course of conduct amounting to harassment; where it causes fear of violence, the offence is under s.4A.\n", nil},
		{"fear in the sentence that names the s.4A offence", "Stalking is a course of conduct amounting to harassment, and stalking involving fear of violence is more serious still.\n", nil},
		{"fear in a paragraph about s.4A", "Section 4A PHA 1997 is the more serious offence. Stalking is a course of conduct amounting to harassment that causes the victim fear of violence on two occasions.\n", nil},
		{"fear in a section headed by s.4A", "## Stalking involving fear of violence or serious alarm or distress\n\nHere stalking is a course of conduct amounting to harassment that causes fear.\n", nil},
		{"not excused by a later sentence", "Stalking is a course of conduct amounting to harassment that causes fear. See also s.4A.\n", []string{"excluded-element@1:69"}},
		{"fear in a section whose heading cites s.4A", "## Sections 4 and 4A\n\nStalking is a course of conduct amounting to harassment that causes fear.\n", nil},
		{"negated: not", "Stalking is a course of conduct amounting to harassment; it is not necessary to prove fear.\n", nil},
		{"negated: need not", "Stalking is a course of conduct amounting to harassment, and the victim need not be in fear.\n", nil},
		{"negated: without", "Stalking is a course of conduct amounting to harassment, with or without fear or alarm.\n", nil},
		{"negated: whether or not", "Stalking is a course of conduct amounting to harassment, whether or not the victim was frightened.\n", nil},
		{"negated after the cue", "## What is stalking?\n\nStalking is a course of conduct amounting to harassment. Fear is not an element of it.\n", nil},
		{"negated separate offence", "Stalking is a separate offence, not a type of harassment.\n", nil},
		{"history of the repealed limb", "Controlling or coercive behaviour is repeated or continuous behaviour with a serious effect; the requirement to live together was removed in 2023.\n", nil},
		{"history before a date", "Controlling or coercive behaviour means repeated or continuous behaviour towards a person who is personally connected; before 5 April 2023 family members had to live together.\n", nil},
		{"a comment, not an element", "Stalking is a course of conduct amounting to harassment, but victims often live in fear.\n", nil},
		{"the s.4A term's own restatement", "Stalking involving fear of violence or serious alarm or distress means a course of conduct that amounts to stalking and causes fear of violence.\n", nil},
		{"not a restatement", "Stalking is frightening for victims. Many victims of stalking live in fear.\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, fs := findings(t, "excluded-element", tc.md)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
				for _, f := range fs {
					t.Log(f.Key(), f.Message)
				}
			}
		})
	}
}

func TestExcludedElementMessageSaysWhereItBelongs(t *testing.T) {
	_, fs := findings(t, "excluded-element", "Stalking means harassment by acts associated with stalking that causes fear.\n")
	if len(fs) != 1 {
		t.Fatalf("want one finding, got %d", len(fs))
	}
	for _, w := range []string{"fear or alarm", "s.4A", "belongs to stalking involving fear of violence or serious alarm or distress", "Protection from Harassment Act 1997, s.4A"} {
		if !strings.Contains(fs[0].Message+" "+fs[0].Suggestion, w) {
			t.Errorf("message lacks %q: %s", w, fs[0].Message)
		}
	}
}

func TestQuotationIsInfo(t *testing.T) {
	_, fs := findings(t, "excluded-element", "> Stalking is a course of conduct amounting to harassment that causes the victim fear.\n")
	if len(fs) != 1 || fs[0].Severity != Info || !strings.HasPrefix(fs[0].Message, "In a quotation") {
		t.Fatalf("want one info finding on the quotation, got %+v", fs)
	}
	_, fs = findings(t, "definition-drift", "> Stalking means persistent unwanted online attention.\n")
	if len(fs) != 1 || fs[0].Severity != Info {
		t.Fatalf("want one info finding on the quotation, got %+v", fs)
	}
}

func TestExcludedElementParagraphOption(t *testing.T) {
	md := "Section 4A PHA 1997 is the more serious offence. Stalking is a course of conduct amounting to harassment that causes the victim fear of violence on two occasions.\n"
	if fs := runWith(t, "excluded-element", map[string]float64{"paragraph-context": 1}, md); len(fs) != 0 {
		t.Errorf("paragraph context on: got %q", keysOf(fs))
	}
	if fs := runWith(t, "excluded-element", map[string]float64{"paragraph-context": 0}, md); len(fs) != 1 {
		t.Errorf("paragraph context off: got %q", keysOf(fs))
	}
}

func TestMissingElementWeakOption(t *testing.T) {
	md := "Stalking is a course of conduct amounting to harassment.\n"
	if fs := runWith(t, "missing-element", map[string]float64{"weak": 1}, md); len(fs) != 1 {
		t.Errorf("weak on: got %q", keysOf(fs))
	}
	if fs := runWith(t, "missing-element", map[string]float64{"weak": 0}, md); len(fs) != 0 {
		t.Errorf("weak off: got %q", keysOf(fs))
	}
}
