package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/config"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/run"
)

func (a *app) glossaryExportCommand() *cobra.Command {
	var force, overrides bool
	c := &cobra.Command{
		Use:   "export DIR [NAME...]",
		Short: "Write the built-in glossary as files to edit",
		Long: `Write the glossary built into concord to DIR as one YAML file per term, with
its schema.json, to edit: all of it, or the terms NAME... (by id, term, alias
or acronym). Existing files are left alone and nothing is written unless
--force.

To own the whole glossary, point concord.yaml at the folder alone
(glossary: DIR). To change a few terms and keep the rest built in, export
them with --overrides into your own layer (glossary: [builtin, DIR]): each
file then says overrides: true, which a term needs to replace the built-in
term of the same id.

` + exitHelp("the files were written, or were already there as written"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErr("glossary export needs a folder to write to: concord glossary export DIR [NAME...]")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, names := args[0], args[1:]
			if !overrides {
				// Into a layer over the built-in glossary, a copy without
				// overrides: true would clash with the term it copies.
				if cfg, err := a.runner().LoadConfig(); err == nil && layeredOver(cfg, dir) {
					return usageErr("%s is a glossary layer over the built-in glossary, where copies of built-in terms clash with them; export with --overrides to replace them there, or to another folder", filepath.ToSlash(dir))
				}
			}
			builtin := run.BuiltinLayer()
			g, err := glossary.Load(builtin.FS, ".", builtin.Display)
			if err != nil {
				return err
			}
			terms := g.Terms
			if len(names) > 0 {
				terms = nil
				for _, n := range names {
					t, err := a.findTerm(g, n)
					if err != nil {
						return err
					}
					terms = append(terms, t)
				}
			}
			files := map[string][]byte{}
			var order []string
			for _, t := range terms {
				name := filepath.Base(t.File)
				if _, dup := files[name]; dup {
					continue
				}
				data, err := fs.ReadFile(builtin.FS, name)
				if err != nil {
					return err
				}
				if overrides {
					data = markOverride(data)
				}
				files[name] = data
				order = append(order, name)
			}
			schema, err := fs.ReadFile(builtin.FS, "schema.json")
			if err != nil {
				return err
			}
			files["schema.json"] = schema
			order = append(order, "schema.json")
			// Check first, write after, so a refused export writes nothing.
			// A file that already holds exactly what would be written (the
			// schema concord init wrote) is no loss to rewrite.
			if !force {
				var there []string
				for _, n := range order {
					p := filepath.Join(dir, n)
					if _, err := os.Lstat(p); err != nil {
						continue
					}
					if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, files[n]) {
						continue
					}
					there = append(there, n)
				}
				if len(there) > 0 {
					more := ""
					if len(there) > 1 {
						more = fmt.Sprintf(" and %d more", len(there)-1)
					}
					return usageErr("%s%s already exist%s; nothing was written (use --force to overwrite)", filepath.ToSlash(filepath.Join(dir, there[0])), more, plural(len(there), "s", ""))
				}
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			for _, n := range order {
				if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
					return err
				}
			}
			fmt.Fprintf(a.stdout, "wrote %d term%s and schema.json to %s\n", len(order)-1, plural(len(order)-1, "", "s"), filepath.ToSlash(dir))
			if overrides {
				fmt.Fprintf(a.stdout, "Each file says overrides: true: with glossary: [builtin, %s] in concord.yaml they replace the built-in terms of the same ids.\n", filepath.ToSlash(dir))
			} else {
				fmt.Fprintf(a.stdout, "To use them as the whole glossary, set glossary: %s in concord.yaml; to layer them over the built-in terms instead, export with --overrides.\n", filepath.ToSlash(dir))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&force, "force", false, "overwrite existing files")
	c.Flags().BoolVar(&overrides, "overrides", false, "mark each term overrides: true, to replace the built-in term in a layered glossary")
	return c
}

var idLine = regexp.MustCompile(`(?m)^id:.*\n`)

// markOverride adds overrides: true after a term file's id line, keeping
// every comment and the rest of the file as written.
func markOverride(data []byte) []byte {
	if bytes.Contains(data, []byte("\noverrides:")) {
		return data
	}
	loc := idLine.FindIndex(data)
	if loc == nil {
		return append(data, "overrides: true\n"...)
	}
	var out bytes.Buffer
	out.Write(data[:loc[1]])
	out.WriteString("overrides: true\n")
	out.Write(data[loc[1]:])
	return out.Bytes()
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
