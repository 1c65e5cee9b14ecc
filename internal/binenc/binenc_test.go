package binenc

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

const testMagic = "concord-test\n"

// sampleFile writes one of every kind of value.
func sampleFile(t testing.TB) []byte {
	w := NewWriter(testMagic, 3, 0)
	w.Uint(0)
	w.Uint(math.MaxUint64)
	w.Int(-1)
	w.Int(math.MinInt64)
	w.Int(math.MaxInt64)
	w.Len(300)
	w.Bool(true)
	w.Bool(false)
	w.String("")
	w.String("héllo")
	w.Bytes([]byte{0, 1, 2})
	w.Strings([]string{"a", "", "bc"})
	w.Strings(nil)
	w.Raw([]byte("fixed"))
	var rec Writer
	rec.String("in a record")
	rec.Int(-7)
	w.Bytes(rec.Data())
	data, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestRoundTrip(t *testing.T) {
	data := sampleFile(t)
	for _, shared := range []bool{false, true} {
		r, err := Open(data, testMagic, 3)
		if err != nil {
			t.Fatal(err)
		}
		if shared {
			r.Share()
		}
		got := []any{r.Uint(), r.Uint(), r.Int(), r.Int(), r.Int(), r.Uint(), r.Bool(), r.Bool(),
			r.String(), r.String(), r.Bytes(), r.Strings(), r.Strings(), string(r.Raw(5))}
		rec := r.Record()
		got = append(got, rec.String(), rec.Int())
		if err := rec.End(); err != nil {
			t.Fatal(err)
		}
		if err := r.End(); err != nil {
			t.Fatal(err)
		}
		want := []any{uint64(0), uint64(math.MaxUint64), int64(-1), int64(math.MinInt64), int64(math.MaxInt64), uint64(300), true, false,
			"", "héllo", []byte{0, 1, 2}, []string{"a", "", "bc"}, []string(nil), "fixed", "in a record", int64(-7)}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("shared=%v: read back\n%#v\nwant\n%#v", shared, got, want)
		}
	}
	// The same values give the same bytes.
	if !bytes.Equal(sampleFile(t), data) {
		t.Error("the encoding is not deterministic")
	}
}

// Every way a file can be wrong is refused by Open with the error naming it,
// before any value is read.
func TestOpenRefuses(t *testing.T) {
	data := sampleFile(t)
	other := append([]byte("concord-other\n"), data[len(testMagic):]...)
	newer := NewWriter(testMagic, 4, 0)
	newer.String("x")
	newerData, _ := newer.Finish()
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrDamaged},
		{"another format", other, ErrFormat},
		{"another version", newerData, ErrVersion},
		{"an old file with no header", []byte("concord site state 4\n\x02ab"), ErrFormat},
		{"cut in the magic", data[:5], ErrDamaged},
		{"cut in the header", data[:len(testMagic)+3], ErrDamaged},
		{"one byte more", append(bytes.Clone(data), 0), ErrDamaged},
	}
	for _, tc := range cases {
		if _, err := Open(tc.data, testMagic, 3); !errors.Is(err, tc.want) {
			t.Errorf("%s: Open = %v, want %v", tc.name, err, tc.want)
		}
	}
	for n := range len(data) {
		if _, err := Open(data[:n], testMagic, 3); err == nil {
			t.Fatalf("a file cut at %d of %d bytes opened", n, len(data))
		}
	}
	for i := range data {
		b := bytes.Clone(data)
		b[i] ^= 0x20
		if _, err := Open(b, testMagic, 3); err == nil {
			t.Fatalf("a file with byte %d changed opened", i)
		}
	}
}

// A hostile length is refused before anything of that size is made, and
// after the first error every read is a zero value and Err keeps the first.
func TestHostileLengths(t *testing.T) {
	var w Writer
	w.Uint(1 << 40) // a length far beyond the input
	w.String("ok")
	cases := map[string]func(r *Reader) any{
		"Len":     func(r *Reader) any { return r.Len() },
		"Bytes":   func(r *Reader) any { return r.Bytes() },
		"String":  func(r *Reader) any { return r.String() },
		"Strings": func(r *Reader) any { return r.Strings() },
		"Record":  func(r *Reader) any { rec := r.Record(); return rec.Data() },
		"Below":   func(r *Reader) any { return r.Below(1 << 20) },
	}
	for name, read := range cases {
		r := NewReader(w.Data())
		got := read(&r)
		if !reflect.ValueOf(got).IsZero() {
			t.Errorf("%s: read %v from a hostile length", name, got)
		}
		first := r.Err()
		if !errors.Is(first, ErrDamaged) {
			t.Fatalf("%s: error %v", name, first)
		}
		if s := r.String(); s != "" || r.Err() != first {
			t.Errorf("%s: after the error, String = %q and Err = %v", name, s, r.Err())
		}
	}
	// A number longer than 64 bits, and one cut short.
	for _, b := range [][]byte{bytes.Repeat([]byte{0xff}, 11), {0x80}} {
		r := NewReader(b)
		if r.Uint() != 0 || !errors.Is(r.Err(), ErrDamaged) {
			t.Errorf("% x: read without an error", b)
		}
	}
	r := NewReader([]byte{2})
	if r.Bool() || r.Err() == nil {
		t.Error("a boolean of 2 was read")
	}
	r = NewReader([]byte{1, 2})
	r.Uint()
	if err := r.End(); err == nil {
		t.Error("End with a byte left unread returned no error")
	}
}

