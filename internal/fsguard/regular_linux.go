package fsguard

import (
	"io/fs"
	"path/filepath"
	"syscall"
	"time"
)

// regularFile is an open descriptor and what fstat found of it.
type regularFile struct {
	fd int
	st statInfo
}

func (r *Regular) open() error {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(r.name, syscall.O_RDONLY|syscall.O_CLOEXEC|openFlags, 0)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: r.name, Err: err}
	}
	f := &r.file
	if _, err := ignoringEINTR(func() (int, error) { return 0, syscall.Fstat(fd, &f.st.sys) }); err != nil {
		syscall.Close(fd)
		return &fs.PathError{Op: "stat", Path: r.name, Err: err}
	}
	f.fd, f.st.name = fd, filepath.Base(r.name)
	r.info = &f.st
	return nil
}

func (r *Regular) read(p []byte) (int, error) {
	n, err := ignoringEINTR(func() (int, error) { return syscall.Read(r.file.fd, p) })
	if err != nil {
		return 0, &fs.PathError{Op: "read", Path: r.name, Err: err}
	}
	return n, nil
}

// Close closes the file.
func (r *Regular) Close() error {
	// As os.File.Close: the descriptor is gone whatever close says, and
	// trying again could close one another goroutine has just opened.
	if err := syscall.Close(r.file.fd); err != nil {
		return &fs.PathError{Op: "close", Path: r.name, Err: err}
	}
	return nil
}

func ignoringEINTR(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}

// statInfo is fstat's answer as an fs.FileInfo, with the mode bits os.Stat
// would give.
type statInfo struct {
	name string
	sys  syscall.Stat_t
}

func (s *statInfo) Name() string { return s.name }
func (s *statInfo) Size() int64  { return s.sys.Size }
func (s *statInfo) IsDir() bool  { return s.Mode().IsDir() }
func (s *statInfo) Sys() any     { return &s.sys }

func (s *statInfo) ModTime() time.Time { return time.Unix(s.sys.Mtim.Unix()) }

func (s *statInfo) Mode() fs.FileMode {
	m := fs.FileMode(s.sys.Mode & 0o777)
	switch s.sys.Mode & syscall.S_IFMT {
	case syscall.S_IFBLK:
		m |= fs.ModeDevice
	case syscall.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFIFO:
		m |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		m |= fs.ModeSocket
	}
	if s.sys.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if s.sys.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if s.sys.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
