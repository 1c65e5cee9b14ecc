package wording

import (
	"slices"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"a course of conduct that amounts to harassment", "a course of conduct that causes fear", "a course of conduct that [-amounts to harassment-] {+causes fear+}"},
		{"Stalking is a course of conduct", "stalking is a course of conduct", "stalking is a course of conduct"},
		{"", "new words", "{+new words+}"},
		{"old words", "", "[-old words-]"},
	}
	for _, c := range cases {
		if got := Plain(Diff(c.a, c.b)); got != c.want {
			t.Errorf("Diff(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

func TestDiffUnits(t *testing.T) {
	ops := Diff("a course of conduct that amounts to harassment of another person,", "a course of conduct amounting to harassment, involving acts")
	var got []string
	for _, o := range ops {
		got = append(got, o.Op+":"+strings.TrimSpace(o.Text))
	}
	want := []string{"equal:a course of conduct", "delete:that", "equal:amounting to harassment", "delete:of another person", "equal:,", "insert:involving acts"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	// Equal and inserted runs rebuild the actual text.
	var b strings.Builder
	for _, o := range ops {
		if o.Op != "delete" {
			b.WriteString(o.Text)
		}
	}
	if b.String() != "a course of conduct amounting to harassment, involving acts" {
		t.Errorf("rebuilt %q", b.String())
	}
}
