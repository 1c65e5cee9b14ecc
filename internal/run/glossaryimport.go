package run

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/concord-guidance/concord/internal/atomicfile"

	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/opendata"
	"github.com/concord-guidance/concord/internal/source"
)

// termbaseReaders are the formats glossary import reads, by name.
var termbaseReaders = map[string]func([]byte, string) ([]*glossary.Term, error){
	"tbx":  opendata.ReadTBX,
	"skos": opendata.ReadSKOS, // as JSON-LD
}

// ReadTermbase reads the termbase at path, shown as display, in format
// ("tbx" or "skos") into terms. A file that is no such termbase is an
// *InputError.
func ReadTermbase(format, path, display string) ([]*glossary.Term, error) {
	read := termbaseReaders[format]
	if read == nil {
		return nil, fmt.Errorf("no termbase format %q", format)
	}
	f, err := source.ReadOS(path, display)
	if err != nil {
		return nil, err
	}
	terms, err := read(f.Text, display)
	var re *opendata.ReadError
	if errors.As(err, &re) {
		return nil, &InputError{Err: re}
	}
	return terms, err
}

// Imported is what ImportTerms did, by file name in its folder.
type Imported struct {
	Added, Changed, Same []string
	// LeftAlone is how many terms the folder holds that were not imported.
	LeftAlone int
}

// InvalidImport is a refusal to write imported terms that, with the rest
// of the folder they go to, do not load as a glossary: nothing was
// written, and Err says why.
type InvalidImport struct {
	Err error
}

func (e *InvalidImport) Error() string { return e.Err.Error() }
func (e *InvalidImport) Unwrap() error { return e.Err }

// ImportTerms writes terms to dir, one file each in concord's layout:
// checked first as one glossary with what dir holds (an *InvalidImport if
// they do not load), then each file that is new or changed. A term whose
// file loads to the same term is left alone, byte for byte; a file that
// differs is overwritten only with force, else it is a *Refused and
// nothing is written. schema.json is added beside the files if missing.
func ImportTerms(terms []*glossary.Term, dir string, force bool) (*Imported, error) {
	disp := filepath.ToSlash(dir)
	files := map[string][]byte{}
	// The imported terms are checked with the rest of DIR, which they may
	// relate to; theirs replace the files of the same name.
	check := fstest.MapFS{}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if n := e.Name(); e.Type().IsRegular() && (filepath.Ext(n) == ".yaml" || filepath.Ext(n) == ".yml") {
				if data, err := os.ReadFile(filepath.Join(dir, n)); err == nil {
					check[n] = &fstest.MapFile{Data: withoutOverrides(data)}
				}
			}
		}
	}
	for _, t := range terms {
		data, err := opendata.YAML(t)
		if err != nil {
			return nil, err
		}
		name := t.ID + ".yaml"
		files[name] = data
		// Checked alone, a term that overrides a built-in one has
		// nothing to override; it is checked as a term like any other.
		c := *t
		c.Overrides = false
		cdata, err := opendata.YAML(&c)
		if err != nil {
			return nil, err
		}
		check[name] = &fstest.MapFile{Data: cdata}
	}
	if _, err := glossary.Load(check, ".", disp); err != nil {
		return nil, &InvalidImport{Err: err}
	}
	// What DIR holds now, term by term, to leave alone what would not
	// change. A folder that does not load is compared byte for byte.
	var have map[string]string
	if g, err := glossary.Load(os.DirFS(dir), ".", disp); err == nil {
		have = map[string]string{}
		for _, t := range g.Terms {
			have[filepath.Base(t.File)] = termKey(t)
		}
	}
	res := &Imported{}
	var refused []string
	for _, t := range terms {
		name := t.ID + ".yaml"
		old, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			res.Added = append(res.Added, name)
		case err != nil:
			return nil, err
		case bytes.Equal(old, files[name]) || have[name] == termKey(t):
			res.Same = append(res.Same, name)
		default:
			res.Changed = append(res.Changed, name)
			if !force {
				refused = append(refused, filepath.Join(dir, name))
			}
		}
	}
	if len(refused) > 0 {
		return nil, &Refused{Paths: refused}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, name := range append(res.Added, res.Changed...) {
		if err := atomicfile.Write(filepath.Join(dir, name), files[name]); err != nil {
			return nil, err
		}
	}
	// The files' first line points editors at schema.json beside them.
	if _, err := os.Lstat(filepath.Join(dir, "schema.json")); errors.Is(err, fs.ErrNotExist) {
		schema, err := fs.ReadFile(BuiltinLayer().FS, "schema.json")
		if err != nil {
			return nil, err
		}
		if err := atomicfile.Write(filepath.Join(dir, "schema.json"), schema); err != nil {
			return nil, err
		}
	}
	if len(have) > len(res.Same)+len(res.Changed) {
		for name := range have {
			if files[name] == nil {
				res.LeftAlone++
			}
		}
	}
	return res, nil
}

// termKey is a term as concord reads it, without where it was read from:
// two files that load to the same key hold the same term.
func termKey(t *glossary.Term) string {
	c := *t
	c.File = ""
	data, _ := json.Marshal(&c)
	return string(data)
}

// withoutOverrides is a term file as it is checked beside imported terms:
// without overrides:, which has nothing to override in one folder.
func withoutOverrides(data []byte) []byte {
	var t glossary.Term
	if yaml.Unmarshal(data, &t) != nil || !t.Overrides {
		return data
	}
	t.Overrides = false
	if out, err := opendata.YAML(&t); err == nil {
		return out
	}
	return data
}
