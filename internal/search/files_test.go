package search

// Test helpers: the static files of an index's or a list's documents.

// Files returns the static search index of idx as files to publish under the
// site root (see Static.Files); the same documents always give the same bytes.
func Files(idx *Index) ([]File, error) {
	idx.mu.RLock()
	docs := idx.docs
	idx.mu.RUnlock()
	return StaticFiles(docs)
}

// StaticFiles returns the static search index of docs, the same files Files
// returns for an Index of them.
func StaticFiles(docs []Doc) ([]File, error) {
	s, err := StaticOf(docs)
	if err != nil {
		return nil, err
	}
	return s.Files(), nil
}
