// Package fix decides which findings have a safe replacement, and where:
// the exact span of the source to replace and the text to put there. A
// replacement is safe when the glossary gives exactly one wording for the
// span and nothing around it has to change: deprecated wording whose
// replacement is a glossary name, a misspelt term, a wrong acronym
// expansion, a misnamed Act, and a wrong maximum penalty where the glossary
// gives exactly one.
//
// Spans inside code, front matter, block quotes, quoted words and link
// destinations are never replaced, nor spans whose source holds markup the
// replacement would drop (emphasis, a link's brackets). The package edits
// bytes in memory (apply.go) and writes files (write.go); it knows nothing
// of flags or streams, and the same Edits feed `concord fix`, the SARIF
// report's fixes and the language server's quick fixes.
package fix

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

// Rules are the rules whose findings can have a safe replacement.
var Rules = []string{"acronym-expansion", "citation-mismatch", "deprecated-term", "penalty-mismatch", "variant-wording"}

// Edit is one safe replacement. Start and End are byte offsets into the
// document's normalised text (corpus.Document.File.Text): LF line breaks,
// no byte-order mark. Apply maps them onto the file's own bytes.
type Edit struct {
	Finding *rules.Finding
	Start   int
	End     int
	// Old is the source text replaced (normalised); New is what replaces
	// it, on one line: Apply keeps the source's own line breaks.
	Old, New string
}

// Span finds the safe replacement for a finding in doc, if it has one.
func Span(g *glossary.Glossary, doc *corpus.Document, f *rules.Finding) (Edit, bool) {
	if doc == nil || f.File != doc.Path || f.Suggestion == "" || f.Line <= 0 || f.ByteColumn <= 0 || f.EndByteColumn <= 0 {
		return Edit{}, false
	}
	start, ok1 := offset(doc, f.Line, f.ByteColumn)
	end, ok2 := offset(doc, max(f.EndLine, f.Line), f.EndByteColumn)
	if !ok1 || !ok2 || end <= start {
		return Edit{}, false
	}
	written, ok := prose(doc, start, end)
	if !ok {
		return Edit{}, false
	}
	var repl string
	switch f.Rule {
	case "deprecated-term":
		repl, ok = deprecated(g, f, written)
	case "variant-wording":
		repl, ok = misspelling(f, written)
	case "acronym-expansion":
		repl, ok = expansion(f, written)
	case "citation-mismatch":
		repl, ok = actName(g, f, written)
	case "penalty-mismatch":
		repl, ok = penalty(f, written)
	default:
		return Edit{}, false
	}
	if !ok || repl == "" {
		return Edit{}, false
	}
	// The glossary's name may run on into words the source already has
	// after the span ("Protection of Harassment Act 1997" wants "...Act
	// 1997", whose year is already there): those are not written twice.
	repl = trimRunOn(repl, string(doc.File.Text[end:]))
	if norm(repl) == norm(written) && repl == strings.Join(strings.Fields(written), " ") {
		return Edit{}, false // already right: a second run changes nothing
	}
	if strings.Count(written, "\n") >= len(strings.Fields(repl)) {
		return Edit{}, false // the source's line breaks would not fit between the new words
	}
	return Edit{Finding: f, Start: start, End: end, Old: string(doc.File.Text[start:end]), New: repl}, true
}

// Plan finds every safe replacement among findings, by document path, in
// source order, leaving out any that overlaps one before it.
func Plan(g *glossary.Glossary, docs []*corpus.Document, findings []*rules.Finding, keep func(*rules.Finding) bool) map[string][]Edit {
	byPath := make(map[string]*corpus.Document, len(docs))
	for _, d := range docs {
		byPath[d.Path] = d
	}
	out := map[string][]Edit{}
	for _, f := range findings {
		if keep != nil && !keep(f) {
			continue
		}
		if e, ok := Span(g, byPath[f.File], f); ok {
			out[f.File] = append(out[f.File], e)
		}
	}
	for p, es := range out {
		sort.SliceStable(es, func(i, j int) bool { return es[i].Start < es[j].Start })
		kept := es[:0]
		last := -1
		for _, e := range es {
			if e.Start < last {
				continue
			}
			kept = append(kept, e)
			last = e.End
		}
		out[p] = kept
	}
	return out
}

