package restate

// CountSentenceProbes runs f on this goroutine and returns how many
// sentences SentenceAt looked at meanwhile.
func CountSentenceProbes(f func()) int {
	countSentenceProbes, sentenceProbes = true, 0
	defer func() { countSentenceProbes = false }()
	f()
	return sentenceProbes
}
