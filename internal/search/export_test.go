package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	concord "github.com/concord-guidance/concord"
)

// unregister returns the name and the JSON data of a shard script.
func unregister(t testing.TB, script []byte) (string, []byte) {
	t.Helper()
	s := string(script)
	const pre = `window.__concordSearch.register("`
	if !strings.HasPrefix(s, pre) || !strings.HasSuffix(s, ");\n") {
		t.Fatalf("not a registration: %.80s", s)
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, pre), ");\n")
	i := strings.Index(s, `",`)
	return s[:i], []byte(s[i+2:])
}

func TestExportIsDeterministic(t *testing.T) {
	docs := append(testDocs(), syntheticDocs(40)...)
	a := buildTest(t, docs)
	rev := append([]Doc(nil), docs...)
	sort.Slice(rev, func(i, j int) bool { return rev[i].File > rev[j].File })
	b := buildTest(t, rev)
	fa, err := Files(a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := Files(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fa, fb) {
		t.Fatal("two exports of the same documents differ")
	}
}

// writeStatic writes the static index of idx under dir/search/ with the
// browser client and its stemmer from the embedded theme, as a site build
// publishes them, for the node tests to load.
func writeStatic(t testing.TB, idx *Index, dir string) {
	t.Helper()
	files, err := Files(idx)
	if err != nil {
		t.Fatal(err)
	}
	for _, asset := range []string{ScriptAsset, StemmerAsset} {
		data, err := concord.Site.ReadFile(asset)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Path: "search/" + path.Base(asset), Data: data})
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExportRoundTrip reads the shards back and checks them against the
// statistics the Go ranking uses.
// A site build exports without a bleve index; the shards must be the ones an
// index of the same documents exports, or the browser and the CLI would rank
// differently.
func TestStaticFilesMatchTheIndexExport(t *testing.T) {
	docs := append(testDocs(), syntheticDocs(40)...)
	want, err := Files(buildTest(t, docs))
	if err != nil {
		t.Fatal(err)
	}
	got, err := StaticFiles(docs)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("StaticFiles gives %d files, the index export %d, and they differ", len(got), len(want))
	}
	if _, err := StaticFiles([]Doc{{File: "a.md"}, {File: "a.md"}}); err == nil {
		t.Fatal("a document given twice was accepted")
	}
}

