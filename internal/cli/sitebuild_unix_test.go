//go:build unix

package cli

import (
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
)

// writtenFiles counts the files of a site that the build which made it
// wrote: every file it carried over is a hard link shared with the spare
// site in .concord/, so a file with one link is one it wrote.
func writtenFiles(t *testing.T, root string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok && st.Nlink == 1 {
			n++
		}
		return nil
	})
	return n
}
