// Package legal reads the legal references that guidance writes in prose:
// statutory citations ("s.2A PHA 1997", "section 2A(3) of the 1997 Act",
// "ss.359 to 360 of the Sentencing Act 2020") and stated maximum penalties
// ("a maximum of five years' imprisonment", "51 weeks"). It reads outside
// text, so it never panics and every offset it returns lies inside its input.
//
// It also holds what the glossary says of the law (Index, built once per
// glossary: its Acts, the provisions each term rests on, the maxima each
// penalty note scopes) and resolves each citation of a document to it
// (Index.ResolveDoc): which Act "the 1997 Act" or a bare "s.4A" means there,
// and which terms a provision is the source of. Deciding whether a citation
// or a penalty is right is the rules' job: nothing here makes a finding.
package legal

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// tokKind says what sort of token the lexer produced.
type tokKind uint8

const (
	tWord  tokKind = iota // starts with a letter: "section", "PHA", "s2A"
	tNum                  // starts with an ASCII digit: "2A", "1997", "10"
	tPunct                // one other non-space character: "." "(" "’" "–"
)

// token is a byte range of the text. Spaces separate tokens and are not
// tokens; adjacency (a.end == b.start) tells "s.2A" from "s. 2A".
type token struct {
	start, end int
	kind       tokKind
}

// lexClass sorts bytes for lex's ASCII fast path: a table lookup instead
// of a chain of comparisons for every byte of every block lexed.
var lexClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = lexHigh
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			t[c] = lexSpace
		case c >= '0' && c <= '9':
			t[c] = lexAlnum | lexDigit
		case isAlnumASCII(byte(c)):
			t[c] = lexAlnum
		}
	}
	return t
}()

const (
	lexAlnum = 1 << iota // an ASCII letter or digit
	lexDigit             // an ASCII digit
	lexSpace             // ASCII white space
	lexHigh              // a byte of a multi-byte rune (or an invalid byte)
	// Any other byte (zero class) is ASCII punctuation.
)

