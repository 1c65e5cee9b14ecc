package search

import (
	"math"
	"sort"
)

// Concord's ranking function, defined once here and once in search.js
// (function scoreSection), and held together by TestJavaScriptParity.
//
// It is BM25 computed per scored field (title, heading, body) over section
// statistics that concord computes itself, with a weight per field, and with
// each field's term-frequency part quantised to a small integer, the impact,
// when the index is built (as Lucene quantises its norms). The browser
// receives impacts instead of frequencies and lengths, which makes postings
// several times smaller, and scores with the same integers Go scores with:
//
//	idf(t)        = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
//	norm(f, s)    = (1 - b) + b * len(f, s) / avglen(f)       (1 when avglen(f) = 0)
//	part(t, f, s) = tf * (k1 + 1) / (tf + k1 * norm(f, s))
//	impact        = part * impactScale, rounded, kept within [1, maxImpact]
//	score(s)      = Σ over query terms t: idf(t) * Σ over fields f: w(f) * impact / impactScale
//
// N is the number of sections, df(t) the number of sections that contain t in
// any scored field, avglen(f) = total length of f / N rounded to 2
// significant digits (roundedAverages: so that one edit rarely changes other
// documents' impacts, see static.go). Only idf and the final
// sum are computed at query time; query terms are (stem, fields) pairs,
// deduplicated and summed in sorted order; fields in the order title,
// heading, body; a field without the term adds nothing. The score is rounded
// to 4 decimals; ties go to the earlier section (file, then line).
//
// The parameters are variables, not constants, so that Go does its float64
// arithmetic at run time, operation by operation, as JavaScript does; the
// explicit float64 conversions stop the compiler fusing multiply-adds, which
// JavaScript never does. The parameters go to the browser in the manifest.
var (
	rankK1      = 1.2
	rankB       = 0.75
	rankWeights = [numScored]float64{1.5, 2.0, 1.0}
	impactScale = 28.0
)

// maxImpact keeps an impact within one character of the postings encoding.
const maxImpact = 63

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

// impact quantises the BM25 term-frequency part of one field.
func impact(tf, length int32, avg float64) uint8 {
	norm := 1.0
	if avg > 0 {
		norm = (1 - rankB) + float64(rankB*float64(length))/avg
	}
	t := float64(tf)
	part := float64(t*(rankK1+1)) / (t + float64(rankK1*norm))
	q := math.Round(part * impactScale)
	return uint8(min(max(q, 1), maxImpact))
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// score ranks section sid for the given terms.
func (cs *corpusStats) score(sid int32, terms []scoreTerm) float64 {
	n := len(cs.sections)
	total := 0.0
	for _, t := range terms {
		p := cs.posting(t.Stem, sid)
		if p == nil {
			continue
		}
		fs := 0.0
		for f := 0; f < numScored; f++ {
			if t.Mask&(1<<f) == 0 || p.q[f] == 0 {
				continue
			}
			fs = fs + float64(rankWeights[f]*float64(p.q[f]))/impactScale
		}
		if fs == 0 {
			continue
		}
		total = total + float64(idf(n, len(cs.postings[t.Stem]))*fs)
	}
	return round4(total)
}
