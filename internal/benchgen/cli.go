package benchgen

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/concord-guidance/concord"
)

const usage = `concord-gen makes synthetic guidance corpora for benchmarks.

Usage:
  concord-gen -n N -seed S -out DIR [-glossary DIR] [-workers K]
      write DIR/corpus/*.md, DIR/glossary/, DIR/concord.yaml, DIR/manifest.json
  concord-gen vale-style -out STYLES [-glossary DIR]
      write a Vale style (STYLES/Concord/) equivalent to the glossary's deprecated wording
  concord-gen version
      print the generator version recorded in manifest.json
  concord-gen time [-o FILE] -- COMMAND [ARG...]
      run COMMAND and write wall time, CPU time and peak memory as key=value
      (stands in for GNU time -v)

The glossary defaults to the one built into the binary.
`

// Main runs concord-gen with args (without the program name) and returns the
// exit code: 0 on success, 1 when the work failed, 2 on a usage error.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "vale-style":
			return valeStyleMain(args[1:], stdout, stderr)
		case "time":
			return timeMain(args[1:], stdin, stdout, stderr)
		case "version":
			fmt.Fprintln(stdout, Version)
			return 0
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		}
	}
	fl := flag.NewFlagSet("concord-gen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { fmt.Fprint(stderr, usage) }
	n := fl.Int("n", 1000, "number of documents")
	seed := fl.Int64("seed", 1, "random seed; the same seed gives the same corpus")
	out := fl.String("out", "", "output folder (empty, new, or written by concord-gen before)")
	gdir := fl.String("glossary", "", "glossary folder to copy (default: the built-in glossary)")
	workers := fl.Int("workers", 0, "documents written in parallel (default: one per core); output does not depend on it")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fl.NArg() > 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	gfs, err := glossaryFS(*gdir)
	if err != nil {
		fmt.Fprintf(stderr, "concord-gen: %v\n", err)
		return 2
	}
	start := time.Now()
	m, err := Generate(*out, Options{Docs: *n, Seed: *seed, Glossary: gfs, Workers: *workers})
	if err != nil {
		fmt.Fprintf(stderr, "concord-gen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "concord-gen: %d documents, %d words, %.1f MB in %s (%v)\n", m.Docs, m.Words, float64(m.Bytes)/1e6, *out, time.Since(start).Round(time.Millisecond))
	return 0
}

func glossaryFS(dir string) (fs.FS, error) {
	if dir == "" {
		return fs.Sub(concord.Glossary, "glossary")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("glossary folder %s not found", dir)
	}
	return os.DirFS(dir), nil
}

func valeStyleMain(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("concord-gen vale-style", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("out", "", "styles folder; the style is written to OUT/Concord/")
	gdir := fl.String("glossary", "", "glossary folder (default: the built-in glossary)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *out == "" {
		fmt.Fprint(stderr, usage)
		return 2
	}
	gfs, err := glossaryFS(*gdir)
	if err != nil {
		fmt.Fprintf(stderr, "concord-gen: %v\n", err)
		return 2
	}
	n, err := WriteValeStyle(gfs, *out)
	if err != nil {
		fmt.Fprintf(stderr, "concord-gen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d deprecated phrases to %s/Concord\n", n, *out)
	return 0
}

func timeMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("concord-gen time", flag.ContinueOnError)
	fl.SetOutput(stderr)
	outFile := fl.String("o", "", "write the measurement to this file instead of standard error")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	argv := fl.Args()
	if len(argv) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	m, err := Measure(argv, stdin, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "concord-gen: %v\n", err)
		return 1
	}
	line := m.String() + "\n"
	if *outFile != "" {
		if err := os.WriteFile(*outFile, []byte(line), 0o644); err != nil {
			fmt.Fprintf(stderr, "concord-gen: %v\n", err)
			return 1
		}
	} else {
		fmt.Fprint(stderr, line)
	}
	if m.Exit != 0 {
		return m.Exit
	}
	return 0
}