func TestExportRoundTrip(t *testing.T) {
	idx := buildTest(t, append(testDocs(), syntheticDocs(60)...))
	files, err := Files(idx)
	if err != nil {
		t.Fatal(err)
	}
	shards := map[string][]byte{}
	for _, f := range files {
		name, data := unregister(t, f.Data)
		if want := strings.TrimSuffix(filepath.Base(f.Path), ".js"); name != want {
			t.Errorf("%s registers %q", f.Path, name)
		}
		if i := strings.IndexByte(name, '-'); i > 0 && name[i+1:] != contentHash(data) {
			t.Errorf("%s is not named by its content", f.Path)
		}
		shards[name] = data
	}
	var cur struct{ Manifest string }
	if err := json.Unmarshal(shards["current"], &cur); err != nil {
		t.Fatal(err)
	}
	var man struct {
		Sections  int
		Avg       [3]float64
		Docs      string
		Secs      string
		Vocab     []string
		VocabHash string
		Postings  []string
		PostHash  string
	}
	if err := json.Unmarshal(shards[cur.Manifest], &man); err != nil {
		t.Fatal(err)
	}
	cs := idx.stats
	if man.Sections != len(cs.sections) || man.Avg != roundedAverages(cs.total, len(cs.sections)) {
		t.Errorf("manifest %+v", man)
	}
	name := func(kind, hashes string, i int) string {
		return kind + "-" + hashes[i*hashChars:(i+1)*hashChars]
	}
	// Vocabulary: every surface form, in the shard of the longest key that
	// begins it, decoding to its stem.
	keys := map[string]bool{}
	for _, k := range man.Vocab {
		keys[k] = true
	}
	found := 0
	for i, k := range man.Vocab {
		var v map[string]interface{}
		if err := json.Unmarshal(shards[name("v", man.VocabHash, i)], &v); err != nil {
			t.Fatalf("vocabulary %q: %v", k, err)
		}
		for s, val := range v {
			found++
			if longest := longestKey(keys, s); longest != k {
				t.Errorf("%q is in shard %q, want %q", s, k, longest)
			}
			var stem string
			switch val := val.(type) {
			case float64:
				u := []rune(s) // test data is all in the BMP: one unit per rune
				stem = string(u[:len(u)-int(val)])
			case string:
				stem = val
			}
			if stem != cs.stemOf[s] {
				t.Errorf("%q → %q, want %q", s, stem, cs.stemOf[s])
			}
		}
	}
	if found != len(cs.surfaces) {
		t.Errorf("%d surface forms exported, want %d", found, len(cs.surfaces))
	}
	// Sections are addressed as (document, section); the Go side numbers
	// them in the same order.
	sidOf := map[[2]int]int32{}
	for sid, r := range cs.sections {
		sidOf[[2]int{r.doc, r.sec}] = int32(sid)
	}
	// Postings: every stem in the shard the boundaries point to, decoding to
	// the same sections and impacts.
	stems := 0
	for i := range man.Postings {
		var p map[string][4]json.RawMessage
		if err := json.Unmarshal(shards[name("p", man.PostHash, i)], &p); err != nil {
			t.Fatal(err)
		}
		for stem, entry := range p {
			stems++
			if lessUTF16(stem, man.Postings[i]) || i+1 < len(man.Postings) && !lessUTF16(stem, man.Postings[i+1]) {
				t.Errorf("stem %q outside shard %d", stem, i)
			}
			var df int
			_ = json.Unmarshal(entry[0], &df)
			want := cs.postings[stem]
			if df != len(want) {
				t.Errorf("%q: df %d, want %d", stem, df, len(want))
			}
			got := map[int32]*posting{}
			for f := 0; f < numScored; f++ {
				var enc string
				_ = json.Unmarshal(entry[f+1], &enc)
				for ds, q := range decodePostingString(t, enc) {
					sid, ok := sidOf[ds]
					if !ok {
						t.Fatalf("%q: no section %v", stem, ds)
					}
					if got[sid] == nil {
						got[sid] = &posting{sid: sid}
					}
					got[sid].q[f] = q
				}
			}
			for _, p := range want {
				if g := got[p.sid]; g == nil || g.q != p.q {
					t.Errorf("%q section %d: %v, want %v", stem, p.sid, g, p.q)
				}
			}
		}
	}
	if stems != len(cs.postings) {
		t.Errorf("%d stems exported, want %d", stems, len(cs.postings))
	}
	// Section shards: one per document, one record per section, in order.
	if len(man.Docs) != len(idx.docs)*hashChars {
		t.Fatalf("manifest names %d section shards for %d documents", len(man.Docs)/hashChars, len(idx.docs))
	}
	counts := decodeVarints(t, man.Secs)
	n := 0
	for i, d := range idx.docs {
		var shard []json.RawMessage
		if err := json.Unmarshal(shards[name("m", man.Docs, i)], &shard); err != nil || len(shard) < 4 {
			t.Fatalf("section shard of %s: %v", d.File, err)
		}
		var title, url string
		var recs [][]interface{}
		_ = json.Unmarshal(shard[0], &title)
		_ = json.Unmarshal(shard[1], &url)
		_ = json.Unmarshal(shard[2], &recs)
		var packed string
		_ = json.Unmarshal(shard[3], &packed)
		texts, err := unpackTexts(packed)
		if err != nil || len(texts) != len(d.Sections) {
			t.Errorf("%s: %d texts (%v), want %d", d.File, len(texts), err, len(d.Sections))
			continue
		}
		if title != d.Title || url != d.URL || len(recs) != len(d.Sections) || counts[i] != len(d.Sections) {
			t.Errorf("%s: %q %q, %d sections (manifest %d), want %d", d.File, title, url, len(recs), counts[i], len(d.Sections))
			continue
		}
		for j, r := range recs {
			s := d.Sections[j]
			if r[0] != s.Anchor || r[1] != s.Heading || int(r[2].(float64)) != s.Line {
				t.Errorf("%s section %d: %v", d.File, j, r[:3])
			}
			if want := sectionText(s.Text); texts[j] != want {
				t.Errorf("%s section %d: text %.60q, want %.60q", d.File, j, texts[j], want)
			}
			n++
		}
	}
	if n != len(cs.sections) {
		t.Errorf("%d sections exported, want %d", n, len(cs.sections))
	}
}

// decodeVarints reads a string of appendVarint numbers.
func decodeVarints(t *testing.T, s string) []int {
	var out []int
	for i := 0; i < len(s); {
		n, k, err := readVarint([]byte(s[i:]))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
		i += k
	}
	return out
}

