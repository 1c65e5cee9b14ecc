package search

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"slices"
	"sync"
)

// A document's section texts are most of the static index (at 10,000
// documents 41 to 92 MB of the site), and a result loads its document's
// shard only to quote a snippet from one of them. So the shard holds them
// compressed: joined by line breaks (sectionText leaves none in a text),
// deflated (RFC 1951, raw) and written in base64, which a script can carry
// and the browser turns back with atob and DecompressionStream. Compressed
// per document, a shard still depends on its document alone, so updating
// one document rewrites one shard as before. Prose deflates to a quarter or
// a third; base64 adds a third back.

// textLevel trades build time for size. On the plain shape's texts at
// 10,000 documents (91 MB), one core: level 1 gives 25.7 MB of deflate in
// 1.0 s, level 4 23.8 MB in 3.0 s, the default (6) 23.7 MB in 4.2 s. A
// build is timed against other generators; 8% more bytes is the cheaper
// side.
const textLevel = flate.BestSpeed

// textPacker is one worker's memory for packing a document's texts,
// reused from document to document: the texts as they are joined, the
// deflate writer (its window and tables are most of a megabyte to make
// anew) and the compressed and base64 bytes.
type textPacker struct {
	raw []byte
	w   *flate.Writer
	z   bytes.Buffer
	b64 []byte
}

var textPackers = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, textLevel) // a valid level: no error
	return &textPacker{w: w}
}}

// packSections returns the texts of secs, each made a sectionText, as the
// m- shard stores them.
func packSections(secs []Section) string {
	p := textPackers.Get().(*textPacker)
	defer textPackers.Put(p)
	p.raw = p.raw[:0]
	for i := range secs {
		if i > 0 {
			p.raw = append(p.raw, '\n')
		}
		p.raw = appendSectionText(p.raw, secs[i].Text)
	}
	return p.pack()
}

// pack returns p.raw compressed and in base64, and lets go of memory
// only a rare document needed.
func (p *textPacker) pack() string {
	p.z.Reset()
	p.w.Reset(&p.z)
	p.w.Write(p.raw) // a bytes.Buffer does not fail
	p.w.Close()
	enc := base64.StdEncoding
	p.b64 = slices.Grow(p.b64[:0], enc.EncodedLen(p.z.Len()))[:enc.EncodedLen(p.z.Len())]
	enc.Encode(p.b64, p.z.Bytes())
	out := string(p.b64)
	const keep = 1 << 20
	if cap(p.raw) > keep || cap(p.b64) > keep {
		p.raw, p.b64, p.z = nil, nil, bytes.Buffer{}
	}
	return out
}
