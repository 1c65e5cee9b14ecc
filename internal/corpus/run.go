package corpus

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Run is the prose of one block, joined across soft line breaks and inline
// markup, with a map from every byte of Text back to its offset in the
// source; code spans, raw HTML, autolinks and link destinations never appear
// in Text. The map is kept as spans (a run of text copied from the source is
// one span), not one entry per byte, so a large corpus does not pay eight
// bytes of map for every byte of prose.
type Run struct {
	Text  string
	spans []span
	n     int // bytes mapped so far (len(Text) once built)
}

// span maps Text[text:] onwards: byte text+k is at source offset src+k, or
// at src itself for every byte when fixed (characters the parser made up,
// such as the space standing for a soft line break).
type span struct {
	text, src int32
	fixed     bool
	// width is how many source bytes a fixed span stands for, when more
	// than one: a decoded HTML entity ("&rdquo;"), so that a match ending
	// in it ends after it.
	width int16
}

// add maps the next n bytes of Text to source offsets start, start+1, ...
func (r *Run) add(n, start int) {
	if n <= 0 {
		return
	}
	if k := len(r.spans); k > 0 {
		last := r.spans[k-1]
		if !last.fixed && int(last.src)+(r.n-int(last.text)) == start {
			r.n += n
			return
		}
	}
	r.spans = append(r.spans, span{text: int32(r.n), src: int32(start)})
	r.n += n
}

// addFixed maps the next n bytes of Text all to source offset at.
func (r *Run) addFixed(n, at int) {
	if n <= 0 {
		return
	}
	r.spans = append(r.spans, span{text: int32(r.n), src: int32(at), fixed: true})
	r.n += n
}

// addWide maps the next n bytes of Text all to the width source bytes
// from at, which they stand for together (an HTML entity).
func (r *Run) addWide(n, at, width int) {
	if n <= 0 {
		return
	}
	r.spans = append(r.spans, span{text: int32(r.n), src: int32(at), fixed: true, width: int16(min(width, 1<<15-1))})
	r.n += n
}

// Len is the number of mapped bytes.
func (r *Run) Len() int { return r.n }

// Offset is the source offset of byte i of Text (clamped to the run).
func (r *Run) Offset(i int) int {
	if len(r.spans) == 0 {
		return 0
	}
	if i < 0 {
		i = 0
	}
	if i >= r.n {
		i = r.n - 1
	}
	k := sort.Search(len(r.spans), func(k int) bool { return int(r.spans[k].text) > i }) - 1
	sp := r.spans[k]
	if sp.fixed {
		return int(sp.src)
	}
	return int(sp.src) + i - int(sp.text)
}

// Span maps a byte range [i, j) of Text to a byte range of the source.
func (r *Run) Span(i, j int) (start, end int) {
	if r.n == 0 {
		return 0, 0
	}
	if i < 0 {
		i = 0
	}
	if i >= r.n {
		i = r.n - 1
	}
	if j <= i {
		o := r.Offset(i)
		return o, o
	}
	if j > r.n {
		j = r.n
	}
	// The end is found as Offset(j-1)+1 would find it, except that a
	// wide span (an entity) ends where its source does.
	k := sort.Search(len(r.spans), func(k int) bool { return int(r.spans[k].text) > j-1 }) - 1
	switch sp := r.spans[k]; {
	case !sp.fixed:
		end = int(sp.src) + j - 1 - int(sp.text) + 1
	case sp.width > 1:
		end = int(sp.src) + int(sp.width)
	default:
		end = int(sp.src) + 1
	}
	return r.Offset(i), end
}

// Sentence is a byte range [Start, End) of a run's Text.
type Sentence struct{ Start, End int }

// Text returns the sentence's text from its run.
func (s Sentence) Text(r *Run) string { return r.Text[s.Start:s.End] }

// abbreviations end with a full stop that does not end a sentence. Legal
// guidance is full of them.
var abbreviations = map[string]bool{
	"s": true, "ss": true, "e.g": true, "i.e": true, "eg": true, "ie": true, "no": true, "nos": true,
	"para": true, "paras": true, "cf": true, "etc": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "v": true, "vs": true, "art": true, "arts": true, "reg": true, "regs": true,
	"sch": true, "ch": true, "pt": true, "vol": true, "approx": true, "ibid": true, "op": true,
	"cit": true, "sec": true, "secs": true, "r": true, "rr": true, "st": true, "cl": true, "subs": true,
}

