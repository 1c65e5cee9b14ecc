package run

import "strings"

// Refused is a refusal to overwrite: the files at Paths (each joined to the
// folder it was asked to write in) are in the way, and nothing was
// written. The command line says which flag overrides it.
type Refused struct {
	Paths []string
}

func (e *Refused) Error() string {
	return strings.Join(e.Paths, ", ") + ": in the way; nothing was written"
}
