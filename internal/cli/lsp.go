package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/config"
	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/lsp"
	"github.com/concord-guidance/concord/internal/run"
	"github.com/concord-guidance/concord/internal/source"
)

func (a *app) lspCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server (LSP over stdio) for editors",
		Long: `Run concord's language server over standard input and output, for any editor
with a Language Server Protocol client. It checks open Markdown documents as
they are edited, offers the safe replacements and suppression comments as
quick fixes, shows glossary entries on hover, goes to a term's YAML and finds
its uses, and reports errors in glossary files and concord.yaml as they are
typed. Settings come from concord.yaml in the workspace root; logs go to
standard error.

Exit codes:
  0  the client asked the server to shut down and exit
  1  the connection failed (a malformed message, or the client went away
     without asking the server to shut down)
  2  usage error`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			srv := lsp.New(a.stdin, rawWriter(a.stdout), a.stderr, a.loadWorkspace, a.checkConfigText)
			if err := srv.Run(); err != nil {
				return &exitError{code: 1, err: err}
			}
			return nil
		},
	}
}

// rawWriter is the stream under concord's escaping writer: protocol
// messages are JSON, escaped by their own rules, and must reach the client
// unchanged and at once.
func rawWriter(w io.Writer) io.Writer {
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		return u.Unwrap()
	}
	return w
}

// loadWorkspace loads the project at root as concord check would from
// there: concord.yaml, the glossary (its layers), the rule settings and
// the corpus. The server runs in root, so display paths are relative to it.
func (a *app) loadWorkspace(root string) (*lsp.Workspace, error) {
	if err := os.Chdir(root); err != nil {
		return nil, err
	}
	root, _ = os.Getwd()
	p, inputs, err := a.runner().DiscoverProject(nil)
	if err != nil {
		return nil, err
	}
	ws := &lsp.Workspace{Root: root, Glossary: p.Glossary, Settings: p.Settings, Inputs: inputs}
	ws.Config = a.configPath
	if ws.Config == "" {
		ws.Config = "concord.yaml"
	}
	ws.Config, _ = filepath.Abs(ws.Config)
	ws.CorpusDir, _ = fsguard.Resolve(p.Cfg.Corpus)
	if ws.CorpusDir == "" {
		ws.CorpusDir, _ = filepath.Abs(p.Cfg.Corpus)
	}
	if a.runner().Layered(p.Cfg) {
		var dirs []string
		layers, err := run.GlossaryLayers(p.Cfg, func(dir string) (fs.FS, error) {
			dirs = append(dirs, dir)
			return fsguard.NewScope(dir, filepath.ToSlash(dir), a.followOutside).FS(), nil
		})
		if err != nil {
			return nil, err
		}
		k := 0
		for _, l := range p.Cfg.GlossaryLayers {
			if l == config.Builtin {
				ws.LayerDirs = append(ws.LayerDirs, "")
				continue
			}
			d, _ := fsguard.Resolve(dirs[k])
			ws.LayerDirs = append(ws.LayerDirs, d)
			k++
		}
		ws.Layers = layers
	} else if st, err := os.Stat(p.Cfg.Glossary); err == nil && st.IsDir() {
		d, _ := fsguard.Resolve(p.Cfg.Glossary)
		ws.Layers = []glossary.Layer{{FS: fsguard.NewScope(p.Cfg.Glossary, filepath.ToSlash(p.Cfg.Glossary), a.followOutside).FS(), Dir: ".", Display: filepath.ToSlash(p.Cfg.Glossary)}}
		ws.LayerDirs = []string{d}
	} else {
		ws.Layers = []glossary.Layer{run.BuiltinLayer()}
		ws.LayerDirs = []string{""}
	}
	return ws, nil
}

// checkConfigText validates unsaved concord.yaml text at path as the CLI
// would read it, positions naming path.
func (a *app) checkConfigText(path string, text []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".concord-lsp-*.yaml")
	if err != nil {
		tmp, err = os.CreateTemp("", "concord-lsp-*.yaml")
		if err != nil {
			return err
		}
	}
	defer os.Remove(tmp.Name())
	tmp.Write(text)
	tmp.Close()
	cfg, err := config.Load(tmp.Name())
	if err == nil {
		_, err = run.RuleSettings(cfg)
	}
	if err == nil {
		return nil
	}
	shown := run.DisplayPath(path)
	rename := func(e *source.Error) {
		if e.Pos.File != "" {
			e.Pos.File = shown
		}
	}
	var list source.Errors
	var one *source.Error
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			rename(e)
		}
	case errors.As(err, &one):
		rename(one)
	default:
		return fmt.Errorf("%s: %v", shown, err)
	}
	return err
}
