package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/concord-guidance/concord/internal/analysis"
)

// indexFormat changes whenever what is indexed changes in a way the mapping
// and the stop list do not show (the bleve document shape, expandToken). It is
// part of the cache key.
const indexFormat = 1

// cacheManifestName is the file, inside the index folder, that lists the
// documents the cached index holds and the hash of each.
const cacheManifestName = "concord-index.json"

// batchSections is how many sections' changes go to bleve at once (a
// variable for tests).
var batchSections = 2000

// lockTimeout is how long Build waits for an index folder that another
// process holds open before it falls back to an index in memory.
const lockTimeout = "1s"

// Index is a searchable index of documents. It is safe for concurrent use:
// Search may run while Update replaces the contents.
type Index struct {
	mu     sync.RWMutex
	bi     bleve.Index
	dir    string // the on-disk index folder, "" in memory
	docs   []Doc  // sorted by File
	stats  *corpusStats
	byID   map[string]int32 // bleve document id → section id
	hashes map[string]docState
	// analysed keeps each document's analysis by content hash, so that
	// Update analyses only the documents that changed.
	analysed map[string][]sectionTerms
	// changed: an update since opening changed what the on-disk index
	// holds.
	changed bool
	// indexed counts the documents given to bleve since the index was
	// opened or made: new, changed, or all of them in a new index.
	indexed int
}

// Indexed is how many documents were indexed (again) in making idx: 0 for an
// index opened as it was left, every document for a new one. It is what a
// user notices as the difference between a search that answers at once and
// one that first indexes the corpus.
func (idx *Index) Indexed() int {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	return idx.indexed
}

// Len is the number of documents the index holds (guidance and glossary).
func (idx *Index) Len() int {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	return len(idx.docs)
}

// Exists reports whether cacheDir holds an index of this format that a
// BuildWith finished writing (its manifest is there), current or not.
func Exists(cacheDir string) bool {
	_, ok := readCacheManifest(filepath.Join(cacheDir, "index-"+FormatKey()))
	return ok
}

// Current reports, without opening it, whether the index in cacheDir is the
// one a BuildWith with these options left and closed cleanly: Open would
// reopen it, and a BuildWith with the same documents would index none. It
// reads only the keys of the kept documents, not the index's files (Open
// checks those).
func Current(cacheDir string, o Options) bool {
	if o.Tool == "" || o.Corpus == "" || cacheDir == "" {
		return false
	}
	dir := filepath.Join(cacheDir, "index-"+FormatKey())
	if _, ok := readCacheManifest(dir); !ok {
		return false
	}
	if _, err := os.Stat(filepath.Join(dir, storeSumName)); err != nil {
		return false
	}
	same := false
	_, _ = readDocsState(dir, func(tool, corpus string) bool {
		same = tool == o.Tool && corpus == o.Corpus
		return false // the keys are all that is wanted
	})
	return same
}

type docState struct {
	Hash     string `json:"hash"`
	Sections int    `json:"sections"`
}

type cacheManifest struct {
	Format string              `json:"format"`
	Docs   map[string]docState `json:"docs"`
}

// FormatKey identifies the index format: the version above, the bleve
// mapping and the stop list. The cache folder is named after it
// (index-<FormatKey>), so a concord that analyses differently never reads an
// index built by another.
func FormatKey() string {
	m, err := newMapping()
	if err != nil {
		panic(err)
	}
	mj, _ := json.Marshal(m)
	h := sha256.New()
	fmt.Fprintf(h, "concord-index %d\n%s\n%s\n", indexFormat, mj, strings.Join(analysis.StopWords(), " "))
	return hex.EncodeToString(h.Sum(nil))[:12]
}

var indexDirPattern = regexp.MustCompile(`^index-[0-9a-f]{12}$`)

// Build indexes docs. With cacheDir "" the index lives in memory. Otherwise it
// is kept in cacheDir/index-<FormatKey> together with a manifest of per-
// document content hashes, and only documents whose content changed since the
// last Build are re-indexed; an unchanged corpus opens the cached index as it
// is. Index folders of other formats in cacheDir are removed. If another
// process holds the cached index open, Build indexes in memory instead.
//
// Document order does not matter; File must be unique and non-empty. The
// caller must Close the index.
func Build(docs []Doc, cacheDir string) (*Index, error) {
	return BuildWith(docs, cacheDir, Options{})
}

