//go:build unix

package site

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// stampOf identifies a site folder concord made: the folder's device and
// inode, which a rename keeps, and the time its marker was written, which
// every build renews. "" when there is no such folder.
func stampOf(dir string) string {
	st, err := os.Lstat(dir)
	if err != nil || !st.IsDir() {
		return ""
	}
	m, err := os.Lstat(filepath.Join(dir, markerName))
	if err != nil || !m.Mode().IsRegular() {
		return ""
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d:%d", sys.Dev, sys.Ino, m.ModTime().UnixNano())
}
