package corpus

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/concord-guidance/concord/internal/source"
)

// parseErr parses text as doc.md and returns the document and its error.
func parseErr(t *testing.T, text string) (*Document, error) {
	t.Helper()
	f, err := source.New("doc.md", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(f, "doc.md")
}

func positioned(t *testing.T, err error) *source.Error {
	t.Helper()
	var se *source.Error
	if !errors.As(err, &se) {
		t.Fatalf("want a positioned error, got %v", err)
	}
	return se
}

// heapAfterGC is the live heap once the collector has run.
func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// Attack 7 of issue 17: "*a_ " repeated makes goldmark's emphasis matching
// quadratic. Just below the old 64 KB background-parse size, 100 such files
// took 160 s with no message; above it, the parse was abandoned at the
// timeout but kept running and kept its memory. Now a budget of matching
// steps, a count, refuses the paragraph at a position, and the parse has
// stopped by the time Parse returns.
func TestEmphasisRunsStopAtTheStepBudget(t *testing.T) {
	for _, size := range []int{63 << 10, 256 << 10} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			text := "Intro.\n\n" + strings.Repeat("*a_ ", size/4) + "\n"
			goroutines, heap := runtime.NumGoroutine(), heapAfterGC()
			_, err := parseErr(t, text)
			se := positioned(t, err)
			if !strings.Contains(se.Msg, "too many unmatched emphasis markers") || se.Pos.Line != 3 || se.Pos.Column < 2 {
				t.Errorf("got %s: %s, want the emphasis budget at a column of line 3", se.Pos, se.Msg)
			}
			if n := runtime.NumGoroutine(); n > goroutines {
				t.Errorf("%d goroutines after the parse, %d before: the parse is still running", n, goroutines)
			}
			// Nothing of the parse is kept: the heap is back within a few
			// times the input of where it was.
			if grew := int64(heapAfterGC()) - int64(heap); grew > int64(8*len(text))+4<<20 {
				t.Errorf("heap grew by %d bytes over a %d-byte input after the parse", grew, len(text))
			}
		})
	}
}

// The clock is a safe point too: when ParseTimeout passes, goldmark stops at
// the next paragraph or delimiter, in the caller's goroutine, rather than
// being abandoned to run on in the background.
func TestParseTimeoutStopsTheParse(t *testing.T) {
	old := ParseTimeout
	ParseTimeout = time.Nanosecond
	t.Cleanup(func() { ParseTimeout = old })
	text := "Intro.\n\n" + strings.Repeat("*a_ ", 100<<10/4) + "\n"
	goroutines := runtime.NumGoroutine()
	_, err := parseErr(t, text)
	se := positioned(t, err)
	if !strings.Contains(se.Msg, "took longer than 1ns to parse; stopped here") || se.Pos.Line == 0 {
		t.Errorf("got %s: %s", se.Pos, se.Msg)
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		t.Errorf("%d goroutines after the parse, %d before: the parse is still running", n, goroutines)
	}
}

// Ordinary emphasis costs a handful of steps, far inside the budget.
func TestEmphasisWithinBudget(t *testing.T) {
	text := strings.Repeat("Some *emphasis*, some _more_ and ~~struck~~ text, a * b and c_d.\n\n", 5000)
	if _, err := parseErr(t, text); err != nil {
		t.Fatal(err)
	}
}

// Attack 14 of issue 17: headings "Law", "Law" and "Law 1" gave two
// id="law-1". Anchors are unique on a page by construction.
func TestAnchorsUniquePerPage(t *testing.T) {
	d := parse(t, "# Law\n\n## Law\n\n## Law 1\n\n## Law\n\n## Law 1\n\n## Law-1-1\n")
	var got []string
	for _, h := range d.Headings {
		got = append(got, h.Anchor)
	}
	want := []string{"law", "law-1", "law-1-1", "law-2", "law-1-2", "law-1-1-1"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("anchors %q, want %q", got, want)
	}
}

// Attack 16 of issue 17: a 421-character summary line was blanked to spaces
// for goldmark and then counted as indentation: "nest 215 levels deep", and
// the document dropped.
func TestLongFrontMatterLineIsNotNesting(t *testing.T) {
	summary := strings.Repeat("word ", 84) + "x"
	for _, text := range []string{
		"---\ntitle: T\nsummary: " + summary + "\n---\n\nBody.\n",
		"---\ntitle: T\nsummary: " + summary + "\nrelated: [a, b]\nextra:\n  nested: {a: 1}\n---\n\nBody.\n",
		"Body.\n" + strings.Repeat(" ", 500) + "\n\nMore.\n", // a blank line of spaces opens nothing
	} {
		d, err := parseErr(t, text)
		if err != nil {
			t.Fatalf("%.60q: %v", text, err)
		}
		if strings.HasPrefix(text, "---") && d.Front.Summary != summary {
			t.Errorf("summary %q", d.Front.Summary)
		}
	}
}

// Attack 18 (last part) of issue 17: 20,000 closed links on one line were
// refused as "unfinished link destinations": the estimate read each
// destination to the next space, where goldmark stops at the closing ")".
func TestClosedLinksOnOneLine(t *testing.T) {
	for _, link := range []string{"[a](b)", "[a](b(c))", "[a](<b c>)", `[a](b\)c)`} {
		d, err := parseErr(t, "Links: "+strings.Repeat(link, 20000)+"\n")
		if err != nil {
			t.Fatalf("%s: %v", link, err)
		}
		if len(d.Links) != 20000 {
			t.Errorf("%s: %d links, want 20000", link, len(d.Links))
		}
	}
	// Unclosed ones are still refused, at the "](" where the budget runs out.
	_, err := parseErr(t, "Intro.\n\n"+strings.Repeat("[a](", 1<<18)+"\n")
	if se := positioned(t, err); !strings.Contains(se.Msg, "unfinished link destinations") || se.Pos.Line != 3 {
		t.Errorf("got %s: %s", se.Pos, se.Msg)
	}
}

// Attack 8 of issue 17 (front matter): 200,000 keys took 40 s, each compared
// with every earlier one. The hand decoder takes at most a dozen keys; more
// go to yaml.v3, whose keys are checked with a map.
func TestManyFrontMatterKeys(t *testing.T) {
	keys := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "k%d: v\n", i)
		}
		return b.String()
	}
	if _, ok := fastFrontMatter([]byte(keys(12))); !ok {
		t.Error("twelve keys: the hand decoder declined")
	}
	if _, ok := fastFrontMatter([]byte(keys(13))); ok {
		t.Error("thirteen keys: the hand decoder took them; its duplicate check is a linear scan a key")
	}
	const n = 50000
	_, err := parseErr(t, "---\n"+keys(n)+"k7: again\n---\n\nBody.\n")
	if se := positioned(t, err); se.Pos.Line != n+2 || se.Key != "k7" || se.Msg != "key appears twice" {
		t.Errorf("got %s: %s %s, want line %d", se.Pos, se.Key, se.Msg, n+2)
	}
}
