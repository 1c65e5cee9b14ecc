package cli

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord"
)

//go:embed scaffold
var scaffold embed.FS

// ignored are the .gitignore lines init makes sure of: what concord
// writes and no one should commit (its caches and the built site, whose
// folder is output: in the starter concord.yaml).
var ignored = []string{"/.concord/", "/public/"}

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
			files := map[string][]byte{}
			err := fs.WalkDir(scaffold, "scaffold", func(p string, e fs.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return err
				}
				data, err := scaffold.ReadFile(p)
				if err != nil {
					return err
				}
				files[strings.TrimPrefix(p, "scaffold/")] = data
				return nil
			})
			if err != nil {
				return err
			}
			schema, err := fs.ReadFile(concord.Glossary, "glossary/schema.json")
			if err != nil {
				return err
			}
			files["glossary/schema.json"] = schema
			files["concord.yaml"] = bytes.Replace(files["concord.yaml"], []byte("{{title}}"), []byte(projectTitle(dir)), 1)
			var names []string
			for name := range files {
				names = append(names, name)
			}
			slices.Sort(names)
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
			if err := a.gitignore(filepath.Join(dir, ".gitignore")); err != nil {
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

// projectTitle names a new project's site after its folder, as a person
// would write it ("dv-guidance" gives "Dv guidance"): a folder name that is
// not made of words (a temporary folder, "001") gives the neutral
// "Guidance". The result is safe inside a double-quoted YAML string.
func projectTitle(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "Guidance"
	}
	name := strings.Join(strings.FieldsFunc(filepath.Base(abs), func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' }), " ")
	letters := 0
	for _, r := range name {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r) || r == ' ':
		default:
			return "Guidance"
		}
	}
	if letters < 2 || len(name) > 80 {
		return "Guidance"
	}
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}

// gitignore adds the lines of ignored that path lacks, creating the file
// if need be, and says what it did. A line that already ignores the folder
// in another spelling (.concord, /.concord, .concord/) counts.
func (a *app) gitignore(path string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(old), "\n") {
		have[strings.Trim(strings.TrimSpace(l), "/")] = true
	}
	var add bytes.Buffer
	for _, l := range ignored {
		if !have[strings.Trim(l, "/")] {
			add.WriteString(l + "\n")
		}
	}
	if add.Len() == 0 {
		return nil
	}
	var out bytes.Buffer
	out.Write(old)
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		out.WriteByte('\n')
	}
	out.WriteString("# concord: its cache and the built site\n")
	out.Write(add.Bytes())
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		return err
	}
	verb := "wrote"
	if len(old) > 0 {
		verb = "added " + strings.Join(strings.Fields(add.String()), " ") + " to"
	}
	fmt.Fprintf(a.stdout, "%s %s\n", verb, filepath.ToSlash(path))
	return nil
}
