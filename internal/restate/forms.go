package restate

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// headingRestatements finds "What is X?" sections and restates X with the
// first paragraph under the heading.
func headingRestatements(df *DocFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	for i, bf := range df.Blocks {
		if bf.Block.Kind != corpus.HeadingBlock {
			continue
		}
		t := headingTerm(bf, gp)
		if t == nil {
			continue
		}
		// The answer is the first paragraph under the heading, or the second
		// when the first only introduces it ("Section 1 of the 2021 Act sets
		// out the test.") and the second reads as the definition.
		var paras []*BlockFacts
		for _, next := range df.Blocks[i+1:] {
			if next.Block.Kind != corpus.Paragraph || next.Block.InList || len(paras) == 2 {
				break
			}
			paras = append(paras, next)
		}
		if len(paras) == 0 {
			continue
		}
		answer := paras[0]
		if len(paras) == 2 && !readsAsDefinition(gp.Terms[t], paras[0]) && readsAsDefinition(gp.Terms[t], paras[1]) {
			answer = paras[1]
		}
		r := &Restatement{Term: t, Doc: df.Doc, Block: answer, Start: 0, End: len(answer.Block.Run.Text), How: "heading", Strong: true}
		// When the paragraph opens with the term, that is the subject.
		if len(answer.Matches) > 0 && len(answer.Sentences) > 0 {
			if m := answer.Matches[0]; m.Entry.Term == t && m.Start < answer.Sentences[0].End {
				r.SubjectStart, r.SubjectEnd = m.Start, m.End
			}
		}
		out = append(out, r)
	}
	return out
}

// readsAsDefinition reports whether a paragraph shares at least two
// content words with a term's definition (or carries an element cue).
func readsAsDefinition(tp *TermProfile, bf *BlockFacts) bool {
	if sharedIn(tp, bf, 0, len(bf.Block.Run.Text)) >= 2 {
		return true
	}
	terms, _ := SpanTerms(bf, 0, len(bf.Block.Run.Text))
	return hasAnyCue(terms, tp)
}

// headingQuestions are the heading shapes that ask what a term means, as
// folded surfaces before and after the term.
var headingQuestions = []struct{ before, after []string }{
	{[]string{"what", "is"}, nil}, {[]string{"what", "are"}, nil},
	{[]string{"what", "is", "a"}, nil}, {[]string{"what", "is", "an"}, nil}, {[]string{"what", "is", "the"}, nil},
	{[]string{"what", "does"}, []string{"mean"}}, {[]string{"what", "do"}, []string{"mean"}},
	{[]string{"what", "does", "the", "term"}, []string{"mean"}},
	{[]string{"what", "is", "meant", "by"}, nil},
	{[]string{"meaning", "of"}, nil}, {[]string{"the", "meaning", "of"}, nil},
	{[]string{"definition", "of"}, nil}, {[]string{"the", "definition", "of"}, nil},
	{[]string{"defining"}, nil},
}

// headingTerm returns the term a heading asks the meaning of.
func headingTerm(bf *BlockFacts, gp *Profile) *glossary.Term {
	var m *glossary.Match
	for k := range bf.Matches {
		switch bf.Matches[k].Entry.Kind {
		case glossary.KindTerm, glossary.KindAlias, glossary.KindExpansion, glossary.KindAcronym:
			m = &bf.Matches[k]
		}
		if m != nil {
			break
		}
	}
	if m == nil || gp.Terms[m.Entry.Term] == nil {
		return nil
	}
	toks := bf.Tokens
	before := toks[:m.First]
	after := toks[m.Last:]
	// A citation in brackets after the term does not change the question.
	text := bf.Block.Run.Text
	if m.Last < len(toks) {
		if rest := strings.TrimSpace(text[m.End:]); strings.HasPrefix(rest, "(") {
			if c := matchingParen(text, m.End+strings.IndexByte(text[m.End:], '('), len(text)); c >= 0 {
				var kept []analysis.Token
				for _, tk := range after {
					if tk.Start > c {
						kept = append(kept, tk)
					}
				}
				after = kept
			}
		}
	}
	for _, q := range headingQuestions {
		if len(before) != len(q.before) || len(after) != len(q.after) {
			continue
		}
		ok := true
		for i, w := range q.before {
			if before[i].Surface != w {
				ok = false
			}
		}
		for i, w := range q.after {
			if after[i].Surface != w {
				ok = false
			}
		}
		if ok {
			return m.Entry.Term
		}
	}
	return nil
}

