package fix

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/concord-guidance/concord/internal/atomicfile"
	"github.com/concord-guidance/concord/internal/fsguard"
)

// Write replaces the file at path, shown as shown in messages, with data,
// provided that:
//   - the file resolves, through any symbolic links, to a regular file
//     inside root (the corpus folder), so a link or a path that leads out of
//     the corpus is never written, whatever was allowed for reading;
//   - its bytes are still read, the bytes the edits were planned on; if
//     not, it returns ErrChanged and leaves the file alone.
//
// The new bytes go to a temporary file beside the original (same folder,
// so the same file system), are synced, take the original's permissions,
// and are renamed over it: a reader sees the old file or the new one,
// never half of one, and a crash leaves at most a stray temporary file.
// A symbolic link inside the corpus is followed, so the link stays a link.
func Write(path, shown, root string, read, data []byte) error {
	real, err := fsguard.Resolve(path)
	if err != nil {
		return fmt.Errorf("%s: %w", shown, err)
	}
	realRoot, err := fsguard.Resolve(root)
	if err != nil {
		return fmt.Errorf("%s: %w", root, err)
	}
	if !fsguard.Within(real, realRoot) || real == realRoot {
		return &fsguard.Error{Path: shown, Msg: "is outside the corpus folder " + filepath.ToSlash(root) + "; concord fix writes only inside it", Kind: fsguard.ErrOutside}
	}
	now, err := fsguard.ReadFile(real)
	if err != nil {
		return fmt.Errorf("%s: %w", shown, err)
	}
	if !bytes.Equal(now, read) {
		return ErrChanged
	}
	// real is no link (Resolve followed them), so this writes the corpus
	// file itself; a link in the corpus stays a link.
	if err := atomicfile.Write(real, data); err != nil {
		// The cause alone: shown already names the file.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s: cannot write: %w", shown, err)
	}
	return nil
}
