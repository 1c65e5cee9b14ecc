package analysis

import (
	"math"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// The ASCII scanner reproduces the word segments that bleve's Unicode
// tokenizer (github.com/blevesearch/segment, UAX #29 word boundaries as of
// Unicode 8.0) finds in ASCII text. In ASCII the word-break properties are:
//
//	ALetter       A-Z a-z
//	Numeric       0-9
//	ExtendNumLet  _
//	MidLetter     :
//	MidNumLet     .
//	Single_Quote  '  (behaves as MidNumLet in the rules used here)
//	MidNum        , ;
//	CR, LF, Newline (\v \f), Double_Quote and everything else: not in words
//
// There are no Extend, Format, Hebrew_Letter or Katakana characters in ASCII,
// so a word is a run of letters, digits and '_' (WB5, WB8-10, WB13a/b; segment
// also joins '_' to '_'), where a MidLetter/MidNumLet/Single_Quote may stand
// between two letters (WB6/7) and a MidNum/MidNumLet/Single_Quote between two
// digits (WB11/12). Every other character is a segment of its own that the
// tokenizer drops (segment.None), and every word segment becomes a token that
// Analyze keeps (whatever its type: a run of only '_' is AlphaNumeric, one
// with digits and no letters Numeric), so the scanner needs no types.
const (
	cLetter = 1 << iota
	cDigit
	cUnder
	cMidLetter // may join two letters
	cMidNum    // may join two digits

	cWord = cLetter | cDigit | cUnder
)

var class = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = cLetter
		t[c-'a'+'A'] = cLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = cDigit
	}
	t['_'] = cUnder
	t[':'] = cMidLetter
	t['.'] = cMidLetter | cMidNum
	t['\''] = cMidLetter | cMidNum
	t[','] = cMidNum
	t[';'] = cMidNum
	return t
}()