var termHeaders = map[string]bool{"term": true, "terms": true, "key term": true, "phrase": true, "concept": true,
	"word": true, "expression": true, "offence": true, "name": true, "acronym": true}

var meaningHeaders = map[string]bool{"meaning": true, "definition": true, "description": true, "what it means": true,
	"means": true, "defined as": true, "explanation": true, "what it is": true}

// tableRestatements finds glossary tables in a document: for each body row
// whose term cell names a glossary term, its meaning cell restates it.
func tableRestatements(df *DocFacts, gp *Profile) []*Restatement {
	// Most documents have no table: what follows reads only table cells.
	if !slices.ContainsFunc(df.Blocks, func(bf *BlockFacts) bool { return bf.Block.Kind == corpus.TableCell }) {
		return nil
	}
	var out []*Restatement
	type cellKey struct{ table, row, col int }
	cells := map[cellKey]*BlockFacts{}
	termCol, meanCol := map[int]int{}, map[int]int{}
	var tables []int
	for _, bf := range df.Blocks {
		b := bf.Block
		if b.Kind != corpus.TableCell {
			continue
		}
		cells[cellKey{b.Table, b.Row, b.Col}] = bf
		if !b.Header {
			continue
		}
		h := strings.ToLower(strings.Trim(strings.TrimSpace(b.Run.Text), "*_:"))
		if _, ok := termCol[b.Table]; !ok && termHeaders[h] {
			termCol[b.Table] = b.Col
			tables = append(tables, b.Table)
		} else if _, ok := meanCol[b.Table]; !ok && meaningHeaders[h] {
			meanCol[b.Table] = b.Col
		}
	}
	// A meaning column ("What it means") makes a glossary table whatever
	// the first column is called ("Form of abuse"): the term is the first
	// other column.
	for t, mc := range meanCol {
		if _, ok := termCol[t]; !ok {
			termCol[t] = 0
			if mc == 0 {
				termCol[t] = 1
			}
			tables = append(tables, t)
		}
	}
	slices.Sort(tables)
	for _, bf := range df.Blocks {
		b := bf.Block
		if b.Kind != corpus.TableCell || b.Header || !slices.Contains(tables, b.Table) {
			continue
		}
		mc, ok := meanCol[b.Table]
		if !ok || b.Col != termCol[b.Table] || mc <= b.Col {
			continue
		}
		t := wholeTerm(bf, gp)
		if t == nil {
			continue
		}
		if cell := cells[cellKey{b.Table, b.Row, mc}]; cell != nil {
			out = append(out, &Restatement{Term: t, Doc: df.Doc, Block: cell, Start: 0, End: len(cell.Block.Run.Text), How: "table", Strong: true})
		}
	}
	return out
}

// wholeTerm returns the glossary term a short block (a table cell, a
// definition-list term) consists of, allowing a determiner, quotes, a
// bracketed acronym or citation, and closing punctuation.
func wholeTerm(bf *BlockFacts, gp *Profile) *glossary.Term {
	text := bf.Block.Run.Text
	for _, m := range bf.Matches {
		switch m.Entry.Kind {
		case glossary.KindTerm, glossary.KindAlias, glossary.KindExpansion, glossary.KindAcronym:
		default:
			continue
		}
		if !onlyOf(text[:m.Start], quotesMarks) {
			if before := strings.ToLower(strings.Trim(text[:m.Start], quotesMarks)); !isDeterminer(before) {
				return nil
			}
		}
		after := strings.Trim(text[m.End:], " \"'‘’“”*_:.")
		if after != "" && !(strings.HasPrefix(after, "(") && strings.HasSuffix(after, ")")) {
			return nil
		}
		if gp.Terms[m.Entry.Term] == nil {
			return nil
		}
		return m.Entry.Term
	}
	return nil
}

// definitionListRestatements restates each definition-list term that is a
// glossary term with its descriptions.
func definitionListRestatements(df *DocFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	var cur *glossary.Term
	for _, bf := range df.Blocks {
		switch bf.Block.Kind {
		case corpus.DefinitionTerm:
			cur = wholeTerm(bf, gp)
		case corpus.DefinitionDescription:
			if cur != nil {
				out = append(out, &Restatement{Term: cur, Doc: df.Doc, Block: bf, Start: 0, End: len(bf.Block.Run.Text), How: "definition-list", Strong: true})
			}
		default:
			cur = nil
		}
	}
	return out
}