// lex splits text into words, numbers and punctuation in one pass. Invalid
// UTF-8 bytes become one-byte punctuation tokens. The tokens are appended to
// toks[:0].
func lex(text string, toks []token) []token {
	toks = toks[:0]
	for i := 0; i < len(text); {
		if cl := lexClass[text[i]]; cl&lexHigh == 0 {
			// ASCII fast path.
			switch {
			case cl&lexSpace != 0:
				i++
				continue
			case cl&lexAlnum != 0:
				kind := tWord
				if cl&lexDigit != 0 {
					kind = tNum
				}
				j := i + 1
				for j < len(text) && lexClass[text[j]]&lexAlnum != 0 {
					j++
				}
				if j < len(text) && text[j] >= utf8.RuneSelf {
					break // a word that goes on in other scripts: the slow path
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

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// lowerIs reports whether strings.ToLower(w) == lw, for an ASCII lw in lower
// case, without building the lower-case copy when w is ASCII. (Only two
// non-ASCII runes lower-case to ASCII letters, U+0130 to "i" and the Kelvin
// sign to "k", so a non-ASCII w takes the slow path rather than reasoning
// about them.)
func lowerIs(w, lw string) bool {
	if len(w) != len(lw) {
		for i := 0; i < len(w); i++ {
			if w[i] >= utf8.RuneSelf {
				return strings.ToLower(w) == lw
			}
		}
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(w) == lw
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lw[i] {
			return false
		}
	}
	return true
}

// lowerInto is strings.ToLower(w) written into buf, so that a map lookup
// with string(result) allocates nothing when w is ASCII.
func lowerInto(buf []byte, w string) []byte {
	buf = buf[:0]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return append(buf[:0], strings.ToLower(w)...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

func isAlnumASCII(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// scanner holds the text and its tokens with small helpers that never index
// out of range.
type scanner struct {
	text string
	toks []token
	// tables is scratch space for ParseCitations' lookups by token index.
	tables []int
}

// scanners recycles scanners with their slices: a block of guidance makes
// about a quarter as many tokens as it has bytes, and the parsers run on
// every block of every document, so allocating the slices afresh each time
// was most of the parsers' garbage. Nothing a parser returns refers to them.
var scanners = sync.Pool{New: func() any { return new(scanner) }}

// maxPooled keeps one huge block from pinning huge slices in the pool.
const maxPooled = 1 << 14

func newScanner(text string) *scanner {
	s := scanners.Get().(*scanner)
	s.text = text
	s.toks = lex(text, s.toks)
	return s
}

// release returns s to the pool; s must not be used after.
func (s *scanner) release() {
	if cap(s.toks) > maxPooled || cap(s.tables) > 2*maxPooled {
		return
	}
	s.text = ""
	scanners.Put(s)
}

func (s *scanner) n() int { return len(s.toks) }

// str is the text of token i, or "" outside the slice.
func (s *scanner) str(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	t := s.toks[i]
	return s.text[t.start:t.end]
}

func (s *scanner) kind(i int) tokKind {
	if i < 0 || i >= len(s.toks) {
		return 255
	}
	return s.toks[i].kind
}

func (s *scanner) isWord(i int) bool { return s.kind(i) == tWord }
func (s *scanner) isNum(i int) bool  { return s.kind(i) == tNum }

// is reports whether token i is w, ignoring case.
func (s *scanner) is(i int, w string) bool { return strings.EqualFold(s.str(i), w) }

// isAny reports whether token i is one of ws, ignoring case.
func (s *scanner) isAny(i int, ws ...string) bool {
	t := s.str(i)
	if t == "" {
		return false
	}
	for _, w := range ws {
		if strings.EqualFold(t, w) {
			return true
		}
	}
	return false
}

// punct reports whether token i is the punctuation p (one of several
// spellings).
func (s *scanner) punct(i int, ps ...string) bool {
	if s.kind(i) != tPunct {
		return false
	}
	t := s.str(i)
	for _, p := range ps {
		if t == p {
			return true
		}
	}
	return false
}

// adjacent reports whether tokens i and i+1 touch, with no space between.
func (s *scanner) adjacent(i int) bool {
	return i >= 0 && i+1 < len(s.toks) && s.toks[i].end == s.toks[i+1].start
}

// capitalised reports whether token i is a word starting with a capital.
func (s *scanner) capitalised(i int) bool {
	if !s.isWord(i) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s.str(i))
	return unicode.IsUpper(r)
}

// boundary reports whether token i ends a clause for the purpose of looking
// for nearby words: ";", ":", "!", "?", or a full stop followed by a space
// (so the stop in "s.2A" is not one).
func (s *scanner) boundary(i int) bool {
	if s.kind(i) != tPunct {
		return false
	}
	switch s.str(i) {
	case ";", ":", "!", "?":
		return true
	case ".":
		return !s.adjacent(i)
	}
	return false
}

// isYear reports whether token i is a four-digit year an Act could have.
//
// The token's kind and length are read first, straight from the token:
// actNames asks this of the token after nearly every word of a block, and
// few are numbers of four bytes.
func (s *scanner) isYear(i int) bool {
	if i < 0 || i >= len(s.toks) {
		return false
	}
	tk := s.toks[i]
	return tk.kind == tNum && tk.end-tk.start == 4 && s.yearAt(tk.start)
}

// yearAt reports whether the four bytes of the text from i are the digits
// of a year from 1200 to 2199.
func (s *scanner) yearAt(i int) bool {
	t := s.text[i : i+4]
	for j := 0; j < 4; j++ {
		if t[j] < '0' || t[j] > '9' {
			return false
		}
	}
	y := atoi(t)
	return y >= 1200 && y <= 2199
}

// atoi reads leading ASCII digits; it stops at the first other byte and caps
// the value so that long digit runs cannot overflow.
func atoi(t string) int {
	n := 0
	for i := 0; i < len(t) && t[i] >= '0' && t[i] <= '9'; i++ {
		if n > 1e8 {
			return n
		}
		n = n*10 + int(t[i]-'0')
	}
	return n
}
