package rules

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/restate"
)

// RuleSettings is one rule's configuration. A zero Severity turns it off.
type RuleSettings struct {
	Severity Severity
	Options  map[string]float64
}

// Input is what Run checks.
type Input struct {
	Glossary *glossary.Glossary
	// Docs is every loaded document; rules see the others through the
	// Pass accessors.
	Docs []*corpus.Document
	// Report says which documents' findings to keep; nil keeps all.
	Report func(*corpus.Document) bool
	// Settings overrides rules' defaults by id.
	Settings map[string]RuleSettings
	// KeepFacts asks RunIncremental for the analysis of each document it
	// parsed (Incremental.Facts), as RunWithFacts gives it, for the site;
	// but a document parsed only for the corpus rules, not checked again,
	// comes back slimmed, its analysis not kept (the site takes it from
	// its last record).
	KeepFacts bool
	// Slim lets RunIncremental slim each document once its rules have run
	// (corpus.Document.Slim), for callers that read nothing of the
	// documents afterwards but their paths: a whole-corpus check then
	// holds one document's parse per core, not the corpus's.
	Slim bool
	// Checked, when set, is told each document of a streamed run (see
	// runStream) with its whole analysis, once its own rules have run and
	// before both are let go: the i-th source's, from any goroutine. A
	// build takes from it what its pages and search index read, so it
	// need not hold the parsed corpus either. It must not change them.
	Checked func(i int, d *corpus.Document, df *DocFacts)
}

// Settings returns the effective settings of a rule.
func (in *Input) settingsFor(r *Rule) RuleSettings {
	s, ok := in.Settings[r.ID]
	if !ok {
		return RuleSettings{Severity: r.Severity}
	}
	return s
}

// Run checks the documents with every enabled rule and returns the findings
// sorted and fingerprinted. Documents are checked in parallel; the output does
// not depend on scheduling.
func Run(in Input) []*Finding {
	fs, _ := run(in, false)
	return fs
}

// RunWithFacts is Run that also returns each document's analysis, trimmed
// to what readers after the rules need (glossary matches, sentences,
// restatements), so the site does not analyse every document again.
func RunWithFacts(in Input) ([]*Finding, func(*corpus.Document) *DocFacts) {
	fs, facts := run(in, true)
	return fs, func(d *corpus.Document) *DocFacts {
		df := facts.get(d, in.Glossary)
		df.Trim(true)
		return df
	}
}

func run(in Input, keepMatches bool) ([]*Finding, *factStore) {
	facts := &factStore{m: map[*corpus.Document]*DocFacts{}, keepMatches: keepMatches}
	docRules, corpusRules := rulesOf(in)
	keep := func(d *corpus.Document) bool { return in.Report == nil || in.Report(d) }
	var checked []*corpus.Document
	for _, d := range in.Docs {
		if keep(d) {
			checked = append(checked, d)
		}
	}
	view := newView(in.Docs)
	var all []*Finding
	for _, fs := range runDocRules(in, docRules, view, checked, facts, len(corpusRules) > 0, nil) {
		all = append(all, fs...)
	}
	for _, f := range runCorpusRules(in, corpusRules, view, in.Docs, facts) {
		if f.doc == nil || keep(f.doc) {
			all = append(all, f)
		}
	}
	all = applySuppressions(in, all, keep)
	Sort(all)
	Fingerprint(all)
	return all, facts
}

// rulesOf returns the enabled rules, split by scope.
func rulesOf(in Input) (docRules, corpusRules []*Rule) {
	for _, r := range All() {
		if r.Check == nil || in.settingsFor(r).Severity == 0 {
			continue
		}
		if r.Scope == CorpusScope {
			corpusRules = append(corpusRules, r)
		} else {
			docRules = append(docRules, r)
		}
	}
	return docRules, corpusRules
}

// runDocRules runs the document-scope rules on each of checked, in
// parallel, with view as the corpus they see, and returns the findings of
// each. With summaries, each document's summary for the corpus rules is
// taken before its bulky analysis is released. done, when set, sees each
// document's summary and what its rules read of other documents (with
// done set, reads are recorded).
func runDocRules(in Input, docRules []*Rule, view *corpusView, checked []*corpus.Document, facts *factStore, summaries bool, done func(*corpus.Document, *DocSummary, reads)) [][]*Finding {
	perDoc := make([][]*Finding, len(checked))
	par.For(len(checked), func(i int) {
		d := checked[i]
		var rd reads
		if done != nil {
			rd = reads{}
		}
		for _, r := range docRules {
			p := &Pass{Rule: r, Glossary: in.Glossary, Doc: d, view: view, reads: rd, facts: facts, settings: in.settingsFor(r)}
			runSafely(p)
			perDoc[i] = append(perDoc[i], p.findings()...)
		}
		var sum *DocSummary
		if summaries || done != nil {
			sum = facts.summary(d, in.Glossary)
		}
		if done != nil {
			done(d, sum, rd)
		}
		facts.release(d)
	})
	return perDoc
}

