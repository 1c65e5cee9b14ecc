// Command concord keeps guidance consistent with one shared glossary.
package main

import (
	"os"
	"runtime/debug"
	"runtime/pprof"

	"github.com/concord-guidance/concord/internal/cli"
)

// gcPercent is the garbage collector's target when GOGC is not set. concord
// runs are short batch jobs whose live heap is mostly the parsed corpus: with
// Go's default (100) a cold check of 10,000 documents spent about a fifth of
// its CPU collecting. At 200 it spends half as much, for a peak about a third
// higher (check, 10,000 documents: 4.5-5.3 s and 573-610 MB at 100, 3.8-4.1 s
// and 745-758 MB at 200; scripts/bench). GOGC and GOMEMLIMIT in the
// environment still win.
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	// CONCORD_CPUPROFILE=FILE writes a CPU profile of the run, for
	// `go tool pprof` (used by scripts/bench and when tuning).
	if path := os.Getenv("CONCORD_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			code := cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
