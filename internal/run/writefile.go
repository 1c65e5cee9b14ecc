package run

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Refused is a refusal to overwrite: the files at Paths (each joined to the
// folder it was asked to write in) are in the way, and nothing was
// written. The command line says which flag overrides it.
type Refused struct {
	Paths []string
}

func (e *Refused) Error() string {
	return strings.Join(e.Paths, ", ") + ": in the way; nothing was written"
}

// writeFile writes data to path so that a reader, or a crash, sees the old
// file whole or the new one whole, never part of either: a temporary file
// beside it, synced, then renamed into place. A file that is there keeps
// its permissions, as os.WriteFile would keep them; a symbolic link is
// written through, to the file it names, as os.WriteFile would.
func writeFile(path string, data []byte) error {
	perm := fs.FileMode(0o644)
	if st, err := os.Lstat(path); err == nil {
		if st.Mode()&fs.ModeSymlink != 0 {
			real, err := filepath.EvalSymlinks(path)
			if err != nil {
				return err
			}
			path = real
			if st, err = os.Stat(path); err != nil {
				return err
			}
		}
		if !st.Mode().IsRegular() {
			return &fs.PathError{Op: "write", Path: path, Err: errors.New("not a regular file")}
		}
		perm = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".concord-*")
	if err != nil {
		// Named as os.WriteFile would name it: the file, not the temporary.
		return &fs.PathError{Op: "open", Path: path, Err: innermost(err)}
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	err = tmp.Chmod(perm)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Close()
		done = true
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
	}
	if err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: innermost(err)}
	}
	return nil
}

// innermost is the cause under an error's path: "permission denied" in
// "open /x/.y.concord-1: permission denied".
func innermost(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}
