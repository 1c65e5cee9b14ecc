package legal

import (
	"strings"

	"github.com/concord-guidance/concord/internal/restate"
)

// Corroborates reports whether a citation with the wrong year cites a
// section that is a glossary source under the Act it resembles, so the year
// is a slip rather than another Act of the same name.
func (ix *Index) Corroborates(rc *Resolved, a *Act) bool {
	for _, s := range rc.Sections {
		if len(ix.Owners(Ref{a, s})) > 0 {
			return true
		}
	}
	return false
}

// TitleConnectors are the small words inside Act titles, which a near miss
// of a title may change without naming another Act: connectors, which the
// citation scanner reads titles with, and "the".
var TitleConnectors = map[string]bool{"of": true, "from": true, "and": true, "for": true, "against": true, "on": true, "in": true, "to": true, "the": true}

// CitesEntryTerm reports whether a citation is a source of the term a
// block's section heading names on its own ("### Stalking" over a gloss
// that ends "(section 2A of the 1997 Act)").
func (ix *Index) CitesEntryTerm(b *restate.BlockFacts, rc *Resolved) bool {
	sec := b.Block.Section
	if sec == nil || sec.Heading == nil || rc.Act == nil {
		return false
	}
	pvs := ix.sourcesByName[strings.ToLower(strings.Trim(strings.TrimSpace(sec.Heading.Text), "*_"))]
	for _, pv := range pvs {
		for _, s := range rc.Sections {
			if pv.Ref.Act == rc.Act && strings.HasPrefix(s, pv.Ref.Section) {
				return true
			}
		}
	}
	return false
}
