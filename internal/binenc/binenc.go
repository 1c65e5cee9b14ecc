// Package binenc is the one binary encoding of concord's state files (the
// check cache, the site and build states, the search index's states):
// unsigned varints for lengths and numbers, zig-zag varints for numbers that
// may be negative, length-prefixed bytes and strings, and a header that names
// the format, its version and a checksum of what follows.
//
// A file is
//
//	magic (the format's name, as given), version (uvarint),
//	payload length (8 bytes, little-endian), CRC-32C of the payload (4 bytes),
//	payload
//
// Open checks all of it before a single value is read, so a file that is
// damaged, cut short, of another format or written by another version is
// refused with an error that says which; callers then start afresh, as they
// do when there is no file. The checksum is against accidents, not a seal:
// whoever can write the file can write a matching sum.
//
// A Reader keeps the first error and returns zero values after it, as
// bufio.Scanner does, so a decoder reads every field and checks Err (or End)
// once. Every length it reads is capped by the bytes left, so a hostile
// length cannot make it allocate more than the input's size.
//
// binenc knows nothing of what the files hold; each state's codec stays
// beside the state it encodes.
package binenc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"unsafe"
)

// Errors Open and a Reader return wrap one of these.
var (
	// ErrFormat: the data does not begin with the format's magic.
	ErrFormat = errors.New("not a file of this format")
	// ErrVersion: the file was written by another version of the format.
	ErrVersion = errors.New("written by another version")
	// ErrDamaged: the file is cut short, fails its checksum, or holds
	// values that cannot be what a Writer wrote.
	ErrDamaged = errors.New("damaged or truncated")
)

// castagnoli is CRC-32C, which amd64 and arm64 compute in hardware.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// fixed is the size of the header's payload length and checksum.
const fixed = 8 + 4

// name is how errors name a format: its magic, without the newline most
// magics end with.
func name(magic string) string { return strings.TrimSpace(magic) }

// Writer appends the encoding to a byte slice. The zero Writer writes bare
// values, for a record a codec embeds in a file with Bytes or Raw; a Writer
// made by NewWriter begins with a file's header, which Finish completes.
//
// Writing to memory cannot fail, but encoding can be wrong: a negative
// length is kept as the Writer's error, and Finish returns it, so a state
// that could not be read back is never written.
type Writer struct {
	b     []byte
	start int // where the payload begins in b; 0 without a header
	head  bool
	err   error

	// With a file (NewFileWriter), b is flushed to it in pieces, and
	// the header completed at the end.
	out     io.Writer
	at      io.WriterAt // out, when it can be written at an offset
	fields  int64       // offset of the header's length and checksum
	written int64       // payload bytes flushed
	sum     uint32      // CRC-32C of those
}

// flushAt is the size at which a Writer with a file flushes what it holds.
const flushAt = 1 << 16

// NewWriter returns a Writer of a file of the format magic names, at
// version, with room for about size bytes.
func NewWriter(magic string, version uint64, size int) *Writer {
	w := &Writer{b: make([]byte, 0, max(size, 0)+len(magic)+binary.MaxVarintLen64+fixed), head: true}
	w.b = append(w.b, magic...)
	w.b = binary.AppendUvarint(w.b, version)
	w.b = append(w.b, make([]byte, fixed)...)
	w.start = len(w.b)
	return w
}

// NewFileWriter returns a Writer of a file of the format magic names, at
// version, written to out. When out can also be written at an offset (an
// *os.File just made, say), the Writer writes as it goes, whenever a
// Bytes, Raw or Strings value takes what it holds past 64 KiB (a file of
// records is thus never held whole), and Finish goes back to complete the
// header. Otherwise it holds the file until Finish. Either way out gets
// the bytes NewWriter would give, from its current offset, which must be 0
// for a WriterAt.
func NewFileWriter(out io.Writer, magic string, version uint64) *Writer {
	w := NewWriter(magic, version, flushAt)
	w.out = out
	if at, ok := out.(io.WriterAt); ok {
		w.at = at
		w.fields = int64(w.start - fixed)
	}
	return w
}

