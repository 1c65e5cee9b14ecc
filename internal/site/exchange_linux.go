package site

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// exchange swaps two folders in one atomic step (renameat2 with
// RENAME_EXCHANGE), so there is no moment at which out is missing.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// createFile writes data to a new file at target, failing with an error
// that is fs.ErrExist when something is there already. It asks the kernel
// directly: os.WriteFile also offers each file to Go's network poller,
// which refuses regular files (epoll_ctl), and sets and clears its
// non-blocking flag (fcntl), five system calls of no use per file, when a
// build writes tens of thousands of files. Nothing is synced: a site is
// published by renaming its folder, and a crash before the kernel writes
// it back loses a site the next build makes again.
func createFile(target string, data []byte) error {
	fd, err := unix.Open(target, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
	if err != nil {
		return &fs.PathError{Op: "open", Path: target, Err: err}
	}
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return &fs.PathError{Op: "write", Path: target, Err: err}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: target, Err: err}
	}
	return nil
}
