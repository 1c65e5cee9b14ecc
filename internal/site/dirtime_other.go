//go:build !linux

package site

import "io/fs"

// dirTime is the time a folder's entries last changed, as foreign compares
// it: here the modification time, which every entry added, removed or
// renamed renews.
func dirTime(fi fs.FileInfo) int64 { return fi.ModTime().UnixNano() }
