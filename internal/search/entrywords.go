package search

import (
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/analysis"
)

// NewEntry's analysis works on word numbers (analysis.WordID), not strings:
// a section's distinct stems and a document's distinct surface forms are
// found by indexing slices with the numbers tokens already carry, where
// analyser.section hashes each token's strings into maps (two map
// operations a token were most of NewEntry's analysis). It gives exactly
// what analyser.section gives, section by section (TestEntryWordsMatchSection).

// word is one analysed word of a text, as analyzeText emits it, with the
// numbers of its surface form and stem.
type word struct {
	surface, stem     string
	surfaceID, stemID uint32
}

// wordFlags, per surface number: whether it is known, a stop word, glued.
const (
	flagKnown uint8 = 1 << iota
	flagStop
	flagGlued
)

// wordSlots maps word numbers to values, each use starting empty: a slot
// belongs to the current use only when its stamp is the use's, so starting
// a new one costs nothing.
type wordSlots struct {
	stamp []uint32
	val   []int32
	cur   uint32
}

// reset starts a new use.
func (t *wordSlots) reset() {
	t.cur++
	if t.cur == 0 {
		clear(t.stamp)
		t.cur = 1
	}
}

func (t *wordSlots) get(id uint32) (int32, bool) {
	if int(id) < len(t.stamp) && t.stamp[id] == t.cur {
		return t.val[id], true
	}
	return 0, false
}

func (t *wordSlots) set(id uint32, v int32) {
	if int(id) >= len(t.stamp) {
		n := max(int(id)+1, 2*len(t.stamp), 1024)
		t.stamp = slices.Grow(t.stamp, n-len(t.stamp))[:n]
		t.val = slices.Grow(t.val, n-len(t.val))[:n]
	}
	t.stamp[id], t.val[id] = t.cur, v
}

// entryWords is one worker's scratch for NewEntry, reused from document to
// document.
type entryWords struct {
	flags   []uint8           // by surface number
	ids     map[string]uint32 // numbers of words no token numbered
	stemAt  wordSlots         // a section's stems: index in sectionTerms.stems
	docStem wordSlots         // the document's stems: number in entry order
	docForm wordSlots         // the document's surface forms seen
	title   []word
	buf     []word
	toks    []analysis.Token
	// A document's sections, one after another, and its forms: each is
	// copied once, when the document is done, into memory of its exact
	// size, where growing each section's own slices was a fifth of what
	// NewEntry allocated, and half of that their spare room.
	stems []string
	tf    [][numScored]int32
	nums  []int32
	ends  []int
	forms []numberedForm
	order []formKey
}

// numberedForm is a form with its stem's number in the document.
type numberedForm struct {
	p formPair
	n int32
}

// id returns w's number, or 0 if it cannot have one (numbers ran out).
func (a *entryWords) id(w string) uint32 {
	if n, ok := a.ids[w]; ok {
		return n
	}
	n := analysis.WordID(w)
	if a.ids == nil || len(a.ids) > 1<<16 {
		a.ids = map[string]uint32{}
	}
	a.ids[strings.Clone(w)] = n
	return n
}

// words appends the words of text to out, as analyzeText emits them; ok is
// false when one of them has no number.
func (a *entryWords) words(out []word, text string) ([]word, bool) {
	a.toks = analysis.AppendAnalyze(a.toks[:0], text)
	return a.tokenWords(out, a.toks)
}

// tokenWords is words for a text already analysed into toks.
func (a *entryWords) tokenWords(out []word, toks []analysis.Token) ([]word, bool) {
	for i := range toks {
		t := &toks[i]
		if t.Surface == "" {
			continue
		}
		sid, tid := t.SurfaceID, t.TermID
		if sid == 0 {
			sid = a.id(t.Surface)
		}
		if tid == 0 {
			tid = a.id(t.Term)
		}
		if sid == 0 || tid == 0 {
			return out, false
		}
		var fl uint8
		if int(sid) < len(a.flags) {
			fl = a.flags[sid]
		}
		if fl == 0 {
			fl = flagKnown
			if analysis.IsStop(t.Surface) {
				fl |= flagStop
			}
			if isGlued(t.Surface) {
				fl |= flagGlued
			}
			if int(sid) >= len(a.flags) {
				n := max(int(sid)+1, 2*len(a.flags), 1024)
				a.flags = slices.Grow(a.flags, n-len(a.flags))[:n]
			}
			a.flags[sid] = fl
		}
		if fl&flagStop == 0 {
			out = append(out, word{t.Surface, t.Term, sid, tid})
		}
		if fl&flagGlued == 0 {
			continue
		}
		for _, p := range glueParts(t.Surface) {
			ps, pt := a.id(p.surface), a.id(p.stem)
			if ps == 0 || pt == 0 {
				return out, false
			}
			out = append(out, word{p.surface, p.stem, ps, pt})
		}
	}
	return out, true
}

// entryAnalysis is what NewEntry makes of a document's sections.
type entryAnalysis struct {
	secs     []entrySection
	forms    []formPair // in the order first seen
	formStem []int32    // each form's stem number in stems
	stems    []string   // the document's distinct stems, in the order first seen
}

