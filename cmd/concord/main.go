// Command concord keeps guidance consistent with one shared glossary.
package main

import (
	"os"
	"runtime/pprof"

	"github.com/concord-guidance/concord/internal/cli"
)

func main() {
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
