package site

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/concord-guidance/concord/internal/binenc"
	"github.com/concord-guidance/concord/internal/rules"
)

func bundledState(t testing.TB) *State {
	p := bundled(t)
	findings := rules.Run(rules.Input{Glossary: p.g, Docs: p.docs})
	srcs := make([]Source, len(p.docs))
	for i, d := range p.docs {
		srcs[i] = Source{Doc: d, Hash: "hash of " + d.Rel}
	}
	_, st, err := RenderIncremental(Input{Glossary: p.g, Sources: srcs, Findings: findings, UsagePerPage: 2, Editor: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Gone = []string{"docs/gone/index.html"}
	st.Stamps = Stamps{Out: "1:2:3", Spare: "4:5:6", SpareSame: true, Dirs: map[string]int64{"docs": 1765000000123456789, "docs/a": -1, "terms": 0}}
	return st
}

// TestStateRoundTrip encodes a build's state, decodes it, and compares.
func TestStateRoundTrip(t *testing.T) {
	st := bundledState(t)
	data, err := st.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeState(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Keys, st.Keys) || !reflect.DeepEqual(back.Hashes, st.Hashes) || !reflect.DeepEqual(back.Stamps, st.Stamps) ||
		!reflect.DeepEqual(back.Gone, st.Gone) || !reflect.DeepEqual(back.Written, st.Written) {
		t.Fatal("keys, hashes, stamps or file lists differ after a round trip")
	}
	for rel, r := range st.Records {
		b := *back.Records[rel]
		if b.encoded == nil {
			t.Errorf("%s: the decoded record keeps no bytes to write again", rel)
		}
		b.encoded = nil
		if !reflect.DeepEqual(&b, r) {
			t.Errorf("%s: record differs after a round trip:\n%+v\n%+v", rel, &b, r)
		}
	}
	// Written again from the bytes each record kept, and from its fields:
	// the same bytes either way.
	again, _ := back.Encode()
	if !bytes.Equal(again, data) {
		t.Error("encoding the decoded state gives other bytes")
	}
	for _, r := range back.Records {
		r.encoded = nil
	}
	if fresh, _ := back.Encode(); !bytes.Equal(fresh, data) {
		t.Error("encoding the decoded records' fields gives other bytes than the ones they kept")
	}
	// Every truncation is refused, never a panic.
	for i := 0; i < len(data); i += 1 + i/50 {
		if _, err := DecodeState(data[:i]); err == nil {
			t.Fatalf("a state cut at %d of %d bytes was accepted", i, len(data))
		}
	}
}

func FuzzDecodeState(f *testing.F) {
	data, err := bundledState(f).Encode()
	if err != nil {
		f.Fatal(err)
	}
	// Past the header: what a state damaged in a way the checksum misses,
	// or written by a buggy concord, would hold.
	r, err := binenc.Open(data, stateMagic, stateVersion)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(r.Data())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := binenc.NewReader(b)
		st, err := decodeState(&r)
		if err != nil {
			return
		}
		again, err := st.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeState(again); err != nil {
			t.Fatalf("a decoded state re-encodes to something refused: %v", err)
		}
	})
}
