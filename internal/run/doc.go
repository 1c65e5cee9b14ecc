// Package run carries out concord's work for the command line: loading a
// project (configuration, glossary, documents), checking it, with the check
// cache or without, whole or on the documents changed since a git ref,
// building its site, incrementally or afresh, serving it (serve's rebuilds,
// watcher and HTTP server), fixing it (fix's plan, apply and write loop),
// opening the search index, comparing the glossary with a git ref (drift),
// fetching and checking the audit pages, loading the language server's
// workspace, and writing files for commands with no project to load:
// init's starter files, glossary export's and import's term files. It returns
// results and typed errors (InputError) and prints nothing but warnings and
// one status line; package cli parses flags, calls run, prints what it
// returns and turns its errors into exit codes.
package run
