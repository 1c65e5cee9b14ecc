package search

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
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
	// On disk too, and exporting again over an old build replaces it.
	dirA, dirB := t.TempDir(), t.TempDir()
	if err := Export(a, dirA); err != nil {
		t.Fatal(err)
	}
	if err := Export(b, dirB); err != nil {
		t.Fatal(err)
	}
	if ta, tb := readTree(t, dirA), readTree(t, dirB); !reflect.DeepEqual(ta, tb) {
		t.Fatal("exported trees differ")
	}
	c := buildTest(t, testDocs())
	if err := Export(c, dirA); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dirA, "search"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	fc, _ := Files(c)
	want := []string{BuildID(fc), "current.js", "search.js"}
	sort.Strings(want)
	if !reflect.DeepEqual(names, want) {
		t.Errorf("after a second export: %v, want %v", names, want)
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
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
		shards[name] = data
	}
	var man struct {
		Build    string
		Sections int
		Vocab    []string
		Postings []string
		Meta     []int
		Lengths  [3]int64
	}
	if err := json.Unmarshal(shards["manifest"], &man); err != nil {
		t.Fatal(err)
	}
	cs := idx.stats
	if man.Sections != len(cs.sections) || man.Lengths != cs.total || man.Build != BuildID(files) {
		t.Errorf("manifest %+v", man)
	}
	// Vocabulary: every surface form, in the shard of the longest key that
	// begins it, decoding to its stem.
	keys := map[string]bool{}
	for _, k := range man.Vocab {
		keys[k] = true
	}
	found := 0
	for _, k := range man.Vocab {
		var v map[string]interface{}
		name := "v-" + hexString(k)
		if err := json.Unmarshal(shards[name], &v); err != nil {
			t.Fatalf("%s: %v", name, err)
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
	// Postings: every stem in the shard the boundaries point to, decoding to
	// the same section ids, term frequencies and lengths.
	stems := 0
	for i := range man.Postings {
		var p map[string][4]json.RawMessage
		if err := json.Unmarshal(shards["p-"+strconv.Itoa(i)], &p); err != nil {
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
				for sid, q := range decodePostingString(t, enc) {
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
	// Section shards: one record per section, in order.
	n := 0
	for i, first := range man.Meta {
		var shard struct {
			D [][2]string
			S [][]interface{}
		}
		if err := json.Unmarshal(shards["m-"+strconv.Itoa(i)], &shard); err != nil {
			t.Fatal(err)
		}
		if first != n {
			t.Errorf("meta shard %d starts at %d, want %d", i, first, n)
		}
		if len(shard.S) > metaShardSections {
			t.Errorf("meta shard %d holds %d sections", i, len(shard.S))
		}
		for _, r := range shard.S {
			ref := cs.sections[n]
			d := idx.docs[ref.doc]
			s := d.Sections[ref.sec]
			doc := shard.D[int(r[0].(float64))]
			if doc != [2]string{d.Title, d.URL} || r[1] != s.Anchor || r[2] != s.Heading || int(r[3].(float64)) != s.Line {
				t.Errorf("section %d: %v %v", n, doc, r[:4])
			}
			n++
		}
	}
	if n != len(cs.sections) {
		t.Errorf("%d sections exported, want %d", n, len(cs.sections))
	}
}

// decodePostingString is search.js's decodePostings for one field.
func decodePostingString(t *testing.T, s string) map[int32]uint8 {
	out := map[int32]uint8{}
	sid := int32(0)
	for i := 0; i < len(s); {
		delta, mult := 0, 1
		for {
			c := strings.IndexByte(postingAlphabet, s[i])
			i++
			if c < 32 {
				delta += c * mult
				break
			}
			delta += (c - 32) * mult
			mult *= 32
		}
		sid += int32(delta)
		out[sid] = uint8(strings.IndexByte(postingAlphabet, s[i]))
		i++
	}
	return out
}

func hexString(s string) string {
	const digits = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(digits[s[i]>>4])
		b.WriteByte(digits[s[i]&15])
	}
	return b.String()
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
	if err := Export(idx, dir); err != nil {
		t.Fatal(err)
	}
	var cases []parityCase
	for _, pq := range parityQueries {
		goq := pq.goQuery
		if goq == "" {
			goq = pq.browser
		}
		res := search(t, idx, Query{Text: goq})
		c := parityCase{Name: pq.name, Query: pq.browser, PrefixLast: pq.goQuery != "", GoQuery: goq, Total: res.Total}
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
	if empty > 3 {
		t.Fatalf("%d parity queries find nothing", empty)
	}
	writeJSON(t, filepath.Join(dir, "cases.json"), cases)
	writeJSON(t, filepath.Join(dir, "tokens.json"), tokenFixture())
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
	script, err := filepath.Abs("../../site/search/search.js")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "--test", "testdata/parity.test.js")
	cmd.Env = append(os.Environ(),
		"CONCORD_SEARCH_FIXTURE="+dir,
		"CONCORD_SEARCH_JS="+script,
		"CONCORD_SEARCH_REPORT="+report)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("node --test: %v\n%s", err, out.String())
	}
	if testing.Verbose() {
		t.Logf("%s", out.String())
	}
}
