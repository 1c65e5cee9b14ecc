// Command concord-gen writes synthetic guidance corpora for benchmarks
// (see scripts/bench and docs/benchmarks.md).
package main

import (
	"os"

	"github.com/concord-guidance/concord/internal/benchgen"
)

func main() { os.Exit(benchgen.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
