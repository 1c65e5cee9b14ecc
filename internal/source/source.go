// Package source reads input files safely and turns byte offsets into the
// positions people and CI tools read. It holds no knowledge of Markdown, and
// of YAML only how yaml.v3 words the place of a syntax error (yaml.go).
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/fsguard"
)

// MaxFileSize bounds what concord reads from one file, so a pasted binary or a
// runaway generated file cannot exhaust memory.
const MaxFileSize = 16 << 20

// File is one input file with its text normalised for parsing: the UTF-8
// byte-order mark removed and every CRLF or lone CR turned into LF. Line and
// column numbers are the same in the normalised text as in the original,
// because a line break is still one line break and the BOM is not a character
// anyone sees.
type File struct {
	Path  string // as given to the loader, used in messages
	Text  []byte // normalised text
	lines []int  // byte offset of the start of each line
	// marks are column checkpoints inside long lines, so that Position costs
	// O(markEvery) rather than O(line length): a 3 MB line with a thousand
	// findings would otherwise be decoded a thousand times.
	marks []mark
	bom   bool // a byte-order mark was removed from the start
	// A compact file (see Compact) has no Text: it keeps the text's
	// length and, in order, the lines it still holds.
	compact bool
	textLen int
	kept    []keptLine
}

// keptLine is the text of one line a compact file holds, from byte off.
type keptLine struct {
	off  int
	text string
}

// mark records the columns at a rune boundary inside a long line.
type mark struct{ off, cols, u16 int }

// markEvery is the spacing of column checkpoints in long lines.
const markEvery = 4096

// New makes a File from raw bytes. It fails on invalid UTF-8 and on NUL bytes
// (binary content), naming the first bad position.
func New(path string, raw []byte) (*File, error) {
	bom := bytes.HasPrefix(raw, []byte("\xef\xbb\xbf"))
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	text := normaliseNewlines(raw)
	f := &File{Path: path, Text: text, bom: bom}
	f.index()
	if i := bytes.IndexByte(text, 0); i >= 0 {
		return f, &Error{Pos: f.Position(i), Msg: "file contains a NUL byte (binary content?)", Hint: "save the file as UTF-8 text"}
	}
	if !utf8.Valid(text) {
		bad := firstInvalid(text)
		return f, &Error{Pos: f.Position(bad), Msg: "file is not valid UTF-8", Hint: "re-save the file with UTF-8 encoding"}
	}
	return f, nil
}

