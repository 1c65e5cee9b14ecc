// Package atomicfile replaces files so that a reader, or a crash, sees the
// old file whole or the new one whole, never part of either: the new bytes
// go to a temporary file beside the old one (same folder, so the same file
// system) and are renamed over it.
//
// Two kinds of file need it. A user's file (a baseline, a glossary export,
// a fixed document, a new project's config) is synced before the rename, so
// a crash cannot leave it empty, keeps its permissions, and is written
// through a symbolic link to the file the link names, as os.WriteFile would
// write it. A cache file, which concord owns and makes again when it is
// lost, is neither synced (syncing every cache write would cost more than
// the lost cache) nor followed through links (the caller has checked the
// cache folder is its own).
package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces the user's file at path with data. A new file gets mode
// 0o644; a file that is there keeps its permissions; a symbolic link is written
// through, to the file it names. Errors are *fs.PathError naming path (or
// the file the link names), not the temporary file.
func Write(path string, data []byte) error {
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
	return replace(path, perm, true, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteCache replaces the cache file at path with what write writes, mode
// 0o644, unsynced. A symbolic link at path is replaced, not followed.
// write is given the temporary *os.File itself, unbuffered: it is an
// io.WriterAt, which lets binenc stream a large cache to disk and go back
// to complete its header instead of holding the whole file.
func WriteCache(path string, write func(io.Writer) error) error {
	return replace(path, 0o644, false, write)
}

func replace(path string, perm fs.FileMode, sync bool, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".concord-*")
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: innermost(err)}
	}
	err = tmp.Chmod(perm)
	if err == nil {
		err = write(tmp)
	}
	if err == nil && sync {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return &fs.PathError{Op: "write", Path: path, Err: innermost(err)}
	}
	return nil
}

// innermost is the cause under a file system error's path: "permission
// denied" in "open /x/.y.concord-1: permission denied", so that the error
// names the file asked for rather than the temporary one. Other errors (a
// cache's encoder failing) are kept whole.
func innermost(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	if !errors.As(err, &pe) && !errors.As(err, &le) {
		return err
	}
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}
