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
	return p.pack()
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
