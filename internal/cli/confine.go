package cli

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/run"
)

// ownDirs checks the folders concord keeps its own files in (run.OwnDirs).
func ownDirs(dirs ...string) error { return run.OwnDirs(dirs...) }

// checkBaselineOut refuses a baseline -o that names one of the project's
// inputs (its configuration, a glossary file or a document, by any name:
// a link or a hard link is the same file) or anything but a regular file
// (a device, a named pipe), before it is read (--update) or replaced.
func checkBaselineOut(out string, p *project) error {
	var inputs []string
	if p.Cfg.File != "" {
		inputs = append(inputs, p.Cfg.File)
	}
	if entries, err := os.ReadDir(p.Cfg.Glossary); err == nil {
		for _, e := range entries {
			if n := e.Name(); strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") {
				inputs = append(inputs, run.DisplayPath(filepath.Join(p.Cfg.Glossary, n)))
			}
		}
	}
	for _, d := range p.Docs {
		if d.Disk != "" {
			inputs = append(inputs, run.DisplayPath(d.Disk))
		}
	}
	if err := fsguard.CheckOutput(out, filepath.ToSlash(out), inputs); err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	return nil
}
