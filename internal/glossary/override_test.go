package glossary

import "testing"

// TestMarkOverride: overrides: true goes after the id line, every comment
// and line kept; a file that says overrides: already is left as it is.
func TestMarkOverride(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"# note\nid: stalking\nterm: stalking\n", "# note\nid: stalking\noverrides: true\nterm: stalking\n"},
		{"id: stalking\noverrides: false\n", "id: stalking\noverrides: false\n"},
		{"term: no id\n", "term: no id\noverrides: true\n"},
	} {
		if got := string(MarkOverride([]byte(c.in))); got != c.want {
			t.Errorf("MarkOverride(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
