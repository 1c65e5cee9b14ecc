package legal

import (
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzLex checks the table-driven lexer against lexRef, the lexer as it
// was before its ASCII path read a table.
func FuzzLex(f *testing.F) {
	for _, s := range append(append([]string(nil), citationSeeds...), pieceSeeds...) {
		f.Add(s)
	}
	for _, s := range []string{"", " ", "\v\f\t\r\n", "a\u00a0b", "s2Aé 4\u2003x", "abc\xff", "ABC\u0301d", "12ab٣", "x\x00y\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := lex(s, nil), lexRef(s, nil); !slices.Equal(got, want) {
			t.Fatalf("lex(%q) = %v, want %v", s, got, want)
		}
	})
}

func lexRef(text string, toks []token) []token {
	toks = toks[:0]
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
				i++
				continue
			case isAlnumASCII(c):
				kind := tWord
				if c >= '0' && c <= '9' {
					kind = tNum
				}
				j := i + 1
				for j < len(text) && isAlnumASCII(text[j]) {
					j++
				}
				if j < len(text) && text[j] >= utf8.RuneSelf {
					break
				}
				toks = append(toks, token{i, j, kind})
				i = j
				continue
			default:
				toks = append(toks, token{i, i + 1, tPunct})
				i++
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || (r != utf8.RuneError && unicode.IsSpace(r)):
			i += size
		case isDigit(r) || unicode.IsLetter(r):
			kind := tWord
			if isDigit(r) {
				kind = tNum
			}
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !isDigit(r2) && !unicode.IsLetter(r2) {
					break
				}
				j += s2
			}
			toks = append(toks, token{i, j, kind})
			i = j
		default:
			toks = append(toks, token{i, i + size, tPunct})
			i += size
		}
	}
	return toks
}
