package site

import (
	"io/fs"
	"syscall"
)

// dirTime is the time a folder's entries last changed, as foreign compares
// it: the inode's change time, which every entry added, removed or renamed
// renews and which, unlike the modification time, no one can set back
// (touch -d renews it too).
func dirTime(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano()
	}
	return fi.ModTime().UnixNano()
}
