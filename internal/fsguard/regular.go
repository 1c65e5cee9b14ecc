package fsguard

import (
	"io/fs"
	"slices"
)

// Regular is a regular file opened to be read whole, as a document is: one
// open, the check after it, and the reads, with nothing asked of the
// operating system twice. On Linux it is a bare descriptor, not an
// os.File, which would offer every file to the network poller first (an
// epoll_ctl the kernel refuses for a regular file, one wasted system call a
// document).
type Regular struct {
	name string
	info fs.FileInfo
	file regularFile // the platform's handle and what its fstat found
}

// OpenRegular opens the regular file at name as Open does: it looks
// before it opens, opens without waiting or taking a terminal, and checks
// again what it opened. Its errors are Open's.
func OpenRegular(name string) (*Regular, error) {
	if err := look(name); err != nil {
		return nil, err
	}
	r := &Regular{name: name}
	if err := r.open(); err != nil {
		return nil, err
	}
	if m := r.info.Mode(); !m.IsRegular() {
		r.Close()
		return nil, notRegular(name, m)
	}
	return r, nil
}

// Info is what the check after the open found of the file.
func (r *Regular) Info() fs.FileInfo { return r.info }

// ReadAll reads the file from the start to its end, or to limit+1 bytes
// if it is longer: more than limit bytes back say the file is larger than
// limit, whatever Info said (it grew after the check). It reads into buf
// when buf's capacity holds the file's size and a byte more, and into a
// new slice of that capacity otherwise: the byte more lets the first read
// find the end of a file that has not changed, without another read to
// see it. A read error is an *fs.PathError, as os.File's are.
func (r *Regular) ReadAll(buf []byte, limit int64) ([]byte, error) {
	size := max(r.info.Size(), 0)
	if want := min(size, limit) + 1; int64(cap(buf)) < want {
		buf = make([]byte, 0, want)
	}
	buf = buf[:0]
	for {
		room := min(int64(cap(buf)), limit+1) - int64(len(buf))
		if room <= 0 {
			if int64(len(buf)) > limit {
				return buf, nil
			}
			// The file grew since the check: read on.
			buf = slices.Grow(buf, max(len(buf), 512))
			continue
		}
		n, err := r.read(buf[len(buf) : int64(len(buf))+room])
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
		if int64(n) < room && int64(len(buf)) == size {
			// A read that stopped short where the check found the end
			// has met the end of the file.
			return buf, nil
		}
	}
}
