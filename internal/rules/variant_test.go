package rules

import (
	"testing"

	"github.com/concord-guidance/concord/internal/analysis"
)

func BenchmarkVariantWording(b *testing.B) { benchRule(b, "variant-wording") }

func TestVariantWording(t *testing.T) {
	runLexicalCases(t, "variant-wording", []lexicalCase{
		{
			name:       "misspelt word in a plural term keeps the plural",
			md:         "Two Stalking Protecton Orders were made.\n",
			want:       []string{"1:5"},
			suggestion: "Stalking Protection Orders",
			message:    `"Protecton" is not "Protection"`,
		},
		{
			name:       "misspelt first word",
			md:         "A restrainig order was made on conviction.\n",
			want:       []string{"1:3"},
			suggestion: "restraining order",
		},
		{
			name:       "misspelt alias",
			md:         "The pattern amounted to coersive control.\n",
			want:       []string{"1:25"},
			suggestion: "coercive control",
		},
		{
			name:       "one edit in a short word of a term",
			md:         "The restraining ordr protects the victim.\n",
			want:       []string{"1:5"},
			suggestion: "restraining order",
		},
		{
			name:       "misspelt distinctive word",
			md:         "Repeated harrassment of a neighbour is common.\n",
			want:       []string{"1:10"},
			suggestion: "harassment",
		},
		{
			name:       "misspelt distinctive word, capitalised",
			md:         "Harasment online is common.\n",
			want:       []string{"1:1"},
			suggestion: "Harassment",
		},
		{
			name:       "misspelt long word",
			md:         "Cyberstalkng is common among young people.\n",
			want:       []string{"1:1"},
			suggestion: "Cyberstalking",
		},
		{
			name:       "mnemonic with one word changed",
			md:         "Use Fixated, Obsessive, Unwanted, Relentless to spot stalking.\n",
			want:       []string{"1:5"},
			suggestion: "Fixated, Obsessive, Unwanted, Repeated",
			message:    `"Relentless" in place of "Repeated"`,
		},
		{
			name:       "mnemonic in another order",
			md:         "Remember Unwanted, Fixated, Obsessive, Repeated.\n",
			want:       []string{"1:10"},
			suggestion: "Fixated, Obsessive, Unwanted, Repeated",
		},
		{
			name:       "fixed phrase with one word changed",
			md:         "Stalking is high-harm, high-risk serial offending.\n",
			want:       []string{"1:13"},
			suggestion: "high-harm, high-risk repeat offending",
		},
		{
			name: "an expansion in another order",
			md:   "The Domestic Abuse Justice Joint Plan was published in 2024.\n",
			want: []string{"1:5"},
		},
		{
			name: "a misspelling inside a longer term is reported once, for the shorter term",
			md:   "This is breach of a Stalking Protecton Order.\n",
			want: []string{"1:21"},
		},
		// Near misses.
		{name: "talking and stalled", md: "The talking went on until the case stalled.\n"},
		{name: "embarrassment", md: "He caused her embarrassment at work.\n"},
		{name: "the protection of orders", md: "The court weighed the protection of orders already in force.\n"},
		{name: "restraining the defendant", md: "Restraining the defendant by bail conditions may be enough.\n"},
		{name: "inflections", md: "Two Stalking Protection Orders; he was harassing her; the harassers were restrained; further protections.\n"},
		{name: "online talking", md: "Online talking is not an offence.\n"},
		{name: "an Act, not the order", md: "The Stalking Protection Act created the order.\n"},
		{name: "another role", md: "An Independent Sexual Violence Adviser supports victims of sexual offences.\n"},
		{name: "a changed year is for citation-mismatch", md: "The Protection from Harassment Act 1998 is misdated.\n"},
		{name: "a known alias with a different last word", md: "A restraining order on conviction was made.\n"},
		{name: "words that share a term's first letters", md: "Retraining and refraining from contact; aggregated figures; an escalator.\n"},
		{name: "course of contact", md: "The course of contact changed after separation.\n"},
		{name: "deprecated wording", md: "He was made subject to a stalking prevention order.\n"},
		{name: "the right words", md: "FOUR (Fixated, Obsessive, Unwanted, Repeated) marks high-harm, high-risk repeat offending.\n"},
		{name: "code is not prose", md: "The CMS flag is `Harrasment`.\n"},
	})
}

func TestMisspelt(t *testing.T) {
	ix := variantIndexFor(bundledGlossary(t))
	for _, c := range []struct {
		written, glossary string
		want              bool
	}{
		{"protecton", "protection", true},
		{"restraning", "restraining", true},
		{"harrasment", "harassment", true},
		{"harassement", "harassment", false}, // stems to "harass": the analysis reads it as the term itself
		{"ordr", "order", true},
		{"odrer", "order", true}, // a transposition is one edit
		{"talking", "stalking", false},
		{"stalled", "stalking", false},
		{"harassed", "harassment", false},
		{"harassing", "harassment", false},
		{"protections", "protection", false},
		{"embarrassment", "harassment", false},
		{"prevention", "protection", false},
		{"home", "hame", false},    // under five letters: never
		{"oredrs", "order", false}, // two edits in a five-letter word
	} {
		w, g := analysis.Analyze(c.written)[0], analysis.Analyze(c.glossary)[0]
		if got := ix.misspelt(w.Surface, w.Term, g.Surface, g.Term); got != c.want {
			t.Errorf("misspelt(%q, %q) = %v, want %v", c.written, c.glossary, got, c.want)
		}
	}
}
