package rules

func init() {
	// The work is done by the engine after every other rule has run (see
	// applySuppressions); the rule exists so it has an id, docs and a
	// severity users can change.
	register(&Rule{
		ID:        "unused-suppression",
		Title:     "A concord:ignore comment that suppresses nothing",
		Rationale: "Suppression comments (`<!-- concord:ignore RULE reason: ... -->`) excuse the next block from a rule, with a reason a reviewer can read. One that no longer suppresses anything hides nothing today but would silently hide a new problem tomorrow, so it is reported until removed. A comment without a reason, or naming no rule or an unknown one, suppresses nothing (the finding it meant to excuse is still reported) and is reported the same way, at this rule's severity.",
		Severity:  Warning,
		Examples: []Example{
			{Title: "nothing to suppress", Markdown: "<!-- concord:ignore deprecated-term reason: historical title -->\nThe court may make an order.\n", Want: []string{"unused-suppression@1:1"}},
			{Title: "a used suppression", Markdown: "<!-- concord:ignore deprecated-term reason: the wording of the officer's record -->\nThe officer recorded the call as domestic violence.\n"},
			{Title: "a reason is required", Markdown: "<!-- concord:ignore deprecated-term -->\nWe are tackling domestic violence.\n", Want: []string{"unused-suppression@1:1", "deprecated-term@2:17"}},
		},
		Check: func(*Pass) {},
	})
}
