package benchgen

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
)

// WriteValeStyle writes a Vale style named Concord into stylesDir that does
// what concord's deprecated-term rule does with the glossary's deprecated
// wording, so that the two can be timed on the same work:
//
//   - Concord/Deprecated.yml, a substitution rule for every deprecated phrase
//     whose replacement is a plain term (Vale suggests it, as concord does);
//   - Concord/Ambiguous.yml, an existence rule for phrases whose replacement
//     is advice rather than a term ("Stalking Protection Order or restraining
//     order, whichever is meant"), which Vale cannot offer as a swap.
//
// Both match case-insensitively, across hyphens and with a plural, and skip
// the glossary's longer exceptions ("Independent Domestic Violence
// Adviser"), mirroring concord's matching as far as Vale's rule kinds allow.
// It returns the number of phrases written.
func WriteValeStyle(gfs fs.FS, stylesDir string) (int, error) {
	g, err := glossary.Load(gfs, ".", "glossary")
	if err != nil {
		return 0, fmt.Errorf("load glossary: %w", err)
	}
	type entry struct {
		pattern, replacement string
	}
	var swaps, exist []entry
	var exceptions []string
	for _, t := range g.Terms {
		for _, d := range t.Deprecated {
			e := entry{phrasePattern(d.Phrase), d.Replacement}
			if plainReplacement(d.Replacement) {
				swaps = append(swaps, e)
			} else {
				exist = append(exist, e)
			}
			exceptions = append(exceptions, d.Except...)
		}
	}
	sort.Slice(swaps, func(i, j int) bool { return swaps[i].pattern < swaps[j].pattern })
	sort.Slice(exist, func(i, j int) bool { return exist[i].pattern < exist[j].pattern })
	sort.Strings(exceptions)
	dir := filepath.Join(stylesDir, "Concord")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	var exc strings.Builder
	if len(exceptions) > 0 {
		exc.WriteString("exceptions:\n")
		for _, e := range exceptions {
			fmt.Fprintf(&exc, "  - %s\n", yamlString(e))
		}
	}
	var sub strings.Builder
	sub.WriteString("# Written by " + Version + " from the glossary's deprecated wording.\n")
	sub.WriteString("extends: substitution\nmessage: \"Use '%s' instead of '%s' (glossary: deprecated wording).\"\nlevel: error\nignorecase: true\n")
	sub.WriteString(exc.String())
	sub.WriteString("swap:\n")
	for _, e := range swaps {
		fmt.Fprintf(&sub, "  %s: %s\n", yamlString(e.pattern), yamlString(e.replacement))
	}
	if err := os.WriteFile(filepath.Join(dir, "Deprecated.yml"), []byte(sub.String()), 0o644); err != nil {
		return 0, err
	}
	var ex strings.Builder
	ex.WriteString("# Written by " + Version + " from the glossary's deprecated wording.\n")
	ex.WriteString("extends: existence\nmessage: \"'%s' is deprecated in the glossary; say which term is meant.\"\nlevel: error\nignorecase: true\n")
	ex.WriteString(exc.String())
	ex.WriteString("tokens:\n")
	for _, e := range exist {
		fmt.Fprintf(&ex, "  - %s\n", yamlString(e.pattern))
	}
	if len(exist) == 0 {
		ex.WriteString("  - \"concord-never-matches-this-token\"\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "Ambiguous.yml"), []byte(ex.String()), 0o644); err != nil {
		return 0, err
	}
	return len(swaps) + len(exist), nil
}

// phrasePattern turns "stalking prevention order" into a regular expression
// that also matches "Stalking-Prevention Orders".
func phrasePattern(phrase string) string {
	ws := strings.Fields(phrase)
	for i, w := range ws {
		ws[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(ws, `[\s-]+`) + `s?`
}

// plainReplacement is true for a replacement that is a term, not advice.
func plainReplacement(r string) bool {
	return r != "" && !strings.ContainsAny(r, ",;:") && !strings.Contains(r, " or ") && len(strings.Fields(r)) <= 6
}
