package run

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/concord-guidance/concord/internal/config"
	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/lsp"
	"github.com/concord-guidance/concord/internal/source"
)

// LSPWorkspace loads the project at root as concord check would from
// there: concord.yaml, the glossary (its layers), the rule settings and
// the corpus. The server runs in root, so display paths are relative to it.
func (a *Runner) LSPWorkspace(root string) (*lsp.Workspace, error) {
	if err := os.Chdir(root); err != nil {
		return nil, err
	}
	root, _ = os.Getwd()
	p, inputs, err := a.DiscoverProject(nil)
	if err != nil {
		return nil, err
	}
	ws := &lsp.Workspace{Root: root, Glossary: p.Glossary, Settings: p.Settings, Inputs: inputs}
	ws.Config = a.ConfigPath
	if ws.Config == "" {
		ws.Config = "concord.yaml"
	}
	ws.Config, _ = filepath.Abs(ws.Config)
	ws.CorpusDir, _ = fsguard.Resolve(p.Cfg.Corpus)
	if ws.CorpusDir == "" {
		ws.CorpusDir, _ = filepath.Abs(p.Cfg.Corpus)
	}
	if a.Layered(p.Cfg) {
		var dirs []string
		layers, err := GlossaryLayers(p.Cfg, func(dir string) (fs.FS, error) {
			dirs = append(dirs, dir)
			return fsguard.NewScope(dir, filepath.ToSlash(dir), a.FollowOutside).FS(), nil
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
		ws.Layers = []glossary.Layer{{FS: fsguard.NewScope(p.Cfg.Glossary, filepath.ToSlash(p.Cfg.Glossary), a.FollowOutside).FS(), Dir: ".", Display: filepath.ToSlash(p.Cfg.Glossary)}}
		ws.LayerDirs = []string{d}
	} else {
		ws.Layers = []glossary.Layer{BuiltinLayer()}
		ws.LayerDirs = []string{""}
	}
	return ws, nil
}

// CheckConfigText validates unsaved concord.yaml text at path as the CLI
// would read it, positions naming path.
func CheckConfigText(path string, text []byte) error {
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
		_, err = RuleSettings(cfg)
	}
	if err == nil {
		return nil
	}
	shown := DisplayPath(path)
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
