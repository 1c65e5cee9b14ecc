package cli

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord"
)

//go:embed scaffold
var scaffold embed.FS

func (a *app) initCommand() *cobra.Command {
	var force bool
	c := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a concord project: configuration, a starter glossary entry and page, and CI examples",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			files := map[string][]byte{}
			fs.WalkDir(scaffold, "scaffold", func(p string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() {
					data, _ := scaffold.ReadFile(p)
					rel, _ := filepath.Rel("scaffold", p)
					files[filepath.ToSlash(rel)] = data
				}
				return nil
			})
			schema, err := fs.ReadFile(concord.Glossary, "glossary/schema.json")
			if err != nil {
				return err
			}
			files["glossary/schema.json"] = schema
			var names []string
			for name := range files {
				names = append(names, name)
			}
			sortStrings(names)
			// Check first, write after, so a refused init writes nothing.
			if !force {
				for _, name := range names {
					if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
						return usageErr("%s already exists; nothing was written (use --force to overwrite the starter files)", filepath.Join(dir, name))
					}
				}
			}
			for _, name := range names {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(p, files[name], 0o644); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "wrote %s\n", filepath.ToSlash(p))
			}
			fmt.Fprintf(a.stdout, "\nNext: run 'concord check' in %s; copy the files in ci/ into your CI configuration.\n", dir)
			return nil
		},
	}
	c.Flags().BoolVar(&force, "force", false, "overwrite existing starter files")
	return c
}
