package cli

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/concord-guidance/concord/internal/fsguard"
)

// ownDirs checks the folders concord keeps its own files in before it
// reads, writes or deletes anything there: a symbolic link planted at
// .concord or at one of its entries (a committed .concord/build-<hash>
// pointing at another folder) would carry those writes and deletes
// elsewhere (fsguard.CheckOwnDir).
func ownDirs(dirs ...string) error {
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if err := fsguard.CheckOwnDir(d); err != nil {
			return &exitError{code: ExitInput, err: err}
		}
	}
	return nil
}

// checkBaselineOut refuses a baseline -o that names one of the project's
// inputs (its configuration, a glossary file or a document, by any name:
// a link or a hard link is the same file) or anything but a regular file
// (a device, a named pipe), before it is read (--update) or replaced.
func checkBaselineOut(out string, p *project) error {
	var inputs []string
	if p.cfg.File != "" {
		inputs = append(inputs, p.cfg.File)
	}
	if entries, err := os.ReadDir(p.cfg.Glossary); err == nil {
		for _, e := range entries {
			if n := e.Name(); strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") {
				inputs = append(inputs, displayPath(filepath.Join(p.cfg.Glossary, n)))
			}
		}
	}
	for _, d := range p.docs {
		if d.Disk != "" {
			inputs = append(inputs, displayPath(d.Disk))
		}
	}
	if err := fsguard.CheckOutput(out, filepath.ToSlash(out), inputs); err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	return nil
}
