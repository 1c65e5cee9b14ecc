package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/run"
)

func (a *app) initCommand() *cobra.Command {
	var force bool
	c := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a concord project: configuration, a starter glossary entry and page, and CI examples",
		Long: `Start a concord project in DIR (default: the current folder): concord.yaml
(with the site's title taken from the folder's name, and its introduction,
organisation and footer to fill in),
a starter glossary entry layered over the built-in glossary, a starter page,
GitHub, GitLab and pre-commit examples in ci/, and .gitignore lines for
concord's cache (.concord/) and the built site (public/). An existing
.gitignore gets only the lines it lacks.

init never asks questions, so it runs the same in a terminal, a script or CI.
It writes nothing if a starter file already exists, unless --force.

Exit codes:
  0  the project was written
  2  a starter file already exists (and nothing was written), a bad
     argument, or a file that could not be written`,
		Args: atMostOne("folder", nil),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			res, err := run.Init(dir, force)
			var refused *run.Refused
			if errors.As(err, &refused) {
				return usageErr("%s already exists; nothing was written (use --force to overwrite the starter files)", refused.Paths[0])
			}
			if res != nil {
				for _, p := range res.Wrote {
					fmt.Fprintf(a.stdout, "wrote %s\n", filepath.ToSlash(p))
				}
				if ig := res.Gitignore; len(ig.Added) > 0 {
					verb := "wrote"
					if !ig.Fresh {
						verb = "added " + strings.Join(ig.Added, " ") + " to"
					}
					fmt.Fprintf(a.stdout, "%s %s\n", verb, filepath.ToSlash(ig.Path))
				}
			}
			if err != nil {
				return err
			}
			next := "Next: run 'concord check'"
			if dir != "." {
				next = fmt.Sprintf("Next: in %s, run 'concord check'", filepath.ToSlash(dir))
			}
			fmt.Fprintf(a.stdout, "\n%s; 'concord glossary list' shows the built-in terms; copy the files in ci/ into your CI configuration.\n", next)
			return nil
		},
	}
	c.Flags().BoolVar(&force, "force", false, "overwrite existing starter files")
	return c
}