// flush writes what w holds to its file, when it streams.
func (w *Writer) flush() {
	if w.at == nil {
		return
	}
	payload := w.b[w.start:]
	w.sum = crc32.Update(w.sum, castagnoli, payload)
	w.written += int64(len(payload))
	if _, err := w.out.Write(w.b); err != nil {
		w.fail(err)
	}
	w.b, w.start = w.b[:0], 0
}

// Uint writes x as an unsigned varint.
func (w *Writer) Uint(x uint64) { w.b = binary.AppendUvarint(w.b, x) }

// Int writes x as a zig-zag varint (small negative numbers stay short).
func (w *Writer) Int(x int64) { w.b = binary.AppendVarint(w.b, x) }

// Len writes a length or count, which cannot be negative.
func (w *Writer) Len(n int) {
	if n < 0 {
		w.fail(fmt.Errorf("binenc: negative length %d", n))
		n = 0
	}
	w.Uint(uint64(n))
}

// Bool writes a byte, 0 or 1.
func (w *Writer) Bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// Bytes writes p's length and p.
func (w *Writer) Bytes(p []byte) {
	w.Uint(uint64(len(p)))
	w.Raw(p)
}

// String writes s's length and s.
func (w *Writer) String(s string) {
	// Not a point where a Writer to a file flushes (see NewFileWriter):
	// without that check this is small enough to be inlined, and
	// encoders write millions of strings.
	w.Uint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// Strings writes the count of ss and each string.
func (w *Writer) Strings(ss []string) {
	if w.at != nil && len(w.b) > flushAt {
		w.flush()
	}
	w.Uint(uint64(len(ss)))
	for _, s := range ss {
		w.String(s)
	}
}

// Raw writes p as it is, with no length: bytes of a fixed size, or a record
// encoded before (the reader must know where it ends).
func (w *Writer) Raw(p []byte) {
	if w.at != nil && len(w.b)+len(p) > flushAt {
		w.flush()
	}
	w.b = append(w.b, p...)
}

// RawString is Raw of a string.
func (w *Writer) RawString(s string) {
	if w.at != nil && len(w.b)+len(s) > flushAt {
		w.flush()
	}
	w.b = append(w.b, s...)
}

// Grow makes room for n more bytes.
func (w *Writer) Grow(n int) {
	if n > cap(w.b)-len(w.b) {
		w.b = append(w.b[:cap(w.b)], make([]byte, n)...)[:len(w.b)]
	}
}

// Reset empties a Writer of records (a zero Writer, or NewWriter's: not
// NewFileWriter's), keeping its memory (and its header, if any) and its
// first error: a Writer reused for record after record reports a bad
// length in any of them.
func (w *Writer) Reset() {
	if w.out != nil {
		w.fail(errors.New("binenc: Reset of a Writer to a file"))
		return
	}
	w.b = w.b[:w.start]
}

// Data returns what was written since the header (all of it for a zero
// Writer): for a Writer of records, not to a file. It is w's memory, valid
// until the next write.
func (w *Writer) Data() []byte { return w.b[w.start:] }

// Err returns the first error.
func (w *Writer) Err() error { return w.err }

func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// Finish completes the header, when w has one, and returns the encoding,
// or the first error. The bytes are w's memory. A Writer to a file writes
// the rest of it, completes its header there, and returns no bytes.
func (w *Writer) Finish() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.at != nil {
		w.flush()
		var h [fixed]byte
		binary.LittleEndian.PutUint64(h[:], uint64(w.written))
		binary.LittleEndian.PutUint32(h[8:], w.sum)
		if _, err := w.at.WriteAt(h[:], w.fields); err != nil {
			w.fail(err)
		}
		w.b = nil
		return nil, w.err
	}
	if w.head {
		payload := w.b[w.start:]
		binary.LittleEndian.PutUint64(w.b[w.start-fixed:], uint64(len(payload)))
		binary.LittleEndian.PutUint32(w.b[w.start-4:], crc32.Checksum(payload, castagnoli))
	}
	if w.out != nil {
		if _, err := w.out.Write(w.b); err != nil {
			return nil, err
		}
		return nil, nil
	}
	return w.b, nil
}