// BuildWith is Build that also keeps, with an on-disk index, the documents
// and their analyses (see Options and Open). It reuses the analyses a
// BuildWith with the same Options.Tool kept.
func BuildWith(docs []Doc, cacheDir string, o Options) (*Index, error) {
	sorted, err := normalizeDocs(docs)
	if err != nil {
		return nil, err
	}
	idx := &Index{hashes: map[string]docState{}}
	var kept *docsState
	if cacheDir != "" {
		if err := idx.openCache(cacheDir); err != nil {
			return nil, err
		}
		if idx.dir != "" && o.Tool != "" {
			if o.Kept != nil && o.Kept.st.tool == o.Tool {
				kept = o.Kept.st
			} else if st, err := readDocsState(idx.dir, func(tool, _ string) bool { return tool == o.Tool }); err == nil {
				kept = st
			}
			if st := kept; st != nil {
				idx.analysed = make(map[string][]sectionTerms, len(st.docs))
				for i, h := range st.hashes {
					if st.analysed[i] != nil {
						idx.analysed[h] = st.analysed[i]
					}
				}
			}
		}
	}
	if idx.bi == nil {
		if idx.bi, err = newMemIndex(); err != nil {
			return nil, err
		}
	}
	if err := idx.update(sorted); err != nil {
		_ = idx.closeBleve()
		return nil, err
	}
	if idx.dir != "" && o.Tool != "" && (idx.changed || kept == nil || kept.corpus != o.Corpus || !kept.holds(idx.hashes, o.Stamps)) {
		// Only the documents Open would return are kept: analyses of
		// documents no longer in the corpus are dropped.
		if err := idx.saveDocsState(o); err != nil {
			_ = idx.closeBleve()
			return nil, fmt.Errorf("search cache: %w", err)
		}
	}
	return idx, nil
}

func newMemIndex() (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	// An in-memory scorch index builds about four times faster than
	// bleve.NewMemOnly (SEARCH-NOTES pitfall 7).
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create search index: %w", err)
	}
	return bi, nil
}

// openCache opens or creates the on-disk index. It leaves idx.bi nil when the
// folder is locked by another process.
func (idx *Index) openCache(cacheDir string) error {
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return fmt.Errorf("search cache: %w", err)
	}
	name := "index-" + FormatKey()
	removeStaleIndexes(cacheDir, name)
	dir := filepath.Join(cacheDir, name)
	cfg := map[string]interface{}{"bolt_timeout": lockTimeout}

	if man, ok := readCacheManifest(dir); ok {
		if storeIntact(dir) {
			bi, err := openBleve(dir, cfg)
			if err == nil {
				// Until Close records the files again, a crash leaves
				// them untrusted.
				if err := os.Remove(filepath.Join(dir, storeSumName)); err != nil {
					_ = bi.Close()
					return fmt.Errorf("search cache: %w", err)
				}
				idx.bi, idx.dir, idx.hashes = bi, dir, man.Docs
				return nil
			}
			if isLocked(err) {
				return nil
			}
		} else if heldByOther(dir) {
			// Open elsewhere (its sum is removed meanwhile): leave it be.
			return nil
		}
		// Anything else: the folder is damaged; build it again.
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("search cache: %w", err)
	}
	m, err := newMapping()
	if err != nil {
		return err
	}
	bi, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, cfg)
	if err != nil {
		if isLocked(err) {
			return nil
		}
		return fmt.Errorf("create search index %s: %w", dir, err)
	}
	idx.bi, idx.dir = bi, dir
	return nil
}

func isLocked(err error) bool {
	return errors.Is(err, bolterrors.ErrTimeout) || strings.Contains(err.Error(), "timeout")
}

func removeStaleIndexes(cacheDir, keep string) {
	entries, err := os.ReadDir(cacheDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && e.Name() != keep && indexDirPattern.MatchString(e.Name()) {
			_ = os.RemoveAll(filepath.Join(cacheDir, e.Name()))
		}
	}
}

func readCacheManifest(dir string) (*cacheManifest, bool) {
	b, err := os.ReadFile(filepath.Join(dir, cacheManifestName))
	if err != nil {
		return nil, false
	}
	var m cacheManifest
	if json.Unmarshal(b, &m) != nil || m.Format != FormatKey() || m.Docs == nil {
		return nil, false
	}
	return &m, true
}

func writeCacheManifest(dir string, docs map[string]docState) error {
	b, err := json.MarshalIndent(cacheManifest{Format: FormatKey(), Docs: docs}, "", "\t")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, cacheManifestName+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, cacheManifestName))
}

// normalizeDocs copies docs sorted by File and checks that files are unique.
func normalizeDocs(docs []Doc) ([]Doc, error) {
	out := append([]Doc(nil), docs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].File < out[j].File })
	for i := range out {
		if out[i].File == "" {
			return nil, errors.New("search: document with an empty File")
		}
		if i > 0 && out[i].File == out[i-1].File {
			return nil, fmt.Errorf("search: document %s given twice", out[i].File)
		}
	}
	return out, nil
}

