package report

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/wording"
)

// textEntry is what the text report says about one sentence: the findings
// whose spans overlap, or that sit in the same sentence of the same file.
// lead is the most serious (the first of equals) and gives the entry its
// first line; the rest follow as sub-points in report order.
type textEntry struct {
	lead *rules.Finding
	more []*rules.Finding
}

// sentenceEntries groups findings, already sorted by file, line and column,
// into one entry per sentence. A finding joins the entry before it when it
// starts inside a span of that entry, or names the same sentence (Context)
// and starts no further down than that sentence could reach; a sentence
// repeated elsewhere on the page stays a separate entry.
func sentenceEntries(fs []*rules.Finding) []textEntry {
	var out []textEntry
	var group []*rules.Finding
	endLine, endCol := 0, 0
	contexts := map[string]bool{}
	flush := func() {
		if len(group) == 0 {
			return
		}
		lead := 0
		for i, f := range group {
			if f.Severity > group[lead].Severity {
				lead = i
			}
		}
		e := textEntry{lead: group[lead]}
		for i, f := range group {
			if i != lead {
				e.more = append(e.more, f)
			}
		}
		out = append(out, e)
		group = nil
		clear(contexts)
	}
	for _, f := range fs {
		if len(group) > 0 {
			prev := group[0]
			overlaps := f.File == prev.File && (f.Line < endLine || f.Line == endLine && f.Column < endCol)
			sameSentence := f.File == prev.File && f.Context != "" && contexts[f.Context] &&
				f.Line <= endLine+strings.Count(f.Context, "\n")
			if !overlaps && !sameSentence {
				flush()
			}
		}
		if len(group) == 0 {
			endLine, endCol = 0, 0
		}
		group = append(group, f)
		if el, ec := spanEnd(f); el > endLine || el == endLine && ec > endCol {
			endLine, endCol = el, ec
		}
		if f.Context != "" {
			contexts[f.Context] = true
		}
	}
	flush()
	return out
}

// spanEnd is where a finding's span ends; a finding with no end is a
// point.
func spanEnd(f *rules.Finding) (int, int) {
	if f.EndLine > 0 {
		return f.EndLine, f.EndColumn
	}
	return f.Line, f.Column
}

// quoted is a long expected text, such as a glossary definition, that the
// text report quotes once under "Definitions" instead of in every finding.
type quoted struct {
	name, text string
}

type quotedTexts struct {
	order  []*quoted
	byText map[string]*quoted
	// related holds the related lines already written: the same places
	// listed again (every description of a term relates the same others)
	// are referred back to, not repeated.
	related map[string]bool
}

// quoteOnceOver is the length from which an expected text is quoted once:
// longer than a short phrase on one line (an expansion, a penalty, a
// citation), as a definition is.
const quoteOnceOver = 60

// quotedDefinitions collects the long expected texts, named by their term,
// in the order the report first meets them.
func quotedDefinitions(fs []*rules.Finding) *quotedTexts {
	q := &quotedTexts{byText: map[string]*quoted{}}
	names := map[string]int{}
	for _, f := range fs {
		text := strings.TrimSpace(f.Expected)
		if len([]rune(text)) <= quoteOnceOver || q.byText[text] != nil {
			continue
		}
		name := f.Term
		if name == "" {
			name = "definition"
		}
		names[name]++
		if n := names[name]; n > 1 {
			name = fmt.Sprintf("%s (%d)", name, n)
		}
		d := &quoted{name: name, text: text}
		q.byText[text] = d
		q.order = append(q.order, d)
	}
	return q
}

// reference is how a finding points at a quoted text.
func (d *quoted) reference() string { return "(see Definitions: " + d.name + ")" }

// elide replaces each quoted text in s with a pointer to it: "restate it in
// the glossary's words: Stalking is ..." becomes "restate it in the
// glossary's words (see Definitions: stalking)". It reports the texts it
// replaced.
func (q *quotedTexts) elide(s string) (string, []*quoted) {
	var used []*quoted
	// Longest first, so that a definition containing another is replaced
	// whole.
	order := append([]*quoted(nil), q.order...)
	sort.SliceStable(order, func(i, j int) bool { return len(order[i].text) > len(order[j].text) })
	for _, d := range order {
		if !strings.Contains(s, d.text) {
			continue
		}
		// "the glossary definition is: Stalking is ..." would read "the
		// glossary definition is (see ...)": point instead.
		s = strings.ReplaceAll(s, " is: "+d.text, " is under Definitions: "+d.name)
		s = strings.ReplaceAll(s, ": "+d.text, " "+d.reference())
		s = strings.ReplaceAll(s, d.text, d.reference())
		used = append(used, d)
	}
	return s, used
}

