package restate

import "testing"

// The pattern runs on every title and every lead-in to a list: without a
// prefilter (see its comment) a pattern edit can make it read them all.
func TestGlossaryPageTitleHasPrefilter(t *testing.T) {
	if len(glossaryPageTitle.Literals()) == 0 {
		t.Fatal("glossaryPageTitle has no literal prefilter")
	}
	for _, s := range []string{"Glossary", "A-Z of services", "An A to Z", "Key terms:", "Terms used in this guide"} {
		if !glossaryPageTitle.MatchString(s) {
			t.Errorf("%q should announce a glossary", s)
		}
	}
}
