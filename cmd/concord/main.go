// Command concord keeps guidance consistent with one shared glossary.
package main

import (
	"os"
	"runtime/pprof"
	"runtime/trace"

	"github.com/concord-guidance/concord/internal/cli"
)

func main() {
	os.Exit(run())
}

// run is main without the exit, so that profiles are flushed first.
func run() int {
	// CONCORD_CPUPROFILE=FILE writes a CPU profile of the run, for
	// `go tool pprof` (used by scripts/bench and when tuning).
	if path := os.Getenv("CONCORD_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			defer f.Close()
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	// CONCORD_TRACE=FILE writes an execution trace, for `go tool trace`:
	// it shows where the run leaves a core idle, which a profile cannot.
	if path := os.Getenv("CONCORD_TRACE"); path != "" {
		if f, err := os.Create(path); err == nil {
			defer f.Close()
			if trace.Start(f) == nil {
				defer trace.Stop()
			}
		}
	}
	// CONCORD_MEMPROFILE=FILE writes a heap profile at the end of the run;
	// its alloc_space view shows what the run allocated in all.
	// With CONCORD_MEMPROFILE_AT the run writes it at that stage instead.
	if path := os.Getenv("CONCORD_MEMPROFILE"); path != "" && os.Getenv("CONCORD_MEMPROFILE_AT") == "" {
		defer func() {
			if f, err := os.Create(path); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	return cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}
