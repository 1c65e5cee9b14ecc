// Package wording compares two wordings word by word, for people: what a
// restatement dropped and added against the canonical definition, and what
// a glossary change altered. It uses go-diff on words, not characters, so a
// diff reads as whole words.
package wording

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op is one run of a word diff.
type Op struct {
	Op   string `json:"op"` // "equal", "insert" (only in b), "delete" (only in a)
	Text string `json:"text"`
}

// Diff is the word-level diff from canonical to actual text. Each
// word or punctuation mark, with the white space after it, is one unit;
// words compare by their analysed stem, so "amounts" and "amounting" are
// equal, while a comma is its own unit and never hides a word change.
// Units are mapped to private-use runes so that diffmatchpatch's character
// diff becomes a word diff. Equal runs show the actual text; the texts of
// all runs, concatenated in order, keep their spacing.
func Diff(canonical, actual string) []Op {
	ca, ka := units(canonical)
	cb, kb := units(actual)
	index := map[string]rune{}
	encode := func(keys []string) []rune {
		out := make([]rune, len(keys))
		for i, k := range keys {
			r, ok := index[k]
			if !ok {
				r = rune(0xF0000 + len(index)) // supplementary private use
				index[k] = r
			}
			out[i] = r
		}
		return out
	}
	ra, rb := encode(ka), encode(kb)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffCleanupMerge(dmp.DiffMainRunes(ra, rb, false))
	var out []Op
	ia, ib := 0, 0
	add := func(op string, units []string) {
		text := strings.Join(units, "")
		if text == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += text
			return
		}
		// Keep a space between words that were apart in either text.
		if n := len(out); n > 0 {
			prev := out[n-1].Text
			last, _ := utf8.DecodeLastRuneInString(prev)
			first, _ := utf8.DecodeRuneInString(text)
			if !unicode.IsSpace(last) && (unicode.IsLetter(first) || unicode.IsDigit(first)) {
				text = " " + text
			}
		}
		out = append(out, Op{Op: op, Text: text})
	}
	for _, d := range diffs {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			add("equal", cb[ib:ib+n])
			ia += n
			ib += n
		case diffmatchpatch.DiffDelete:
			add("delete", ca[ia:ia+n])
			ia += n
		case diffmatchpatch.DiffInsert:
			add("insert", cb[ib:ib+n])
			ib += n
		}
	}
	return out
}

// units splits text into words and punctuation marks, each with the
// white space that follows it, and their comparison keys.
func units(text string) (units, keys []string) {
	i := 0
	for i < len(text) {
		start := i
		r, size := utf8.DecodeRuneInString(text[i:])
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		i += size
		if isWord {
			for i < len(text) {
				r, size = utf8.DecodeRuneInString(text[i:])
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					i += size
					continue
				}
				// an apostrophe or hyphen inside a word
				if (r == '\'' || r == '’' || r == '-') && i+size < len(text) {
					if n, _ := utf8.DecodeRuneInString(text[i+size:]); unicode.IsLetter(n) || unicode.IsDigit(n) {
						i += size
						continue
					}
				}
				break
			}
		}
		word := text[start:i]
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += size
		}
		if strings.TrimSpace(word) == "" {
			// leading white space joins the first unit
			if len(units) > 0 {
				units[len(units)-1] += text[start:i]
			} else if i < len(text) {
				continue
			}
			continue
		}
		units = append(units, text[start:i])
		if isWord {
			keys = append(keys, analysis.Stem(analysis.Fold(word)))
		} else {
			keys = append(keys, word)
		}
	}
	return units, keys
}

// Plain renders a diff the way `git diff --word-diff=plain` does:
// [-deleted-] {+inserted+}, keeping the spacing of the texts.
func Plain(ops []Op) string {
	var b strings.Builder
	for _, o := range ops {
		text := strings.TrimRightFunc(o.Text, unicode.IsSpace)
		space := o.Text[len(text):]
		body := strings.TrimLeftFunc(text, unicode.IsSpace)
		b.WriteString(text[:len(text)-len(body)])
		switch o.Op {
		case "delete":
			b.WriteString("[-" + body + "-]")
		case "insert":
			b.WriteString("{+" + body + "+}")
		default:
			b.WriteString(body)
		}
		b.WriteString(space)
	}
	return strings.TrimSpace(b.String())
}
