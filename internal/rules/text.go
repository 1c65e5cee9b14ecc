package rules

import "github.com/concord-guidance/concord/internal/glossary"

func distance(a, b string) int { return glossary.Distance(a, b) }
