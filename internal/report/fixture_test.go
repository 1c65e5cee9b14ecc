package report

import (
	"strings"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/rules"
)

// The shared fixture every format's golden file is written from: three
// documents (one clean), four findings across two of them, three rules.

const (
	docBail     = "corpus/bail.md"
	docOrders   = "corpus/restraining-orders.md"
	docStalking = "corpus/stalking notes.md" // a space, to exercise URI and property escaping
)

// Text of the documents where the findings sit, keyed by the first line
// number of the excerpt.
const (
	ordersDefinition = "A restraining order is an order made on conviction to protect the victim\nfrom harassment.\n" // lines 3-4
	ordersCafe       = "Notes from the Café – “stalking” clinic: a harassment order was breached.\n"                  // line 14
	stalkingSPO      = "The SPO was granted at the Café – “stalking” hearing.\n"                                      // line 5
	stalkingOnly     = "A restraining order can be made only on conviction.\n"                                        // line 9
)

const canonicalDefinition = "an order made on conviction or acquittal to protect a person from harassment"

func testRules() []*rules.Rule {
	return []*rules.Rule{
		{
			ID:        "acronym-expansion",
			Title:     "Acronym used before its expansion",
			Rationale: "Readers meet guidance in any order. Expanding each acronym at its first use in a document, as in Stalking Protection Order (SPO), keeps every document readable on its own.",
			Severity:  rules.Info,
		},
		{
			ID:        "definition-drift",
			Title:     "Definition departs from the glossary",
			Rationale: "A restated definition that drops or adds an element changes the law the reader applies. Restate a term in the glossary's own words, or link to it.",
			Severity:  rules.Error,
			Scope:     rules.CorpusScope,
			Options:   []rules.Option{{Name: "threshold", Default: 0.85, Doc: "similarity below which a restatement is reported"}},
		},
		{
			ID:        "deprecated-term",
			Title:     "Deprecated term",
			Rationale: "Some wording is retired: it is wrong in law, out of date, or <confusing>. The glossary's `deprecated` entry names the replacement & the reason.",
			Severity:  rules.Warning,
		},
	}
}

// testResult builds the fixture afresh, so that no test can change another's.
func testResult() *Result {
	drift := &rules.Finding{
		Rule:     "definition-drift",
		Severity: rules.Error,
		File:     docOrders,
		Term:     "restraining-order",
		Message:  "definition of “restraining order” differs from the glossary",
		Expected: canonicalDefinition,
		Actual:   "an order made on conviction to protect the victim from harassment",
		Diff: []rules.DiffOp{
			{Op: "equal", Text: "an order made on conviction "},
			{Op: "delete", Text: "or acquittal "},
			{Op: "equal", Text: "to protect "},
			{Op: "delete", Text: "a person"},
			{Op: "insert", Text: "the victim"},
			{Op: "equal", Text: " from harassment"},
		},
		Related: []rules.Location{
			{File: "glossary/restraining-order.yaml", Line: 4, Column: 13, Message: "canonical definition"},
			{File: docStalking, Line: 9, Column: 3, Message: "described differently here"},
		},
	}
	place(drift, 3, ordersDefinition, "an order made on conviction to protect the victim\nfrom harassment")

	deprecated := &rules.Finding{
		Rule:       "deprecated-term",
		Severity:   rules.Warning,
		File:       docOrders,
		Term:       "restraining-order",
		Message:    "“harassment order” is deprecated",
		Suggestion: "restraining order",
	}
	place(deprecated, 14, ordersCafe, "harassment order")

	acronym := &rules.Finding{
		Rule:       "acronym-expansion",
		Severity:   rules.Info,
		File:       docStalking,
		Term:       "spo",
		Message:    "“SPO” is used before its expansion: 1 of 2 uses (50%) come first,\nso expand it at first use",
		Suggestion: "Stalking Protection Order (SPO)",
	}
	place(acronym, 5, stalkingSPO, "SPO")

	only := &rules.Finding{
		Rule:     "definition-drift",
		Severity: rules.Error,
		File:     docStalking,
		Term:     "restraining-order",
		Message:  "definition of “restraining order” differs from the glossary",
		Expected: canonicalDefinition,
		Actual:   "can be made only on conviction",
	}
	place(only, 9, stalkingOnly, "can be made only on conviction")

	fs := []*rules.Finding{only, acronym, deprecated, drift}
	rules.Sort(fs)
	rules.Fingerprint(fs)
	return &Result{
		Findings:  fs,
		Rules:     testRules(),
		Documents: []string{docBail, docOrders, docStalking},
		Summary:   rules.Summarise(fs, 3, 5),
		Version:   "0.1.0",
	}
}

// place sets a finding's span to match's first occurrence in text, an
// excerpt whose first line is line firstLine, counting columns in
// characters, UTF-8 bytes and UTF-16 units as internal/source does; the end
// is exclusive.
func place(f *rules.Finding, firstLine int, text, match string) {
	start := strings.Index(text, match)
	if start < 0 {
		panic("fixture: " + match + " not in " + text)
	}
	end := start + len(match)
	f.Line, f.Column, f.ByteColumn, f.UTF16Column = position(text, firstLine, start)
	f.EndLine, f.EndColumn, f.EndByteColumn, f.EndUTF16Column = position(text, firstLine, end)
	f.Match = match
	f.Context = strings.TrimSpace(text)
}

func position(text string, firstLine, off int) (line, col, byteCol, u16Col int) {
	lineStart := strings.LastIndex(text[:off], "\n") + 1
	seg := text[lineStart:off]
	u16 := 0
	for _, r := range seg {
		u16++
		if r >= 0x10000 {
			u16++
		}
	}
	return firstLine + strings.Count(text[:off], "\n"), utf8.RuneCountInString(seg) + 1, len(seg) + 1, u16 + 1
}
