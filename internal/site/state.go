package site

import (
	"bytes"
	"encoding/gob"
	"fmt"
)

// State is what a build leaves for the next (see RenderIncremental): each
// document's record and content hash, by corpus path; each published file's
// key, by site path; the files it wrote rather than carried over; the files
// that went; and the
// stamps of the folders Publish left (see Stamps).
type State struct {
	Records map[string]*Record
	Hashes  map[string]string
	Keys    map[string]Key
	Written map[string]bool
	// Gone are the files the build before published that this one did not.
	Gone   []string
	Stamps Stamps
}

// Reuse returns what Publish needs to carry this build's files over into
// the next.
func (s *State) Reuse() *Reuse {
	r := &Reuse{Stamps: s.Stamps, Written: s.Written, Gone: s.Gone}
	r.Paths = make([]string, 0, len(s.Keys))
	for p := range s.Keys {
		r.Paths = append(r.Paths, p)
	}
	return r
}

const stateFormat = "concord site state 1"

// Encode serialises the state.
func (s *State) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(stateFormat); err != nil {
		return nil, err
	}
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DecodeState reads what Encode wrote.
func DecodeState(data []byte) (s *State, err error) {
	defer func() {
		// gob reports bad input as errors, but a damaged file is not
		// worth a crash if it ever panics.
		if p := recover(); p != nil {
			s, err = nil, fmt.Errorf("site state: %v", p)
		}
	}()
	dec := gob.NewDecoder(bytes.NewReader(data))
	var format string
	if err := dec.Decode(&format); err != nil {
		return nil, fmt.Errorf("site state: %w", err)
	}
	if format != stateFormat {
		return nil, fmt.Errorf("site state: format %q, want %q", format, stateFormat)
	}
	s = &State{}
	if err := dec.Decode(s); err != nil {
		return nil, fmt.Errorf("site state: %w", err)
	}
	if s.Records == nil || s.Hashes == nil || s.Keys == nil {
		return nil, fmt.Errorf("site state: incomplete")
	}
	return s, nil
}
