package search

import (
	"math"
	"sort"
)

// Concord's ranking function, defined once here and once in search.js
// (function scoreSection), and held together by TestJavaScriptParity.
//
// It is BM25 computed per scored field (title, heading, body) over section
// statistics that concord computes itself, with a weight per field:
//
//	idf(t)     = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
//	norm(f, s) = (1 - b) + b * len(f, s) / avglen(f)      (1 when avglen(f) = 0)
//	part(f, s) = tf(t, f, s) * (k1 + 1) / (tf(t, f, s) + k1 * norm(f, s))
//	score(s)   = Σ over query terms t: idf(t) * Σ over fields f: w(f) * part(f, s)
//
// N is the number of sections, df(t) the number of sections that contain t in
// any scored field, avglen(f) = total length of f / N. Query terms are
// (stem, fields) pairs, deduplicated and summed in sorted order; fields in the
// order title, heading, body; a field with tf 0 adds nothing. The score is
// rounded to 4 decimals; ties go to the earlier section (file, then line).
//
// The parameters are variables, not constants, so that Go computes k1+1 and
// 1-b in float64 at run time just as JavaScript does; explicit float64
// conversions stop the compiler fusing multiply-adds, which JavaScript never
// does. The parameters are exported to the browser in the manifest.
var (
	rankK1      = 1.2
	rankB       = 0.75
	rankWeights = [numScored]float64{1.5, 2.0, 1.0}
)

// scoreTerm is one query term for ranking: a stem and the scored fields it
// may match in (bit i for scoredFields[i]).
type scoreTerm struct {
	Stem string
	Mask uint8
}

const allFields uint8 = 1<<numScored - 1

// normalizeTerms sorts and deduplicates ranking terms.
func normalizeTerms(ts []scoreTerm) []scoreTerm {
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].Stem != ts[j].Stem {
			return lessUTF16(ts[i].Stem, ts[j].Stem) // JavaScript's order
		}
		return ts[i].Mask < ts[j].Mask
	})
	out := ts[:0]
	for i, t := range ts {
		if i > 0 && t == ts[i-1] {
			continue
		}
		out = append(out, t)
	}
	return out
}

func idf(n, df int) float64 {
	N, D := float64(n), float64(df)
	return math.Log(1 + (N-D+0.5)/(D+0.5))
}

func fieldPart(tf, length, avg float64) float64 {
	norm := 1.0
	if avg > 0 {
		norm = (1 - rankB) + float64(rankB*length)/avg
	}
	return float64(tf*(rankK1+1)) / (tf + float64(rankK1*norm))
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// score ranks section sid for the given terms.
func (cs *corpusStats) score(sid int32, terms []scoreTerm) float64 {
	n := len(cs.sections)
	var avg [numScored]float64
	for f := range avg {
		avg[f] = float64(cs.total[f]) / float64(n)
	}
	total := 0.0
	for _, t := range terms {
		tf := cs.tf(t.Stem, sid)
		if tf == nil {
			continue
		}
		fs := 0.0
		for f := 0; f < numScored; f++ {
			if t.Mask&(1<<f) == 0 || tf[f] == 0 {
				continue
			}
			fs = fs + float64(rankWeights[f]*fieldPart(float64(tf[f]), float64(cs.lens[sid][f]), avg[f]))
		}
		if fs == 0 {
			continue
		}
		total = total + float64(idf(n, len(cs.postings[t.Stem]))*fs)
	}
	return round4(total)
}
