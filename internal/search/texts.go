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

// textLevel trades build time for size: level 9 is about 2% smaller than
// the default at twice the time.
const textLevel = flate.DefaultCompression

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
