package legal

import (
	"io/fs"
	"testing"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/glossary"
)

// A penalty's note cites the provisions it applies to, and a sentence that
// cites one of them narrows the term's maxima to those in scope. A note of a
// past maximum that cited a provision no current maximum's note cites would
// narrow a sentence citing it to the past maximum alone, and today's figure
// would be reported as wrong: every provision a past maximum's note cites
// must be cited by a current maximum's note of the same mode, or by none.
func TestPastMaximaNeverNarrowAlone(t *testing.T) {
	sub, _ := fs.Sub(concord.Glossary, "glossary")
	g, err := glossary.Load(sub, ".", "glossary")
	if err != nil {
		t.Fatal(err)
	}
	ix := IndexFor(g)
	for _, term := range g.Terms {
		for i := range term.Penalty {
			old := &term.Penalty[i]
			if old.Current() {
				continue
			}
			for _, r := range ix.scopes[old] {
				covered := false
				for j := range term.Penalty {
					now := &term.Penalty[j]
					if now.Current() && now.Mode == old.Mode && ix.inScope(now, []Ref{r}) {
						covered = true
					}
				}
				if !covered {
					t.Errorf("%s: the past maximum %q cites %s, which no current %s maximum's note cites", term.ID, old.Maximum, RefLabel(r), old.Mode)
				}
			}
		}
	}
}
