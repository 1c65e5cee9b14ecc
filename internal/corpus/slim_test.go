package corpus

import (
	"testing"
	"unsafe"
)

// TestSlimHeadings holds Document.Slim to keeping every heading's level,
// text, anchor and offset, in strings that share no memory with the
// parse's (the block text and the source it slices).
func TestSlimHeadings(t *testing.T) {
	for _, text := range []string{
		"",
		"No headings here.\n",
		"# One\n\nText.\n",
		"---\ntitle: T\n---\n# Stalking\n\n## Breach of a Restraining Order\n\nText.\n\n### Ünïcödé — “quotes”\n\n## \n\n#### Same\n\n#### Same\n",
	} {
		d := parse(t, text)
		type heading struct {
			level        int
			text, anchor string
			start        int
		}
		var want []heading
		var old []string
		for _, h := range d.Headings {
			want = append(want, heading{h.Level, h.Text, h.Anchor, h.Start})
			old = append(old, h.Text, h.Anchor)
		}
		d.Slim(nil)
		if len(d.Headings) != len(want) {
			t.Fatalf("%q: %d headings after Slim, %d before", text, len(d.Headings), len(want))
		}
		for i, h := range d.Headings {
			if got := (heading{h.Level, h.Text, h.Anchor, h.Start}); got != want[i] {
				t.Errorf("%q: heading %d is %+v after Slim, %+v before", text, i, got, want[i])
			}
			for _, s := range []string{h.Text, h.Anchor} {
				for _, o := range old {
					if len(s) > 0 && len(o) > 0 && overlaps(s, o) {
						t.Errorf("%q: heading %d's %q shares memory with the parse's %q", text, i, s, o)
					}
				}
			}
		}
	}
}

func overlaps(a, b string) bool {
	pa, pb := uintptr(unsafe.Pointer(unsafe.StringData(a))), uintptr(unsafe.Pointer(unsafe.StringData(b)))
	return pa < pb+uintptr(len(b)) && pb < pa+uintptr(len(a))
}
