//go:build !linux

package site

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/concord-guidance/concord/internal/par"
)

// dirTime is the time a folder's entries last changed, as foreign compares
// it: here the modification time, which every entry added, removed or
// renamed renews.
func dirTime(fi fs.FileInfo) int64 { return fi.ModTime().UnixNano() }

// statDirs returns the folderTime of each folder in dirs (slash paths
// below root), or -1 for one that is missing or not a folder.
func statDirs(root string, dirs []string) []int64 {
	out := make([]int64, len(dirs))
	par.ForN(len(dirs), par.IO, func(i int) {
		out[i] = -1
		if st, err := os.Lstat(filepath.Join(root, filepath.FromSlash(dirs[i]))); err == nil && st.IsDir() {
			out[i] = folderTime(st)
		}
	})
	return out
}
