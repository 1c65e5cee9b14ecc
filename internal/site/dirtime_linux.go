package site

import (
	"io/fs"
	"path"
	"path/filepath"
	"syscall"

	"github.com/concord-guidance/concord/internal/par"
	"golang.org/x/sys/unix"
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

// statDirs returns the folderTime of each folder in dirs (slash paths
// below root), or -1 for one that is missing or not a folder. Each is
// looked up by name in its parent, opened once: resolving twenty thousand
// full paths cost more than the stats.
func statDirs(root string, dirs []string) []int64 {
	fds := map[string]int{}
	for _, d := range dirs {
		p := path.Dir(d)
		if _, ok := fds[p]; !ok {
			fd, err := unix.Open(filepath.Join(root, filepath.FromSlash(p)), unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
			if err != nil {
				fd = -1
			}
			fds[p] = fd
		}
	}
	defer func() {
		for _, fd := range fds {
			if fd >= 0 {
				unix.Close(fd)
			}
		}
	}()
	out := make([]int64, len(dirs))
	par.ForN(len(dirs), par.IO, func(i int) {
		out[i] = -1
		fd := fds[path.Dir(dirs[i])]
		var st unix.Stat_t
		if fd < 0 || unix.Fstatat(fd, path.Base(dirs[i]), &st, unix.AT_SYMLINK_NOFOLLOW) != nil || st.Mode&unix.S_IFMT != unix.S_IFDIR {
			return
		}
		t := st.Ctim.Nano()
		out[i] = t - t%timeGrain
	})
	return out
}
