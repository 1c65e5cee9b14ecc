package search

import "sort"

// Ranking by a glossary term (Query.Term without Text): a section's
// mentions of the term, as the glossary matcher counted them, are scored as
// score.go scores a query word, with the mentions as the term frequency and
// the number of sections using the term as its document frequency. A
// section that names the term in its heading and discusses it comes before
// one that mentions it once in passing.

// termUse returns how section sid uses glossary term id, or nil.
func (idx *Index) termUse(sid int32, id string) *SectionTerm {
	r := idx.stats.sections[sid]
	ts := idx.docs[r.doc].Sections[r.sec].Terms
	i := sort.Search(len(ts), func(i int) bool { return ts[i].ID >= id })
	if i < len(ts) && ts[i].ID == id {
		return &ts[i]
	}
	return nil
}

// termRanking is what scoring sections by one term needs.
type termRanking struct {
	cs  *corpusStats
	df  int
	avg [numScored]float64
}

func (idx *Index) termRanking(id string) *termRanking {
	tr := &termRanking{cs: idx.stats, avg: roundedAverages(idx.stats.total, len(idx.stats.sections))}
	for sid := range idx.stats.sections {
		if idx.termUse(int32(sid), id) != nil {
			tr.df++
		}
	}
	return tr
}

// fieldHeading and fieldBody's places in scoredFields.
const (
	scoredHeading = 1
	scoredBody    = 2
)

func (tr *termRanking) score(sid int32, use *SectionTerm) float64 {
	lens := tr.cs.lens[sid]
	fs := 0.0
	// Fields in a fixed order, as score sums them: the same input gives
	// the same float64.
	for _, c := range [...]struct{ f, tf int }{{scoredHeading, use.Heading}, {scoredBody, use.Body}} {
		if c.tf > 0 {
			fs = fs + float64(rankWeights[c.f]*float64(impact(int32(c.tf), lens[c.f], tr.avg[c.f])))/impactScale
		}
	}
	return round4(idf(len(tr.cs.sections), tr.df) * fs)
}

// withTermWords adds to the stems marked in a section's fragments the
// wordings of one word (an acronym, a one-word name) that the section uses
// a term by. The words of a longer wording are not marked one by one: every
// "order" marked for "stalking protection order" would mislead.
func withTermWords(marks map[string]bool, use *SectionTerm) map[string]bool {
	if use == nil || len(use.Words) == 0 {
		return marks
	}
	out := make(map[string]bool, len(marks)+len(use.Words))
	for s := range marks {
		out[s] = true
	}
	for _, w := range use.Words {
		if stems := queryStems(w); len(stems) == 1 {
			out[stems[0]] = true
		}
	}
	return out
}
