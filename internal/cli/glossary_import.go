package cli

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/run"
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
			if from != "tbx" && from != "skos" {
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
			terms, err := run.ReadTermbase(from, args[0], file)
			if err != nil {
				return err
			}
			res, err := run.ImportTerms(terms, dir, force)
			var invalid *run.InvalidImport
			var refused *run.Refused
			switch {
			case errors.As(err, &invalid):
				fmt.Fprintf(a.stderr, "concord: the terms in %s do not make a valid glossary; nothing was written\n", file)
				return invalid.Err
			case errors.As(err, &refused):
				more := ""
				if n := len(refused.Paths); n > 1 {
					more = fmt.Sprintf(" and %d more", n-1)
				}
				return usageErr("%s%s differ%s from the terms in %s; nothing was written (use --force to overwrite)", filepath.ToSlash(refused.Paths[0]), more, plural(len(refused.Paths), "s", ""), file)
			case err != nil:
				return err
			}
			disp := filepath.ToSlash(dir)
			fmt.Fprintf(a.stdout, "imported %d term%s from %s into %s: %d new, %d changed, %d unchanged\n",
				len(terms), plural(len(terms), "", "s"), file, disp, len(res.Added), len(res.Changed), len(res.Same))
			if n := res.LeftAlone; n > 0 {
				fmt.Fprintf(a.stdout, "%d term%s in %s %s not in %s and %s left alone.\n", n, plural(n, "", "s"), disp, plural(n, "is", "are"), file, plural(n, "was", "were"))
			}
			return nil
		},
	}
	c.Flags().StringVar(&from, "from", "", "the file's format: tbx or skos (SKOS as JSON-LD)")
	c.Flags().BoolVar(&force, "force", false, "overwrite term files that differ from the imported terms")
	_ = c.MarkFlagRequired("from")
	return c
}
