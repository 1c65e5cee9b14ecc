package search

import (
	"hash/crc32"
	"hash/fnv"

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

const chunkedMagic = "concord-static-chunks\n"

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
	writers := make([]*writer, StateChunks)
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
	for c := range clean {
		clean[c] = clean[c] && info[c].parts == s.chunks[c].parts
		if !clean[c] {
			writers[c] = &writer{}
		}
	}
	par.For(len(s.docs), func(i int) {
		if d := &s.docs[i]; d.enc == nil && writers[docChunk[i]] != nil {
			d.enc = d.entry.encoded()
		}
	})
	for i := range s.docs {
		if w := writers[docChunk[i]]; w != nil {
			w.bytes(s.docs[i].enc)
		}
	}
	for i := range s.posts {
		if w := writers[postChunk[i]]; w != nil {
			w.post(&s.posts[i])
		}
	}
	for i := range s.vocab {
		if w := writers[vocabChunk[i]]; w != nil {
			w.vocab(&s.vocab[i])
		}
	}
	chunks = make([][]byte, StateChunks)
	for c := range chunks {
		if clean[c] {
			info[c].size, info[c].sum = s.chunks[c].size, s.chunks[c].sum
			continue
		}
		chunks[c] = writers[c].b
		if chunks[c] == nil {
			chunks[c] = []byte{}
		}
		info[c].size, info[c].sum = len(chunks[c]), crc32.Checksum(chunks[c], castagnoli)
	}

	h := &writer{}
	start := h.beginChecked(chunkedMagic)
	h.int(s.nsec)
	for _, t := range s.total {
		h.uint(uint64(t))
	}
	for _, ci := range info {
		h.int(ci.parts)
		h.int(ci.size)
		h.uint(uint64(ci.sum))
	}
	h.int(len(s.docs))
	for _, c := range docChunk {
		h.int(c)
	}
	h.int(len(s.posts))
	for _, c := range postChunk {
		h.int(c)
	}
	h.int(len(s.vocab))
	for _, c := range vocabChunk {
		h.int(c)
	}
	h.endChecked(start)
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
	return h.b, chunks
}

// DecodeChunked reads a state EncodeChunked wrote: head, and each chunk as
// chunk(i) returns it. It checks the head's checksum, every chunk's size and
// checksum, and the layout. The chunks must not be changed afterwards:
// the Static keeps parts of them.
func DecodeChunked(head []byte, chunk func(i int) ([]byte, error)) (*Static, error) {
	r, err := checkedBody(head, chunkedMagic)
	if err != nil {
		return nil, err
	}
	s := &Static{chunks: make([]chunkInfo, StateChunks)}
	s.nsec = r.int(1 << 40)
	for f := range s.total {
		s.total[f] = int64(r.int(1 << 50))
	}
	readers := make([]*reader, StateChunks)
	for c := range s.chunks {
		ci := &s.chunks[c]
		ci.parts = r.int(1 << 30)
		ci.size = r.int(1 << 40)
		ci.sum = uint32(r.uint())
		if r.err != nil {
			return nil, errCorrupt
		}
		data, err := chunk(c)
		if err != nil {
			return nil, err
		}
		if len(data) != ci.size || crc32.Checksum(data, castagnoli) != ci.sum {
			return nil, errCorrupt
		}
		readers[c] = &reader{b: data}
	}
	order := func() []int {
		n := r.int(len(r.b) + 1)
		if r.err != nil {
			return nil
		}
		out := make([]int, n)
		for i := range out {
			out[i] = r.int(StateChunks)
		}
		return out
	}
	docChunk := order()
	s.docs = make([]staticDoc, len(docChunk))
	secs := 0
	for i, c := range docChunk {
		n, ok := readers[c].doc(s.docs, i)
		if !ok || chunkOf("d"+s.docs[i].file) != c {
			return nil, errCorrupt
		}
		s.docs[i].clean = true
		secs += n
	}
	if r.err != nil || secs != s.nsec {
		return nil, errCorrupt
	}
	postChunk := order()
	s.posts = make([]postShard, len(postChunk))
	for i, c := range postChunk {
		if !readers[c].post(s.posts, i) || chunkOf("p"+s.posts[i].first) != c {
			return nil, errCorrupt
		}
		s.posts[i].clean = true
	}
	vocabChunk := order()
	s.vocab = make([]vocabGroup, len(vocabChunk))
	for i, c := range vocabChunk {
		if !readers[c].vocab(s.vocab, i) || chunkOf("v"+s.vocab[i].key) != c {
			return nil, errCorrupt
		}
		s.vocab[i].clean = true
	}
	if r.err != nil || len(r.b) != 0 {
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
	for c, rd := range readers {
		if rd.err != nil || len(rd.b) != 0 || parts[c] != s.chunks[c].parts {
			return nil, errCorrupt
		}
	}
	return s, nil
}
