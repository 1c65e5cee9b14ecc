package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/concord-guidance/concord/internal/benchgen"
)

// staticSearchQueries are queries of every kind concord search takes: the
// browser parity table (words, typos, citations, inflections, +, -, fields,
// prefixes, wildcards), and fuzzy words, regular expressions, stop words
// and queries only the bleve index answers (phrases, other fields).
var staticSearchQueries = append(append([]string(nil), browserParityQueries...),
	"restraining order breach", "the", "the of a", "harasment~1", "stalkng~2", "order~1",
	"/harass.*/", "/[a-c]+ing/", "-stalking", "-stalking -harassment", "+zzzz stalking", "+zzz",
	"xyzzy", "body:bail -conditions", "title:order heading:breach", "*ing", "v*", "re*ing",
	"breach^2 order", "1997", "Harassment HARASSMENT", "stalking-protection-order",
	`"course of conduct"`, `"fear of violence" -bail`, "topic:stalking", "summary:order",
	"file:corpus/stalking.md", "+owner:cps stalking",
	// Not queries: each side must refuse them alike.
	`"unterminated`, "title:", "harassment~9", "/[/", "+", "a:b:c:d",
)

// TestStaticSearchMatchesBleve builds a site, then asks concord search
// each query with the build's static index forced
// (CONCORD_SEARCH_INDEX=static) and with the bleve index forced
// (CONCORD_SEARCH_INDEX=bleve), as text, as JSON and with limits: the
// output, errors and exit codes must be byte for byte the same. A query
// the static index refuses is asked again with the default choice, which
// must fall back to bleve. Most queries must be answered statically, and
// plain words without making a bleve index at all.
func TestStaticSearchMatchesBleve(t *testing.T) {
	if testing.Short() {
		t.Skip("runs concord search 600 times")
	}
	gen := t.TempDir()
	if _, err := benchgen.Generate(gen, benchgen.Options{Docs: 150, Seed: 3, Glossary: os.DirFS("../../glossary")}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, dir string }{{"bundled", bundledCopy(t)}, {"generated", gen}} {
		t.Run(tc.name, func(t *testing.T) {
			age(t, tc.dir, time.Now().Add(-time.Hour))
			if _, stderr, code := runIn(t, tc.dir, "build", "--out", "public"); code != 0 {
				t.Fatalf("build: exit %d: %s", code, stderr)
			}
			// Plain words need no bleve index at all.
			for _, q := range searchQueries {
				if _, stderr, code := runIn(t, tc.dir, "search", q); code != 0 {
					t.Fatalf("search %q: exit %d: %s", q, code, stderr)
				}
			}
			if m, _ := filepath.Glob(filepath.Join(tc.dir, cacheDir, "index-*")); len(m) > 0 {
				t.Fatalf("a search the static index answers made a bleve index: %s", m)
			}
			static := 0
			for _, q := range staticSearchQueries {
				for _, args := range [][]string{
					{"search", "--color", "never", q},
					{"search", "--format", "json", "--limit", "3", q},
					{"search", "--format", "json", "--limit", "-1", q},
				} {
					t.Setenv("CONCORD_SEARCH_INDEX", "bleve")
					wantOut, wantErr, wantCode := runIn(t, tc.dir, args...)
					t.Setenv("CONCORD_SEARCH_INDEX", "static")
					out, stderr, code := runIn(t, tc.dir, args...)
					if strings.Contains(stderr, "CONCORD_SEARCH_INDEX=static") {
						// Refused: the default must fall back to bleve.
						t.Setenv("CONCORD_SEARCH_INDEX", "")
						out, stderr, code = runIn(t, tc.dir, args...)
					} else {
						static++
					}
					if out != wantOut || stderr != wantErr || code != wantCode {
						t.Errorf("%q: exit %d\n%s%s\nwith the bleve index: exit %d\n%s%s", args, code, out, stderr, wantCode, wantOut, wantErr)
					}
				}
			}
			t.Logf("%s: the static index answered %d of %d searches", tc.name, static, 3*len(staticSearchQueries))
			if static < 5*len(staticSearchQueries)/2 {
				t.Errorf("the static index answered only %d of %d searches", static, 3*len(staticSearchQueries))
			}
		})
	}
}
