package site

import "slices"

// Helpers only the tests use; the commands reach none of them.

// unregisterKind removes a kind (for tests that register their own).
func unregisterKind(name string) {
	kinds = slices.DeleteFunc(kinds, func(k *pageKind) bool { return k.name == name })
}

// PublishIncremental is Publish for files from RenderIncremental: a file
// marked Same is carried over from the site at out, which must be the one
// reuse describes (CanReuse), by keeping the spare's copy when reuse shows
// it is the same or else by a hard link to the published file. Files are
// never changed in place, since the two folders may share them. It returns
// the stamps to give the next build's Reuse.
//
// When there was no spare to keep, it makes none: the caller calls
// CopyForNext.
func PublishIncremental(out string, files []File, g Guard, spare string, reuse *Reuse) (Stamps, error) {
	return publish(out, files, g, spare, reuse, true, nil)
}

// pageKeys is every page's key by path (for benchmarks and tests).
func (b *builder) pageKeys() (map[string]Key, error) {
	jobs, keys, err := b.jobKeys()
	if err != nil {
		return nil, err
	}
	out := make(map[string]Key, len(jobs))
	for i, j := range jobs {
		out[j.path] = keys[i]
	}
	return out, nil
}
