// Package checkcache keeps what one `concord check` of a corpus learnt, so
// that the next check re-reads every document but re-parses and re-checks
// only those that changed, or whose findings depend on one that did (see
// rules.RunIncremental). The cache is one file under the cache folder,
// keyed by everything besides the documents that findings depend on: the
// concord binary, the glossary, the rule settings and where the corpus is.
// A cache that is missing, damaged, or made under another key is ignored
// and replaced; it is never trusted for more than it records.
package checkcache

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/concord-guidance/concord/internal/atomicfile"
	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// FileName is the cache file inside the cache folder.
const FileName = "check-cache"

// format changes whenever the file's shape changes.
const format = 5

// Cache is the state of the last check of a corpus.
type Cache struct {
	Format int
	Key    string
	// Saved is when the cache was written (Unix nanoseconds): a file whose
	// modification time is not safely before it may have changed since,
	// within the file system's clock resolution, without its size or time
	// showing it.
	Saved  int64
	Docs   map[string]*Doc // by path in the corpus
	Corpus *rules.CorpusState
}

// Doc is one document's entry.
type Doc struct {
	Hash string // of the path shown and the normalised text
	// Size and ModTime (Unix nanoseconds) of the file when it was hashed:
	// while both are the same, the file is taken as unchanged without
	// being read, as git and make do (see Unchanged).
	Size, ModTime int64
	Slug          string
	SlugPos       source.Position
	// Problems found while loading it, reported again on every run.
	Problems []source.Error
	State    *rules.DocState

	loaded *loaded // the record it was decoded from, if any
}

// New returns an empty cache for key.
func New(key string) *Cache {
	return &Cache{Format: format, Key: key, Docs: map[string]*Doc{}}
}

// LoadLater starts reading and decoding the cache in dir in the background,
// before its key is known; the function it returns waits for that and
// returns the cache if it was made under key, and nil when there is none,
// it cannot be read, or it was made under another key.
func LoadLater(dir string) func(key string) *Cache {
	done := make(chan *Cache, 1)
	go func() {
		data, err := fsguard.ReadFile(filepath.Join(dir, FileName))
		if err != nil {
			done <- nil
			return
		}
		c, err := decode(data, anyKey)
		if err != nil {
			c = nil
		}
		done <- c
	}()
	return func(key string) *Cache {
		c := <-done
		if c == nil || c.Key != key {
			return nil
		}
		return c
	}
}

// anyKey, passed to decode, accepts a cache made under any key.
const anyKey = "\x00any"

// Unchanged reports whether a file with this size and modification time is
// the one entry e hashed. A time within two seconds of the cache being
// written is not trusted (coarse file system clocks).
func (c *Cache) Unchanged(e *Doc, size int64, mod time.Time) bool {
	m := mod.UnixNano()
	return e != nil && e.Size == size && e.ModTime == m && m < c.Saved-int64(2*time.Second)
}

// Save writes the cache into dir atomically: a reader sees the old file or
// the new one, never half of one.
func (c *Cache) Save(dir string) error {
	c.Saved = time.Now().UnixNano()
	// Never through a link: the temporary file would be made, and the
	// cache renamed into place, wherever it points.
	if err := fsguard.CheckOwnDir(dir); err != nil {
		return fmt.Errorf("check cache: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("check cache: %w", err)
	}
	if err := atomicfile.WriteCache(filepath.Join(dir, FileName), func(w io.Writer) error { return encode(w, c) }); err != nil {
		return fmt.Errorf("check cache: %w", err)
	}
	return nil
}

// Hash is a document's content key: the path it is reported under and its
// normalised text.
func Hash(display string, text []byte) string {
	h := sha256.New()
	io.WriteString(h, display)
	h.Write([]byte{0})
	h.Write(text)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Key combines the parts a cache depends on with the identity of the
// running concord binary, so that a rebuilt concord never trusts findings
// an older one made. It is "" when the binary cannot be identified: then
// nothing may be cached.
func Key(parts ...string) string {
	if binaryID() == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "concord-check-cache %d\x00%s\x00", format, binaryID())
	for _, p := range parts {
		io.WriteString(h, p)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

var (
	binaryOnce sync.Once
	binaryHash string
)

// binaryID identifies the running executable: its Go build ID, which
// changes whenever any of its inputs does, or else a hash of the whole file.
func binaryID() string {
	binaryOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			return
		}
		if f, err := elf.Open(exe); err == nil {
			defer f.Close()
			if s := f.Section(".note.go.buildid"); s != nil {
				if b, err := s.Data(); err == nil && len(b) > 16 {
					binaryHash = "buildid:" + hex.EncodeToString(b)
					return
				}
			}
		}
		fh, err := os.Open(exe)
		if err != nil {
			return
		}
		defer fh.Close()
		h := sha256.New()
		if _, err := io.Copy(h, fh); err != nil {
			return
		}
		binaryHash = "sha256:" + hex.EncodeToString(h.Sum(nil))
	})
	return binaryHash
}
