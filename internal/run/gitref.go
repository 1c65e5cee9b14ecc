package run

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

// Every git call goes through git, and every ref a user gives goes
// through ResolveRef first, which refuses a ref that git could read as an
// option and turns the rest into a commit id. Later calls pass only that
// id (40 hexadecimal digits) and paths after "--", so nothing a user or a
// CI variable supplies can become a git option (issue 17: a ref of
// "--output=glossary/stalking.yaml" made git write over the glossary).

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

// CommitRef is a ref as the user wrote it and the commit it names.
type CommitRef struct {
	name   string // as given, for messages
	commit string // the commit id
	root   string // the repository's top folder
}

// ResolveRef checks the ref that flag (such as "--changed-since") gave and
// resolves it to a commit in the repository holding dir. A ref that
// begins with '-' is refused before git sees it; one git cannot find is
// an input error that names the ref and says what to do.
func ResolveRef(dir, flag, ref string) (*CommitRef, error) {
	if ref == "" {
		return nil, &InputError{Err: fmt.Errorf("%s needs a git ref (a commit, branch or tag)", flag)}
	}
	if strings.HasPrefix(ref, "-") {
		return nil, &InputError{Err: fmt.Errorf("%s %q: a git ref cannot begin with '-' (give a commit, branch or tag, such as origin/main)", flag, ref)}
	}
	if strings.ContainsAny(ref, "\x00\n\r") {
		return nil, &InputError{Err: fmt.Errorf("%s %q: a git ref cannot hold a line break or NUL (give a commit, branch or tag)", flag, ref)}
	}
	root, _, err := repoPath(dir)
	if err != nil {
		return nil, err
	}
	out, err := git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	commit := strings.TrimSpace(out)
	if err != nil || !isCommitID(commit) {
		return nil, &InputError{Err: fmt.Errorf("%s %s: no commit, branch or tag of that name in the git repository at %s (check the spelling with 'git log --oneline -1 %s'; in CI, fetch the history first, e.g. actions/checkout with fetch-depth: 0)", flag, ref, root, ref)}
	}
	return &CommitRef{name: ref, commit: commit, root: root}, nil
}

// isCommitID reports whether s is a full object id (SHA-1 or SHA-256).
func isCommitID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
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

// GlossaryAtRef loads the glossary as it was at ref: each folder layer as
// git holds it there, the built-in layer as it is in this binary.
func (a *Runner) GlossaryAtRef(cfg *config.Config, ref *CommitRef) (*glossary.Glossary, error) {
	if !a.Layered(cfg) {
		return glossaryAt(cfg.Glossary, ref)
	}
	layers, err := GlossaryLayers(cfg, func(dir string) (fs.FS, error) {
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
func glossaryAt(dir string, ref *CommitRef) (*glossary.Glossary, error) {
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
func folderAt(dir string, ref *CommitRef) (fstest.MapFS, string, error) {
	root, rel, err := repoPath(dir)
	if err != nil {
		return nil, "", err
	}
	names, err := git(root, "ls-tree", "--name-only", "-z", ref.commit, "--", rel+"/")
	if err != nil {
		return nil, "", err
	}
	fsys := fstest.MapFS{}
	for _, name := range strings.Split(names, "\x00") {
		if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
			continue
		}
		data, err := git(root, "cat-file", "blob", ref.commit+":"+name)
		if err != nil {
			return nil, "", err
		}
		fsys[filepath.Base(name)] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys, ref.name + ":" + rel, nil
}

// changedFiles lists files under dir changed between ref and the working
// tree, including untracked ones, as absolute paths.
func changedFiles(dir string, ref *CommitRef) (map[string]bool, error) {
	root, rel, err := repoPath(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	diff, err := git(root, "diff", "--name-only", "--no-renames", "-z", ref.commit, "--", rel)
	if err != nil {
		return nil, err
	}
	untracked, err := git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", rel)
	if err != nil {
		return nil, err
	}
	for _, f := range strings.Split(diff+"\x00"+untracked, "\x00") {
		if f != "" {
			out[filepath.Join(root, filepath.FromSlash(f))] = true
		}
	}
	return out, nil
}
