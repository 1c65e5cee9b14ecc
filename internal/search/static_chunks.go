package search

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/concord-guidance/concord/internal/binenc"
	"github.com/concord-guidance/concord/internal/par"
)

// A state written whole on every build is tens of megabytes for ten
// thousand documents, and writing it cost more than the rest of a small
// rebuild. EncodeChunked splits it instead into StateChunks chunks, each
// part (a document's entry, a postings shard, a vocabulary group) in the
// chunk its key hashes to, and reports as unchanged every chunk whose parts
// are all as DecodeChunked read them: a store keeps those chunks and writes
// only the others.

// StateChunks is how many chunks EncodeChunked splits a state into.
const StateChunks = 256

// The head and each chunk are binenc files of their own (at staticVersion),
// so a chunk checks itself as it is opened; the head records each chunk's
// size and checksum, so that a chunk of another state is not taken for
// this one's.
const (
	chunkedMagic = "concord-static-chunks\n"
	chunkMagic   = "concord-static-chunk\n"
)

// chunkInfo is what the head records of a chunk.
type chunkInfo struct {
	parts int
	size  int
	sum   uint32
}

func chunkOf(key string) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % StateChunks)
}

// EncodeChunked returns the state as a head, small, and StateChunks chunks;
// a chunk is nil when it is the one DecodeChunked read, unchanged, which the
// caller must then keep and give back to the next DecodeChunked.
func (s *Static) EncodeChunked() (head []byte, chunks [][]byte) {
	chunks = make([][]byte, StateChunks)
	// put never fails, so neither does EncodeChunkedTo.
	head, _ = s.EncodeChunkedTo(func(c int, chunk []byte) error {
		chunks[c] = bytes.Clone(chunk)
		return nil
	})
	return head, chunks
}

