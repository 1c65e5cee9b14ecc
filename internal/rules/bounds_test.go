package rules

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// variantsDoc is one file of n paragraphs each saying "Stalking means" with
// words of its own, so every one is a different description of the term.
func variantsDoc(n int) string {
	var b strings.Builder
	for i := range n {
		w := nonce(i)
		fmt.Fprintf(&b, "Stalking means %sa %sbe and %sco towards %sdu.\n\n", w, w, w, w)
	}
	return b.String()
}

// nonce spells i in letters, a stem no two paragraphs share.
func nonce(i int) string {
	s := []byte{'z'}
	for ; i > 0 || len(s) == 1; i /= 26 {
		s = append(s, byte('a'+i%26))
	}
	return string(s)
}

// Attack 6 of issue 17: each finding about one of n different descriptions
// listed every other one, so output and memory grew with n squared (2,000
// paragraphs gave 324 MB of output). A finding now names and relates a
// bounded number of the others and counts the rest.
func TestManyVariantsOutputIsLinear(t *testing.T) {
	size := func(n int) (findings, bytes int) {
		fs := runWith(t, "inconsistent-description", nil, variantsDoc(n))
		for _, f := range fs {
			if len(f.Related) > maxRelated {
				t.Fatalf("n=%d: a finding relates %d places, more than %d", n, len(f.Related), maxRelated)
			}
			if !strings.Contains(f.Message, " more") {
				t.Errorf("n=%d: message does not count the variants it leaves out: %.300s", n, f.Message)
				break
			}
		}
		out, err := json.Marshal(fs)
		if err != nil {
			t.Fatal(err)
		}
		return len(fs), len(out)
	}
	f1, b1 := size(100)
	f2, b2 := size(200)
	if f1 < 90 || f2 < 190 {
		t.Fatalf("want a finding for nearly every description: %d of 100, %d of 200", f1, f2)
	}
	t.Logf("100 descriptions: %d findings, %d bytes of JSON; 200: %d findings, %d bytes", f1, b1, f2, b2)
	if float64(b2) > 2.2*float64(b1) {
		t.Errorf("doubling the descriptions multiplied the output by %.2f (%d -> %d bytes); want at most 2.2", float64(b2)/float64(b1), b1, b2)
	}
}