func TestWriterKeepsFirstError(t *testing.T) {
	w := NewWriter(testMagic, 1, 0)
	w.Len(-1)
	w.Len(-2)
	w.String("x")
	if _, err := w.Finish(); err == nil || err.Error() != "binenc: negative length -1" {
		t.Fatalf("Finish = %v", err)
	}
	w.Reset()
	w.Len(1)
	if _, err := w.Finish(); err == nil {
		t.Fatal("Reset forgot the error")
	}
	w = NewWriter(testMagic, 1, 0)
	w.Len(2)
	w.Reset()
	w.Len(1)
	data, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if r, err := Open(data, testMagic, 1); err != nil || r.Uint() != 1 || r.End() != nil {
		t.Fatalf("after Reset: %v", err)
	}
}

// A Writer to a file gives the bytes a Writer in memory does, whether it
// streams (a file) or holds the file until Finish (a bytes.Buffer).
func TestFileWriter(t *testing.T) {
	write := func(w *Writer) {
		for i := range 50000 {
			w.Len(i)
			w.String("a string of some length, to cross the flush size")
			w.Bytes(bytes.Repeat([]byte{byte(i)}, i%300))
		}
	}
	mem := NewWriter(testMagic, 9, 0)
	write(mem)
	want, err := mem.Finish()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fw := NewFileWriter(f, testMagic, 9)
	write(fw)
	if _, err := fw.Finish(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	bw := NewFileWriter(&buf, testMagic, 9)
	write(bw)
	if _, err := bw.Finish(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 10*flushAt || !bytes.Equal(got, want) || !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("the file differs from the Writer's bytes (%d, %d and %d bytes)", len(got), buf.Len(), len(want))
	}
	// A write error is kept and returned by Finish.
	f.Close()
	fw = NewFileWriter(f, testMagic, 9)
	write(fw)
	if _, err := fw.Finish(); err == nil {
		t.Fatal("writing to a closed file: no error")
	}
}

func TestSinceAndChecksum(t *testing.T) {
	var w Writer
	w.String("a")
	w.Int(-5)
	w.String("b")
	r := NewReader(w.Data())
	r.Bytes()
	pos := r.Pos()
	r.Int()
	if got := r.Since(pos); !bytes.Equal(got, []byte{9}) {
		t.Errorf("Since = % x", got)
	}
	data := sampleFile(t)
	f := NewWriter(testMagic, 3, 0)
	f.Raw(data[len(data)-1:])
	one, _ := f.Finish()
	if Checksum(data, testMagic) == 0 || Checksum(data, testMagic) == Checksum(one, testMagic) {
		t.Error("Checksum does not tell two files apart")
	}
	if Checksum(data, "other") != 0 {
		t.Error("Checksum of another format")
	}
}

// FuzzReader: whatever the input, the Reader never panics, no count it
// returns exceeds the bytes left, nothing it returns is longer than the
// input, and Open refuses all but an intact file.
func FuzzReader(f *testing.F) {
	f.Add(sampleFile(f), []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f, 'a'}, []byte{2, 3, 4, 5})
	f.Add([]byte(testMagic+"\x03"), []byte{9, 9, 0})
	f.Fuzz(func(t *testing.T, data, ops []byte) {
		if r, err := Open(data, testMagic, 3); err == nil {
			// Only what a Writer finished opens: writing the payload
			// again gives the same length, checksum and payload.
			w := NewWriter(testMagic, 3, 0)
			w.Raw(r.Data())
			again, _ := w.Finish()
			if !bytes.HasSuffix(data, again[len(testMagic)+1:]) {
				t.Fatalf("Open accepted a file a Writer would not write")
			}
		}
		r := NewReader(data)
		if len(ops)%2 == 1 {
			r.Share()
		}
		for _, op := range ops {
			left := r.Left()
			switch op % 11 {
			case 0:
				r.Uint()
			case 1:
				r.Int()
			case 2:
				if n := r.Len(); n > left {
					t.Fatalf("Len %d with %d bytes left", n, left)
				}
			case 3:
				if b := r.Bytes(); len(b) > left || cap(b) != len(b) {
					t.Fatalf("Bytes of %d (cap %d) with %d bytes left", len(b), cap(b), left)
				}
			case 4:
				if s := r.String(); len(s) > left {
					t.Fatalf("String of %d with %d bytes left", len(s), left)
				}
			case 5:
				if ss := r.Strings(); len(ss) > left {
					t.Fatalf("%d strings with %d bytes left", len(ss), left)
				}
			case 6:
				rec := r.Record()
				if rec.Left() > left {
					t.Fatalf("a record of %d with %d bytes left", rec.Left(), left)
				}
				rec.Strings()
				rec.End()
			case 7:
				r.Bool()
			case 8:
				if n := r.Below(int(op)); n >= int(op) {
					t.Fatalf("Below(%d) = %d", op, n)
				}
			case 9:
				if b := r.Raw(int(op) - 100); len(b) > left {
					t.Fatalf("Raw of %d with %d bytes left", len(b), left)
				}
			case 10:
				pos := r.Pos()
				r.Uint()
				if r.Err() == nil && len(r.Since(pos)) != r.Pos()-pos {
					t.Fatal("Since is not what was read")
				}
			}
			if r.Left() > left || r.Left() < 0 {
				t.Fatalf("Left went from %d to %d", left, r.Left())
			}
			if r.Err() != nil && r.Left() != 0 {
				t.Fatal("input left to read after an error")
			}
		}
		r.End()
	})
}
