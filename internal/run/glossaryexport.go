package run

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/concord-guidance/concord/internal/atomicfile"

	"github.com/concord-guidance/concord/internal/config"
	"github.com/concord-guidance/concord/internal/glossary"
)

// ExportOptions says how ExportTerms writes.
type ExportOptions struct {
	// Overrides marks each file overrides: true, for a layer over the
	// built-in glossary.
	Overrides bool
	// Force overwrites files that differ.
	Force bool
}

// Exported is what ExportTerms wrote into its folder, by name: each term's
// file, then schema.json.
type Exported struct {
	Files []string
}

// Terms is how many term files were written.
func (e *Exported) Terms() int { return len(e.Files) - 1 }

// BuiltinGlossary is the glossary built into concord, to export from.
func BuiltinGlossary() (*glossary.Glossary, error) {
	builtin := BuiltinLayer()
	return glossary.Load(builtin.FS, ".", builtin.Display)
}

// LayeredOverBuiltin reports whether the project's concord.yaml makes dir
// a folder layer after the built-in glossary, where a copy of a built-in
// term without overrides: true would clash with the term it copies. A
// configuration that does not load says no: an export does not need it.
func (a *Runner) LayeredOverBuiltin(dir string) bool {
	cfg, err := a.LoadConfig()
	return err == nil && layeredOver(cfg, dir)
}

// ExportTerms writes the built-in glossary's files of terms, as they are
// built in (comments and all), and its schema.json into dir. It checks
// before it writes: without o.Force, a file that exists and holds anything
// but what would be written is a *Refused, and nothing is written. A file
// that already holds exactly that (the schema concord init wrote) is no
// loss to rewrite.
func ExportTerms(dir string, terms []*glossary.Term, o ExportOptions) (*Exported, error) {
	builtin := BuiltinLayer()
	files := map[string][]byte{}
	var order []string
	for _, t := range terms {
		name := filepath.Base(t.File)
		if _, dup := files[name]; dup {
			continue
		}
		data, err := fs.ReadFile(builtin.FS, name)
		if err != nil {
			return nil, err
		}
		if o.Overrides {
			data = glossary.MarkOverride(data)
		}
		files[name] = data
		order = append(order, name)
	}
	schema, err := fs.ReadFile(builtin.FS, "schema.json")
	if err != nil {
		return nil, err
	}
	files["schema.json"] = schema
	order = append(order, "schema.json")
	if !o.Force {
		var there []string
		for _, n := range order {
			p := filepath.Join(dir, n)
			if _, err := os.Lstat(p); err != nil {
				continue
			}
			if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, files[n]) {
				continue
			}
			there = append(there, p)
		}
		if len(there) > 0 {
			return nil, &Refused{Paths: there}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	res := &Exported{}
	for _, n := range order {
		if err := atomicfile.Write(filepath.Join(dir, n), files[n]); err != nil {
			return res, err
		}
		res.Files = append(res.Files, n)
	}
	return res, nil
}

// layeredOver reports whether dir is a folder layer that comes after the
// built-in glossary in cfg.
func layeredOver(cfg *config.Config, dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	seenBuiltin := false
	for _, l := range cfg.GlossaryLayers {
		if l == config.Builtin {
			seenBuiltin = true
			continue
		}
		if la, err := filepath.Abs(l); err == nil && la == abs && seenBuiltin {
			return true
		}
	}
	return false
}