// runCorpusRules runs the corpus-scope rules over all.
func runCorpusRules(in Input, corpusRules []*Rule, view *corpusView, all []*corpus.Document, facts *factStore) []*Finding {
	var out []*Finding
	for _, r := range corpusRules {
		p := &Pass{Rule: r, Glossary: in.Glossary, view: view, docs: all, facts: facts, settings: in.settingsFor(r)}
		runSafely(p)
		out = append(out, p.findings()...)
	}
	return out
}

// runSafely turns a rule's panic into a finding, so one bad rule on one odd
// document cannot take the whole run down. It is still a bug.
func runSafely(p *Pass) {
	defer func() {
		if r := recover(); r != nil {
			d := p.Doc
			if d == nil && len(p.docs) > 0 {
				d = p.docs[0]
			}
			if d != nil {
				p.Report(d, 0, 0, Finding{Severity: Error, Message: fmt.Sprintf("internal error in rule %s: %v (please report this)", p.Rule.ID, r)})
			}
		}
	}()
	p.Rule.Check(p)
}

// applySuppressions drops findings covered by a concord:ignore comment, then
// reports comments that suppressed nothing or lack a reason. Every such
// report takes the rule's severity (warning unless concord.yaml says
// otherwise): a comment with no reason or an unknown rule hides nothing,
// since the finding it meant to excuse is still reported.
func applySuppressions(in Input, all []*Finding, keep func(*corpus.Document) bool) []*Finding {
	unused := Lookup("unused-suppression")
	var out []*Finding
	used := map[*corpus.Suppression]bool{}
	for _, f := range all {
		if f.doc != nil && suppressed(f, used) {
			continue
		}
		out = append(out, f)
	}
	if unused == nil {
		return out
	}
	set := in.settingsFor(unused)
	if set.Severity == 0 {
		return out
	}
	p := &Pass{Rule: unused, Glossary: in.Glossary, settings: set}
	for _, d := range in.Docs {
		if !keep(d) {
			continue
		}
		for _, s := range d.Suppressions {
			unknown := slices.ContainsFunc(s.Rules, func(r string) bool { return Lookup(r) == nil && r != "all" })
			switch {
			case len(s.Rules) == 0:
				p.Report(d, s.Start, s.End, Finding{Message: "concord:ignore names no rule", Suggestion: "write <!-- concord:ignore RULE reason: why -->"})
			case s.Reason == "":
				p.Report(d, s.Start, s.End, Finding{Message: "concord:ignore has no reason; a suppression must say why the wording is right here", Suggestion: "add reason: ... before -->"})
			case s.TargetStart < 0:
				p.Report(d, s.Start, s.End, Finding{Message: "concord:ignore is followed by no block to apply to", Suggestion: "remove the comment or put it on the line before the block"})
			case !used[s] && !unknown:
				// A comment naming an unknown rule is reported below, once.
				p.Report(d, s.Start, s.End, Finding{Message: fmt.Sprintf("concord:ignore %s suppresses nothing in the next block", strings.Join(s.Rules, ", ")), Suggestion: "remove the comment"})
			}
			for _, r := range s.Rules {
				if Lookup(r) == nil && r != "all" {
					p.Report(d, s.Start, s.End, Finding{Message: fmt.Sprintf("concord:ignore names unknown rule %q", r), Suggestion: "see `concord rules` for rule ids"})
				}
			}
		}
	}
	return append(out, p.findings()...)
}

func suppressed(f *Finding, used map[*corpus.Suppression]bool) bool {
	for _, s := range f.doc.Suppressions {
		if s.Reason == "" || s.TargetStart < 0 || f.start < s.TargetStart || f.start > s.TargetEnd {
			continue
		}
		if slices.Contains(s.Rules, f.Rule) || slices.Contains(s.Rules, "all") {
			used[s] = true
			return true
		}
	}
	return false
}

