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
//	ID/p-N.js                postings shard: stem → sections, tf, lengths
//	ID/m-N.js                section shard: file, title, URL, heading, line, text
//
// ID is a hash of the content, so browsers may cache shards for ever and a
// new build never mixes with an old one. Every file is a script that calls
// window.__concordSearch.register(name, data), so it loads with a script
// element from file:// too, where fetch is refused. The formats are described
// in search.js, which reads them.
const exportVersion = 1

// Shard sizes, in bytes of encoded JSON, that Export aims for: small enough
// that a query loads little, large enough that a site has few files.
const (
	vocabShardBytes   = 6 << 10
	postingShardBytes = 6 << 10
	metaShardBytes    = 8 << 10
	metaShardSections = 50
	snippetChars      = 300 // text kept per section for snippets in the browser
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

// lessUTF16 orders strings as JavaScript compares them, so that search.js
// can binary-search the shard boundaries with < and >.
func lessUTF16(a, b string) bool {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return ua[i] < ub[i]
		}
	}
	return len(ua) < len(ub)
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

// postingValue is one stem's entry in a postings shard:
// [df, title, heading, body], each field a flat list of
// (section id delta, tf, field length) triples in section order.
func postingValue(cs *corpusStats, ps []posting) []interface{} {
	out := []interface{}{len(ps)}
	for f := 0; f < numScored; f++ {
		flat := []int64{}
		prev := int32(0)
		for _, p := range ps {
			if p.tf[f] == 0 {
				continue
			}
			flat = append(flat, int64(p.sid-prev), int64(p.tf[f]), int64(cs.lens[p.sid][f]))
			prev = p.sid
		}
		out = append(out, flat)
	}
	return out
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
		v := postingValue(cs, cs.postings[s])
		b, err := encodeJSON(v)
		if err != nil {
			return nil, nil, err
		}
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
// metaShardSections or about metaShardBytes per shard: [file, title, url,
// heading, line, snippet text], url relative to the site root with the
// section anchor.
func (idx *Index) exportMeta() ([]shardFile, []int, error) {
	cs := idx.stats
	var files []shardFile
	var first []int
	var cur []json.RawMessage
	size, start := 0, 0
	flush := func() error {
		if len(cur) == 0 {
			return nil
		}
		data, err := encodeJSON(cur)
		if err != nil {
			return err
		}
		files = append(files, shardFile{fmt.Sprintf("m-%d", len(files)), data})
		first = append(first, start)
		cur, size = nil, 0
		return nil
	}
	for sid, r := range cs.sections {
		d := &idx.docs[r.doc]
		s := &d.Sections[r.sec]
		url := d.URL
		if s.Anchor != "" {
			url += "#" + s.Anchor
		}
		b, err := encodeJSON([]interface{}{d.File, d.Title, url, s.Heading, s.Line, snippet(s.Text)})
		if err != nil {
			return nil, nil, err
		}
		if len(cur) > 0 && (len(cur) >= metaShardSections || size+len(b) > metaShardBytes) {
			if err := flush(); err != nil {
				return nil, nil, err
			}
		}
		if len(cur) == 0 {
			start = sid
		}
		cur = append(cur, b)
		size += len(b) + 1
	}
	if err := flush(); err != nil {
		return nil, nil, err
	}
	return files, first, nil
}
