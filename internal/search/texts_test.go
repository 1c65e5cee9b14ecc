package search

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"slices"
	"strings"
	"testing"
)

// unpackTexts is packTexts reversed, as search.js does it.
func unpackTexts(packed string) ([]string, error) {
	z, err := base64.StdEncoding.DecodeString(packed)
	if err != nil {
		return nil, err
	}
	var raw bytes.Buffer
	if _, err := raw.ReadFrom(flate.NewReader(bytes.NewReader(z))); err != nil {
		return nil, err
	}
	return strings.Split(raw.String(), "\n"), nil
}

// packTexts packs texts, each a sectionText, as packSections does.
func packTexts(texts []string) string {
	p := textPackers.Get().(*textPacker)
	defer textPackers.Put(p)
	p.raw = []byte(strings.Join(texts, "\n"))
	p.deflate()
	return string(p.appendPacked(nil))
}

func TestPackTexts(t *testing.T) {
	for _, texts := range [][]string{
		{""},
		{"", "", ""},
		{"One section.", "", "Another, with “quotes” and é and \u2028."},
		{sectionText("lines\nbroken\r\nand\ttabbed  text"), strings.Repeat("stalking ", 2000)},
	} {
		got, err := unpackTexts(packTexts(texts))
		if err != nil || !slices.Equal(got, texts) {
			t.Errorf("packTexts(%.80q) unpacks to %.80q, %v", texts, got, err)
		}
	}
}

// docShardByJSON is docShard as NewEntry made it before writing it by
// hand: the document's fields through encodeJSON, then registration.
func docShardByJSON(d *Doc) []byte {
	type rec = []interface{}
	recs := make([]rec, 0, len(d.Sections))
	for i := range d.Sections {
		s := &d.Sections[i]
		recs = append(recs, rec{s.Anchor, s.Heading, s.Line})
	}
	texts := make([]string, len(d.Sections))
	for i := range d.Sections {
		texts[i] = string(appendSectionText(nil, d.Sections[i].Text))
	}
	meta := []interface{}{d.Title, d.URL, recs, packTexts(texts)}
	if d.Kind == KindGlossary {
		names := d.Names
		if names == nil {
			names = []string{}
		}
		meta = append(meta, map[string]interface{}{"kind": d.Kind, "names": names, "definition": d.Definition})
	}
	data, err := encodeJSON(meta)
	if err != nil {
		data = []byte("null")
	}
	return registration(shardFile{"m-" + contentHash(data), data})
}

// awkwardStrings need escaping in JSON, or are not UTF-8.
var awkwardStrings = []string{
	"", "plain", `"quoted" \back\slash`, "<b>&amp;</b>", "tab\tline\nreturn\r",
	"\x00\x01\x1f\x7f", "\u2028\u2029", "café 東京 \U0001F600", "caf\xe9", "\xff\xfe", "é\xe9é",
}

// TestDocShardMatchesJSON: the document shard written by hand is byte for
// byte what encodeJSON and registration make of the same fields.
func TestDocShardMatchesJSON(t *testing.T) {
	docs := append(testDocs(), syntheticDocs(20)...)
	docs = append(docs, Doc{File: "empty.md"}, Doc{File: "g.md", Kind: KindGlossary, Title: "Term"},
		Doc{File: "g2.md", Kind: KindGlossary, Title: "T", Names: []string{"a", "b"}, Definition: "Means <this> & \"that\"."})
	for i, s := range awkwardStrings {
		docs = append(docs, Doc{
			File: "awkward.md", Title: s, URL: "docs/" + s + "/", Kind: []string{"", KindGlossary}[i%2],
			Names: []string{s, s + s}, Definition: s,
			Sections: []Section{{Anchor: s, Heading: s, Line: i - 1, Text: s}, {Line: 1 << 40, Text: s + "\n" + s}},
		})
	}
	for _, d := range docs {
		if got, want := docShard(&d), docShardByJSON(&d); !bytes.Equal(got, want) {
			t.Errorf("%s %.40q:\n got %.200q\nwant %.200q", d.File, d.Title, got, want)
		}
	}
}

func FuzzDocShardMatchesJSON(f *testing.F) {
	for _, s := range awkwardStrings {
		f.Add(s, s, 1)
	}
	f.Fuzz(func(t *testing.T, title, text string, line int) {
		for _, kind := range []string{"", KindGlossary} {
			d := Doc{File: "f.md", Title: title, URL: text, Kind: kind, Names: []string{title, text}, Definition: text,
				Sections: []Section{{Anchor: title, Heading: text, Line: line, Text: text}}}
			if got, want := docShard(&d), docShardByJSON(&d); !bytes.Equal(got, want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
		}
	})
}
