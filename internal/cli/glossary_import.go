package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/opendata"
	"github.com/concord-guidance/concord/internal/run"
	"github.com/concord-guidance/concord/internal/source"
)

func (a *app) glossaryImportCommand() *cobra.Command {
	var from string
	var force bool
	c := &cobra.Command{
		Use:   "import --from tbx|skos FILE [DIR]",
		Short: "Read a TBX or SKOS glossary back into glossary files",
		Long: `Read a termbase into glossary files, one YAML file per term, in DIR
(default: the project's glossary folder). --from tbx reads TBX (the
glossary.tbx concord build publishes, or another TBX v3 termbase); --from
skos reads SKOS as JSON-LD (glossary.jsonld; Turtle is not read).

What the standard fields say wins: a label, note, source or related term
edited in a terminology tool comes back edited. What they cannot say
(penalties, required and excluded elements, reasons) comes from concord's
own extension in the file (concord:term in SKOS, the concord-term
processing instruction in TBX). A term that comes back as it is
in DIR leaves its file untouched, byte for byte; a changed term is written
in concord's one layout, and a file that differs is only overwritten with
--force. Terms in DIR that the file does not hold are left alone. The
terms are checked as a glossary first: nothing is written if any is
invalid.

` + exitHelp("the terms were read (and written where they changed)"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usageErr("glossary import needs a file to read: concord glossary import --from tbx|skos FILE [DIR]")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			read := map[string]func([]byte, string) ([]*glossary.Term, error){"tbx": opendata.ReadTBX, "skos": opendata.ReadSKOS}[from]
			if read == nil {
				return usageErr("--from must be tbx or skos, not %q", from)
			}
			file := filepath.ToSlash(args[0])
			dir := ""
			if len(args) == 2 {
				dir = args[1]
			} else {
				cfg, err := a.runner().LoadConfig()
				if err != nil {
					return err
				}
				dir = cfg.Glossary
			}
			f, err := source.ReadOS(args[0], file)
			if err != nil {
				return err
			}
			terms, err := read(f.Text, file)
			if err != nil {
				var re *opendata.ReadError
				if errors.As(err, &re) {
					return usageErr("%s", re.Error())
				}
				return err
			}
			return a.writeImported(terms, file, dir, force)
		},
	}
	c.Flags().StringVar(&from, "from", "", "the file's format: tbx or skos (SKOS as JSON-LD)")
	c.Flags().BoolVar(&force, "force", false, "overwrite term files that differ from the imported terms")
	_ = c.MarkFlagRequired("from")
	return c
}

// writeImported writes the terms to dir: checked first as one glossary,
// then each file that is new or changed, and nothing at all when a check
// fails or a differing file is in the way without force.
func (a *app) writeImported(terms []*glossary.Term, file, dir string, force bool) error {
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
			return err
		}
		name := t.ID + ".yaml"
		files[name] = data
		// Checked alone, a term that overrides a built-in one has
		// nothing to override; it is checked as a term like any other.
		c := *t
		c.Overrides = false
		cdata, err := opendata.YAML(&c)
		if err != nil {
			return err
		}
		check[name] = &fstest.MapFile{Data: cdata}
	}
	if _, err := glossary.Load(check, ".", disp); err != nil {
		fmt.Fprintf(a.stderr, "concord: the terms in %s do not make a valid glossary; nothing was written\n", file)
		return err
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
	var added, changed, same, refused []string
	for _, t := range terms {
		name := t.ID + ".yaml"
		old, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			added = append(added, name)
		case err != nil:
			return err
		case bytes.Equal(old, files[name]) || have[name] == termKey(t):
			same = append(same, name)
		default:
			changed = append(changed, name)
			if !force {
				refused = append(refused, name)
			}
		}
	}
	if len(refused) > 0 {
		more := ""
		if len(refused) > 1 {
			more = fmt.Sprintf(" and %d more", len(refused)-1)
		}
		return usageErr("%s%s differ%s from the terms in %s; nothing was written (use --force to overwrite)", filepath.ToSlash(filepath.Join(dir, refused[0])), more, plural(len(refused), "s", ""), file)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range append(added, changed...) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return err
		}
	}
	// The files' first line points editors at schema.json beside them.
	if _, err := os.Lstat(filepath.Join(dir, "schema.json")); errors.Is(err, fs.ErrNotExist) {
		schema, err := fs.ReadFile(run.BuiltinLayer().FS, "schema.json")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "schema.json"), schema, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.stdout, "imported %d term%s from %s into %s: %d new, %d changed, %d unchanged\n",
		len(terms), plural(len(terms), "", "s"), file, disp, len(added), len(changed), len(same))
	if have != nil && len(have) > len(same)+len(changed) {
		imported := map[string]bool{}
		for name := range files {
			imported[name] = true
		}
		n := 0
		for name := range have {
			if !imported[name] {
				n++
			}
		}
		if n > 0 {
			fmt.Fprintf(a.stdout, "%d term%s in %s %s not in %s and %s left alone.\n", n, plural(n, "", "s"), disp, plural(n, "is", "are"), file, plural(n, "was", "were"))
		}
	}
	return nil
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
