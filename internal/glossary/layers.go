package glossary

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"

	"github.com/concord-guidance/concord/internal/source"
)

// Layer is one folder of term files in a layered glossary: the built-in
// glossary, say, under a project's own.
type Layer struct {
	FS fs.FS
	// Dir is the folder within FS; Display prefixes file names in messages.
	Dir, Display string
	// Name is what messages call the layer ("the built-in glossary");
	// empty means Display.
	Name string
	// MayBeEmpty lets the folder hold no term files: a project's own layer
	// over the built-in glossary, before the team has added a term.
	MayBeEmpty bool
}

func (l Layer) name() string {
	if l.Name != "" {
		return l.Name
	}
	return l.Display
}

// LoadLayers loads a glossary made of layers, first to last. Each later
// layer adds its terms to those before it. A term whose id an earlier layer
// already holds replaces that term only when it says so (overrides: true);
// without it the clash is an error at the later term's id, since a team
// that did not know the built-in glossary had the id would otherwise
// silently lose the built-in definition. overrides: true with nothing to
// override is an error too: the earlier term was renamed or removed, and the
// file now adds a term rather than replacing one. The result is validated
// as one glossary, so a project term may relate to a built-in one, and a
// wording claimed by two terms is reported at the later layer's file.
func LoadLayers(layers []Layer) (*Glossary, error) {
	hash := sha256.New()
	var errs source.Errors
	var terms []*Term
	at := map[string]int{}      // id -> index in terms
	layerOf := map[string]int{} // id -> layer index
	for li, l := range layers {
		if li > 0 {
			// A separator, so moving a file between layers changes the
			// version; the first layer hashes as a plain folder always did.
			fmt.Fprintf(hash, "\x01%s\x00", l.Display)
		}
		lt, lerrs := readLayer(l, hash)
		errs = append(errs, lerrs...)
		for _, t := range lt {
			i, earlier := at[t.ID]
			switch {
			case t.ID == "":
				terms = append(terms, t)
			case earlier && layerOf[t.ID] == li:
				// Two files of one layer (x.yaml and x.yml): validate
				// reports the duplicate.
				terms = append(terms, t)
			case earlier && !t.Overrides:
				prev := terms[i]
				errs = append(errs, &source.Error{Pos: t.Pos, Key: "id", Msg: fmt.Sprintf("%q is already a term of %s, at %s", t.ID, layers[layerOf[t.ID]].name(), prev.Pos), Hint: "add \"overrides: true\" to replace it, or choose another id"})
			case earlier:
				// Drop the replaced term and add this one in its own
				// layer's place, so later checks point at this file.
				terms[i] = nil
				at[t.ID], layerOf[t.ID] = len(terms), li
				terms = append(terms, t)
			case t.Overrides:
				msg, hint := fmt.Sprintf("nothing to override: no earlier glossary layer has a term %q", t.ID), "remove overrides:, or check the id against 'concord glossary list'"
				switch {
				case len(layers) == 1:
					msg, hint = "nothing to override: the glossary is not layered over another", "remove overrides:, or layer it over the built-in glossary with glossary: [builtin, "+l.Display+"] in concord.yaml"
				case li == 0:
					msg = fmt.Sprintf("nothing to override: %s is the first glossary layer", l.name())
				}
				errs = append(errs, &source.Error{Pos: t.KeyPos("overrides"), Key: "overrides", Msg: msg, Hint: hint})
				terms = append(terms, t)
			default:
				at[t.ID], layerOf[t.ID] = len(terms), li
				terms = append(terms, t)
			}
		}
	}
	kept := terms[:0]
	for _, t := range terms {
		if t != nil {
			kept = append(kept, t)
		}
	}
	g := &Glossary{Terms: kept, byID: map[string]*Term{}, Version: hex.EncodeToString(hash.Sum(nil))[:16]}
	errs = append(errs, g.validate()...)
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	sort.Slice(g.Terms, func(i, j int) bool { return g.Terms[i].ID < g.Terms[j].ID })
	g.Matcher = NewMatcher(g)
	return g, nil
}
