package rules

import (
	"slices"
	"testing"
	"unsafe"

	"github.com/concord-guidance/concord/internal/testload"
)

// TestStandInAnchors holds standInFor to keeping a document's paths,
// front matter and heading anchors, the anchors in strings that share no
// memory with the parse's.
func TestStandInAnchors(t *testing.T) {
	for _, text := range []string{
		"No headings.\n",
		"---\ntitle: Stalking\n---\n# Stalking\n\n## Breach of a Restraining Order\n\n### Ünïcödé — “quotes”\n\n## \n\n#### Same\n\n#### Same\n",
	} {
		d := testload.Doc(t, "a.md", text)
		s := standInFor(d)
		if s.Rel != d.Rel || s.Path != d.Path || s.Slug != d.Slug || s.Front.Title != d.Front.Title || !s.Slimmed {
			t.Errorf("%q: stand-in %+v of %+v", text, s, d)
		}
		if got, want := docAnchors(s), docAnchors(d); !slices.Equal(got, want) {
			t.Errorf("%q: stand-in anchors %q, document's %q", text, got, want)
		}
		for i, h := range s.Headings {
			a, o := h.Anchor, d.Headings[i].Anchor
			if len(a) == 0 {
				continue
			}
			pa, po := uintptr(unsafe.Pointer(unsafe.StringData(a))), uintptr(unsafe.Pointer(unsafe.StringData(o)))
			if pa < po+uintptr(len(o)) && po < pa+uintptr(len(a)) {
				t.Errorf("%q: anchor %q shares memory with the parse's", text, a)
			}
		}
	}
}
