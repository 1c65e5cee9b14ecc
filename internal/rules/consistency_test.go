package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/testload"
)

// runWith checks documents (example.md, other1.md, ...) with one rule and
// the given options.
func runWith(t *testing.T, id string, opts map[string]float64, mds ...string) []*Finding {
	t.Helper()
	var docs []*corpus.Document
	for i, md := range mds {
		name := "example.md"
		if i > 0 {
			name = fmt.Sprintf("other%d.md", i)
		}
		docs = append(docs, testload.Doc(t, name, md))
	}
	settings := map[string]RuleSettings{}
	for _, r := range All() {
		settings[r.ID] = RuleSettings{}
	}
	settings[id] = RuleSettings{Severity: Lookup(id).Severity, Options: opts}
	var out []*Finding
	for _, f := range Run(Input{Glossary: testload.Glossary(t), Docs: docs, Settings: settings}) {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

func keysOf(fs []*Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Key())
	}
	slices.Sort(out)
	return out
}

const (
	canonStalking = "Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking and the person pursuing the conduct knows or ought to know that it amounts to harassment.\n"
	reordered     = "Stalking is a course of conduct, involving acts or omissions associated with stalking, that amounts to harassment of another person and that the person pursuing it knows or ought to know amounts to harassment.\n"
	shortened     = "| Term | Meaning |\n|---|---|\n| Stalking | A course of conduct amounting to harassment of another person, where the acts or omissions involved are ones associated with stalking. |\n"
	online        = "Stalking means persistent unwanted online attention that leaves a person feeling uneasy or watched.\n"
	fearful       = "Stalking is a pattern of fixated, obsessive and unwanted behaviour that causes the victim fear.\n"
)

func TestInconsistentDescription(t *testing.T) {
	for _, tc := range []struct {
		name string
		mds  []string
		want []string
	}{
		{"every variant outside the glossary's group", []string{online, canonStalking, shortened, fearful}, []string{"inconsistent-description@1:1", "inconsistent-description@other3.md:1:1"}},
		{"two variants in one document", []string{online + "\n" + fearful, canonStalking}, []string{"inconsistent-description@1:1", "inconsistent-description@3:1"}},
		{"faithful restatements agree", []string{reordered, canonStalking, shortened}, nil},
		{"one wrong description everywhere is consistent (drift reports it)", []string{online, online}, nil},
		{"a single document", []string{online}, nil},
		{"the reference is the group closest to the glossary, not the biggest", []string{online, online, canonStalking}, []string{"inconsistent-description@1:1", "inconsistent-description@other1.md:1:1"}},
		{"mnemonics are left to variant-wording", []string{"Police use FOUR (Fixated, Obsessive, Unwanted, Repeated).\n", "Police use FOUR (Fearful, Obsessed, Unhappy, Rejected).\n"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := runWith(t, "inconsistent-description", nil, tc.mds...)
			if got := keysOf(fs); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
				for _, f := range fs {
					t.Log(f.Key(), f.Message)
				}
			}
		})
	}
}

func TestInconsistentDescriptionNamesVariants(t *testing.T) {
	fs := runWith(t, "inconsistent-description", nil, online, canonStalking, shortened, fearful)
	if len(fs) != 2 {
		t.Fatalf("want 2 findings, got %d", len(fs))
	}
	f := fs[0]
	for _, w := range []string{"described 3 ways across 4 documents", `"persistent unwanted online attention`, "closest to the glossary", "other1.md, other2.md", `"a pattern of fixated`, "other3.md"} {
		if !strings.Contains(f.Message, w) {
			t.Errorf("message lacks %q: %s", w, f.Message)
		}
	}
	var files []string
	for _, l := range f.Related {
		files = append(files, l.File)
	}
	if !slices.Equal(files, []string{"other1.md", "other2.md", "other3.md"}) {
		t.Errorf("related locations %q", files)
	}
	if f.Expected == "" || f.Actual == "" || f.Term != "stalking" {
		t.Errorf("finding lacks term, expected or actual: %+v", f)
	}
}

func TestInconsistentDescriptionThreshold(t *testing.T) {
	// At a threshold of 0.95 the shortened table row is a variant of its own.
	fs := runWith(t, "inconsistent-description", map[string]float64{"threshold": 0.95, "acronyms": 1, "paraphrases": 0}, canonStalking, shortened)
	if got := keysOf(fs); !slices.Equal(got, []string{"inconsistent-description@other1.md:3:14"}) {
		t.Errorf("got %q", got)
	}
}

func TestAcronymVariants(t *testing.T) {
	const (
		conference = "Cases are referred to a Multi-Agency Risk Assessment Conference (MARAC).\n"
		committee  = "Cases are referred to a Multi-Agency Risk Assessment Committee (MARAC).\n"
		lower      = "Refer the case to the local multi agency risk assessment conference (MARAC).\n"
	)
	for _, tc := range []struct {
		name string
		mds  []string
		opts map[string]float64
		want []string
	}{
		{"the minority expansion", []string{committee, conference, lower}, nil, []string{"inconsistent-description@1:25"}},
		{"a tie: the first alphabetically is the reference", []string{conference, committee}, nil, []string{"inconsistent-description@1:25"}},
		{"every use of the minority is reported", []string{committee + "\nLater, the Multi-Agency Risk Assessment Committee (MARAC) met.\n", conference, conference}, nil, []string{"inconsistent-description@1:25", "inconsistent-description@3:12"}},
		{"switched off", []string{committee, conference, lower}, map[string]float64{"threshold": consistencyThreshold, "acronyms": 0}, nil},
		{"one expansion, hyphenated or not", []string{conference, lower}, nil, nil},
		{"small words may count", []string{"Each Area names a single point of contact (SPOC).\n", "Each Area names a Single Point Of Contact (SPOC).\n"}, nil, nil},
		{"glossary acronyms are left to acronym-expansion", []string{"Police may apply for a Stalking Prevention Order (SPO).\n", "Police may apply for a Stalking Protection Order (SPO).\n"}, nil, nil},
		{"initials that do not spell it are not an expansion", []string{"They met the Chief Constable (MARAC).\n", conference}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			if opts == nil {
				opts = map[string]float64{"threshold": consistencyThreshold, "acronyms": 1}
			}
			fs := runWith(t, "inconsistent-description", opts, tc.mds...)
			if got := keysOf(fs); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
				for _, f := range fs {
					t.Log(f.Key(), f.Message)
				}
			}
		})
	}
}

// BenchmarkRestatements measures restatement detection (with the rest of
// the shared analysis) on the bundled corpus.
func BenchmarkRestatements(b *testing.B) {
	g := testload.Glossary(b)
	files, _ := filepath.Glob("../../corpus/*.md")
	if len(files) == 0 {
		b.Skip("no bundled corpus")
	}
	var docs []*corpus.Document
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, testload.Doc(b, filepath.Base(f), string(data)))
	}
	facts := make([]*DocFacts, len(docs))
	for i, d := range docs {
		facts[i] = analyse(d, g)
	}
	restate.ProfileOf(g)
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, df := range facts {
			n += len(restate.Find(df, g))
		}
	}
	b.ReportMetric(float64(n)/float64(b.N), "restatements/op")
}
