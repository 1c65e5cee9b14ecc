package legal

import (
	"testing"
)

// asideSeeds and theActSeeds hold the words the two patterns look for, in
// every case and spacing, and near misses.
var asideSeeds = []string{
	"", "by", "the", "as amended by", "as amended by the", "as amended by the ", "as amended by\tthe\n",
	"as amended bythe", "inserted BY THE ", "Substituted  By", "amended by the Act", "amended by a",
	"amended byte", "amended\u00a0by", "introduced by\v", "repealed by the  \r\n", "modified by th",
	"added by The", "stand by", "by the", " the", "xthe", "amended by\x85", "AMENDED BY THE\f",
}

var theActSeeds = []string{
	"", " (\"the Act\")", "(the Act)", ", the Act,", " , hereafter “the Act”)", "\t(‘the Act’)", "(the act)",
	" (PHA 1997)", "the Act", " ( \"the Act\" ) applies", "\n,the Act,", "\v(the Act)", "\u00a0(the Act)",
	", hereinafter the Act)", "(\"the Act\"", " x (the Act)",
}

// FuzzResolvePrefilters checks that the looks at a text's ends that let
// actAside and definesTheAct skip their patterns answer as the patterns do.
func FuzzResolvePrefilters(f *testing.F) {
	for _, s := range append(append([]string(nil), asideSeeds...), theActSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := actAside(s), asideLead.MatchString(s); got != want {
			t.Fatalf("actAside(%q) = %v, the pattern gives %v", s, got, want)
		}
		if got, want := definesTheAct(s), theActDef.MatchString(s); got != want {
			t.Fatalf("definesTheAct(%q) = %v, the pattern gives %v", s, got, want)
		}
	})
}

func TestResolvePrefilters(t *testing.T) {
	matched := 0
	for _, s := range append(append([]string(nil), asideSeeds...), theActSeeds...) {
		for _, in := range []string{s, "Words before " + s, s + " words after"} {
			if got, want := actAside(in), asideLead.MatchString(in); got != want {
				t.Errorf("actAside(%q) = %v, the pattern gives %v", in, got, want)
			} else if got {
				matched++
			}
			if got, want := definesTheAct(in), theActDef.MatchString(in); got != want {
				t.Errorf("definesTheAct(%q) = %v, the pattern gives %v", in, got, want)
			} else if got {
				matched++
			}
		}
	}
	if matched < 10 {
		t.Fatalf("only %d seeds match a pattern: the test tests little", matched)
	}
}