// writeEntry writes one sentence's findings.
func writeEntry(buf *bytes.Buffer, e textEntry, defs *quotedTexts, p painter) {
	shown := map[*quoted]bool{}
	f := e.lead
	fmt.Fprintf(buf, "%s: %s: %s: %s\n",
		p.paint(ansiBold, textPosition(f.File, f.Line, f.Column)),
		p.paint(severityColour(f.Severity), levelWord(f.Severity)),
		p.paint(ansiDim, f.Rule),
		indentLines(textMessage(f, defs, shown), "    "))
	writeDetail(buf, f, defs, shown, "  ", p)
	for _, f := range e.more {
		fmt.Fprintf(buf, "  - %s: %s: %s: %s\n",
			p.paint(ansiBold, linePosition(f.Line, f.Column)),
			p.paint(severityColour(f.Severity), levelWord(f.Severity)),
			p.paint(ansiDim, f.Rule),
			indentLines(textMessage(f, defs, shown), "      "))
		writeDetail(buf, f, defs, shown, "    ", p)
	}
}

// textMessage is a finding's message as the text report shows it, with its
// suggestion as a last sentence. A suggestion that only points at a
// definition the entry has already pointed at is left out.
func textMessage(f *rules.Finding, defs *quotedTexts, shown map[*quoted]bool) string {
	msg, _ := defs.elide(shortMessage(f))
	msg = sentence(msg)
	if msg == "" {
		msg = f.Rule + "."
	}
	sugg, used := defs.elide(strings.TrimSpace(f.Suggestion))
	repeat := len(used) > 0
	for _, d := range used {
		if !shown[d] {
			repeat = false
		}
		shown[d] = true
	}
	switch {
	case sugg == "" || repeat:
	case f.Replacement():
		// A replacement is the fix itself, even when the message names it.
		msg += " Replace with \"" + sugg + "\"."
	case sayTheSame(f.Message, sugg):
	default:
		msg += " Suggestion: " + sentence(sugg)
	}
	return msg
}

// sayTheSame reports whether every word of advice that carries meaning is
// already in the message ("the glossary gives 10 years' imprisonment" and
// "10 years' imprisonment"), so that saying it again adds only length.
func sayTheSame(message, advice string) bool {
	in := map[string]bool{}
	for _, w := range contentWords(message) {
		in[w] = true
	}
	words := contentWords(advice)
	for _, w := range words {
		if !in[w] {
			return false
		}
	}
	return len(words) > 0
}

func contentWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		if w = strings.Trim(w, "'"); w != "" && !analysis.IsStop(w) {
			out = append(out, w)
		}
	}
	return out
}

// writeDetail writes what a finding adds below its line: the phrases a
// restatement leaves out and adds; else the expected wording, when the
// finding's line gives neither it nor a way to put it right; and the
// related places.
func writeDetail(buf *bytes.Buffer, f *rules.Finding, defs *quotedTexts, shown map[*quoted]bool, indent string, p painter) {
	expected := strings.TrimSpace(f.Expected)
	def := defs.byText[expected]
	switch {
	case len(f.Diff) > 0:
		mark := func(kind, phrase string) string {
			if kind == "delete" {
				return p.paint(ansiRed, phrase)
			}
			return p.paint(ansiGreen, phrase)
		}
		if plain := wording.ForReaders(f.Diff, mark); plain != "" {
			buf.WriteString(indent + plain + "\n")
		}
	case def != nil && !shown[def]:
		shown[def] = true
		writeExpected(buf, def.reference(), f.Actual, indent, p)
	case def == nil && expected != "" && f.Suggestion == "" && !mentions(f, expected):
		writeExpected(buf, expected, f.Actual, indent, p)
	}
	if len(f.Related) > 0 && !namesEvery(shortMessage(f), f.Related) {
		line := relatedLine(f.Related)
		if defs.related[line] {
			line = "related: the same " + plural(len(f.Related), "place") + " as above"
		} else {
			if defs.related == nil {
				defs.related = map[string]bool{}
			}
			defs.related[line] = true
		}
		buf.WriteString(indent + line + "\n")
	}
}

// namesEvery says whether a message already names each related file ("in
// bail-and-remand.md, domestic-abuse.md"), so that a related line would say
// it again.
func namesEvery(message string, rs []rules.Location) bool {
	for _, r := range rs {
		if !namesFile(message, path.Base(r.File)) {
			return false
		}
	}
	return true
}

// namesFile says whether name stands in message as a whole file name, not
// the end of a longer one ("stalking-and-harassment.md" in
// "online-stalking-and-harassment.md").
func namesFile(message, name string) bool {
	for i := 0; ; {
		j := strings.Index(message[i:], name)
		if j < 0 {
			return false
		}
		at := i + j
		if before, _ := utf8.DecodeLastRuneInString(message[:at]); at == 0 || !(unicode.IsLetter(before) || unicode.IsDigit(before) || strings.ContainsRune("-_./", before)) {
			return true
		}
		i = at + len(name)
	}
}