// offset turns a finding's line and 1-based byte column (which counts a
// byte-order mark on line 1) into an offset in the normalised text.
func offset(doc *corpus.Document, line, byteCol int) (int, bool) {
	f := doc.File
	if line > f.LineCount() {
		return 0, false
	}
	ls := f.LineStart(line)
	bom := f.Position(ls).ByteColumn - 1 // 3 on line 1 of a file with a BOM
	off := ls + byteCol - 1 - bom
	if off < ls || off > len(f.Text) {
		return 0, false
	}
	return off, true
}

// prose returns the text at [start, end) when the span is plain prose the
// fixer may touch: inside one block's text (so never in code, front matter
// or a link destination), not in a block quote or between quotation marks,
// and with nothing in the source but the block's words and the white space
// between them (no emphasis or link markup the replacement would lose).
func prose(doc *corpus.Document, start, end int) (string, bool) {
	if start < doc.Front.End {
		return "", false
	}
	var b *corpus.Block
	for _, c := range doc.Blocks {
		if c.Start <= start && end <= c.End {
			b = c
			break
		}
	}
	if b == nil || b.InQuote {
		return "", false
	}
	run := &b.Run
	i, j := -1, -1
	for k := 0; k < run.Len(); k++ {
		o := run.Offset(k)
		if i < 0 && o == start {
			i = k
		}
		if o == end-1 {
			j = k + 1
		}
	}
	if i < 0 || j <= i {
		return "", false
	}
	src := string(doc.File.Text[start:end])
	text := run.Text[i:j]
	if strings.Join(strings.Fields(src), " ") != strings.Join(strings.Fields(text), " ") {
		return "", false
	}
	if quoted(run.Text, i) {
		return "", false
	}
	return text, true
}

// quoted reports whether byte i of a block's text sits between quotation
// marks: after an odd number of straight double quotes, or after more
// opening curly double quotes than closing ones.
func quoted(text string, i int) bool {
	before := text[:i]
	if strings.Count(before, `"`)%2 == 1 {
		return true
	}
	return strings.Count(before, "“") > strings.Count(before, "”")
}

// deprecated: the replacement must be a name the glossary gives (a term,
// alias, expansion or Act title), so that it stands in the sentence as the
// deprecated words did; "X or Y, whichever is meant" and advice are not
// replacements. A citation in brackets after the name is left out: the
// sentence already says what it says about the law.
func deprecated(g *glossary.Glossary, f *rules.Finding, written string) (string, bool) {
	t := g.Get(f.Term)
	if t == nil {
		return "", false
	}
	for _, d := range t.Deprecated {
		if d.Replacement != f.Suggestion {
			continue
		}
		name := strings.TrimSpace(d.Replacement)
		if k := strings.LastIndex(name, " ("); k > 0 && strings.HasSuffix(name, ")") {
			name = name[:k]
		}
		if !isName(g, t, name) {
			return "", false
		}
		w, p := norm(written), norm(d.Phrase)
		switch {
		case w == p:
		case w == p+"s" && !strings.HasSuffix(name, "s"):
			name += "s" // stalking prevention orders: Stalking Protection Orders
		default:
			return "", false // another inflection: not one replacement
		}
		return capitalise(name, written), true
	}
	return "", false
}

// isName reports whether s is a name the glossary gives t.
func isName(g *glossary.Glossary, t *glossary.Term, s string) bool {
	n := norm(s)
	names := append([]string{t.Term, t.Expansion}, t.Aliases...)
	if t.Act != nil {
		names = append(names, t.Act.Title)
	}
	for _, x := range names {
		if x != "" && norm(x) == n {
			return true
		}
	}
	for _, a := range g.Acts() {
		if norm(a.Act.Title) == n {
			return true
		}
	}
	return false
}

