package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	concord "github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/analysis"
)

// The static index, as written by Export (and returned by Files) under
// <site>/search/:
//
//	search.js                the client (a copy of site/search/search.js)
//	current.js               registers "current": {"build": ID}
//	ID/manifest.js           registers "manifest": parameters and shard maps
//	ID/v-HEX.js              vocabulary shard: surface form → stem
//	ID/p-N.js                postings shard: stem → sections and impacts
//	ID/m-N.js                section shard: title, URL, anchor, heading, line, text
//
// ID is a hash of the content, so browsers may cache shards for ever and a
// new build never mixes with an old one. Every file is a script that calls
// window.__concordSearch.register(name, data), so it loads with a script
// element from file:// too, where fetch is refused. The formats are described
// in site/search/README.md; search.js reads them.
const exportVersion = 1

// Shard sizes, in bytes of encoded JSON, that Export aims for: small enough
// that a query loads little, large enough that a site has few files.
const (
	vocabShardBytes   = 3 << 10
	postingShardBytes = 3 << 10
	metaShardBytes    = 3 << 10
	metaShardSections = 50
	snippetChars      = 200 // text kept per section for snippets in the browser
	maxVocabKeyRunes  = 4
)

// ScriptAsset is where the browser client lives in the embedded site theme.
const ScriptAsset = "site/search/search.js"

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

// Files returns the static search index of idx as files to publish under the
// site root: search/current.js naming the build, and the shards under
// search/<build>/, a folder named after their content. It does not include
// the client, search/search.js, which the site builder copies from the theme
// (site/search/). The same documents always give the same bytes.
func Files(idx *Index) ([]File, error) {
	idx.mu.RLock()
	shards, manifest, err := idx.exportFiles()
	idx.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	build := buildID(shards, manifest)
	manifest["build"] = build
	mj, err := encodeJSON(manifest)
	if err != nil {
		return nil, err
	}
	shards = append(shards, shardFile{"manifest", mj})
	sort.Slice(shards, func(i, j int) bool { return shards[i].name < shards[j].name })
	cur, err := encodeJSON(map[string]interface{}{"build": build})
	if err != nil {
		return nil, err
	}
	files := []File{{Path: "search/current.js", Data: registration(shardFile{"current", cur})}}
	for _, f := range shards {
		files = append(files, File{Path: "search/" + build + "/" + f.name + ".js", Data: registration(f)})
	}
	return files, nil
}

// StaticFiles returns the static search index of docs, the same files Files
// returns for an Index of them, without building the bleve index: the
// browser's search reads only the shards, and the statistics they hold are
// concord's own (see corpusStats). This is what a site build needs; the bleve
// index serves `concord search` and `concord serve`.
func StaticFiles(docs []Doc) ([]File, error) {
	sorted, err := normalizeDocs(docs)
	if err != nil {
		return nil, err
	}
	idx := &Index{docs: sorted}
	idx.stats, _ = computeStats(sorted, nil, nil)
	return Files(idx)
}

// BuildID returns the build folder name within files from Files.
func BuildID(files []File) string {
	for _, f := range files {
		if rest, ok := strings.CutPrefix(f.Path, "search/"); ok {
			if i := strings.IndexByte(rest, '/'); i > 0 {
				return rest[:i]
			}
		}
	}
	return ""
}

// Export writes the static search index of idx into outDir/search/ (outDir is
// the root of the site being built): Files, and the client search.js from the
// embedded theme. The build folder is written under a temporary name and
// renamed into place; other build folders in outDir/search are removed.
func Export(idx *Index, outDir string) error {
	files, err := Files(idx)
	if err != nil {
		return err
	}
	build := BuildID(files)
	root := filepath.Join(outDir, "search")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("export search: %w", err)
	}
	final := filepath.Join(root, build)
	if _, err := os.Stat(final); err != nil {
		tmp, err := os.MkdirTemp(root, ".tmp-")
		if err != nil {
			return fmt.Errorf("export search: %w", err)
		}
		for _, f := range files {
			name, ok := strings.CutPrefix(f.Path, "search/"+build+"/")
			if !ok {
				continue
			}
			if err := os.WriteFile(filepath.Join(tmp, name), f.Data, 0o644); err != nil {
				os.RemoveAll(tmp)
				return fmt.Errorf("export search: %w", err)
			}
		}
		if err := os.Chmod(tmp, 0o755); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("export search: %w", err)
		}
		if err := os.Rename(tmp, final); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("export search: %w", err)
		}
	}
	if err := writeAtomic(filepath.Join(root, "current.js"), files[0].Data); err != nil {
		return fmt.Errorf("export search: %w", err)
	}
	script, err := concord.Site.ReadFile(ScriptAsset)
	if err != nil {
		return fmt.Errorf("export search: %w", err)
	}
	if err := writeAtomic(filepath.Join(root, "search.js"), script); err != nil {
		return fmt.Errorf("export search: %w", err)
	}
	removeStaleBuilds(root, build)
	return nil
}

