package wording

import (
	"strings"
	"unicode"

	"github.com/concord-guidance/concord/internal/analysis"
)

// Phrases reads a word diff as a person would: the phrases the actual text
// leaves out of the canonical one, and the phrases it adds, each in text
// order. A word diff lines up every shared small word, so "[-and the person
// pursuing-] {+that causes+} the [-conduct knows-] {+victim fear+}" shows
// two changes where a reader sees one; a run of at most two stop words
// between changes ("the", "or", "of the") is therefore read as part of the
// phrase on each side that goes on changing after it. Any other shared word,
// or punctuation, ends a phrase. Phrases without a word that carries
// meaning ("that", "of the") are dropped, as are the edge punctuation and a
// trailing article that the alignment leaves behind.
func Phrases(ops []Op) (dropped, added []string) {
	var del, ins phraseSide
	flush := func() {
		dropped = del.flush(dropped)
		added = ins.flush(added)
	}
	for i, o := range ops {
		switch o.Op {
		case "delete":
			del.add(o.Text)
		case "insert":
			ins.add(o.Text)
		default:
			if bridges(o.Text) && i+1 < len(ops) && ops[i+1].Op != "equal" {
				del.hold(o.Text)
				ins.hold(o.Text)
				continue
			}
			flush()
		}
	}
	flush()
	return dropped, added
}

// phraseSide collects one side's phrase: text taken so far, and shared
// words held until the side changes again (or dropped if it does not).
type phraseSide struct {
	text, held strings.Builder
}

func (s *phraseSide) add(text string) {
	s.text.WriteString(s.held.String())
	s.held.Reset()
	s.text.WriteString(text)
}

// hold keeps shared words for a phrase already under way; a side that has
// not changed yet does not start with them.
func (s *phraseSide) hold(text string) {
	if s.text.Len() > 0 {
		s.held.WriteString(text)
	}
}

func (s *phraseSide) flush(out []string) []string {
	p := tidyPhrase(s.text.String())
	s.text.Reset()
	s.held.Reset()
	if p != "" && hasContentWord(p) {
		out = append(out, p)
	}
	return out
}

// bridges says whether shared text between two changes is small enough to
// read through: one or two stop words and nothing else.
func bridges(text string) bool {
	words := strings.Fields(text)
	if len(words) == 0 || len(words) > 2 {
		return false
	}
	for _, w := range words {
		if !analysis.IsStop(analysis.Fold(w)) {
			return false
		}
	}
	return true
}

// tidyPhrase folds white space, trims edge punctuation and a trailing
// article ("that leaves a" reads as "that leaves").
func tidyPhrase(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	// Words and punctuation come apart in the diff ("harassment ,").
	for _, p := range []string{",", ";", ":", ".", ")", "!", "?"} {
		s = strings.ReplaceAll(s, " "+p, p)
	}
	s = strings.ReplaceAll(s, "( ", "(")
	for {
		before := s
		s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) && r != '(' && r != ')' || unicode.IsSpace(r) })
		for _, a := range []string{" a", " an", " the"} {
			if strings.HasSuffix(strings.ToLower(s), a) {
				s = s[:len(s)-len(a)]
			}
		}
		if s == before {
			return s
		}
	}
}

func hasContentWord(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !analysis.IsStop(analysis.Fold(w)) {
			return true
		}
	}
	return false
}

// ForReaders writes a word diff for people who do not read diff notation:
//
//	leaves out: *of another person*, *where the acts or omissions*; adds: *that causes the victim fear or alarm*
//
// mark wraps each phrase (the text format passes one that adds colour). It
// returns "" when the diff changes no phrase that carries meaning.
func ForReaders(ops []Op, mark func(kind, phrase string) string) string {
	dropped, added := Phrases(ops)
	var parts []string
	if len(dropped) > 0 {
		parts = append(parts, "leaves out: "+markAll("delete", dropped, mark))
	}
	if len(added) > 0 {
		parts = append(parts, "adds: "+markAll("insert", added, mark))
	}
	return strings.Join(parts, "; ")
}

func markAll(kind string, phrases []string, mark func(kind, phrase string) string) string {
	out := make([]string, len(phrases))
	for i, p := range phrases {
		if mark != nil {
			out[i] = mark(kind, "*"+p+"*")
		} else {
			out[i] = "*" + p + "*"
		}
	}
	return strings.Join(out, ", ")
}
