package htmlin

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzExtract holds the extractor to its map: every piece copied from the
// source must be the source's bytes at its offset, and offsets must lie in
// the source, whatever the markup.
func FuzzExtract(f *testing.F) {
	f.Add("<main><h1>T</h1><p>a &amp; b</p><ul><li>x<li>y</ul><table><tr><td>1<td>2</table></main>")
	f.Add("<p>unclosed <b>bold <div>block</span></p></td></tr>&#x1F600;&nbsp;&bogus;")
	f.Add("<body><article><header><h2>h</h2></header><p>one</p></article></body>")
	f.Fuzz(func(t *testing.T, src string) {
		if !utf8.ValidString(src) {
			return
		}
		p, err := Extract([]byte(src), Options{})
		if err != nil {
			return
		}
		for _, b := range p.Blocks {
			for _, pc := range b.Pieces {
				if pc.Src < 0 || pc.Src > len(src) {
					t.Fatalf("piece %q at %d, outside the source", pc.Text, pc.Src)
				}
				if !pc.Fixed && !strings.HasPrefix(src[pc.Src:], pc.Text) {
					t.Fatalf("piece %q is not the source at %d: %q", pc.Text, pc.Src, src[pc.Src:min(len(src), pc.Src+len(pc.Text))])
				}
			}
		}
	})
}