var buildPattern = regexp.MustCompile(`^[0-9a-f]{12}$`)

func removeStaleBuilds(root, keep string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && e.Name() != keep && buildPattern.MatchString(e.Name()) {
			_ = os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func registration(f shardFile) []byte {
	var b bytes.Buffer
	b.WriteString(`window.__concordSearch.register("`)
	b.WriteString(f.name)
	b.WriteString(`",`)
	b.Write(f.data)
	b.WriteString(");\n")
	return b.Bytes()
}

func buildID(files []shardFile, manifest map[string]interface{}) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.name, len(f.data))
		h.Write(f.data)
	}
	mj, _ := encodeJSON(manifest)
	h.Write(mj)
	return hex.EncodeToString(h.Sum(nil))[:12]
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

func (idx *Index) exportFiles() ([]shardFile, map[string]interface{}, error) {
	cs := idx.stats
	var files []shardFile

	vocabFiles, vocabKeys, err := exportVocab(cs)
	if err != nil {
		return nil, nil, err
	}
	files = append(files, vocabFiles...)

	postFiles, postFirst, err := exportPostings(cs)
	if err != nil {
		return nil, nil, err
	}
	files = append(files, postFiles...)

	metaFiles, metaFirst, err := idx.exportMeta()
	if err != nil {
		return nil, nil, err
	}
	files = append(files, metaFiles...)

	manifest := map[string]interface{}{
		"version":  exportVersion,
		"sections": len(cs.sections),
		"fields":   scoredFields,
		"k1":       rankK1,
		"b":        rankB,
		"weights":  rankWeights,
		"scale":    impactScale,
		"lengths":  cs.total,
		"maxExp":   MaxExpansions,
		"stop":     analysis.StopWords(),
		"vocab":    vocabKeys,
		"postings": postFirst,
		"meta":     metaFirst,
	}
	return files, manifest, nil
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

// exportVocab shards the surface vocabulary by its first two characters,
// splitting a shard that is too large by one more character (up to
// maxVocabKeyRunes). A surface form lives in the shard of the longest key
// that begins it; search.js finds it the same way.
func exportVocab(cs *corpusStats) ([]shardFile, []string, error) {
	type group struct {
		key      string
		surfaces []string
	}
	var done []group
	var split func(key string, surfaces []string, depth int)
	split = func(key string, surfaces []string, depth int) {
		size := 0
		for _, s := range surfaces {
			size += len(s)*2 + 8
		}
		if size <= vocabShardBytes || depth >= maxVocabKeyRunes {
			done = append(done, group{key, surfaces})
			return
		}
		var own []string
		sub := map[string][]string{}
		var order []string
		for _, s := range surfaces {
			if utf8.RuneCountInString(s) <= depth {
				own = append(own, s)
				continue
			}
			k := vocabKey(s, depth+1)
			if _, ok := sub[k]; !ok {
				order = append(order, k)
			}
			sub[k] = append(sub[k], s)
		}
		if len(own) > 0 {
			done = append(done, group{key, own})
		}
		for _, k := range order {
			split(k, sub[k], depth+1)
		}
	}
	top := map[string][]string{}
	var order []string
	for _, s := range cs.surfaces {
		k := vocabKey(s, 2)
		if _, ok := top[k]; !ok {
			order = append(order, k)
		}
		top[k] = append(top[k], s)
	}
	for _, k := range order {
		split(k, top[k], utf8.RuneCountInString(k))
	}
	sort.Slice(done, func(i, j int) bool { return lessUTF16(done[i].key, done[j].key) })
	var files []shardFile
	keys := make([]string, 0, len(done))
	for _, g := range done {
		m := make(map[string]interface{}, len(g.surfaces))
		for _, s := range g.surfaces {
			m[s] = vocabValue(s, cs.stemOf[s])
		}
		data, err := encodeJSON(m)
		if err != nil {
			return nil, nil, err
		}
		keys = append(keys, g.key)
		files = append(files, shardFile{"v-" + hex.EncodeToString([]byte(g.key)), data})
	}
	return files, keys, nil
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

// postingValue is one stem's entry in a postings shard: [df, title, heading,
// body], each field a string of (section id delta as a varint, impact as one
// character) pairs in section order.
func postingValue(ps []posting) []byte {
	b := make([]byte, 0, 16+len(ps)*3)
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(len(ps)), 10)
	for f := 0; f < numScored; f++ {
		b = append(b, ',', '"')
		prev := int32(0)
		for _, p := range ps {
			if p.q[f] == 0 {
				continue
			}
			b = appendVarint(b, int(p.sid-prev))
			b = append(b, postingAlphabet[p.q[f]])
			prev = p.sid
		}
		b = append(b, '"')
	}
	return append(b, ']')
}

// exportPostings groups stems, in JavaScript string order, into shards of
// about postingShardBytes; the manifest lists the first stem of each.
func exportPostings(cs *corpusStats) ([]shardFile, []string, error) {
	stems := make([]string, 0, len(cs.postings))
	for s := range cs.postings {
		stems = append(stems, s)
	}
	sort.Slice(stems, func(i, j int) bool { return lessUTF16(stems[i], stems[j]) })
	var files []shardFile
	var first []string
	cur := map[string]interface{}{}
	curFirst, size := "", 0
	flush := func() error {
		if len(cur) == 0 {
			return nil
		}
		data, err := encodeJSON(cur)
		if err != nil {
			return err
		}
		files = append(files, shardFile{fmt.Sprintf("p-%d", len(files)), data})
		first = append(first, curFirst)
		cur, size = map[string]interface{}{}, 0
		return nil
	}
	for _, s := range stems {
		b := postingValue(cs.postings[s])
		if size > 0 && size+len(b) > postingShardBytes {
			if err := flush(); err != nil {
				return nil, nil, err
			}
		}
		if len(cur) == 0 {
			curFirst = s
		}
		cur[s] = json.RawMessage(b)
		size += len(b) + len(s) + 4
	}
	if err := flush(); err != nil {
		return nil, nil, err
	}
	return files, first, nil
}

// snippet returns the start of a section's text for snippets, cut at a word
// boundary, with white space collapsed.
func snippet(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) <= snippetChars {
		return text
	}
	end := wordEnd(text, snippetChars)
	return strings.TrimSpace(text[:end]) + "…"
}

