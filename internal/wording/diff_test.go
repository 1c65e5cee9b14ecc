package wording

import "testing"

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
