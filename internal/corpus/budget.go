package corpus

import (
	"fmt"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/concord-guidance/concord/internal/source"
)

// goldmark cannot be interrupted, and its emphasis matching is quadratic in
// the number of unmatched delimiters in a paragraph ("*a_ " repeated: each
// "_" walks back over every "*"). A parse used to run in a goroutine under
// ParseTimeout and be abandoned when that passed, keeping its memory until
// it finished by itself (gigabytes, minutes later). Instead the parse now
// runs in place under a budget that goldmark itself consults at safe points:
//
//   - every delimiter it scans and every opener it tries against a closer
//     (the inner step of the quadratic loop) counts one step, and a document
//     may take at most delimiterSteps(len) of them: a count, the same on
//     every machine, so a document is refused or accepted alike everywhere;
//   - at those points and between paragraphs it also looks at the clock, so
//     ParseTimeout still stops whatever the step count cannot foresee.
//
// Over budget, the safe point panics with a parseStop, which Parse recovers:
// the parse stops there, nothing keeps running, and its memory is garbage.

// delimiterSteps is the step budget of a document of n bytes: a generous
// multiple of its size (the bundled corpus takes well under one step a
// byte), and a floor so that short documents never come near it.
func delimiterSteps(n int) int { return 1<<20 + 16*n }

// parseBudget is one document's budget, found in goldmark's parser context.
type parseBudget struct {
	steps, limit int
	paragraphs   int
	deadline     time.Time
	// at is the source offset of the delimiter being matched, for the
	// message.
	at int
	// wrapped holds the counting wrappers of goldmark's delimiter
	// processors, made once a document.
	wrapped map[parser.DelimiterProcessor]parser.DelimiterProcessor
	// plains is where plainParagraphs takes its nodes from, the one
	// per-document value it finds in the parser context as the budget's
	// wrappers do.
	plains []plainParagraph
}

// parseStop is the panic value a safe point stops a parse with.
type parseStop struct {
	at      int
	timeout bool
}

var budgetKey = parser.NewContextKey()

func budgetOf(pc parser.Context) *parseBudget {
	b, _ := pc.Get(budgetKey).(*parseBudget)
	return b
}

// step counts one step at source offset at and stops the parse when the
// budget or the time has run out. The clock is read every 4096 steps.
func (b *parseBudget) step(at int) {
	b.steps++
	b.at = at
	if b.steps > b.limit {
		panic(parseStop{at: at})
	}
	if b.steps&4095 == 0 {
		b.checkTime()
	}
}

func (b *parseBudget) checkTime() {
	if !b.deadline.IsZero() && time.Now().After(b.deadline) {
		panic(parseStop{at: b.at, timeout: true})
	}
}

// stopError is the positioned problem of a parse stopped at a safe point.
func (d *Document) stopError(s *parseStop) *source.Error {
	const hint = "simplify the markup: look for long runs of unmatched *, _ or ~, or thousands of table rows or link definitions"
	if s.timeout {
		return &source.Error{Pos: d.File.Position(s.at), Msg: fmt.Sprintf("Markdown took longer than %v to parse; stopped here", ParseTimeout), Hint: hint}
	}
	return &source.Error{Pos: d.File.Position(s.at), Msg: fmt.Sprintf("too many unmatched emphasis markers to parse: matching them takes more than %d steps", delimiterSteps(len(d.File.Text))), Hint: hint}
}

// budgetedDelimiters wraps an inline parser that makes delimiters (emphasis,
// strikethrough) so that each delimiter counts a step and carries a
// processor that counts the steps of matching it.
type budgetedDelimiters struct{ parser.InlineParser }

func (p budgetedDelimiters) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	n := p.InlineParser.Parse(parent, block, pc)
	b := budgetOf(pc)
	if b == nil {
		return n
	}
	if d, ok := n.(*parser.Delimiter); ok {
		b.step(d.Segment.Start)
		w := b.wrapped[d.Processor]
		if w == nil {
			if b.wrapped == nil {
				b.wrapped = map[parser.DelimiterProcessor]parser.DelimiterProcessor{}
			}
			w = countingProcessor{d.Processor, b}
			b.wrapped[d.Processor] = w
		}
		d.Processor = w
	}
	return n
}

// countingProcessor is a delimiter processor that counts a step each time
// goldmark tries an opener against a closer.
type countingProcessor struct {
	parser.DelimiterProcessor
	b *parseBudget
}

func (c countingProcessor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	c.b.step(closer.Segment.Start)
	return c.DelimiterProcessor.CanOpenCloser(opener, closer)
}

// clockCheck is a paragraph transformer that reads the clock every 64
// paragraphs, so a parse that takes long without many delimiters (thousands
// of table rows, say) is still stopped between paragraphs.
type clockCheck struct{}

func (clockCheck) Transform(n *ast.Paragraph, _ text.Reader, pc parser.Context) {
	if b := budgetOf(pc); b != nil {
		if b.paragraphs++; b.paragraphs&63 != 0 {
			return
		}
		if l := n.Lines(); l.Len() > 0 {
			b.at = l.At(0).Start
		}
		b.checkTime()
	}
}

// budgeted is the goldmark extension that puts the safe points in. It adds
// its parsers ahead of goldmark's own for the same characters (a lower
// priority number runs first), which then never see a delimiter.
type budgeted struct{}

func (budgeted) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(
			util.Prioritized(budgetedDelimiters{parser.NewEmphasisParser()}, 499),
			util.Prioritized(budgetedDelimiters{extension.NewStrikethroughParser()}, 499),
		),
		parser.WithParagraphTransformers(util.Prioritized(clockCheck{}, 0)),
	)
}
