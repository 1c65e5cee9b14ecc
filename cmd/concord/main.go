// Command concord keeps guidance consistent with one shared glossary.
package main

import (
	"os"

	"github.com/concord-guidance/concord/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