// Read reads and normalises a file from fsys, enforcing MaxFileSize. display
// is the name used in messages.
func Read(fsys fs.FS, name, display string) (*File, error) {
	fh, err := fsys.Open(name)
	if err != nil {
		return nil, openError(err, display, func() (string, error) { return fs.ReadLink(fsys, name) })
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, &Error{Pos: Position{File: display}, Msg: err.Error()}
	}
	if err := sizeError(info, display); err != nil {
		return nil, err
	}
	// MinRead spare bytes let ReadFrom see the end of the file without
	// growing (copying) the buffer.
	buf := bytes.NewBuffer(make([]byte, 0, info.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(fh, MaxFileSize+1)); err != nil {
		return nil, readError(err, display)
	}
	if buf.Len() > MaxFileSize {
		return nil, grewError(display)
	}
	return New(display, buf.Bytes())
}

// ReadOS reads a file from the operating system's file system. Only a
// regular file is opened, and the open cannot block (fsguard.OpenRegular):
// a named pipe or a device in the corpus is an input error, not a hang.
func ReadOS(path, display string) (*File, error) {
	raw, _, err := readOS(path, display, nil)
	if err != nil {
		return nil, err
	}
	return New(display, raw)
}

// CheckOS returns the error ReadOS would, and what the open found of the
// file when it can be read, reading it once. When keep, given the file's
// size, says to keep it, it also returns the File ReadOS would, for a
// caller that holds the text until it is wanted rather than read it again;
// otherwise the bytes go to a reused buffer, for a caller that only wants
// to know whether the file can be read (keep may be nil).
func CheckOS(path, display string, keep func(size int64) bool) (*File, fs.FileInfo, error) {
	var bp *[]byte
	kept := false
	raw, info, err := readOS(path, display, func(info fs.FileInfo) []byte {
		if kept = keep != nil && keep(info.Size()); kept {
			return nil
		}
		bp = checkBufs.Get().(*[]byte)
		return *bp
	})
	if bp != nil {
		defer func() { *bp = raw[:0]; checkBufs.Put(bp) }()
	}
	switch {
	case err != nil:
		return nil, nil, err
	case kept:
		f, err := New(display, raw)
		if err != nil {
			return nil, nil, err
		}
		return f, info, nil
	}
	// Newlines normalised, text without NUL bytes and valid UTF-8 stays
	// so; a file New refuses is given to it for its error.
	if bytes.IndexByte(raw, 0) >= 0 || !utf8.Valid(raw) {
		_, err := New(display, raw)
		return nil, nil, err
	}
	return nil, info, nil
}

var checkBufs = sync.Pool{New: func() any { return new([]byte) }}

// readOS reads the regular file at path whole, as ReadOS does, returning
// its bytes and what the open found of it, or the error ReadOS returns.
// It reads into buf(info) when buf is given and what it returns is large
// enough.
func readOS(path, display string, buf func(fs.FileInfo) []byte) ([]byte, fs.FileInfo, error) {
	r, err := fsguard.OpenRegular(path)
	if err != nil {
		return nil, nil, openError(err, display, func() (string, error) { return os.Readlink(path) })
	}
	defer r.Close()
	info := r.Info()
	if err := sizeError(info, display); err != nil {
		return nil, nil, err
	}
	var b []byte
	if buf != nil {
		b = buf(info)
	}
	raw, err := r.ReadAll(b, MaxFileSize)
	if err != nil {
		return nil, nil, readError(err, display)
	}
	if len(raw) > MaxFileSize {
		return raw[:0], nil, grewError(display)
	}
	return raw, info, nil
}

// sizeError refuses a file that info shows is a folder or too large to
// read, before it is read.
func sizeError(info fs.FileInfo, display string) error {
	if info.IsDir() {
		return &Error{Pos: Position{File: display}, Msg: "is a directory, not a file"}
	}
	if info.Size() > MaxFileSize {
		return &Error{Pos: Position{File: display}, Msg: fmt.Sprintf("file is %d bytes, larger than the %d-byte limit", info.Size(), MaxFileSize), Hint: "split the document"}
	}
	return nil
}

func readError(err error, display string) *Error {
	return &Error{Pos: Position{File: display}, Msg: "cannot read: " + err.Error()}
}

// grewError refuses a file found to be larger than the limit only while it
// was read.
func grewError(display string) *Error {
	return &Error{Pos: Position{File: display}, Msg: fmt.Sprintf("file is larger than the %d-byte limit", MaxFileSize), Hint: "split the document"}
}

// openError says why a file could not be opened, without the Go wording
// ("open x: ...") and naming a symbolic link's target when the link is what
// is broken.
func openError(err error, display string, readLink func() (string, error)) *Error {
	e := &Error{Pos: Position{File: display}, Msg: describeOpenError(err), Hint: "check the path and its permissions"}
	var ge *fsguard.Error
	switch {
	case errors.As(err, &ge):
		e.Msg, e.Hint = ge.Msg, ge.Hint
	case errors.Is(err, syscall.ELOOP):
		e.Msg, e.Hint = "symbolic link loop: the link leads back to itself", "point the link at a real file or remove it"
	case errors.Is(err, fs.ErrNotExist):
		if target, lerr := readLink(); lerr == nil {
			e.Msg, e.Hint = fmt.Sprintf("symbolic link to %q, which does not exist", target), "point the link at a real file or remove it"
		}
	}
	return e
}

func describeOpenError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func normaliseNewlines(raw []byte) []byte {
	if bytes.IndexByte(raw, '\r') < 0 {
		return raw
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '\r' {
			out = append(out, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func (f *File) index() {
	// Counting first sizes the index exactly; both passes are the
	// vectorised byte searches, several times faster than a loop over
	// every byte.
	if n := bytes.Count(f.Text, []byte{'\n'}) + 1; cap(f.lines) < n {
		f.lines = make([]int, 0, n)
	}
	f.lines = append(f.lines[:0], 0)
	for i := 0; ; {
		k := bytes.IndexByte(f.Text[i:], '\n')
		if k < 0 {
			break
		}
		i += k + 1
		f.lines = append(f.lines, i)
	}
	f.marks = f.marks[:0]
	for n, start := range f.lines {
		end := len(f.Text)
		if n+1 < len(f.lines) {
			end = f.lines[n+1]
		}
		if end-start <= markEvery {
			continue
		}
		// Decode the line once, as Position would, and remember the columns
		// at the first rune boundary after every markEvery bytes.
		cols, u16, next := 0, 0, start+markEvery
		for i := start; i < end; {
			if i >= next {
				f.marks = append(f.marks, mark{off: i, cols: cols, u16: u16})
				next = i + markEvery
			}
			r, size := utf8.DecodeRune(f.Text[i:end])
			i += size
			cols++
			if r >= 0x10000 {
				u16 += 2
			} else {
				u16++
			}
		}
	}
}

// Position is a place in a file: 1-based line, and 1-based column counted in
// Unicode characters (code points). ByteColumn is the 1-based UTF-8 byte
// column, which reviewdog wants; UTF16Column is what LSP-style tools want.
type Position struct {
	File        string `json:"file"`
	Offset      int    `json:"-"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	ByteColumn  int    `json:"-"`
	UTF16Column int    `json:"-"`
}

func (p Position) String() string {
	file := printable(p.File)
	switch {
	case p.Line == 0:
		return file
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", file, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Column)
}

// printable quotes s when it holds a line break or other control
// character, so a file name or YAML key taken from the input cannot split a
// message into lines of its own (or write a CI workflow command).
func printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

// Compact returns a copy of the file for positions and text in the given
// byte ranges only ([start, end) pairs): it keeps the line index and the
// text of the lines those ranges touch, not the whole text. A check keeps
// each document's file to the end only to place findings reported late,
// and a line index and a few lines are a small part of the text. Position
// and Slice answer as the whole file would for offsets in those lines;
// elsewhere Position counts columns as if the line were ASCII, and Slice
// returns what of the range it holds.
func (f *File) Compact(ranges [][2]int) *File {
	c := &File{Path: f.Path, lines: f.lines, bom: f.bom, compact: true, textLen: f.size()}
	want := map[int]bool{}
	for _, r := range ranges {
		for n := f.lineOf(r[0]); n <= f.lineOf(max(r[1]-1, r[0])); n++ {
			want[n] = true
		}
	}
	for n := range f.lines {
		if !want[n] {
			continue
		}
		start, end := f.lines[n], c.textLen
		if n+1 < len(f.lines) {
			end = f.lines[n+1]
		}
		c.kept = append(c.kept, keptLine{off: start, text: f.text(start, end)})
		for _, m := range f.marks {
			if m.off >= start && m.off < end {
				c.marks = append(c.marks, m)
			}
		}
	}
	return c
}

// size is the length of the normalised text.
func (f *File) size() int {
	if f.compact {
		return f.textLen
	}
	return len(f.Text)
}

// lineOf is the 0-based line holding byte off.
func (f *File) lineOf(off int) int {
	return max(sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off })-1, 0)
}

// text returns Text[start:end], or, in a compact file, what of it the
// kept lines hold.
func (f *File) text(start, end int) string {
	if !f.compact {
		return string(f.Text[start:end])
	}
	var b strings.Builder
	k := sort.Search(len(f.kept), func(i int) bool { return f.kept[i].off+len(f.kept[i].text) > start })
	for ; k < len(f.kept) && f.kept[k].off < end; k++ {
		l := f.kept[k]
		from, to := max(start, l.off)-l.off, min(end, l.off+len(l.text))-l.off
		b.WriteString(l.text[from:to])
	}
	return b.String()
}

// Slice returns the text of the byte range [start, end): Text[start:end]
// as a string, in a compact file too.
func (f *File) Slice(start, end int) string { return f.text(start, end) }

// Position converts a byte offset in the normalised text.
func (f *File) Position(off int) Position {
	if off < 0 {
		off = 0
	}
	if size := f.size(); off > size {
		off = size
	}
	line := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	start := f.lines[line]
	from, cols, u16 := start, 0, 0
	// Start from the last checkpoint at or before off on this line.
	if k := sort.Search(len(f.marks), func(i int) bool { return f.marks[i].off > off }) - 1; k >= 0 && f.marks[k].off >= start {
		from, cols, u16 = f.marks[k].off, f.marks[k].cols, f.marks[k].u16
	}
	var seg []byte
	if f.compact {
		seg = []byte(f.text(from, off))
		if len(seg) < off-from {
			// A line the file did not keep: counted as ASCII.
			cols, u16 = cols+off-from-len(seg), u16+off-from-len(seg)
		}
	} else {
		seg = f.Text[from:off]
	}
	for len(seg) > 0 {
		r, size := utf8.DecodeRune(seg)
		seg = seg[size:]
		cols++
		if r >= 0x10000 {
			u16 += 2
		} else {
			u16++
		}
	}
	byteCol := off - start + 1
	if f.bom && line == 0 {
		// The byte column counts the file's own bytes, BOM included, for
		// tools that seek in the raw file; the character columns do not,
		// as no editor shows the BOM.
		byteCol += 3
	}
	return Position{File: f.Path, Offset: off, Line: line + 1, Column: cols + 1, ByteColumn: byteCol, UTF16Column: u16 + 1}
}

// LineCount is the number of lines in the file.
func (f *File) LineCount() int { return len(f.lines) }

// Line returns the text of 1-based line n without its newline.
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.lines) {
		return ""
	}
	start := f.lines[n-1]
	end := f.size()
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	return f.text(start, end)
}

// LineStart is the byte offset of the start of 1-based line n.
func (f *File) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(f.lines) {
		return f.size()
	}
	return f.lines[n-1]
}

// Error is an input problem at a position, with a hint saying what to fix. The
// CLI maps it to exit code 2.
type Error struct {
	Pos  Position
	Key  string // the YAML key or front-matter field concerned, if any
	Msg  string
	Hint string
}

func (e *Error) Error() string {
	var b bytes.Buffer
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	if e.Key != "" {
		fmt.Fprintf(&b, "%s: ", printable(e.Key))
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Errors is a list of input errors, reported together so a user can fix them
// all in one pass.
type Errors []*Error

func (es Errors) Error() string {
	var b bytes.Buffer
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Sort orders errors by file and position.
func (es Errors) Sort() {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Pos, es[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// Err returns nil for an empty list, so callers can return it directly.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
