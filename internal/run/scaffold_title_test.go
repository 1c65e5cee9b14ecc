package run

import (
	"path/filepath"
	"testing"
)

// TestProjectTitle: init names the site after the project's folder as a
// person would, and falls back to "Guidance" for names that are not words.
func TestProjectTitle(t *testing.T) {
	base := t.TempDir()
	for _, c := range []struct{ dir, want string }{
		{"dv-guidance", "Dv guidance"},
		{"stalking_guidance", "Stalking guidance"},
		{"Team Guidance", "Team Guidance"},
		{"équipe", "Équipe"},
		{"001", "Guidance"},
		{"a", "Guidance"},
		{"we\"ird", "Guidance"},
		{"x:y", "Guidance"},
	} {
		if got := projectTitle(filepath.Join(base, c.dir)); got != c.want {
			t.Errorf("%q: %q, want %q", c.dir, got, c.want)
		}
	}
}
