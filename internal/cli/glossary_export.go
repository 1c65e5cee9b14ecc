package cli

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

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
			if !overrides && a.runner().LayeredOverBuiltin(dir) {
				return usageErr("%s is a glossary layer over the built-in glossary, where copies of built-in terms clash with them; export with --overrides to replace them there, or to another folder", filepath.ToSlash(dir))
			}
			g, err := run.BuiltinGlossary()
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
			res, err := run.ExportTerms(dir, terms, run.ExportOptions{Overrides: overrides, Force: force})
			var refused *run.Refused
			if errors.As(err, &refused) {
				there := refused.Paths
				more := ""
				if len(there) > 1 {
					more = fmt.Sprintf(" and %d more", len(there)-1)
				}
				return usageErr("%s%s already exist%s; nothing was written (use --force to overwrite)", filepath.ToSlash(there[0]), more, plural(len(there), "s", ""))
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "wrote %d term%s and schema.json to %s\n", res.Terms(), plural(res.Terms(), "", "s"), filepath.ToSlash(dir))
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
