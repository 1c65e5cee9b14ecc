package rules

// replacing holds the rules whose suggestions are the words to put in place
// of the matched text, set by each such rule's file beside its register
// call. (It belongs on Rule; rule.go is being reworked alongside, issue 21.)
var replacing = map[string]bool{}

// suggestsReplacements marks a rule whose Suggestion is replacement text.
func suggestsReplacements(id string) { replacing[id] = true }

// Replacement reports whether the finding's Suggestion is the text to put
// in place of the matched span, rather than advice in words. Only such
// suggestions become one-click fixes.
func (f *Finding) Replacement() bool { return f.Suggestion != "" && replacing[f.Rule] }