// decodePostingString is search.js's decodePostings for one field: the
// (document, section) pairs and their impacts.
func decodePostingString(t *testing.T, s string) map[[2]int]uint8 {
	out := map[[2]int]uint8{}
	doc := 0
	b := []byte(s)
	for i := 0; i < len(b); {
		d, n, err := readVarint(b[i:])
		if err != nil {
			t.Fatal(err)
		}
		sec, m, err := readVarint(b[i+n:])
		if err != nil {
			t.Fatal(err)
		}
		doc += d
		i += n + m
		out[[2]int{doc, sec}] = uint8(strings.IndexByte(postingAlphabet, b[i]))
		i++
	}
	return out
}

func longestKey(keys map[string]bool, s string) string {
	r := []rune(s)
	for n := min(len(r), maxVocabKeyRunes); n >= 1; n-- {
		if keys[string(r[:n])] {
			return string(r[:n])
		}
	}
	return ""
}

// parityCase is one query run by Go and by search.js.
type parityCase struct {
	Name       string     `json:"name"`
	Query      string     `json:"query"`      // as typed in the browser
	PrefixLast bool       `json:"prefixLast"` // the last word is still being typed
	Total      int        `json:"total"`      // Go's answer to GoQuery
	Top        []topEntry `json:"top"`
	GoQuery    string     `json:"goQuery"`
	// Corrections are Go's spelling corrections (Query.Spelling), which
	// search.js makes too.
	Corrections []Correction `json:"corrections"`
}

type topEntry struct {
	URL   string  `json:"url"`
	Line  int     `json:"line"`
	Score float64 `json:"score"`
}

var parityQueries = []struct{ name, browser, goQuery string }{
	{"word", "stalking", ""},
	{"stemmed words", "stalked victims", ""},
	{"stop words in between", "breach of the order", ""},
	{"capitals and possessive", "Victims' Court", ""},
	{"required and excluded", "+restraining -interim", ""},
	{"required only", "+harassment +fear", ""},
	{"excluded only", "-stalking", ""},
	{"title field", "title:stalking harassment", ""},
	{"heading field", "heading:breach order", ""},
	{"body field", "body:conduct", ""},
	{"explicit prefix", "restrain*", ""},
	{"wildcard", "harass?ent court*", ""},
	{"glued reference", "4.2.1", ""},
	{"legal reference", "s.2A", ""},
	{"hyphenated", "high-harm", ""},
	{"stop words only", "the of", ""},
	{"unknown required word", "+zzzz stalking", ""},
	{"unknown word", "qqqqq", ""},
	{"base form not in the site", "restrain", ""},
	{"base form not in the site, synthetic", "harass evidence", ""},
	{"prefix while typing", "restrain", "restrain*"},
	{"prefix while typing after words", "breach of ord", "breach of ord*"},
	{"short last word is not a prefix", "breach of", "breach of"},
	{"boost is ignored", "stalking^3 fear", ""},
	{"synthetic vocabulary", "obsessive loitering sentencing", ""},
	{"synthetic prefix", "protect", "protect*"},
	{"inflection not in the site", "stalkings", ""},
	{"inflections not in the site", "harassing fearing", ""},
	{"typo, one edit", "harasment", ""},
	{"typo, a swap", "stlaking victims", ""},
	{"typo, two edits", "restrainnig ordr", ""},
	{"required typo", "+harrasment court", ""},
	{"typo in a field", "title:stalkign", ""},
	{"short word is not corrected", "frea", ""},
	{"citation s.2A", "s.2A", ""},
	{"citation section 2A", "section 2A", ""},
	{"citation s 2A with an Act", "s 2A PHA 1997", ""},
	{"citation with the Act first", "PHA 1997 s.2A", ""},
	{"citation excluded", "stalking -s.2A", ""},
	{"citation in a phrase is a phrase", `"section 2A"`, ""},
}

// citationQueries are how readers cite a section; Go and search.js must
// rewrite them alike (normalizeCitations, search.js citations).
var citationQueries = []string{
	"s.4A", "S.4A", "section 4A", "Section 4A", "sections 4A", "s 4A PHA 1997", "PHA 1997 s.4A", "s4A",
	"ss.4 and 4A", "s. 4A", "s.4A(6)", "s 35(1)(b)", "§4A", "§ 4A", "+s.4A", "-section 2A", "-s 2A",
	"s.4A s.2A", "section", "s", "s.", "sec 4", "sect. 4", "s.4AB", "s.4ABC", "s.4A.", "stalking s 4A",
	`"section 4A"`, `"a \" section 4A"`, `"x" section 4A`, "title:s.4A", "  s   4A  ", "s	4A", "4A s",
	"is 4A", "ss 4", "section four", "s.-4", "s.4A,", "s.2A;",
}

