// Package wording compares two wordings word by word, for people: what a
// restatement dropped and added against the canonical definition, and what
// a glossary change altered. It uses go-diff on words, not characters, so a
// diff reads as whole words.
package wording

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op is one run of a word diff.
type Op struct {
	Op   string `json:"op"` // "equal", "insert" (only in b), "delete" (only in a)
	Text string `json:"text"`
}

// Diff returns the word-level diff from a to b. Words are compared
// case-insensitively; the text shown is b's for equal and inserted runs and
// a's for deleted ones. Spacing between words is kept.
func Diff(a, b string) []Op {
	wa, wb := split(a), split(b)
	index := map[string]rune{}
	encode := func(ws []string) string {
		var sb strings.Builder
		for _, w := range ws {
			k := strings.ToLower(w)
			r, ok := index[k]
			if !ok {
				// Private-use runes stand for words, so diffmatchpatch's
				// character diff becomes a word diff.
				r = rune(0xE000 + len(index))
				index[k] = r
			}
			sb.WriteRune(r)
		}
		return sb.String()
	}
	ea, eb := encode(wa), encode(wb)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(ea, eb, false))
	var out []Op
	ia, ib := 0, 0
	for _, d := range diffs {
		n := len([]rune(d.Text))
		var words []string
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			words = wb[ib : ib+n]
			ia += n
			ib += n
			out = appendOp(out, "equal", words)
		case diffmatchpatch.DiffDelete:
			words = wa[ia : ia+n]
			ia += n
			out = appendOp(out, "delete", words)
		case diffmatchpatch.DiffInsert:
			words = wb[ib : ib+n]
			ib += n
			out = appendOp(out, "insert", words)
		}
	}
	return out
}

func appendOp(out []Op, op string, words []string) []Op {
	text := strings.Join(words, " ")
	if text == "" {
		return out
	}
	if len(out) > 0 && out[len(out)-1].Op == op {
		out[len(out)-1].Text += " " + text
		return out
	}
	return append(out, Op{Op: op, Text: text})
}

// split breaks text into words, keeping punctuation attached to its word so
// the diff shows "harassment," rather than a separate comma.
func split(s string) []string {
	return strings.FieldsFunc(s, unicode.IsSpace)
}

// Plain renders a diff the way `git diff --word-diff=plain` does:
// [-deleted-] {+inserted+}.
func Plain(ops []Op) string {
	var parts []string
	for _, o := range ops {
		switch o.Op {
		case "delete":
			parts = append(parts, "[-"+o.Text+"-]")
		case "insert":
			parts = append(parts, "{+"+o.Text+"+}")
		default:
			parts = append(parts, o.Text)
		}
	}
	return strings.Join(parts, " ")
}
