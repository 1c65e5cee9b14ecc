package search

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"
)

// A cached bleve index is trusted only as it was when concord last closed it:
// bleve reads its segments without checksums and panics, or silently answers
// from part of the index, when a file is truncated or overwritten. So Close
// records the size and CRC-32C of every file of the index (storeSumName), the
// next open compares them before bleve reads anything, and the sum is
// removed while the index is open, so that a process killed in between
// leaves an index that is rebuilt rather than trusted. Reading the files
// costs about as much as bleve's own first search touching them.

// storeSumName is the file, in the index folder, holding storeSum as it was
// when the index was last closed.
const storeSumName = "concord-store.sum"

// errDamaged marks a search that failed because the index itself is damaged
// (bleve panicked reading it); the index is rebuilt from its documents.
var errDamaged = errors.New("search index damaged")

// castagnoli is CRC-32C, which amd64 and arm64 compute in hardware.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// storeSum lists bleve's files in dir (everything but concord's own) with
// their sizes and CRC-32C checksums, sorted by name.
func storeSum(dir string) (string, error) {
	var lines []string
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if e.IsDir() || strings.HasPrefix(e.Name(), "concord-") {
			return nil
		}
		if !e.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", rel)
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := crc32.New(castagnoli)
		n, err := io.Copy(h, f)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("%s %d %08x", rel, n, h.Sum32()))
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(lines)
	return "concord-store 1\n" + strings.Join(lines, "\n") + "\n", nil
}

// storeIntact reports whether dir holds exactly the files, sizes and
// checksums recorded when it was last closed.
func storeIntact(dir string) bool {
	want, err := os.ReadFile(filepath.Join(dir, storeSumName))
	if err != nil {
		return false
	}
	got, err := storeSum(dir)
	return err == nil && got == string(want)
}

// writeStoreSum records dir's files as they are now.
func writeStoreSum(dir string) error {
	sum, err := storeSum(dir)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, storeSumName+".tmp")
	if err := os.WriteFile(tmp, []byte(sum), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, storeSumName))
}

// heldByOther reports whether another process has the index in dir open
// (bleve holds an exclusive lock on its bolt file while open). A missing or
// unreadable bolt file is not held: it is damage.
func heldByOther(dir string) bool {
	d, err := time.ParseDuration(lockTimeout)
	if err != nil {
		d = time.Second
	}
	p := filepath.Join(dir, "store", "root.bolt")
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		return false
	}
	db, err := bolt.Open(p, 0o600, &bolt.Options{Timeout: d, ReadOnly: true})
	if err != nil {
		return isLocked(err)
	}
	db.Close()
	return false
}

// openBleve opens the index in dir, turning a panic inside bleve (a damaged
// file it did not check) into an error.
func openBleve(dir string, cfg map[string]interface{}) (bi bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			bi, err = nil, fmt.Errorf("%w: %v", errDamaged, r)
		}
	}()
	return bleve.OpenUsing(dir, cfg)
}