// EncodeChunkedTo is EncodeChunked handing each chunk that changed to put
// as it is made, from any goroutine, instead of returning them all: a
// build of a large corpus writes each to disk and lets it go, where the
// chunks together are as large as the whole index (a gigabyte at 100,000
// documents). The chunk is valid only until put returns: its memory is
// the next chunk's, so that encoding makes no garbage the size of the
// index either. It stops at put's first error.
func (s *Static) EncodeChunkedTo(put func(c int, chunk []byte) error) (head []byte, err error) {
	info := make([]chunkInfo, StateChunks)
	clean := make([]bool, StateChunks)
	for i := range clean {
		clean[i] = i < len(s.chunks)
	}
	// assign puts a part in the chunk its key hashes to; the chunk stays
	// clean while every part in it is.
	assign := func(key string, partClean bool) int {
		c := chunkOf(key)
		info[c].parts++
		clean[c] = clean[c] && partClean
		return c
	}
	docChunk := make([]int, len(s.docs))
	for i := range s.docs {
		docChunk[i] = assign("d"+s.docs[i].file, s.docs[i].clean)
	}
	postChunk := make([]int, len(s.posts))
	for i := range s.posts {
		postChunk[i] = assign("p"+s.posts[i].first, s.posts[i].clean)
	}
	vocabChunk := make([]int, len(s.vocab))
	for i := range s.vocab {
		vocabChunk[i] = assign("v"+s.vocab[i].key, s.vocab[i].clean)
	}
	// Each chunk's parts, in the order they are written: documents, then
	// postings, then vocabulary, each in the Static's order.
	type parts struct{ docs, posts, vocab []int }
	in := make([]parts, StateChunks)
	for c := range clean {
		clean[c] = clean[c] && info[c].parts == s.chunks[c].parts
	}
	for i, c := range docChunk {
		if !clean[c] {
			in[c].docs = append(in[c].docs, i)
		}
	}
	for i, c := range postChunk {
		if !clean[c] {
			in[c].posts = append(in[c].posts, i)
		}
	}
	for i, c := range vocabChunk {
		if !clean[c] {
			in[c].vocab = append(in[c].vocab, i)
		}
	}
	par.For(len(s.docs), func(i int) {
		if d := &s.docs[i]; d.enc == nil && d.load == nil && !clean[docChunk[i]] {
			d.enc = d.entry.encoded()
		}
	})
	errs := make([]error, StateChunks)
	writers := sync.Pool{New: func() any { return binenc.NewWriter(chunkMagic, staticVersion, 0) }}
	par.For(StateChunks, func(c int) {
		if clean[c] {
			info[c].size, info[c].sum = s.chunks[c].size, s.chunks[c].sum
			return
		}
		w := writers.Get().(*binenc.Writer)
		defer writers.Put(w)
		w.Reset()
		var buf []byte // copied into the chunk at once
		for _, i := range in[c].docs {
			enc, err := s.docs[i].encoding(buf)
			if err != nil {
				errs[c] = fmt.Errorf("search: %s: %w", s.docs[i].file, err)
				return
			}
			w.Bytes(enc)
			buf = enc
		}
		for _, i := range in[c].posts {
			writePost(w, &s.posts[i])
		}
		for _, i := range in[c].vocab {
			writeVocab(w, &s.vocab[i])
		}
		// A Writer's only error is a negative length, which none of
		// these lengths can be.
		chunk, _ := w.Finish()
		info[c].size, info[c].sum = len(chunk), binenc.Checksum(chunk, chunkMagic)
		errs[c] = put(c, chunk)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	h := binenc.NewWriter(chunkedMagic, staticVersion, 16*StateChunks+4*(len(s.docs)+len(s.posts)+len(s.vocab)))
	h.Len(s.nsec)
	for _, t := range s.total {
		h.Uint(uint64(t))
	}
	for _, ci := range info {
		h.Len(ci.parts)
		h.Len(ci.size)
		h.Uint(uint64(ci.sum))
	}
	h.Len(len(s.docs))
	for _, c := range docChunk {
		h.Len(c)
	}
	h.Len(len(s.posts))
	for _, c := range postChunk {
		h.Len(c)
	}
	h.Len(len(s.vocab))
	for _, c := range vocabChunk {
		h.Len(c)
	}
	head, _ = h.Finish()
	// What was just encoded is what the caller now keeps.
	s.chunks = info
	for i := range s.docs {
		s.docs[i].clean = true
	}
	for i := range s.posts {
		s.posts[i].clean = true
	}
	for i := range s.vocab {
		s.vocab[i].clean = true
	}
	return head, nil
}

// DecodeChunked reads a state EncodeChunked wrote: head, and each chunk as
// chunk(i) returns it. It checks the head's checksum, every chunk's size and
// checksum, and the layout. The chunks must not be changed afterwards:
// the Static keeps parts of them.
func DecodeChunked(head []byte, chunk func(i int) ([]byte, error)) (*Static, error) {
	r, err := binenc.Open(head, chunkedMagic, staticVersion)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	s := &Static{chunks: make([]chunkInfo, StateChunks)}
	s.nsec = r.Below(1 << 40)
	for f := range s.total {
		s.total[f] = int64(r.Below(1 << 50))
	}
	readers := make([]binenc.Reader, StateChunks)
	for c := range s.chunks {
		ci := &s.chunks[c]
		ci.parts = r.Below(1 << 30)
		ci.size = r.Below(1 << 40)
		ci.sum = uint32(r.Uint())
		if r.Err() != nil {
			return nil, errCorrupt
		}
		data, err := chunk(c)
		if err != nil {
			return nil, err
		}
		if len(data) != ci.size || binenc.Checksum(data, chunkMagic) != ci.sum {
			return nil, errCorrupt
		}
		if readers[c], err = binenc.Open(data, chunkMagic, staticVersion); err != nil {
			return nil, fmt.Errorf("search: chunk %d: %w", c, err)
		}
	}
	order := func() []int {
		n := r.Len()
		if r.Err() != nil {
			return nil
		}
		out := make([]int, n)
		for i := range out {
			out[i] = r.Below(StateChunks)
		}
		return out
	}
	docChunk := order()
	s.docs = make([]staticDoc, len(docChunk))
	secs := 0
	for i, c := range docChunk {
		n, ok := readDoc(&readers[c], s.docs, i)
		if !ok || chunkOf("d"+s.docs[i].file) != c {
			return nil, errCorrupt
		}
		s.docs[i].clean = true
		secs += n
	}
	if r.Err() != nil || secs != s.nsec {
		return nil, errCorrupt
	}
	postChunk := order()
	s.posts = make([]postShard, len(postChunk))
	for i, c := range postChunk {
		if !readPost(&readers[c], s.posts, i) || chunkOf("p"+s.posts[i].first) != c {
			return nil, errCorrupt
		}
		s.posts[i].clean = true
	}
	vocabChunk := order()
	s.vocab = make([]vocabGroup, len(vocabChunk))
	for i, c := range vocabChunk {
		if !readVocab(&readers[c], s.vocab, i) || chunkOf("v"+s.vocab[i].key) != c {
			return nil, errCorrupt
		}
		s.vocab[i].clean = true
	}
	if r.End() != nil {
		return nil, errCorrupt
	}
	parts := make([]int, StateChunks)
	for _, c := range docChunk {
		parts[c]++
	}
	for _, c := range postChunk {
		parts[c]++
	}
	for _, c := range vocabChunk {
		parts[c]++
	}
	for c := range readers {
		if readers[c].End() != nil || parts[c] != s.chunks[c].parts {
			return nil, errCorrupt
		}
	}
	return s, nil
}
