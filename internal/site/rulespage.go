package site

import (
	"fmt"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

// The rules pages of the editors' view: rules/index.html and
// rules/<id>/index.html, each rule's examples run against the glossary.

func init() {
	registerKind(&pageKind{name: "rules", template: "rules",
		nav: &navEntry{text: "Rules", section: "rules", order: 50},
		pages: func(b *builder) []page {
			if !b.in.Editor {
				return nil
			}
			return []page{{path: rulesPage, model: func() (any, error) { return b.rulesPage(), nil },
				reads: func() any { return b.ruleCounts() }}}
		}})
	registerKind(&pageKind{name: "rule", template: "rule",
		pages: func(b *builder) []page {
			if !b.in.Editor {
				return nil
			}
			var out []page
			for _, r := range rules.All() {
				out = append(out, page{path: rulePage(r.ID), weight: 10,
					model: func() (any, error) {
						eg, err := b.examples()
						if err != nil {
							return nil, err
						}
						return b.rulePage(r, eg), nil
					},
					// The rule itself and the example glossary are the
					// binary's and in every page's key (builder.salt).
					reads: func() any { return len(b.byRule[r.ID]) }})
			}
			return out
		}})
}

func (b *builder) rulesPage() *RulesPage {
	p := &RulesPage{Layout: b.layout(rulesPage, "Rules", "rules")}
	for _, r := range rules.All() {
		p.Rules = append(p.Rules, RuleSummary{ID: r.ID, Title: r.Title, Href: relHref(rulesPage, rulePage(r.ID)), Severity: r.Severity.String(), Findings: len(b.byRule[r.ID])})
	}
	return p
}

func (b *builder) rulePage(r *rules.Rule, eg *glossary.Glossary) *RulePage {
	page := rulePage(r.ID)
	p := &RulePage{Layout: b.layout(page, r.ID, "rules", Link{Text: "Rules", Href: relHref(page, rulesPage)}),
		ID: r.ID, Title: r.Title, Rationale: r.Rationale, Severity: r.Severity.String(), Scope: "each document on its own",
		Findings: len(b.byRule[r.ID]), ReportHref: withFragment(relHref(page, reportPage), "rule-"+r.ID)}
	if r.Scope == rules.CorpusScope {
		p.Scope = "the whole corpus at once"
	}
	for _, o := range r.Options {
		p.Options = append(p.Options, OptionView{Name: o.Name, Default: fmt.Sprintf("%g", o.Default), Doc: o.Doc})
	}
	for _, ex := range r.Examples {
		v := ExampleView{Title: ex.Title, Markdown: ex.Markdown, More: ex.More, Findings: []ExampleFinding{}}
		fs, err := runExample(eg, r, ex)
		if err != nil {
			v.Error = err.Error()
		}
		for _, f := range fs {
			v.Findings = append(v.Findings, ExampleFinding{Where: f.Key(), Severity: f.Severity.String(), Message: f.Message, Suggestion: f.Suggestion})
		}
		p.Examples = append(p.Examples, v)
	}
	return p
}

// runExample runs a rule's example, turning a rule's panic into an error so
// one faulty example cannot stop the build.
func runExample(g *glossary.Glossary, r *rules.Rule, ex rules.Example) (fs []*rules.Finding, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the example could not be run: %v", p)
		}
	}()
	return rules.RunExample(g, r, ex)
}
