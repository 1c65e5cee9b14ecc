package run

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/fsguard"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
)

// Version is concord's version, stamped into reports and every cache key.
const Version = "0.1.0"

// CacheDir is where concord keeps its caches and build state, keyed by
// content so that repeated runs do not redo unchanged work.
const CacheDir = ".concord"

const cacheDir = CacheDir

// Runner holds what every piece of work shares: the project's location as
// the shared flags give it, where warnings go, and the environment.
type Runner struct {
	ConfigPath  string // --config
	CorpusDir   string // --corpus
	GlossaryDir string // --glossary
	// FollowOutside reads corpus and glossary files whose symbolic links
	// lead outside their folder (--follow-symlinks-outside).
	FollowOutside bool

	// Stderr receives warnings and, with CONCORD_TIMING or
	// CONCORD_CACHE_STATS set, diagnostics.
	Stderr io.Writer
	Getenv func(string) string
	Start  time.Time
}

// Phase tells, with CONCORD_TIMING set, how long the run has taken when a
// stage of it ends: for finding where time goes, not for tests.
func (a *Runner) Phase(name string) {
	if a.Getenv("CONCORD_TIMING") != "" {
		fmt.Fprintf(a.Stderr, "concord: %-10s %6.0f ms\n", name, float64(time.Since(a.Start).Microseconds())/1000)
	}
	// CONCORD_MEMPROFILE_AT=STAGE writes the heap profile to
	// CONCORD_MEMPROFILE as that stage ends, after a collection, rather
	// than at the end of the run: its inuse_space view shows what is held
	// at the stage that peaks, which the end of a run has let go.
	if at := a.Getenv("CONCORD_MEMPROFILE_AT"); at != "" && at == name {
		if path := a.Getenv("CONCORD_MEMPROFILE"); path != "" {
			runtime.GC()
			if f, err := os.Create(path); err == nil {
				pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
		}
	}
}

// InputError is a problem with the project's input (its configuration,
// glossary or documents) or with where concord may write: the command line
// exits 2 and prints Err.
type InputError struct {
	Err error
}

func (e *InputError) Error() string {
	if e.Err == nil {
		return ""
	}
	return e.Err.Error()
}

// OwnDirs checks the folders concord keeps its own files in before it
// reads, writes or deletes anything there: a symbolic link planted at
// .concord or at one of its entries (a committed .concord/build-<hash>
// pointing at another folder) would carry those writes and deletes
// elsewhere (fsguard.CheckOwnDir).
func OwnDirs(dirs ...string) error {
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if err := fsguard.CheckOwnDir(d); err != nil {
			return &InputError{Err: err}
		}
	}
	return nil
}

func ownDirs(dirs ...string) error { return OwnDirs(dirs...) }

// DisplayPath shows a path relative to the working directory with forward
// slashes, as reports require.
func DisplayPath(p string) string { return displayPath(p) }

// BuildStateDir is where the state for builds into out is kept.
func BuildStateDir(out string) string { return buildStateDir(out) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// count is "1 document" or "2 documents".
func count(n int, noun string) string {
	return fmt.Sprintf("%d %s", n, plural(n, noun, noun+"s"))
}

// SpareFor is where the site a build of out replaces is kept, for the next
// build to start from (see site.Publish): in the cache folder, one for each
// output folder. "" when out's absolute path is unknown.
func SpareFor(out string) string {
	abs, err := filepath.Abs(out)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cacheDir, "site-"+hex.EncodeToString(sum[:6]))
}

func searchDocs(g *glossary.Glossary, docs []*corpus.Document, facts func(*corpus.Document) *rules.DocFacts) []search.Doc {
	return SearchDocs(g, docs, facts)
}

func glossarySearchDocs(g *glossary.Glossary) []search.Doc { return GlossarySearchDocs(g) }
