package analysis

import (
	"reflect"
	"testing"
)

func TestAnalyzeStemsAndKeepsOffsets(t *testing.T) {
	text := "The Council's stalked victims; s.2A and high-harm."
	toks := Analyze(text)
	var terms, surfaces []string
	for _, tk := range toks {
		terms = append(terms, tk.Term)
		surfaces = append(surfaces, text[tk.Start:tk.End])
	}
	wantTerms := []string{"the", "council", "stalk", "victim", "s", "2a", "and", "high", "harm"}
	if !reflect.DeepEqual(terms, wantTerms) {
		t.Errorf("terms = %q, want %q", terms, wantTerms)
	}
	wantSurf := []string{"The", "Council's", "stalked", "victims", "s", "2A", "and", "high", "harm"}
	if !reflect.DeepEqual(surfaces, wantSurf) {
		t.Errorf("surfaces = %q, want %q", surfaces, wantSurf)
	}
}

func TestStalkingFamilyShareAStem(t *testing.T) {
	for _, w := range []string{"stalking", "stalked", "stalks", "stalk"} {
		if got := Stem(Fold(w)); got != "stalk" {
			t.Errorf("Stem(%q) = %q, want stalk", w, got)
		}
	}
	if Stem("stalker") == "stalk" {
		t.Errorf("stalker should keep its own stem")
	}
}

func TestStopListKeepsLegalWords(t *testing.T) {
	for _, w := range []string{"not", "no", "any", "all", "should", "must", "may"} {
		if IsStop(w) {
			t.Errorf("%q must not be a stop word", w)
		}
	}
	if !IsStop("the") {
		t.Errorf("the should be a stop word")
	}
}
