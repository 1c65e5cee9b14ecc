package rules

// Replacement reports whether the finding's Suggestion is the text to put
// in place of the matched span, rather than advice in words: its rule says
// so (Rule.SuggestsReplacement). Only such suggestions become one-click
// fixes.
func (f *Finding) Replacement() bool {
	if f.Suggestion == "" {
		return false
	}
	r := Lookup(f.Rule)
	return r != nil && r.SuggestsReplacement
}