// Sentences splits a run into sentences. A sentence ends at ".", "?" or "!"
// followed by white space and then a capital letter, digit or opening quote,
// unless the word before the stop is a known abbreviation ("s.", "e.g.",
// "No.", "para.") or a single letter.
func (r *Run) Sentences() []Sentence {
	t := r.Text
	var out []Sentence
	start := 0
	// The next of each stop at or after i, found with IndexByte (which
	// looks at many bytes at once) rather than byte by byte; -1 once
	// there is none, len(t) before the first search.
	next := [3]int{len(t), len(t), len(t)}
	for i := 0; i < len(t); i++ {
		k := -1
		for s, stop := range [3]byte{'.', '?', '!'} {
			if next[s] >= 0 && next[s] < i || next[s] == len(t) {
				next[s] = -1
				if n := strings.IndexByte(t[i:], stop); n >= 0 {
					next[s] = i + n
				}
			}
			if next[s] >= 0 && (k < 0 || next[s] < k) {
				k = next[s]
			}
		}
		if k < 0 {
			break
		}
		i = k
		c := t[i]
		// Closing quotes and brackets belong to the sentence.
		end := i + 1
		for end < len(t) && strings.IndexByte(`"')]’”`, t[end]) >= 0 {
			end++
		}
		for end < len(t) {
			rr, size := utf8.DecodeRuneInString(t[end:])
			if rr != '’' && rr != '”' {
				break
			}
			end += size
		}
		if end < len(t) && t[end] != ' ' && t[end] != '\n' && t[end] != '\t' {
			continue
		}
		j := end
		for j < len(t) && (t[j] == ' ' || t[j] == '\n' || t[j] == '\t') {
			j++
		}
		if j < len(t) {
			next, _ := utf8.DecodeRuneInString(t[j:])
			if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("\"'‘“(", next)) {
				continue
			}
		}
		if c == '.' && isAbbreviation(t[start:i]) {
			continue
		}
		out = append(out, trimSentence(t, start, end))
		start = j
		i = j - 1
	}
	if start < len(t) {
		if s := trimSentence(t, start, len(t)); s.End > s.Start {
			out = append(out, s)
		}
	}
	return out
}

func trimSentence(t string, start, end int) Sentence {
	for start < end && (t[start] == ' ' || t[start] == '\n') {
		start++
	}
	for end > start && (t[end-1] == ' ' || t[end-1] == '\n') {
		end--
	}
	return Sentence{start, end}
}

// isAbbreviation looks at the word just before a full stop.
func isAbbreviation(before string) bool {
	k := len(before)
	for k > 0 {
		if c := before[k-1]; c < utf8.RuneSelf {
			// ASCII: the test below without the decoding.
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '(' || c == ')' {
				k--
				continue
			}
			break
		}
		rr, size := utf8.DecodeLastRuneInString(before[:k])
		if !(unicode.IsLetter(rr) || unicode.IsDigit(rr) || rr == '.' || rr == '(' || rr == ')') {
			break
		}
		k -= size
	}
	w := before[k:]
	if w == "" {
		return false
	}
	var buf [16]byte
	if len(w) <= len(buf) && isASCII(w) {
		// Lower-cased on the stack: the map lookup does not keep the key.
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if abbreviations[string(buf[:len(w)])] {
			return true
		}
		// Lower-casing ASCII changes no letter into anything else, so the
		// tests below can read w as written.
	} else {
		w = strings.ToLower(w)
		if abbreviations[w] {
			return true
		}
	}
	// Initials and dotted abbreviations ("J", "e.g", "U.K"), but not a
	// citation such as "s.2A", which ends a sentence like any other word.
	for seg, rest, more := "", w, true; more; {
		seg, rest, more = strings.Cut(rest, ".")
		if seg == "" || utf8.RuneCountInString(seg) > 2 {
			return false
		}
		for _, rr := range seg {
			if !unicode.IsLetter(rr) {
				return false
			}
		}
	}
	return utf8.RuneCountInString(w) == 1 || strings.Contains(w, ".")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Detached returns a copy of r that shares no memory with its document:
// a block's run is a slice of one string and one span array for the whole
// document, which a copy kept past the document (a corpus rule's summary
// of a slimmed document) would otherwise hold whole.
func (r *Run) Detached() Run {
	return Run{Text: strings.Clone(r.Text), spans: slices.Clone(r.spans), n: r.n}
}