func isASCII(s string) bool {
	// Sixteen bytes at a time: this runs over every analysed text. load64
	// is one load; the eight bytes indexed one by one in s were eight,
	// each with its bounds check.
	i := 0
	for ; i+16 <= len(s); i += 16 {
		if (load64(s, i)|load64(s, i+8))&0x8080808080808080 != 0 {
			return false
		}
	}
	if i+8 <= len(s) {
		if load64(s, i)&0x8080808080808080 != 0 {
			return false
		}
		i += 8
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// words appends the bounds of the words of the ASCII text s to bounds. T is
// int32, which halves the bounds gathered on the stack, for texts shorter
// than 1<<31, and int for longer ones.
func words[T int32 | int](s string, bounds [][2]T) [][2]T {
	i := 0
	for {
		for i < len(s) && class[s[i]]&cWord == 0 {
			i++
		}
		if i == len(s) {
			return bounds
		}
		start := i
		prev := class[s[i]]
		for i++; i < len(s); {
			c := class[s[i]]
			if c&cWord != 0 {
				prev = c
				i++
				continue
			}
			// WB6/7 and WB11/12: a middle character joins only if the same
			// kind of character stands on both sides of it.
			if i+1 < len(s) {
				next := class[s[i+1]]
				if c&cMidLetter != 0 && prev&next&cLetter != 0 ||
					c&cMidNum != 0 && prev&next&cDigit != 0 {
					prev = next
					i += 2
					continue
				}
			}
			break
		}
		bounds = append(bounds, [2]T{T(start), T(i)})
	}
}

// analyzeASCII is Analyze for ASCII text.
func analyzeASCII(text string) []Token {
	// The words' bounds are gathered first so that the result, which
	// callers keep, is allocated once at its exact size (as bleve's path
	// did); most texts are paragraphs whose bounds fit on the stack.
	if len(text) > math.MaxInt32 {
		bounds := words(text, [][2]int(nil))
		return appendWords(make([]Token, 0, len(bounds)), text, 0, bounds)
	}
	var stack [256][2]int32
	bounds := words(text, stack[:0])
	return appendWords(make([]Token, 0, len(bounds)), text, 0, bounds)
}

// highBits is the high bit of each of eight bytes.
const highBits = 0x8080808080808080

// wordBytes returns, for eight ASCII bytes x (little-endian, as load64
// reads them), the high bit of each byte that is a word character
// (class&cWord: A-Z, a-z, 0-9, '_'), and no other bit. Every byte being
// below 0x80, adding a constant below 0x80 to each never carries into the
// next: a byte plus 0x80-lo has its high bit set exactly when the byte is
// at least lo.
func wordBytes(x uint64) uint64 {
	const ones = 0x0101010101010101
	y := x | 0x20*ones // A-Z to a-z; no other byte lands in a-z
	letter := (y + (0x80-'a')*ones) &^ (y + (0x80-'z'-1)*ones)
	digit := (x + (0x80-'0')*ones) &^ (x + (0x80-'9'-1)*ones)
	under := ^((x ^ '_'*ones) + 0x7f*ones) // high bit set where x is '_'
	return (letter | digit | under) & highBits
}

// wordEnd returns the end of the run of word characters in the ASCII text
// from i.
func wordEnd(text string, i int) int {
	for i+8 <= len(text) {
		if m := ^wordBytes(load64(text, i)) & highBits; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(text) && class[text[i]]&cWord != 0 {
		i++
	}
	return i
}

// appendASCII appends the tokens of the ASCII text, whose offsets in the
// analysed text start at off. It is words and appendWords in one pass,
// without the bounds between them: AppendAnalyze's caller reuses out, so
// out need not be allocated at its exact size as analyzeASCII's result is.
// The words are found as words finds them (TestAppendASCIIMatchesWords):
// a run of word characters, continued past a middle character between
// two letters or two digits. Within a word, the character before i is
// always the one words calls prev.
func appendASCII(out []Token, text string, off int) []Token {
	// The published table is read once per text; words missing from it
	// take the locked path. Its look-up (getAt) is written out here: as a
	// call it is three (getAt, packAt, find), none of them small enough
	// to inline, about half of the instructions spent on each word.
	t := cache.read.Load()
	n := len(text)
	for i := 0; ; {
		// The characters between words, eight at a time while eight are
		// left (see wordBytes), then one by one. The eight that hold the
		// word's first character mostly hold its end too.
		end := -1
		for {
			if i+8 > n {
				for i < n && class[text[i]]&cWord == 0 {
					i++
				}
				break
			}
			if m := wordBytes(load64(text, i)); m != 0 {
				k := bits.TrailingZeros64(m) &^ 7
				i += k >> 3
				if rest := (^m & highBits) >> k; rest != 0 {
					end = i + bits.TrailingZeros64(rest)>>3
				}
				break
			}
			i += 8
		}
		if i == n {
			return out
		}
		s := i
		if i = end; end < 0 {
			i = wordEnd(text, s+1)
		}
		// A middle character joins only if the same kind of character
		// stands on both sides of it (WB6/7 and WB11/12).
		for i+1 < n {
			c := class[text[i]]
			if c&(cMidLetter|cMidNum) == 0 {
				break
			}
			prev, next := class[text[i-1]], class[text[i+1]]
			if !(c&cMidLetter != 0 && prev&next&cLetter != 0 || c&cMidNum != 0 && prev&next&cDigit != 0) {
				break
			}
			i = wordEnd(text, i+2)
		}
		var en *entry
		if w := uint64(i - s); w <= 16 && t != nil {
			// packAt, then find.
			var k0, k1 uint64
			switch {
			case w <= 8 && s+8 <= n:
				k0 = load64(text, s) & (1<<(8*w) - 1) // 1<<64 is 0: all of it
			case s+16 <= n:
				k0, k1 = load64(text, s), load64(text, s+8)
				if w < 8 {
					k0, k1 = k0&(1<<(8*w)-1), 0
				} else {
					k1 &= 1<<(8*(w-8)) - 1
				}
			default:
				k0, k1 = pack(text[s:i])
			}
			hi, lo := bits.Mul64(k0^t.seed[0], k1^t.seed[1]^w)
			mask := uint64(len(t.slots) - 1)
			for h := (hi ^ lo) & mask; ; h = (h + 1) & mask {
				sl := &t.slots[h]
				if sl.k0 == k0 && sl.k1 == k1 && sl.n == w {
					en = &sl.e
					break
				}
				if sl.n == 0 {
					break
				}
			}
			if en == nil {
				looked := lookupMissed(text[s:i], t)
				en = &looked
			}
		} else {
			looked := lookup(text[s:i])
			en = &looked
		}
		// Field by field, every one of them, as in appendWords.
		if len(out) == cap(out) {
			out = slices.Grow(out, 1+(n-i)/8)
		}
		out = out[:len(out)+1]
		tk := &out[len(out)-1]
		tk.Term, tk.Surface = en.term, en.surface
		tk.TermID, tk.SurfaceID = en.termID, en.surfaceID
		tk.Start, tk.End = off+s, off+i
	}
}

// appendWords appends the tokens of the words of text at bounds.
func appendWords[T int32 | int](out []Token, text string, off int, bounds [][2]T) []Token {
	out = slices.Grow(out, len(bounds))
	// The published table is read once per text; words missing from it
	// take the locked path.
	t := cache.read.Load()
	for _, b := range bounds {
		s, e := int(b[0]), int(b[1])
		var en *entry
		if e-s <= 16 && t != nil {
			if en = t.getAt(text, s, e); en == nil {
				looked := lookupMissed(text[s:e], t)
				en = &looked
			}
		} else {
			looked := lookup(text[s:e])
			en = &looked
		}
		// Field by field: assigning a whole Token makes the compiler move
		// it with a bulk write barrier, which while the collector runs
		// walks the type's pointer bitmap for every token.
		out = out[:len(out)+1]
		tk := &out[len(out)-1]
		tk.Term, tk.Surface = en.term, en.surface
		tk.TermID, tk.SurfaceID = en.termID, en.surfaceID
		tk.Start, tk.End = off+s, off+e
	}
	return out
}

// analyzeMixed is Analyze for text with non-ASCII characters: the ASCII
// stretches go through the scanner, the rest through bleve's tokenizer.
//
// The text is cut only just after an ASCII space or tab that is followed by
// an ASCII character. No segment can contain a space or tab except as its
// first character (they are word-break Other, and only Extend or Format
// characters, none of them ASCII, can follow Other in a segment), so the
// whole-text segmenter starts a segment exactly there; and since the
// segmenter starts afresh at each segment, segmenting the pieces separately
// gives the same segments. The one exception is a segmenter that stops early
// (it does on invalid UTF-8, and would on a parse error); then the whole text
// goes through bleve, which stops at the same place.
func analyzeMixed(text string) []Token {
	if !utf8.ValidString(text) {
		return analyzeBleve(text)
	}
	// Never nil, like bleve's path, even when there are no words.
	out := make([]Token, 0, len(text)/8)
	pos := 0 // a cut
	for pos < len(text) {
		j := pos
		for j < len(text) && text[j] < utf8.RuneSelf {
			j++
		}
		if j == len(text) {
			return appendASCII(out, text[pos:], pos)
		}
		// The last cut before the non-ASCII character at j, and the first
		// after it.
		a := j
		for a > pos && !isCut(text, a) {
			a--
		}
		b := j + 1
		for b < len(text) && !isCut(text, b) {
			b++
		}
		out = appendASCII(out, text[pos:a], pos)
		var ok bool
		if out, ok = appendBleve(out, text[a:b], a); !ok {
			return analyzeBleve(text)
		}
		pos = b
	}
	return out
}

func isCut(text string, i int) bool {
	return (text[i-1] == ' ' || text[i-1] == '\t') && text[i] < utf8.RuneSelf
}

// appendBleve appends the tokens that bleve's tokenizer finds in piece, whose
// offsets in the analysed text start at off. It reports false if the
// tokenizer stopped before the end of piece: it then finds no sentinel word,
// appended after a space, which ends no segment of piece and starts its own.
func appendBleve(out []Token, piece string, off int) ([]Token, bool) {
	buf := make([]byte, len(piece)+2)
	copy(buf, piece)
	buf[len(piece)] = ' '
	buf[len(piece)+1] = 'x'
	stream := tokenizer.Tokenize(buf)
	if len(stream) == 0 {
		return out, false
	}
	if last := stream[len(stream)-1]; last.Start != len(piece)+1 || last.End != len(buf) {
		return out, false
	}
	for _, t := range stream[:len(stream)-1] {
		if !keptType(t.Type) {
			continue
		}
		e := lookupBytes(t.Term)
		out = append(out, Token{Term: e.term, Surface: e.surface, Start: off + t.Start, End: off + t.End, TermID: e.termID, SurfaceID: e.surfaceID})
	}
	return out, true
}