// Checksum returns the payload checksum in the header of a file a Writer
// finished (0 when data has no such header), without computing it again:
// for a file that lists others by their checksums.
func Checksum(data []byte, magic string) uint32 {
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return 0
	}
	rest := data[len(magic):]
	_, n := binary.Uvarint(rest)
	if n <= 0 || len(rest)-n < fixed {
		return 0
	}
	return binary.LittleEndian.Uint32(rest[n+8:])
}

// Reader reads what a Writer wrote. After the first problem every read
// returns a zero value, and Err says what it was.
type Reader struct {
	b      []byte
	i      int
	shared bool   // String returns pieces of b, not copies
	name   string // of the format, for errors
	err    error
}

// NewReader returns a Reader of bare values (a record, say), without a
// header.
func NewReader(b []byte) Reader { return Reader{b: b} }

// Open checks the header of a file of the format magic names, at version,
// and returns a Reader of its payload. It refuses data of another format
// (ErrFormat) or version (ErrVersion), and data cut short or failing its
// checksum (ErrDamaged).
func Open(data []byte, magic string, version uint64) (Reader, error) {
	nm := name(magic)
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		if len(data) < len(magic) && strings.HasPrefix(magic, string(data)) {
			return Reader{}, fmt.Errorf("%s: %w: %d bytes, cut short in the header", nm, ErrDamaged, len(data))
		}
		return Reader{}, fmt.Errorf("%s: %w", nm, ErrFormat)
	}
	rest := data[len(magic):]
	v, n := binary.Uvarint(rest)
	if n > 0 && v != version {
		return Reader{}, fmt.Errorf("%s: %w: version %d, want %d", nm, ErrVersion, v, version)
	}
	if n <= 0 || len(rest)-n < fixed {
		return Reader{}, fmt.Errorf("%s: %w: cut short in the header", nm, ErrDamaged)
	}
	size := binary.LittleEndian.Uint64(rest[n:])
	sum := binary.LittleEndian.Uint32(rest[n+8:])
	payload := rest[n+fixed:]
	if size != uint64(len(payload)) {
		return Reader{}, fmt.Errorf("%s: %w: the header says %d bytes follow, %d do", nm, ErrDamaged, size, len(payload))
	}
	if crc32.Checksum(payload, castagnoli) != sum {
		return Reader{}, fmt.Errorf("%s: %w: checksum mismatch", nm, ErrDamaged)
	}
	return Reader{b: payload, name: nm}, nil
}

// Share makes String and Strings return pieces of the input rather than
// copies: decoding then allocates no string, and the caller must never
// change the input afterwards. Records read with Record share too.
func (r *Reader) Share() { r.shared = true }

// Err returns the first error, or nil.
func (r *Reader) Err() error { return r.err }

// End returns the first error, or an error if any input is left unread: a
// decoder calls it once, after the last field.
func (r *Reader) End() error {
	if r.err == nil && r.i != len(r.b) {
		r.Fail(fmt.Sprintf("%d bytes left unread", len(r.b)-r.i))
	}
	return r.err
}

// Fail records that the data is damaged, as the caller found it (an order
// or a value no Writer would have written); reads return zero values from
// now on.
func (r *Reader) Fail(what string) {
	if r.err == nil {
		at := fmt.Sprintf("at byte %d", r.i)
		if r.name != "" {
			at = r.name + ": " + at
		}
		r.err = fmt.Errorf("%s: %w: %s", at, ErrDamaged, what)
	}
	r.i = len(r.b)
}

// Pos returns how far r has read, for Since.
func (r *Reader) Pos() int { return r.i }

