package search

import (
	"bytes"
	"reflect"
	"testing"
)

// TestEntryWordsMatchSection: NewEntry's analysis by word numbers gives,
// section by section, what analyser.section gives, and the same encoding
// as the analysis by strings, on text with stop words, glued words
// ("4.2.1", "e.g.", "don't"), repeated titles and words outside ASCII.
func TestEntryWordsMatchSection(t *testing.T) {
	docs := append(testDocs(), syntheticDocs(40)...)
	docs = append(docs, Doc{
		File: "glued.md", Title: "The 4.2.1 rules: don't panic",
		Sections: []Section{
			{Heading: "Über naïve café", Text: "See s.4A, e.g. 1,000 items; the the the. note:this 4.2.1 again"},
			{Heading: "", Text: "Rules rule ruled ruling, don't DON'T Don't 東京 tokyo"},
			{Heading: "Empty", Text: ""},
		},
	}, Doc{File: "none.md", Title: "No sections"})
	for _, d := range docs {
		got := NewEntry(d)
		var want Entry
		want.file, want.meta = got.file, got.meta
		want.secs, want.forms = analyseByString(&d)
		sortForms(&want)
		if len(got.secs) != len(want.secs) {
			t.Fatalf("%s: %d sections, want %d", d.File, len(got.secs), len(want.secs))
		}
		for i := range want.secs {
			g, w := got.secs[i], want.secs[i]
			g.nums = nil
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s section %d:\n got %+v\nwant %+v", d.File, i, g, w)
			}
		}
		if !reflect.DeepEqual(got.forms, want.forms) && (len(got.forms) > 0 || len(want.forms) > 0) {
			t.Errorf("%s forms:\n got %v\nwant %v", d.File, got.forms, want.forms)
		}
		if !bytes.Equal(encodeEntry(got), encodeEntry(&want)) {
			t.Errorf("%s: encodings differ", d.File)
		}
	}
}

// TestPrefixKeyOrder: strings whose prefixKeys differ are in the keys'
// order, whatever their lengths and zero bytes.
func TestPrefixKeyOrder(t *testing.T) {
	words := []string{"", "\x00", "\x00\x00", "a", "a\x00", "a\x00b", "ab", "abcdefgh", "abcdefgh\x00", "abcdefghi",
		"abcdefg", "abcdefg\x00", "abcdefg\x01", "b", "é", "éa", "\xff", "\xff\xff\xff\xff\xff\xff\xff\xff\xff", "zz\x00\x00\x00\x00\x00\x00"}
	for _, x := range words {
		for _, y := range words {
			kx, ky := prefixKey(x), prefixKey(y)
			if kx != ky && (kx < ky) != (x < y) {
				t.Errorf("prefixKey(%q) %x and prefixKey(%q) %x order them unlike the strings", x, kx, y, ky)
			}
		}
	}
}
