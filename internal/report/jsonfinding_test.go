package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
)

// fillAll sets every settable field of the value v points to, recursively,
// to a distinct non-zero value, so that a JSON field appendFinding does not
// know shows up as a difference.
func fillAll(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n%3 + 1))
	case reflect.Float64:
		// A value with a fraction, and one that encoding/json writes whole.
		v.SetFloat([]float64{0.75, 1, 0.125}[*n%3])
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				fillAll(v.Field(i), n)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		fillAll(s.Index(0), n)
		fillAll(s.Index(1), n)
		v.Set(s)
	default:
		panic("fillAll: unhandled kind " + v.Kind().String())
	}
}

func encoderBytes(t *testing.T, f *rules.Finding) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(f); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func TestAppendFindingMatchesEncoder(t *testing.T) {
	check := func(f *rules.Finding) {
		t.Helper()
		want := encoderBytes(t, f)
		if got := appendFinding(nil, f); !bytes.Equal(got, want) {
			t.Fatalf("appendFinding differs from encoding/json\n got %s\nwant %s", got, want)
		}
	}
	// Every field set: a field added to rules.Finding, rules.Location or
	// rules.DiffOp that JSON shows fails here until appendFinding writes it.
	var full rules.Finding
	n := 0
	fillAll(reflect.ValueOf(&full).Elem(), &n)
	check(&full)
	check(&rules.Finding{})
	check(&rules.Finding{Diff: []rules.DiffOp{}, Related: []rules.Location{{}}})

	r := rand.New(rand.NewPCG(3, 4))
	texts := []string{"", "plain", `quote " and \ back`, "<b>&amp;</b>", "line\nbreak\ttab\rcr", "\b\f\x00\x1f\x7f",
		"naïve – “curly” 日本", "\u2028\u2029", "a\u2028b", "bad \xff utf-8", "\xe2\x80", "emoji 🙂", "\ufffd"}
	pick := func() string { return texts[r.IntN(len(texts))] }
	for i := 0; i < 2000; i++ {
		f := &rules.Finding{Rule: pick(), Severity: rules.Severity(r.IntN(5)), File: pick(), Line: r.IntN(1000) - 1, Column: r.IntN(80),
			EndLine: r.IntN(1000), EndColumn: r.IntN(80), Term: pick(), Message: pick(), Suggestion: pick(), Expected: pick(), Actual: pick(),
			Fingerprint: pick(), Context: pick(), Match: pick()}
		for k := r.IntN(3); k > 0; k-- {
			f.Diff = append(f.Diff, rules.DiffOp{Op: pick(), Text: pick()})
		}
		for k := r.IntN(3); k > 0; k-- {
			f.Related = append(f.Related, rules.Location{File: pick(), Line: r.IntN(5), Column: r.IntN(3), Message: pick()})
		}
		check(f)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b", "\u2028", "\xff", "日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		if got, want := appendJSONString(nil, s), bytes.TrimSuffix(b.Bytes(), []byte("\n")); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s want %s", s, got, want)
		}
	})
}
