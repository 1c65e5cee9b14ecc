//go:build !unix

package run

import "os"

// mapSpill maps nothing here: the usage spill's reads go through the file.
func mapSpill(*os.File, int64) []byte { return nil }

// unmapSpill undoes mapSpill.
func unmapSpill([]byte) {}

// dropSpill lets go of a mapping's pages.
func dropSpill([]byte) {}
