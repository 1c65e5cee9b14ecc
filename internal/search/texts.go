package search

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
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

// textPacker is one worker's memory for making a document's shard,
// reused from document to document: the texts as they are joined, the
// deflate writer (its window and tables are most of a megabyte to make
// anew), the compressed bytes and the shard as it is written.
type textPacker struct {
	raw   []byte
	w     *flate.Writer
	z     bytes.Buffer
	shard []byte
}

var textPackers = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, textLevel) // a valid level: no error
	return &textPacker{w: w}
}}

// packSections deflates the texts of secs, each made a sectionText, into
// p.z: appendPacked then writes them as the m- shard stores them.
func (p *textPacker) packSections(secs []Section) {
	p.raw = p.raw[:0]
	for i := range secs {
		if i > 0 {
			p.raw = append(p.raw, '\n')
		}
		p.raw = appendSectionText(p.raw, secs[i].Text)
	}
	p.deflate()
}

// deflate compresses p.raw into p.z.
func (p *textPacker) deflate() {
	p.z.Reset()
	p.w.Reset(&p.z)
	p.w.Write(p.raw) // a bytes.Buffer does not fail
	p.w.Close()
}

// appendPacked appends the compressed texts in base64.
func (p *textPacker) appendPacked(b []byte) []byte {
	return base64.StdEncoding.AppendEncode(b, p.z.Bytes())
}

// release lets go of memory only a rare document needed.
func (p *textPacker) release() {
	const keep = 1 << 20
	if cap(p.raw) > keep || cap(p.shard) > keep || p.z.Cap() > keep {
		p.raw, p.shard, p.z = nil, nil, bytes.Buffer{}
	}
}