// linePosition is line:col within the entry's file.
func linePosition(line, col int) string {
	switch {
	case line <= 0:
		return "?"
	case col <= 0:
		return fmt.Sprint(line)
	}
	return fmt.Sprintf("%d:%d", line, col)
}

func writeExpected(buf *bytes.Buffer, expected, actual, indent string, p painter) {
	line := indent + "expected: " + p.paint(ansiGreen, indentLines(expected, indent+"  "))
	if actual = strings.TrimSpace(actual); actual != "" {
		line += "; actual: " + p.paint(ansiRed, indentLines(actual, indent+"  "))
	}
	buf.WriteString(line + "\n")
}

// mentions says whether a finding's message or suggestion already gives
// text, so that an "expected:" line would repeat it.
func mentions(f *rules.Finding, text string) bool {
	t := strings.ToLower(text)
	return strings.Contains(strings.ToLower(f.Message), t) || strings.Contains(strings.ToLower(f.Suggestion), t)
}

// relatedShown is how many related places the text report names before
// saying how many more there are.
const relatedShown = 3

// relatedLine names the first related places and counts the rest:
//
//	related: a.md:60:123, b.md:46:136, c.md:18:51 and 4 more
//
// What the places say is kept when it is short to say: once when every
// place says the same ("MARAC = Multi-Agency Risk Assessment Conference"),
// beside each place when all of them are named.
func relatedLine(rs []rules.Location) string {
	same := ""
	if len(rs) > 1 {
		same = rs[0].Message
	}
	for _, r := range rs {
		if r.Message != same {
			same = ""
		}
	}
	var places []string
	for i, r := range rs {
		if i == relatedShown {
			break
		}
		place := textPosition(r.File, r.Line, r.Column)
		if same == "" && r.Message != "" && len(rs) <= relatedShown {
			place += " (" + indentLines(r.Message, " ") + ")"
		}
		places = append(places, place)
	}
	line := "related"
	if same != "" {
		line += " (" + indentLines(same, " ") + ")"
	}
	line += ": " + strings.Join(places, ", ")
	if n := len(rs) - relatedShown; n > 0 {
		line += fmt.Sprintf(" and %d more", n)
	}
	return line
}

// Shortenings of messages for the text report, where other lines say the
// same thing more plainly.
var (
	// The quoted stems a restatement "drops" and "adds": the plain diff
	// line says it in phrases.
	driftStems = regexp.MustCompile(`: it (?:drops|adds) [^;]*`)
	// The threshold is a setting, not something to put right.
	driftThreshold = regexp.MustCompile(` \(at least \d+% expected\)`)
	// The list of other descriptions: the related line names their places.
	otherDescriptions = regexp.MustCompile(`^(.+? is described \d+ ways across [^:]+): this description \(.*$`)
)

// whyItMatters is the closing clause by which a rule's message says why
// its kind of finding matters ("; one acronym spelt out two ways reads as
// two different things"). The clause is the same for every finding of the
// rule, and `concord rules ID` gives the rule's whole rationale, so the
// text report leaves it out. A message a pattern no longer matches is
// shown whole.
var whyItMatters = map[string]*regexp.Regexp{
	"acronym-expansion":        regexp.MustCompile(`; (?:one acronym spelt out two ways reads as two different things|spell it out at its first use, where the reader first meets it)\.?$`),
	"breach-context":           regexp.MustCompile(`; a breach is rarely a one-off procedural event, so say so in this section`),
	"citation-mismatch":        regexp.MustCompile(`; cite the provision the term rests on\.?$`),
	"definition-drift":         regexp.MustCompile(`; readers should meet one test for [^;]+$`),
	"inconsistent-description": regexp.MustCompile(`; one acronym should stand for one thing across the guidance\.?$`),
	"variant-wording":          regexp.MustCompile(`; (?:write (?:it|the term) as the glossary does so readers, search and the site recognise it|the glossary fixes (?:this wording|the word order), so use it exactly|the glossary's words are alternatives in a fixed order, so use it exactly)\.?$`),
}

// shortMessage is a finding's message without the parts the text report
// shows on lines of their own or leaves to `concord rules`.
func shortMessage(f *rules.Finding) string {
	msg := strings.TrimSpace(f.Message)
	if re := whyItMatters[f.Rule]; re != nil {
		msg = re.ReplaceAllString(msg, "")
	}
	switch f.Rule {
	case "definition-drift":
		if len(f.Diff) > 0 {
			msg = driftStems.ReplaceAllString(msg, "")
			msg = driftThreshold.ReplaceAllString(msg, "")
		}
	case "inconsistent-description":
		if len(f.Related) > 0 {
			msg = otherDescriptions.ReplaceAllString(msg, "$1")
		}
	}
	return msg
}