// analyse analyses d's sections as analyser.section does; ok is false when
// a word has no number, and the caller must use analyser.section. The forms
// come out sorted by surface, as sortForms sorts them. toks, when not nil,
// holds each section's tokens (see SectionTokens), analysed again where it
// has none.
func (a *entryWords) analyse(d *Doc, toks []SectionTokens) (out entryAnalysis, ok bool) {
	a.docStem.reset()
	a.docForm.reset()
	if len(d.Sections) == 0 {
		return out, true
	}
	if a.title, ok = a.words(a.title[:0], d.Title); !ok {
		return out, false
	}
	out.secs = make([]entrySection, len(d.Sections))
	a.stems, a.tf, a.nums, a.ends, a.forms = a.stems[:0], a.tf[:0], a.nums[:0], a.ends[:0], a.forms[:0]
	for i := range d.Sections {
		s := &d.Sections[i]
		sec := &out.secs[i]
		first := len(a.stems)
		a.stemAt.reset()
		for f, text := range [numScored]string{d.Title, s.Heading, s.Text} {
			ws := a.title
			if f > 0 {
				if a.buf, ok = a.fieldWords(a.buf[:0], text, f, toks, i); !ok {
					return out, false
				}
				ws = a.buf
			}
			sec.lens[f] += int32(len(ws))
			for k := range ws {
				w := &ws[k]
				j, seen := a.stemAt.get(w.stemID)
				if !seen {
					j = int32(len(a.stems) - first)
					a.stemAt.set(w.stemID, j)
					a.stems = append(a.stems, w.stem)
					a.tf = append(a.tf, [numScored]int32{})
					n, known := a.docStem.get(w.stemID)
					if !known {
						n = int32(len(out.stems))
						a.docStem.set(w.stemID, n)
						out.stems = append(out.stems, w.stem)
					}
					a.nums = append(a.nums, n)
				}
				a.tf[first+int(j)][f]++
				if _, seen := a.docForm.get(w.surfaceID); !seen {
					a.docForm.set(w.surfaceID, 0)
					n, _ := a.docStem.get(w.stemID)
					a.forms = append(a.forms, numberedForm{formPair{w.surface, w.stem}, n})
				}
			}
		}
		a.ends = append(a.ends, len(a.stems))
	}
	stems, tf, nums := slices.Clone(a.stems), slices.Clone(a.tf), slices.Clone(a.nums)
	first := 0
	for i, end := range a.ends {
		sec := &out.secs[i]
		if end > first {
			sec.stems, sec.tf, sec.nums = stems[first:end:end], tf[first:end:end], nums[first:end:end]
		}
		first = end
	}
	// Sorted by surface through the first eight bytes of each, where
	// comparing the strings themselves was most of the sort: the forms
	// are distinct, so any order by surface is the one order.
	a.order = a.order[:0]
	for i := range a.forms {
		a.order = append(a.order, formKey{prefixKey(a.forms[i].p.surface), int32(i)})
	}
	slices.SortFunc(a.order, func(x, y formKey) int {
		if x.key != y.key {
			if x.key < y.key {
				return -1
			}
			return 1
		}
		return strings.Compare(a.forms[x.i].p.surface, a.forms[y.i].p.surface)
	})
	out.forms, out.formStem = make([]formPair, len(a.forms)), make([]int32, len(a.forms))
	for k, o := range a.order {
		f := &a.forms[o.i]
		out.forms[k], out.formStem[k] = f.p, f.n
	}
	return out, true
}

// formKey is a form's place in entryWords.forms with its prefixKey.
type formKey struct {
	key uint64
	i   int32
}

// prefixKey is s's first eight bytes, zero-padded, big-endian: strings
// whose keys differ compare as their keys do (the first difference is in
// those bytes, or one ends there and the other goes on past a zero pad).
func prefixKey(s string) uint64 {
	var k uint64
	n := min(len(s), 8)
	for i := 0; i < n; i++ {
		k |= uint64(s[i]) << (56 - 8*i)
	}
	return k
}

// fieldWords appends the words of section i's heading (f 1) or text (f 2),
// whose text is text: from toks when it holds them, else analysed here.
func (a *entryWords) fieldWords(out []word, text string, f int, toks []SectionTokens, i int) ([]word, bool) {
	if i >= len(toks) {
		return a.words(out, text)
	}
	if f == 1 {
		if toks[i].Heading == nil {
			return a.words(out, text)
		}
		return a.tokenWords(out, toks[i].Heading)
	}
	if toks[i].Text == nil {
		return a.words(out, text)
	}
	ok := true
	for _, ts := range toks[i].Text {
		if out, ok = a.tokenWords(out, ts); !ok {
			break
		}
	}
	return out, ok
}

// analyseByString is NewEntry's analysis for a document with a word that
// has no number: analyser.section, section by section.
func analyseByString(d *Doc) ([]entrySection, []formPair) {
	a := analysers.Get().(*analyser)
	defer analysers.Put(a)
	seen := a.forms
	clear(seen)
	var secs []entrySection
	var forms []formPair
	for i := range d.Sections {
		st := a.section(d, &d.Sections[i])
		secs = append(secs, entrySection{lens: st.lens, stems: st.stems, tf: st.tf})
		for _, p := range st.forms {
			if !seen[p.surface] {
				seen[p.surface] = true
				forms = append(forms, p)
			}
		}
	}
	return secs, forms
}

// sortForms sorts e's forms by surface (each is there once).
func sortForms(e *Entry) {
	slices.SortFunc(e.forms, func(a, b formPair) int { return strings.Compare(a.surface, b.surface) })
}