// mnemonicRestatements finds a mnemonic written out next to its acronym:
// "FOUR (Fixated, Obsessive, Unwanted, Repeated)", "Fixated, Obsessive,
// Unwanted, Repeated (FOUR)" and "FOUR stands for Fixated, ...". The
// restatement is the expansion; its subject is the acronym.
func mnemonicRestatements(df *DocFacts, bf *BlockFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	text := bf.Block.Run.Text
	toks := bf.Tokens
	for _, m := range bf.Matches {
		if !gp.isMnemonic(m.Entry.Term) || !mnemonicAcronym(text, m) {
			continue
		}
		add := func(s, e int) {
			if e > s {
				out = append(out, &Restatement{Term: m.Entry.Term, Doc: df.Doc, Block: bf, Start: s, End: e,
					SubjectStart: m.Start, SubjectEnd: m.End, How: "mnemonic", Strong: true})
			}
		}
		after := strings.TrimLeft(text[m.End:], " ")
		open := m.End + len(text[m.End:]) - len(after)
		switch {
		case strings.HasPrefix(after, "("):
			// FOUR (Fixated, ...)
			if c := matchingParen(text, open, len(text)); c > open+1 {
				if k := capitalisedRun(text, toks, m.Last, c); k > 0 {
					add(open+1, c)
				}
			}
		case m.First > 0 && strings.HasSuffix(strings.TrimRight(text[:m.Start], " "), "(") && strings.HasPrefix(after, ")"):
			// Fixated, ... (FOUR): walk back over capitalised words.
			s := m.First
			for s > 0 && Capitalised(text[toks[s-1].Start:toks[s-1].End]) && strings.Trim(text[toks[s-1].End:toks[s].Start], " ,(") == "" {
				s--
				if s > 0 && toks[s-1].Surface == "and" {
					s--
				}
			}
			if m.First-s >= 2 {
				add(toks[s].Start, toks[m.First-1].End)
			}
		default:
			// FOUR stands for ... / FOUR means ...
			k := m.Last
			for _, v := range mnemonicVerbs {
				if j, ok := v.match(text, toks, m.Last, len(text)); ok {
					k = j
					break
				}
			}
			if k == m.Last {
				continue
			}
			if e := capitalisedRun(text, toks, k, len(text)); e > 0 {
				add(toks[k].Start, e)
			}
		}
	}
	return out
}

// mnemonicVerbs say what a mnemonic's letters stand for.
var mnemonicVerbs = []phrase{compilePhrase([]string{"stands", "for"}), compilePhrase([]string{"is", "short", "for"}), compilePhrase([]string{"means"})}

// mnemonicAcronym reports whether a match is a mnemonic's acronym, as
// written: "FOUR", not "four".
func mnemonicAcronym(text string, m glossary.Match) bool {
	switch m.Entry.Kind {
	case glossary.KindAcronym, glossary.KindTerm, glossary.KindAlias:
		return CapsWord(text[m.Start:m.End])
	}
	return false
}

// capitalisedRun returns the end offset of a run of at least two
// capitalised words from token k (separated by spaces, commas or "and"),
// stopping before limit; 0 if there is none.
func capitalisedRun(text string, toks []analysis.Token, k, limit int) int {
	n, end := 0, 0
	for ; k < len(toks) && toks[k].End <= limit; k++ {
		w := text[toks[k].Start:toks[k].End]
		if toks[k].Surface == "and" && n > 0 {
			continue
		}
		if !Capitalised(w) {
			break
		}
		if n > 0 && strings.Trim(text[toks[k-1].End:toks[k].Start], " ,") != "" && toks[k-1].Surface != "and" {
			break
		}
		n++
		end = toks[k].End
	}
	if n < 2 {
		return 0
	}
	return end
}

func Capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// CapsWord reports whether w is an acronym: two or more letters, all
// capitals.
func CapsWord(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// paraNumber reports whether s, the start of a sentence up to its first
// word, is a paragraph number: "5.1", "12.", "(b)", "3)".
func paraNumber(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "(")
	if s == "" {
		return false
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ')':
		case r >= 'a' && r <= 'z' && len(s) <= 2:
			digits++
		default:
			return false
		}
	}
	return digits > 0
}
