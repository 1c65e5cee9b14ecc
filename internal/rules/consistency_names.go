package rules

import (
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/restate"
)

// The names below are the restatement engine's, under the names
// consistency.go used before the engine moved to package restate. They
// keep that file as it was while its dependency tracking is reworked
// alongside (issue 21); once it calls restate directly they go.

const Defines = restate.Defines

type (
	restTermProfile = restate.TermProfile
	// restGlossary is restate.Profile with the fields consistency.go reads.
	restGlossary struct {
		terms    map[*glossary.Term]*restTermProfile
		acronyms map[string]bool
		profile  *restate.Profile
	}
	restComparison struct {
		score float64
		set   map[string]bool
	}
)

func restProfile(g *glossary.Glossary) *restGlossary {
	gp := restate.ProfileOf(g)
	return &restGlossary{terms: gp.Terms, acronyms: gp.Acronyms, profile: gp}
}

func compareRestatement(gp *restGlossary, r *Restatement) restComparison {
	c := restate.Compare(gp.profile, r)
	return restComparison{score: c.Score, set: c.Set}
}

func rsParaphrase(tp *restTermProfile, r *Restatement, score float64, public bool) bool {
	return restate.Paraphrase(tp, r, score, looseThreshold, public)
}

var (
	diceSets         = restate.Dice
	rsCapitalised    = restate.Capitalised
	rsCapsWord       = restate.CapsWord
	rsPredicateStart = restate.PredicateStart
)