// Since returns the bytes read since Pos returned pos: a record to keep as
// it was read, and write back with Raw. It is nil after an error.
func (r *Reader) Since(pos int) []byte {
	if r.err != nil || pos < 0 || pos > r.i {
		return nil
	}
	return r.b[pos:r.i:r.i]
}

// Uint reads an unsigned varint.
func (r *Reader) Uint() uint64 {
	// One byte is the common case (counts, small numbers), kept small
	// enough to be inlined.
	if i := r.i; i < len(r.b) && r.b[i] < 0x80 {
		r.i++
		return uint64(r.b[i])
	}
	return r.uintSlow()
}

func (r *Reader) uintSlow() uint64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		if n == 0 {
			r.Fail("cut short in a number")
		} else {
			r.Fail("a number overflows 64 bits")
		}
		return 0
	}
	r.i += n
	return x
}

// Int reads a zig-zag varint.
func (r *Reader) Int() int64 {
	ux := r.Uint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

// Len reads a count of items that each take at least one byte, so it
// cannot exceed the bytes left: making a slice of that many is safe.
func (r *Reader) Len() int {
	n := r.Uint()
	if n > uint64(len(r.b)-r.i) {
		r.Fail(fmt.Sprintf("count %d exceeds the %d bytes left", n, len(r.b)-r.i))
		return 0
	}
	return int(n)
}

// Below reads a number that must be below limit (an index into a table of
// limit items, or a value with a known range).
func (r *Reader) Below(limit int) int {
	n := r.Uint()
	if n >= uint64(max(limit, 0)) {
		if r.err == nil {
			r.Fail(fmt.Sprintf("%d is out of range (below %d)", n, limit))
		}
		return 0
	}
	return int(n)
}

// Bool reads a byte that must be 0 or 1.
func (r *Reader) Bool() bool {
	if r.i >= len(r.b) || r.b[r.i] > 1 {
		if r.err == nil {
			r.Fail("not a boolean")
		}
		return false
	}
	v := r.b[r.i] == 1
	r.i++
	return v
}

// Bytes reads what Writer.Bytes wrote. The bytes are the input's, with
// their capacity capped, so appending to them never changes it.
func (r *Reader) Bytes() []byte {
	n := r.Uint()
	if n > uint64(len(r.b)-r.i) {
		if r.err == nil {
			r.Fail(fmt.Sprintf("length %d exceeds the %d bytes left", n, len(r.b)-r.i))
		}
		return nil
	}
	end := r.i + int(n)
	p := r.b[r.i:end:end]
	r.i = end
	return p
}

// String reads what Writer.String wrote: a copy, or after Share a piece of
// the input.
func (r *Reader) String() string {
	p := r.Bytes()
	if r.shared {
		return unsafe.String(unsafe.SliceData(p), len(p))
	}
	return string(p)
}

// Strings reads what Writer.Strings wrote; none is nil.
func (r *Reader) Strings() []string {
	n := r.Len()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.String()
	}
	if r.err != nil {
		return nil
	}
	return out
}

// Raw reads n bytes that Writer.Raw wrote (of a size the reader knows).
func (r *Reader) Raw(n int) []byte {
	if n < 0 || n > len(r.b)-r.i {
		if r.err == nil {
			r.Fail(fmt.Sprintf("%d bytes wanted, %d left", n, len(r.b)-r.i))
		}
		return nil
	}
	end := r.i + n
	p := r.b[r.i:end:end]
	r.i = end
	return p
}

// Record returns a Reader of the next bytes Writer.Bytes wrote (a record
// encoded on its own), sharing strings as r does. A damaged length is r's
// error, and the record's Reader is then empty and failed too.
func (r *Reader) Record() Reader {
	p := r.Bytes()
	sub := Reader{b: p, shared: r.shared, name: r.name, err: r.err}
	return sub
}

// Data returns all of r's input: for a record, its bytes.
func (r *Reader) Data() []byte { return r.b }
