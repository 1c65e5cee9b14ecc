package rules

import "testing"

// citePrefilterSeeds end in the words the citation patterns end in, in
// every case and spacing, with articles and quotation marks, and near
// misses; the long s and the Kelvin sign are the letters (?i) matches
// outside ASCII.
var citePrefilterSeeds = []string{
	"", " ", "This guidance is issued under ", "This guidance is issued under", "It was published by the Secretary of State in accordance with ",
	"Guidance given by virtue of", "The code was laid before Parliament pursuant to  ", "issued under", "ISSUED UNDER\t", "iſſued under ",
	"It is an offence under ", "approved to", "produced\nunder\n", "prepared jointly by them under", "prepared under the", "given to",
	"The defences to ", "the civil remedy for the ", "the power to make orders on ", "the power to make orders on an ", "the rights of a ",
	"The duty to \"", "the time limits for ‘", "The code of “", "defences againſt ", "defences againſt      the ", "defences AGAINST The ",
	"remedies about  a  ", "the rules in", "the rules in \"", "claims to the\"", "the right to ", "protocol on\t", "damages for '", "costs of",
	"guidance about the", "procedures toward ", "appeals into ", "the code of an", "the code ofthe ", "the codeof ", "power to the the ",
	"provisions to a", "duty onthe ", "Exceptions to\u00a0", "exceptions to \u212a", "\xff defences to ", "rule for “ ",
}

// FuzzCitePrefilters checks that the looks at a text's end that spare the
// citation patterns answer as the patterns do.
func FuzzCitePrefilters(f *testing.F) {
	for _, s := range citePrefilterSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkCitePrefilters(t, s) })
}

func TestCitePrefilters(t *testing.T) {
	authority, headed := 0, 0
	for _, s := range citePrefilterSeeds {
		for _, in := range []string{s, "Words before. " + s, "x" + s} {
			checkCitePrefilters(t, in)
			if citeAuthorityLead.MatchString(in) {
				authority++
			}
			if citeHeadNoun.MatchString(in) {
				headed++
			}
		}
	}
	if authority < 5 || headed < 10 {
		t.Fatalf("only %d and %d seeds match the patterns: the test tests little", authority, headed)
	}
}

func checkCitePrefilters(t *testing.T, s string) {
	t.Helper()
	if got, want := citeAuthority(s), citeAuthorityLead.MatchString(s); got != want {
		t.Fatalf("citeAuthority(%q) = %v, the pattern gives %v", s, got, want)
	}
	if got, want := citeHeaded(s), citeHeadNoun.MatchString(s); got != want {
		t.Fatalf("citeHeaded(%q) = %v, the pattern gives %v", s, got, want)
	}
}