func docHash(d *Doc) string {
	b, _ := json.Marshal(d) // maps marshal with sorted keys
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

func (idx *Index) update(docs []Doc) error {
	idx.mu.Lock()
	defer idx.mu.Unlock()

	hashes := make(map[string]docState, len(docs))
	for i := range docs {
		hashes[docs[i].File] = docState{Hash: docHash(&docs[i]), Sections: len(docs[i].Sections)}
	}
	// The changes go to bleve in batches of a bounded size: one batch of a
	// whole corpus holds every section's analysed fields at once (6 GiB at
	// 10,000 documents).
	batch := idx.bi.NewBatch()
	changed := false
	flush := func(force bool) error {
		if batch.Size() == 0 || (!force && batch.Size() < batchSections) {
			return nil
		}
		if !changed && idx.dir != "" {
			// Until the new manifest is written the folder must not be
			// trusted: a crash in between makes the next Build start over.
			_ = os.Remove(filepath.Join(idx.dir, cacheManifestName))
		}
		changed = true
		if err := idx.bi.Batch(batch); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		batch.Reset()
		return nil
	}
	for file, old := range idx.hashes {
		if nw, ok := hashes[file]; !ok || nw.Hash != old.Hash {
			for s := 0; s < old.Sections; s++ {
				batch.Delete(sectionID(file, s))
			}
		}
		if err := flush(false); err != nil {
			return err
		}
	}
	for i := range docs {
		d := &docs[i]
		if old, ok := idx.hashes[d.File]; ok && old.Hash == hashes[d.File].Hash {
			continue
		}
		idx.indexed++
		for s := range d.Sections {
			if err := batch.Index(sectionID(d.File, s), bleveDoc(d, &d.Sections[s])); err != nil {
				return fmt.Errorf("index %s: %w", d.File, err)
			}
		}
		if err := flush(false); err != nil {
			return err
		}
	}
	if err := flush(true); err != nil {
		return err
	}
	if idx.dir != "" {
		if _, ok := readCacheManifest(idx.dir); !ok || changed {
			if err := writeCacheManifest(idx.dir, hashes); err != nil {
				return fmt.Errorf("search cache: %w", err)
			}
		}
	}
	idx.install(docs, hashes)
	idx.changed = idx.changed || changed
	return nil
}

// install makes docs, with their hashes, what the index answers from,
// analysing those whose analysis it does not have.
func (idx *Index) install(docs []Doc, hashes map[string]docState) {
	idx.hashes = hashes
	idx.docs = docs
	idx.stats, idx.analysed = computeStats(docs, hashes, idx.analysed)
	idx.byID = make(map[string]int32, len(idx.stats.sections))
	for sid, r := range idx.stats.sections {
		idx.byID[r.id] = int32(sid)
	}
}

var fieldNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// bleveDoc is the bleve document for one section: the section's own fields
// and the document-level ones.
func bleveDoc(d *Doc, s *Section) map[string]interface{} {
	m := map[string]interface{}{
		fieldFile:    d.File,
		fieldTitle:   d.Title,
		fieldHeading: s.Heading,
		fieldBody:    s.Text,
		fieldSummary: d.Summary,
		fieldTopic:   d.Topic,
		fieldTerms:   d.Terms,
	}
	for k, v := range d.Fields {
		k = strings.ToLower(k)
		if !reservedField(k) && fieldNamePattern.MatchString(k) {
			m[k] = v
		}
	}
	return m
}

// Close releases the index; an on-disk index stays in its cache folder,
// with a record of its files for the next open to check.
func (idx *Index) Close() error {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	return idx.closeBleve()
}

// closeBleve closes bleve's index and, for one on disk, records its files.
// The caller holds idx.mu or has the index to itself.
func (idx *Index) closeBleve() error {
	if idx.bi == nil {
		return nil
	}
	err := idx.bi.Close()
	idx.bi = nil
	if err == nil && idx.dir != "" {
		if werr := writeStoreSum(idx.dir); werr != nil {
			return fmt.Errorf("search cache: %w", werr)
		}
	}
	return err
}

// rebuild replaces a damaged index by a new one holding the same documents:
// in the same cache folder, or in memory if that cannot be made.
func (idx *Index) rebuild() error {
	idx.mu.Lock()
	if idx.bi != nil {
		_ = idx.bi.Close() // no sum: the files are not to be trusted
		idx.bi = nil
	}
	var err error
	if idx.dir != "" {
		if err = os.RemoveAll(idx.dir); err == nil {
			var m *mapping.IndexMappingImpl
			if m, err = newMapping(); err == nil {
				idx.bi, err = bleve.NewUsing(idx.dir, m, scorch.Name, scorch.Name, map[string]interface{}{"bolt_timeout": lockTimeout})
			}
		}
		if err != nil {
			idx.dir = ""
		}
	}
	if idx.bi == nil {
		if idx.bi, err = newMemIndex(); err != nil {
			idx.mu.Unlock()
			return err
		}
	}
	idx.hashes = map[string]docState{}
	docs := idx.docs
	idx.mu.Unlock()
	return idx.update(docs)
}
