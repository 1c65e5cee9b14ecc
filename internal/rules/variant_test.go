package rules

import (
	"testing"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/testload"
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

// TestVariantWrittenWords: unseen paraphrases of the mechanisms that
// compare written words, not only stems (issue 16).
func TestVariantWrittenWords(t *testing.T) {
	runLexicalCases(t, "variant-wording", []lexicalCase{
		// A misspelling or another ending that keeps the stem.
		{
			name:       "a misspelt first word of a role's expansion",
			md:         "She was put in touch with an Independant Stalking Advocacy Caseworker (ISAC).\n",
			want:       []string{"1:30"},
			suggestion: "Independent Stalking Advocacy Caseworker",
			message:    `"Independant" is not "Independent"`,
		},
		{
			name:       "another ending in the middle of an order's name",
			md:         "Police applied for a Stalking Protecting Order (SPO) the same week.\n",
			want:       []string{"1:22"},
			suggestion: "Stalking Protection Order",
		},
		{
			name:       "another ending in an Act's name",
			md:         "The Domestic Abusive Act 2021 defines domestic abuse.\n",
			want:       []string{"1:5"},
			suggestion: "Domestic Abuse Act 2021",
		},
		{
			name: "a misspelling of a lower-case word the stem hides",
			md:   "Evidence of controling or coercive behaviour was served.\n",
			want: []string{"1:13"},
		},
		{
			name:    "a mnemonic's last word with another ending",
			md:      "Think FOUR: Fixated, Obsessive, Unwanted, Repeat.\n",
			want:    []string{"1:13"},
			message: `"Repeat" in place of "Repeated"`,
		},
		{name: "a plural possessive of a role", md: "Two Independent Domestic Violence Advisers' caseloads were reviewed.\n"},
		{name: "a possessive of a body", md: "The Crown Prosecution Service's guidance was updated.\n"},
		{name: "a real word on its own", md: "Protective measures were put in place before the protection order hearing.\n"},
		{name: "a name going on as another", md: "The Independent Stalking Advocacy Casework service took the referral.\n"},
		{name: "a real word in a lower-case term", md: "His coercive controlling behaviour was recorded.\n"},
		// "and" for "or".
		{
			name:       "and for or, reordered",
			md:         "Charges for coercive and controlling behaviour rose last year.\n",
			want:       []string{"1:13"},
			suggestion: "controlling or coercive behaviour",
			message:    `with "and" for its "or"`,
		},
		{
			name:       "and for or in a heading",
			md:         "### Controlling and coercive behaviour: what must be proved\n",
			want:       []string{"1:5"},
			suggestion: "Controlling or coercive behaviour",
		},
		{
			name: "and for the first or of the s.4A offence",
			md:   "He was charged under s.4A (stalking involving fear of violence and serious alarm or distress).\n",
			want: []string{"1:28"},
		},
		{
			name: "and for or in an aggravated offence",
			md:   "The racially and religiously aggravated harassment charge was dropped.\n",
			want: []string{"1:5"},
		},
		{name: "and in a concept's wording", md: "The messages caused her serious alarm and distress.\n"},
		{name: "and joining two terms", md: "The stalking and harassment protocol sets out who does what.\n"},
		{name: "and in a concept's alias", md: "Acts and omissions associated with stalking vary.\n"},
		{name: "and after the term", md: "His coercive controlling behaviour and threats were recorded.\n"},
		{name: "the right or", md: "Controlling or coercive behaviour is an offence.\n"},
		// Reordered names with a shorter term inside.
		{
			name: "reordered around a shorter term",
			md:   "In the Joint Justice Domestic Abuse Plan stalking is a priority.\n",
			want: []string{"1:8"},
		},
		{name: "the same words in lower case describe", md: "They agreed a joint domestic abuse justice plan for the area.\n"},
	})
}

// TestVariantListMnemonic: unseen paraphrases of a mnemonic written down
// the page with one word changed.
func TestVariantListMnemonic(t *testing.T) {
	runLexicalCases(t, "variant-wording", []lexicalCase{
		{
			name:       "a numbered list, not named",
			md:         "Signs to look for:\n\n1. Fixated\n2. Obsessive\n3. Unrelenting\n4. Repeated\n",
			want:       []string{"5:4"},
			suggestion: "Unwanted",
			message:    `"Unrelenting" in place of "Unwanted"`,
		},
		{
			name:       "letters before the words, another ending, named",
			md:         "## FOUR\n\nRemember:\n\n- F: Fixation\n- O: Obsessive\n- U: Unwanted\n- R: Repeated\n",
			want:       []string{"5:6"},
			suggestion: "Fixated",
		},
		{
			name: "named, a word that breaks the letters",
			md:   "Officers use FOUR:\n\n- Fixated\n- Obsessive\n- Persistent\n- Repeated\n",
			want: []string{"5:3"},
		},
		{
			name: "items that go on after the word",
			md:   "What stalking looks like:\n\n- Fixated on one person\n- Obsessed with them\n- Unwanted by them\n- Repeated over time\n",
			want: []string{"4:3"},
		},
		{name: "the right list", md: "Officers use FOUR:\n\n- Fixated\n- Obsessive\n- Unwanted\n- Repeated\n"},
		{name: "lower-case adjectives, not named", md: "His messages were:\n\n- fixated\n- obsessive\n- unrelenting\n- repeated\n"},
		{name: "a list that no longer spells the letters, not named", md: "Warning signs:\n\n- Fixated\n- Obsessive\n- Persistent\n- Repeated\n"},
		{name: "two words changed", md: "Officers use FOUR:\n\n- Fixated\n- Obsessive\n- Unrelenting\n- Recurring\n"},
		{name: "a named acrostic's wrong word is acronym-expansion's", md: "Officers use FOUR:\n\n- Fixated\n- Obsessive\n- Unwelcome\n- Repeated\n"},
		{name: "a longer list", md: "Signs:\n\n- Fixated\n- Obsessive\n- Unwanted\n- Repeated\n- Frightening\n"},
	})
}

func TestMisspelt(t *testing.T) {
	ix := variantIndexFor(testload.Glossary(t))
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
