// Package baseline records the findings a team has accepted, so that CI can
// gate only new ones. Entries are keyed by content (rule, term, document and
// a fingerprint of the normalised sentence), never by line, so inserting
// lines above, reflowing a paragraph or renaming a heading does not reopen
// them. It reads and writes the baseline file and filters findings; it does
// not run checks.
package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/concord-guidance/concord/internal/atomicfile"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// Version is the file format version.
const Version = 1

// File is a baseline file.
type File struct {
	Version int     `json:"version"`
	Tool    string  `json:"tool"`
	Entries []Entry `json:"entries"`
}

// Entry is one accepted finding (or several identical ones: Count).
type Entry struct {
	Rule        string `json:"rule"`
	Term        string `json:"term,omitempty"`
	File        string `json:"file"`
	Fingerprint string `json:"fingerprint"`
	Count       int    `json:"count"`
	// Message is for the reviewer reading the file; matching ignores it.
	Message string `json:"message"`
}

func (e Entry) key() string {
	return e.Rule + "\x00" + e.Term + "\x00" + e.File + "\x00" + e.Fingerprint
}

func keyOf(f *rules.Finding) string {
	return f.Rule + "\x00" + f.Term + "\x00" + f.File + "\x00" + f.Fingerprint
}

// FromFindings records findings as a baseline.
func FromFindings(fs []*rules.Finding) *File {
	b := &File{Version: Version, Tool: "concord"}
	idx := map[string]int{}
	for _, f := range fs {
		k := keyOf(f)
		if i, ok := idx[k]; ok {
			b.Entries[i].Count++
			continue
		}
		idx[k] = len(b.Entries)
		b.Entries = append(b.Entries, Entry{Rule: f.Rule, Term: f.Term, File: f.File, Fingerprint: f.Fingerprint, Count: 1, Message: f.Message})
	}
	b.sort()
	return b
}

func (b *File) sort() {
	sort.SliceStable(b.Entries, func(i, j int) bool {
		x, y := b.Entries[i], b.Entries[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		if x.Term != y.Term {
			return x.Term < y.Term
		}
		return x.Fingerprint < y.Fingerprint
	})
}

// Read loads a baseline file, with errors that name the file.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &source.Error{Pos: source.Position{File: path}, Msg: "cannot read baseline: " + err.Error(), Hint: "create one with concord baseline -o " + path}
	}
	var b File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, &source.Error{Pos: source.Position{File: path}, Msg: "not a concord baseline: " + err.Error(), Hint: "recreate it with concord baseline -o " + path}
	}
	if b.Version != Version {
		return nil, &source.Error{Pos: source.Position{File: path}, Msg: fmt.Sprintf("baseline version %d is not supported (want %d)", b.Version, Version), Hint: "recreate it with concord baseline -o " + path}
	}
	return &b, nil
}

// Write saves the baseline atomically (a temporary file renamed into place),
// so an interrupted run never leaves half a baseline.
func (b *File) Write(path string) error {
	b.sort()
	if b.Entries == nil {
		// An empty baseline is a list with nothing in it, not null.
		b.Entries = []Entry{}
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	return atomicfile.Write(path, data)
}

// Filter returns the findings the baseline does not cover, and the entries
// (with the count left over) that matched nothing: fixed findings whose
// entries can be removed.
func (b *File) Filter(fs []*rules.Finding) (fresh []*rules.Finding, stale []Entry) {
	left := map[string]int{}
	for _, e := range b.Entries {
		left[e.key()] += e.Count
	}
	for _, f := range fs {
		k := keyOf(f)
		if left[k] > 0 {
			left[k]--
			continue
		}
		fresh = append(fresh, f)
	}
	for _, e := range b.Entries {
		if n := left[e.key()]; n > 0 {
			e.Count = min(n, e.Count)
			left[e.key()] -= e.Count
			stale = append(stale, e)
		}
	}
	return fresh, stale
}

// Prune drops what is fixed and keeps what still matches, without adding
// new findings: what `concord baseline --update` does.
func (b *File) Prune(fs []*rules.Finding) *File {
	have := FromFindings(fs)
	count := map[string]int{}
	for _, e := range have.Entries {
		count[e.key()] = e.Count
	}
	out := &File{Version: Version, Tool: "concord"}
	for _, e := range b.Entries {
		if n := count[e.key()]; n > 0 {
			e.Count = min(n, e.Count)
			out.Entries = append(out.Entries, e)
		}
	}
	out.sort()
	return out
}
