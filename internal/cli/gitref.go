package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/concord-guidance/concord/internal/config"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/source"
)

// git runs git in dir and returns its standard output.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out.String(), nil
}

// repoPath returns the repository root holding path and path relative to
// it, with forward slashes.
func repoPath(path string) (root, rel string, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", err
	}
	dir := abs
	top, err := git(filepath.Dir(abs), "rev-parse", "--show-toplevel")
	if err != nil {
		top, err = git(dir, "rev-parse", "--show-toplevel")
		if err != nil {
			return "", "", &source.Error{Pos: source.Position{File: path}, Msg: "not inside a git repository", Hint: "drift and --changed-since compare with a git ref"}
		}
	}
	root = strings.TrimSpace(top)
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	if a, err := filepath.EvalSymlinks(abs); err == nil {
		abs = a
	}
	rel, err = filepath.Rel(root, abs)
	if err != nil {
		return "", "", err
	}
	return root, filepath.ToSlash(rel), nil
}

// glossaryAtRef loads the glossary as it was at ref: each folder layer as
// git holds it there, the built-in layer as it is in this binary.
func (a *app) glossaryAtRef(cfg *config.Config, ref string) (*glossary.Glossary, error) {
	if !a.layered(cfg) {
		return glossaryAt(cfg.Glossary, ref)
	}
	layers, err := glossaryLayers(cfg, func(dir string) (fs.FS, error) {
		fsys, _, err := folderAt(dir, ref)
		if err != nil || len(fsys) == 0 {
			return nil, err
		}
		return fsys, nil
	})
	if err != nil {
		return nil, err
	}
	if len(layers) == 0 {
		return &glossary.Glossary{}, nil
	}
	return glossary.LoadLayers(layers)
}

// glossaryAt loads the glossary folder as it was at ref. A folder that did
// not exist at ref gives an empty glossary.
func glossaryAt(dir, ref string) (*glossary.Glossary, error) {
	fsys, display, err := folderAt(dir, ref)
	if err != nil {
		return nil, err
	}
	if len(fsys) == 0 {
		return &glossary.Glossary{}, nil
	}
	return glossary.Load(fsys, ".", display)
}

// folderAt reads the term files of a glossary folder as they were at ref;
// display names the folder there in messages.
func folderAt(dir, ref string) (fstest.MapFS, string, error) {
	root, rel, err := repoPath(dir)
	if err != nil {
		return nil, "", err
	}
	if _, err := git(root, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return nil, "", usageErr("unknown git ref %q", ref)
	}
	names, err := git(root, "ls-tree", "--name-only", ref, rel+"/")
	if err != nil {
		return nil, "", err
	}
	fsys := fstest.MapFS{}
	for _, name := range strings.Fields(names) {
		if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
			continue
		}
		data, err := git(root, "show", ref+":"+name)
		if err != nil {
			return nil, "", err
		}
		fsys[filepath.Base(name)] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys, ref + ":" + rel, nil
}

// changedFiles lists files under dir changed between ref and the working
// tree, including untracked ones, as absolute paths.
func changedFiles(dir, ref string) (map[string]bool, error) {
	root, rel, err := repoPath(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	diff, err := git(root, "diff", "--name-only", ref, "--", rel)
	if err != nil {
		return nil, err
	}
	untracked, err := git(root, "ls-files", "--others", "--exclude-standard", "--", rel)
	if err != nil {
		return nil, err
	}
	for _, f := range strings.Fields(diff + "\n" + untracked) {
		out[filepath.Join(root, filepath.FromSlash(f))] = true
	}
	return out, nil
}