type factStore struct {
	mu sync.Mutex
	m  map[*corpus.Document]*DocFacts
	// per-document once, so two rules on two goroutines never compute the
	// same facts twice
	once map[*corpus.Document]*sync.Once

	keepMatches bool // release keeps glossary matches (see RunWithFacts)

	// sums are the documents' summaries for the corpus rules, taken
	// once each (see summary).
	sums map[*corpus.Document]*DocSummary

	// public remembers publicFacing for each document: three rules and
	// the summary ask, and each answer is a walk over every token.
	public map[*DocFacts]bool

	// tokens, when set (a streamed run whose caller keeps no analysis),
	// is where documents' token buffers go back once their analysis is
	// forgotten, for the next document's (see restate.AnalyseInto); bufs
	// is the buffer each analysed document holds.
	tokens *sync.Pool
	bufs   map[*corpus.Document]*[]analysis.Token

	// compared keeps drift's comparisons of the restatements that
	// describe-consistently compares again, until their document's
	// summary takes them (see noteCompared).
	compared map[*Restatement]rsCompared
}

// publicFacing is publicFacing(df), worked out once a document.
func (s *factStore) publicFacing(df *DocFacts) bool {
	if s == nil {
		return publicFacing(df)
	}
	s.mu.Lock()
	v, ok := s.public[df]
	s.mu.Unlock()
	if ok {
		return v
	}
	v = publicFacing(df)
	s.mu.Lock()
	if s.public == nil {
		s.public = map[*DocFacts]bool{}
	}
	s.public[df] = v
	s.mu.Unlock()
	return v
}

// summary returns d's summary for the corpus rules, taking it from d's
// analysis the first time.
func (s *factStore) summary(d *corpus.Document, g *glossary.Glossary) *DocSummary {
	s.mu.Lock()
	sum := s.sums[d]
	s.mu.Unlock()
	if sum != nil {
		return sum
	}
	df := s.get(d, g)
	sum = summarise(df, s.publicFacing(df))
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.sums[d]; old != nil {
		return old
	}
	if s.sums == nil {
		s.sums = map[*corpus.Document]*DocSummary{}
	}
	sum.compared = s.takeCompared(sum.Restatements)
	s.sums[d] = sum
	return sum
}

