// Package run carries out concord's work for the command line: loading a
// project (configuration, glossary, documents), checking it, with the check
// cache or without, building its site, incrementally or afresh, and opening
// the search index. It returns results and typed errors (InputError) and
// prints nothing but warnings; package cli parses flags, calls run, prints
// what it returns and turns its errors into exit codes.
package run
