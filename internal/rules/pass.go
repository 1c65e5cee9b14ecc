package rules

// Pass is what a rule's Check receives. (Filled in with the corpus and
// glossary as the engine lands.)
type Pass struct {
	findings []*Finding
}