// TestJavaScriptParity runs the same queries through Go and through
// site/search/search.js (with node, over an exported index) and checks that
// both find the same number of sections and the same top 10, with the same
// scores to the last digit. It also checks that search.js tokenizes like Go.
func TestJavaScriptParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	docs := append(testDocs(), syntheticDocs(120)...)
	idx := buildTest(t, docs)
	dir := t.TempDir()
	writeStatic(t, idx, dir)
	var cases []parityCase
	for _, pq := range parityQueries {
		goq := pq.goQuery
		if goq == "" {
			goq = pq.browser
		}
		res := search(t, idx, Query{Text: goq, Spelling: true})
		c := parityCase{Name: pq.name, Query: pq.browser, PrefixLast: pq.goQuery != "", GoQuery: goq, Total: res.Total,
			Corrections: res.Corrections}
		for _, r := range res.Results {
			c.Top = append(c.Top, topEntry{r.URL, r.Line, r.Score})
		}
		cases = append(cases, c)
	}
	// The comparison means something only if the queries find things.
	empty := 0
	for _, c := range cases {
		if c.Total == 0 {
			empty++
			t.Logf("%s: nothing found", c.Name)
		}
	}
	if empty > 5 {
		t.Fatalf("%d parity queries find nothing", empty)
	}
	corrected := 0
	for _, c := range cases {
		if len(c.Corrections) > 0 {
			corrected++
			t.Logf("%s: %v", c.Name, c.Corrections)
		}
	}
	if corrected < 5 {
		t.Fatalf("only %d parity queries have a spelling correction", corrected)
	}
	writeJSON(t, filepath.Join(dir, "cases.json"), cases)
	writeJSON(t, filepath.Join(dir, "tokens.json"), tokenFixture())
	citations := map[string]string{}
	for _, q := range citationQueries {
		citations[q] = normalizeCitations(q)
	}
	writeJSON(t, filepath.Join(dir, "citations.json"), citations)
	runNode(t, node, dir, "")
}

func writeJSON(t testing.TB, path string, v interface{}) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// tokenFixture is what Go's analysis makes of tricky text: the surface forms
// of each token, for search.js's analyze to match.
func tokenFixture() map[string][]string {
	out := map[string][]string{}
	for _, s := range []string{
		"The Council's stalked victims; s.2A, 4.2.1 and e.g. high-harm.",
		"Don't! Note:this 1,000 3;4 10:30 x.y.z 1.a a.1 2A.3 foo_bar a1b2",
		"naïve Café CO-OP O’Brien’s 日本語テキスト #hash @me 50% £5 victims' ab'c a'1 1'2",
		"SECTION 76 of the Serious Crime Act 2015 (coercive control)",
	} {
		seen := map[string]bool{}
		list := []string{}
		analyzeText(s, func(tk token) {
			if !seen[tk.Surface] {
				seen[tk.Surface] = true
				list = append(list, tk.Surface)
			}
		})
		out[s] = list
	}
	return out
}

func runNode(t testing.TB, node, dir, report string) {
	t.Helper()
	runNodeTest(t, node, "testdata/parity.test.js", dir, report)
}

// runNodeTest runs a node test file of testdata over the fixture folder dir,
// with search.js's path and Go's query bounds in its environment.
func runNodeTest(t testing.TB, node, test, dir, report string) {
	t.Helper()
	script, err := filepath.Abs("../../site/search/search.js")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "--test", test)
	cmd.Env = append(os.Environ(),
		"CONCORD_SEARCH_FIXTURE="+dir,
		"CONCORD_SEARCH_JS="+script,
		"CONCORD_SEARCH_REPORT="+report,
		fmt.Sprintf("CONCORD_MAX_QUERY_BYTES=%d", MaxQueryBytes),
		fmt.Sprintf("CONCORD_MAX_CLAUSES=%d", maxClauses))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("node --test: %v\n%s", err, out.String())
	}
	if testing.Verbose() {
		t.Logf("%s", out.String())
	}
}

// TestSpellingListsOfASmallSite: a site with no word of some lengths has
// empty spelling lists, which are one file, named once.
func TestSpellingListsOfASmallSite(t *testing.T) {
	files, err := StaticFiles([]Doc{{File: "a.md", Title: "A", URL: "a/", Sections: []Section{{Line: 1, Text: "Stalking harms."}}}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	lists := 0
	for _, f := range files {
		if seen[f.Path] {
			t.Errorf("%s twice", f.Path)
		}
		seen[f.Path] = true
		if strings.HasPrefix(f.Path, "search/i/w-") {
			lists++
		}
	}
	if lists != 3 { // "harms", "stalking", and the empty list
		t.Errorf("%d spelling list files, want 3", lists)
	}
}
