//go:build !linux

package fsguard

import (
	"io"
	"os"
)

// regularFile is the open file; elsewhere than on Linux an os.File costs
// no system call a bare descriptor would save.
type regularFile struct{ f *os.File }

func (r *Regular) open() error {
	f, err := os.OpenFile(r.name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	r.file.f, r.info = f, st
	return nil
}

func (r *Regular) read(p []byte) (int, error) {
	n, err := r.file.f.Read(p)
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// Close closes the file.
func (r *Regular) Close() error { return r.file.f.Close() }