// exportMeta writes what a result shows, for consecutive sections, at most
// metaShardSections or about metaShardBytes per shard:
// {"d": [[title, url], ...], "s": [[doc, anchor, heading, line, text], ...]},
// doc indexing "d", url relative to the site root, text the start of the
// section for snippets.
func (idx *Index) exportMeta() ([]shardFile, []int, error) {
	cs := idx.stats
	var files []shardFile
	var first []int
	type shard struct {
		D [][2]string       `json:"d"`
		S []json.RawMessage `json:"s"`
	}
	cur := shard{}
	docAt := map[int]int{}
	size, start := 0, 0
	flush := func() error {
		if len(cur.S) == 0 {
			return nil
		}
		data, err := encodeJSON(cur)
		if err != nil {
			return err
		}
		files = append(files, shardFile{fmt.Sprintf("m-%d", len(files)), data})
		first = append(first, start)
		cur, size, docAt = shard{}, 0, map[int]int{}
		return nil
	}
	for sid, r := range cs.sections {
		d := &idx.docs[r.doc]
		s := &d.Sections[r.sec]
		text := snippet(s.Text)
		b, err := encodeJSON([]interface{}{0, s.Anchor, s.Heading, s.Line, text})
		if err != nil {
			return nil, nil, err
		}
		extra := len(b)
		if _, ok := docAt[r.doc]; !ok {
			extra += len(d.Title) + len(d.URL) + 8
		}
		if len(cur.S) > 0 && (len(cur.S) >= metaShardSections || size+extra > metaShardBytes) {
			if err := flush(); err != nil {
				return nil, nil, err
			}
		}
		if len(cur.S) == 0 {
			start = sid
		}
		di, ok := docAt[r.doc]
		if !ok {
			di = len(cur.D)
			docAt[r.doc] = di
			cur.D = append(cur.D, [2]string{d.Title, d.URL})
			size += len(d.Title) + len(d.URL) + 8
		}
		if b, err = encodeJSON([]interface{}{di, s.Anchor, s.Heading, s.Line, text}); err != nil {
			return nil, nil, err
		}
		cur.S = append(cur.S, b)
		size += len(b) + 1
	}
	if err := flush(); err != nil {
		return nil, nil, err
	}
	return files, first, nil
}