func (s *factStore) get(d *corpus.Document, g *glossary.Glossary) *DocFacts {
	s.mu.Lock()
	if s.once == nil {
		s.once = map[*corpus.Document]*sync.Once{}
	}
	o := s.once[d]
	if o == nil {
		o = &sync.Once{}
		s.once[d] = o
	}
	s.mu.Unlock()
	o.Do(func() {
		df := s.analyse(d, g)
		s.mu.Lock()
		s.m[d] = df
		s.mu.Unlock()
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[d]
}

// release drops the bulky per-block analysis of a document whose own rules
// have run (see DocFacts.Trim). Holding every document's tokens until the
// end would make memory grow with the corpus.
func (s *factStore) release(d *corpus.Document) {
	s.mu.Lock()
	df := s.m[d]
	if df != nil {
		s.dropCompared(df.Restatements)
	}
	s.mu.Unlock()
	if df != nil {
		df.Trim(s.keepMatches)
	}
}

// rsCompared is what describe-consistently reads of restate.Compare of a
// restatement; ok says it was taken.
type rsCompared struct {
	set   map[string]bool
	score float64
	ok    bool
}

// noteCompared keeps c, restate.Compare of r, for r's document's summary:
// drift compares a document's definitions while its analysis is whole,
// and describe-consistently compares most of them again, the same, from
// the summary (TestSummaryKeepsComparisons).
func (s *factStore) noteCompared(r *Restatement, c restate.Comparison) {
	s.mu.Lock()
	if s.compared == nil {
		s.compared = map[*Restatement]rsCompared{}
	}
	s.compared[r] = rsCompared{set: c.Set, score: c.Score, ok: true}
	s.mu.Unlock()
}

// takeCompared returns the kept comparisons of rs, by index, and lets
// them go; nil when none was kept. s.mu is held.
func (s *factStore) takeCompared(rs []*Restatement) []rsCompared {
	if len(s.compared) == 0 {
		return nil
	}
	var out []rsCompared
	for k, r := range rs {
		if c, ok := s.compared[r]; ok {
			if out == nil {
				out = make([]rsCompared, len(rs))
			}
			out[k] = c
			delete(s.compared, r)
		}
	}
	return out
}

// dropCompared lets go the kept comparisons of rs that no summary took.
// s.mu is held.
func (s *factStore) dropCompared(rs []*Restatement) {
	if len(s.compared) == 0 {
		return
	}
	for _, r := range rs {
		delete(s.compared, r)
	}
}

// FindingsPerRule is how many findings one rule reports in one document;
// past it the rest are counted in one finding at the first one left out
// ("and 11,427 more like this"). A document that trips a rule this often
// is one problem repeated (a table of glossary words, a renamed term used
// throughout) or an input built to make output and memory grow with its
// size: each finding carries its own message, suggestion and diff, so a
// 15 MB table of glossary words gave a gigabyte of report. golangci-lint
// caps issues per linter the same way. Findings a concord:ignore comment
// excuses are not counted, so no suppression is left looking unused.
const FindingsPerRule = 1000

// budget counts one pass's findings per document, for FindingsPerRule.
type budget struct {
	kept map[*corpus.Document]int
	over map[*corpus.Document]*overflow
	// order lists the documents with an overflow in the order it began,
	// so the closing findings come out the same on every run.
	order []*corpus.Document
}

// overflow is what a document's left-out findings add up to.
type overflow struct {
	n          int
	severity   Severity
	start, end int
}

// Over reports whether a finding of this pass's rule at source offset start
// of d would be left out by the per-document budget (FindingsPerRule). A
// rule may ask before costly work, such as a diff, and then Report a
// finding with only its severity set: it is counted, not kept.
func (p *Pass) Over(d *corpus.Document, start int) bool {
	return p.budget.kept[d] >= FindingsPerRule && !suppressedAt(d, p.Rule.ID, start)
}

// admit counts a finding against d's budget and says whether to keep it.
func (p *Pass) admit(d *corpus.Document, start, end int, sev Severity) bool {
	b := &p.budget
	if suppressedAt(d, p.Rule.ID, start) {
		return true // dropped later by applySuppressions, which marks the comment used
	}
	if b.kept[d] < FindingsPerRule {
		if b.kept == nil {
			b.kept = map[*corpus.Document]int{}
		}
		b.kept[d]++
		return true
	}
	if b.over == nil {
		b.over = map[*corpus.Document]*overflow{}
	}
	o := b.over[d]
	if o == nil {
		o = &overflow{start: start, end: end}
		b.over[d] = o
		b.order = append(b.order, d)
	}
	o.n++
	o.severity = max(o.severity, sev)
	return false
}

// findings is what the pass reported, with one closing finding for each
// document whose findings went past the budget. It takes the most serious
// severity of those it stands for, so --fail-on sees the same run.
func (p *Pass) findings() []*Finding {
	for _, d := range p.budget.order {
		o := p.budget.over[d]
		word := "findings"
		if o.n == 1 {
			word = "finding"
		}
		p.record(d, o.start, o.end, Finding{
			Severity: o.severity,
			Message: fmt.Sprintf("and %d more %s %s in this document from here on, left out: concord reports at most %d findings of one rule in one document",
				o.n, p.Rule.ID, word, FindingsPerRule),
			Suggestion: "fix the findings reported above and check again to see the rest",
			Context:    "more findings left out",
			Match:      "-",
		})
	}
	return p.out
}

// suppressedAt reports whether a concord:ignore comment with a reason
// excuses rule at source offset start of d (the test applySuppressions
// applies, without marking the comment used).
func suppressedAt(d *corpus.Document, rule string, start int) bool {
	for _, s := range d.Suppressions {
		if s.Reason == "" || s.TargetStart < 0 || start < s.TargetStart || start > s.TargetEnd {
			continue
		}
		if slices.Contains(s.Rules, rule) || slices.Contains(s.Rules, "all") {
			return true
		}
	}
	return false
}

// oneLine folds each run of line breaks, tabs and other whitespace control
// characters in a finding's message to one space. Messages quote the
// glossary and the corpus (a deprecated phrase's reason, a heading), and a
// line break there would start what reads as another finding in the text
// report, a forged "file:line: error" a reviewer could take for concord's
// own. Other control characters are left for the terminal writer
// (internal/termsafe) to show as escapes.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r\t\v\f\u0085\u2028\u2029") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case '\n', '\r', '\t', '\v', '\f', '\u0085', '\u2028', '\u2029':
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		if r == ' ' && space {
			continue
		}
		b.WriteRune(r)
		space = r == ' '
	}
	return b.String()
}
