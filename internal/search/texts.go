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

var textWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, textLevel) // a valid level: no error
	return w
}}

// packTexts returns texts, each a sectionText, as the m- shard stores them.
func packTexts(texts []string) string {
	var raw, z bytes.Buffer
	for i, t := range texts {
		if i > 0 {
			raw.WriteByte('\n')
		}
		raw.WriteString(t)
	}
	w := textWriters.Get().(*flate.Writer)
	defer textWriters.Put(w)
	w.Reset(&z)
	w.Write(raw.Bytes()) // a bytes.Buffer does not fail
	w.Close()
	return base64.StdEncoding.EncodeToString(z.Bytes())
}
