package search

// What the tests look at in an Index that no command needs: the commands
// build an index whole (Build reuses a cached one through update).

// Update replaces the indexed documents with docs, re-indexing only those
// whose content changed, as Build does with a cached index.
func (idx *Index) Update(docs []Doc) error {
	sorted, err := normalizeDocs(docs)
	if err != nil {
		return err
	}
	return idx.update(sorted)
}

// Sections returns the number of indexed sections.
func (idx *Index) Sections() int {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	return len(idx.stats.sections)
}

// Dir returns the on-disk folder of the index, or "" when it is in memory.
func (idx *Index) Dir() string { return idx.dir }
