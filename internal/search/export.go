package search

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/par"
)

// The static index, as Files and Static.Files return it for the site build
// to publish under <site>/search/ (search.js and stem.js are the embedded
// theme's, copied with the other assets):
//
//	search.js                the client (a copy of site/search/search.js)
//	stem.js                  its stemmer (a copy of site/search/stem.js)
//	current.js               registers "current": {"manifest": NAME}
//	i/manifest-HASH.js       the manifest: parameters and shard maps
//	i/v-HASH.js              vocabulary shard: surface form → stem
//	i/p-HASH.js              postings shard: stem → sections and impacts
//	i/m-HASH.js              one document's title, URL and sections, with
//	                         their texts for snippets, compressed (texts.go)
//
// HASH is a hash of the file's own content, so browsers may cache shards for
// ever, an unchanged shard keeps its name from build to build, and only
// current.js changes in place. Every file is a script that calls
// window.__concordSearch.register(name, data), so it loads with a script
// element from file:// too, where fetch is refused. The formats are described
// in site/search/README.md; search.js reads them. How the files are kept
// updatable one document at a time is in static.go.
const exportVersion = 4

// Shard sizes, in bytes of encoded JSON, that the index aims for: small
// enough that a query loads little, large enough that a site has few files.
const (
	vocabShardBytes   = 3 << 10
	postingShardBytes = 3 << 10
	maxSectionText    = 8000 // bytes of a section's text kept for snippets in the browser
	maxVocabKeyRunes  = 4
)

// ScriptAsset is where the browser client lives in the embedded site theme,
// and StemmerAsset the Porter stemmer it stems queries with.
const (
	ScriptAsset  = "site/search/search.js"
	StemmerAsset = "site/search/stem.js"
)

type shardFile struct {
	name string // registration name and file name without ".js"
	data []byte // the JSON registered
}

// File is one file of the static index; Path is relative to the site root,
// with forward slashes.
type File struct {
	Path string
	Data []byte
}

// StaticOf is the static index of docs without a bleve index: the
// browser's search reads only its shards (Static.Files), whose statistics
// are concord's own, and concord serve answers queries from it
// (StaticSearch).
func StaticOf(docs []Doc) (*Static, error) {
	entries := make([]*Entry, len(docs))
	par.For(len(docs), func(i int) { entries[i] = NewEntry(docs[i]) })
	return BuildStatic(entries)
}

func registration(f shardFile) []byte {
	const head, tail = `window.__concordSearch.register("`, ");\n"
	var b bytes.Buffer
	b.Grow(len(head) + len(f.name) + 2 + len(f.data) + len(tail))
	b.WriteString(head)
	b.WriteString(f.name)
	b.WriteString(`",`)
	b.Write(f.data)
	b.WriteString(tail)
	return b.Bytes()
}

// encodeJSON encodes without HTML escaping (the data is never inlined in
// HTML) and without a trailing newline. Map keys come out sorted.
func encodeJSON(v interface{}) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// lessUTF16 orders strings as JavaScript compares them (by UTF-16 code
// units), so that search.js can binary-search the shard boundaries with <.
func lessUTF16(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ha, la := utf16Units(ra)
			hb, lb := utf16Units(rb)
			if ha != hb {
				return ha < hb
			}
			return la < lb
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b != ""
}

// utf16Units returns the first and second UTF-16 code units of r (0 when it
// has one).
func utf16Units(r rune) (rune, rune) {
	if r < 0x10000 {
		return r, 0
	}
	h, l := utf16.EncodeRune(r)
	return h, l
}

// vocabKey returns the first n runes of s.
func vocabKey(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// vocabValue encodes a surface form's stem: when the stem is the surface form
// less some trailing characters, the number of UTF-16 code units to drop
// (0 when they are equal); otherwise the stem itself.
func vocabValue(surface, stem string) interface{} {
	if strings.HasPrefix(surface, stem) {
		return len(utf16.Encode([]rune(surface[len(stem):])))
	}
	return stem
}

// postingAlphabet holds the 64 characters of the postings encoding, all safe
// in JSON strings and JavaScript without escaping.
const postingAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// appendVarint writes n in base 32, least significant group first: the
// characters 32-63 of the alphabet carry a group and say that more follow,
// the characters 0-31 carry the last group.
func appendVarint(b []byte, n int) []byte {
	for n >= 32 {
		b = append(b, postingAlphabet[32+n&31])
		n >>= 5
	}
	return append(b, postingAlphabet[n])
}

// sectionText returns a section's text as search results quote it, with
// white space collapsed, cut at a word boundary after maxSectionText bytes:
// the browser centres each snippet on the words a query matched, so it needs
// the text around them, wherever they are.
func sectionText(text string) string {
	text = collapseSpace(text)
	if len(text) <= maxSectionText {
		return text
	}
	end := wordEnd(text, maxSectionText)
	return strings.TrimSpace(text[:end]) + "…"
}
