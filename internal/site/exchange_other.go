//go:build !linux

package site

import (
	"errors"
	"os"
)

// exchange is not available here; swap falls back to two renames.
func exchange(a, b string) error { return errors.New("atomic exchange not supported") }

// createFile writes data to a new file at target, failing with an error
// that is fs.ErrExist when something is there already.
func createFile(target string, data []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