// misspelling: one word of the written term differs from the glossary's
// by a slip of at most two characters; a substituted word or a new word
// order is a matter of wording, not spelling, and is left to the writer.
func misspelling(f *rules.Finding, written string) (string, bool) {
	a, b := strings.Fields(written), strings.Fields(f.Suggestion)
	if len(a) != len(b) {
		return "", false
	}
	diff := 0
	for k := range a {
		if a[k] == b[k] {
			continue
		}
		diff++
		x, y := strings.ToLower(a[k]), strings.ToLower(b[k])
		if x == y || glossary.Distance(x, y) > 2 || diff > 1 {
			return "", false
		}
	}
	if diff != 1 {
		return "", false
	}
	return strings.Join(b, " "), true
}

// expansion: an acronym spelt out differently from the glossary's one
// expansion, where the span is exactly the expansion written.
func expansion(f *rules.Finding, written string) (string, bool) {
	if f.Expected == "" || f.Suggestion != f.Expected || norm(f.Actual) != norm(written) {
		return "", false
	}
	return f.Expected, true
}

// actName: a misnamed Act (or an Act given the wrong year), replaced by the
// glossary's title or short form; a wrong or superseded section is a
// question of law for the writer.
func actName(g *glossary.Glossary, f *rules.Finding, written string) (string, bool) {
	t := g.Get(f.Term)
	if t == nil || t.Act == nil || norm(f.Actual) != norm(written) {
		return "", false
	}
	for _, n := range append([]string{t.Act.Title}, t.Act.Short...) {
		if f.Suggestion == n {
			return n, true
		}
	}
	return "", false
}

// penalty: a stated maximum where the glossary gives exactly one for the
// offence. The figure alone is replaced by the figure, "five years'
// imprisonment" by "10 years' imprisonment"; a page dated before the law
// changed, or a figure for a family of offences whose member is unnamed,
// is left to the writer.
func penalty(f *rules.Finding, written string) (string, bool) {
	if f.Expected == "" || strings.Contains(f.Expected, " or ") || f.Suggestion != f.Expected || norm(f.Actual) != norm(written) {
		return "", false
	}
	if strings.HasPrefix(f.Message, "this page is dated") || strings.Contains(f.Message, "name the offence") {
		return "", false
	}
	const tail = " imprisonment"
	figure := strings.TrimSuffix(strings.TrimSuffix(f.Expected, tail), "'")
	w := strings.ToLower(strings.Join(strings.Fields(written), " "))
	switch {
	case strings.Contains(w, "-"):
		return "", false // "a 10-year maximum": an adjective, another shape
	case strings.HasSuffix(w, tail):
		if !strings.HasSuffix(f.Expected, tail) {
			return "", false
		}
		return f.Expected, true
	case strings.HasSuffix(w, "custody"):
		return "", false
	}
	return figure, true
}

// trimRunOn drops from the end of repl the words that already follow the
// span in the source (after one space), so they are not written twice.
func trimRunOn(repl, after string) string {
	words := strings.Fields(repl)
	next := strings.Fields(firstLine(after, 200))
	if len(after) == 0 || !unicode.IsSpace(rune(after[0])) {
		return repl
	}
	for k := min(3, len(words)-1); k >= 1; k-- {
		if len(next) < k {
			continue
		}
		same := true
		for n := 0; n < k; n++ {
			if !strings.EqualFold(strings.TrimRight(next[n], ".,;:)"), words[len(words)-k+n]) {
				same = false
				break
			}
		}
		if same {
			return strings.Join(words[:len(words)-k], " ")
		}
	}
	return repl
}

func firstLine(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return s
}

// norm folds case, hyphens and white space, for comparing wordings.
func norm(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "-", " ")), " "))
}

// capitalise writes repl with a capital when the writer's words began with
// one (a sentence or heading start) and repl begins in lower case.
func capitalise(repl, written string) string {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(written))
	if !unicode.IsUpper(r) {
		return repl
	}
	g, size := utf8.DecodeRuneInString(repl)
	return string(unicode.ToUpper(g)) + repl[size:]
}
