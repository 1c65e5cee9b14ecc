package rules

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/concord-guidance/concord/internal/analysis"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/par"
)

// consistencyThreshold is the similarity at which two restatements count as
// the same description. It matches definition-drift's threshold: two
// faithful restatements of one definition score well above it, and a
// restatement that drifts from the glossary drifts from them too.
const consistencyThreshold = 0.6

func init() {
	register(&Rule{
		ID:    "inconsistent-description",
		Title: "A term described in different ways across the guidance",
		Rationale: "The 2024 super-complaint report asked for stalking to be described consistently across all CPS guidance: a reader who meets five descriptions in five documents cannot tell which is the test. " +
			"The rule gathers every restatement of each term in the whole corpus (defining sentences, glossary tables, definition lists, \"What is X?\" sections) and groups them by similarity on analysed words (the same measure as definition-drift), joining two restatements when they are at least `threshold` alike, and anything alike to a member of a group into that group. " +
			"When a term is described in more than one way, every restatement outside the group closest to the glossary definition is reported, naming each variant and the documents that use it, with the other variants as related locations. " +
			"It does the same for acronyms the glossary does not know, written as \"Expansion Words (ACR)\": when documents expand one acronym differently (\"Multi-Agency Risk Assessment Conference\" and \"... Committee\"), each use of the less common expansion is reported (the expansion most documents use is the reference; on a tie, the first alphabetically). " +
			"Not flagged: a term every document describes the same way, even if that way differs from the glossary (definition-drift reports that); glossary acronyms, which acronym-expansion checks; mnemonics, whose exact wording variant-wording checks; an acronym expanded one way everywhere. A restatement inside a block quote is reported as info.",
		Severity: Warning,
		Scope:    CorpusScope,
		Options: []Option{
			{Name: "paraphrases", Default: 1, Unit: Switch, Doc: "1 (the default) to let a paraphrase pass: a restatement of a legal test that keeps every required element and adds no excluded one, at least as close as loose-threshold (or in any words on a page written for the public), and a gloss of a term with no required elements at least as close as loose-threshold; 0 to hold every restatement to threshold, for teams that want the glossary's exact words everywhere."},
			{Name: "threshold", Default: consistencyThreshold, Doc: "Similarity (0 to 1, the Dice coefficient of analysed content words) at which two restatements of a term count as the same description. Faithful restatements of one definition score 0.65 and above against it."},
			{Name: "acronyms", Default: 1, Unit: Switch, Doc: "1 to also report acronyms the glossary does not know that documents expand in different ways; 0 to check only glossary terms."},
		},
		Examples: []Example{
			{
				Title:    "stalking described three ways",
				Markdown: "## Introduction\n\nStalking means persistent unwanted online attention that leaves a person feeling uneasy or watched.\n",
				More: []string{
					"Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking and the person pursuing the conduct knows or ought to know that it amounts to harassment.\n",
					"| Term | Meaning |\n|---|---|\n| Stalking | A course of conduct amounting to harassment of another person, where the acts or omissions involved are ones associated with stalking. |\n",
					"Stalking is a pattern of fixated, obsessive and unwanted behaviour that causes the victim fear.\n",
				},
				Want: []string{"inconsistent-description@3:1", "inconsistent-description@other3.md:1:1"},
			},
			{
				Title:    "an acronym expanded two ways",
				Markdown: "Cases are referred to a Multi-Agency Risk Assessment Committee (MARAC).\n",
				More: []string{
					"The case was discussed at a Multi-Agency Risk Assessment Conference (MARAC).\n",
					"Refer the case to the local multi-agency risk assessment conference (MARAC).\n",
				},
				Want: []string{"inconsistent-description@1:25"},
			},
			{
				Title:    "faithful restatements in different words and order",
				Markdown: "Stalking is a course of conduct, involving acts or omissions associated with stalking, that amounts to harassment of another person and that the person pursuing it knows or ought to know amounts to harassment.\n",
				More: []string{
					"Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking and the person pursuing the conduct knows or ought to know that it amounts to harassment.\n",
					"## What is stalking?\n\nIn law, stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking.\n",
				},
			},
			{
				Title:    "one expansion everywhere, with hyphens or without",
				Markdown: "Cases go to a Multi-Agency Risk Assessment Conference (MARAC).\n",
				More:     []string{"The Multi Agency Risk Assessment Conference (MARAC) met.\n"},
			},
			{
				Title:    "glossary acronyms are left to acronym-expansion",
				Markdown: "Police may apply for a Stalking Prevention Order (SPO).\n",
				More:     []string{"Police may apply for a Stalking Protection Order (SPO).\n"},
			},
		},
		Check: checkConsistency,
	})
}

func checkConsistency(p *Pass) {
	checkDescriptions(p)
	if p.Option("acronyms") != 0 {
		checkAcronymVariants(p)
	}
}

// ---- terms described differently ----

// A finding about one variant names at most maxOthers of the others (the
// rest are counted: "and 1997 more") and relates at most maxRelated places,
// so output grows with the number of variants, not with its square.
const (
	maxOthers  = 4
	maxRelated = 10
)

type rsVariant struct {
	r     *Restatement
	set   map[string]bool
	score float64 // similarity to the canonical definition
	quiet bool    // a paraphrase: counted, never reported (rsParaphrase)
}

func checkDescriptions(p *Pass) {
	gp := restProfile(p.Glossary)
	threshold := p.Option("threshold")
	lenient := p.Option("paraphrases") != 0
	byTerm := map[string][]*rsVariant{}
	var ids []string
	// Each document's restatements are compared with the glossary on all
	// cores, then gathered in document order.
	sums := p.Summaries()
	perDoc := par.Map(len(sums), func(i int) []*rsVariant {
		var vs []*rsVariant
		public := sums[i].Public
		for _, r := range sums[i].Restatements {
			if r.How == "mnemonic" || gp.terms[r.Term] == nil || r.Reading != Defines {
				continue
			}
			c := compareRestatement(gp, r)
			// A paraphrase (see rsParaphrase) is compared like any other
			// description and may be the reference, but is never reported
			// as a different one.
			vs = append(vs, &rsVariant{r: r, set: c.set, score: c.score, quiet: lenient && rsParaphrase(gp.terms[r.Term], r, c.score, public)})
		}
		return vs
	})
	for _, vs := range perDoc {
		for _, v := range vs {
			id := v.r.Term.ID
			if _, ok := byTerm[id]; !ok {
				ids = append(ids, id)
			}
			byTerm[id] = append(byTerm[id], v)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		vs := byTerm[id]
		groups := rsCluster(vs, threshold)
		if len(groups) < 2 {
			continue
		}
		// The reference is the group closest to the glossary definition.
		ref := 0
		best := func(g []*rsVariant) float64 {
			m := -1.0
			for _, v := range g {
				m = max(m, v.score)
			}
			return m
		}
		for i := range groups {
			if best(groups[i]) > best(groups[ref]) {
				ref = i
			}
		}
		docs := map[*corpus.Document]bool{}
		for _, v := range vs {
			docs[v.r.Doc] = true
		}
		term := vs[0].r.Term
		// Each group is named once. A finding names at most maxOthers
		// other variants and relates at most maxRelated places, counting
		// the rest: a file with thousands of different descriptions gives
		// output and work that grow with their number, not its square.
		names := make([]string, len(groups))
		for i, g := range groups {
			names[i] = rsVariantName(g)
		}
		for gi, g := range groups {
			if gi == ref {
				continue
			}
			// The other variants, the reference first.
			others := []string{"the description closest to the glossary, " + names[ref]}
			var related []Location
			relate := func(oi int) {
				for _, ov := range groups[oi] {
					if len(related) == maxRelated {
						return
					}
					related = append(related, rsLocation(ov.r, fmt.Sprintf("%s described as %q", term.Term, rsExcerpt(ov.r, 8))))
				}
			}
			relate(ref)
			for oi := range groups {
				if len(others) == maxOthers && len(related) == maxRelated {
					break
				}
				if oi == ref || oi == gi {
					continue
				}
				if len(others) < maxOthers {
					others = append(others, names[oi])
				}
				relate(oi)
			}
			if more := len(groups) - 1 - len(others); more > 0 {
				others = append(others, fmt.Sprintf("and %d more", more))
			}
			for _, v := range g {
				if v.quiet {
					continue
				}
				msg := fmt.Sprintf("%s is described %d ways across %s: this description (%q, %d%% like the glossary definition) differs from %s",
					rsCapitalise(term.Term), len(groups), rsCount(len(docs), "document"), rsExcerpt(v.r, 8), rsPct(v.score), strings.Join(others, "; "))
				start, end := v.r.SourceRange()
				p.Report(v.r.Doc, start, end, rsQuoted(v.r, Finding{
					Term:       term.ID,
					Message:    msg,
					Suggestion: "describe " + term.Term + " as the glossary does: " + strings.TrimSpace(term.Definition),
					Expected:   strings.TrimSpace(term.Definition),
					Actual:     v.r.Text(),
					Related:    related,
					Context:    v.r.Text(),
				}))
			}
		}
	}
}

// rsCluster groups restatements by single-link clustering: two are in one
// group when a chain of pairs at least threshold alike joins them. Groups
// come out in the order of their first member.
//
// A large corpus restates one term tens of thousands of times, so comparing
// every pair would be quadratic. Instead identical word sets are joined
// once, and each distinct set is compared only with the earlier sets an
// index shows could reach the threshold (rsJoinSimilar). The groups are
// those of comparing every pair (rsClusterPairwise in the tests): the
// filters skip only pairs that cannot reach the threshold or that are
// already joined, and every other pair is decided by diceSets as before.
func rsCluster(vs []*rsVariant, threshold float64) [][]*rsVariant {
	uf := newUnionFind(len(vs))
	if threshold > 0 {
		rsJoinSimilar(vs, threshold, uf)
	} else {
		// At a threshold of 0 or below every pair is alike, and sets
		// with no word in common (which the index never pairs) join too.
		for i := range vs {
			for j := i + 1; j < len(vs); j++ {
				if uf.find(i) != uf.find(j) && diceSets(vs[i].set, vs[j].set) >= threshold {
					uf.union(i, j)
				}
			}
		}
	}
	index := map[int]int{}
	var groups [][]*rsVariant
	for i, v := range vs {
		root := uf.find(i)
		gi, ok := index[root]
		if !ok {
			gi = len(groups)
			index[root] = gi
			groups = append(groups, nil)
		}
		groups[gi] = append(groups[gi], v)
	}
	return groups
}

// rsJoinSimilar joins the restatements whose word sets are at least
// threshold (> 0) alike, by a set-similarity join with a prefix filter.
//
// With the words of every set in one global order (rarest first), two sets
// A and B that share o words both hold their first common word within their
// first |A|-o+1 and |B|-o+1 words. A set of size a can only reach the
// threshold with o >= diceMinOverlap(a), whatever the other set, so its
// first a-diceMinOverlap(a)+1 words (its prefix) are indexed, and a set is
// compared only with earlier sets that share a prefix word.
func rsJoinSimilar(vs []*rsVariant, threshold float64, uf unionFind) {
	type wordSet struct {
		first int // the first variant with this set
		set   map[string]bool
		words []string // sorted; dropped once ranked
		ranks []int32  // the words' places in the global order, ascending
	}
	var sets []*wordSet
	bySet := map[string]*wordSet{}
	var key []byte
	for i, v := range vs {
		words := slices.Sorted(maps.Keys(v.set))
		key = key[:0]
		for _, w := range words {
			key = binary.AppendUvarint(key, uint64(len(w)))
			key = append(key, w...)
		}
		if ws, ok := bySet[string(key)]; ok {
			if diceSets(vs[ws.first].set, v.set) >= threshold {
				uf.union(ws.first, i)
			}
			continue
		}
		ws := &wordSet{first: i, set: v.set, words: words}
		bySet[string(key)] = ws
		sets = append(sets, ws)
	}

	// The global order: fewest sets first, so prefixes hold rare words and
	// index lists stay short; ties by the word, so the order is fixed.
	freq := map[string]int{}
	for _, ws := range sets {
		for _, w := range ws.words {
			freq[w]++
		}
	}
	order := slices.Collect(maps.Keys(freq))
	slices.SortFunc(order, func(a, b string) int {
		if freq[a] != freq[b] {
			return freq[a] - freq[b]
		}
		return strings.Compare(a, b)
	})
	rank := make(map[string]int32, len(order))
	for i, w := range order {
		rank[w] = int32(i)
	}
	for _, ws := range sets {
		ws.ranks = make([]int32, len(ws.words))
		for i, w := range ws.words {
			ws.ranks[i] = rank[w]
		}
		slices.Sort(ws.ranks)
		ws.words = nil
	}

	minOverlap := map[int]int{}
	index := make([][]int32, len(order)) // rank -> sets with it in their prefix
	seen := make([]int32, len(sets))     // the set last compared with each, plus one
	for si, ws := range sets {
		a := len(ws.ranks)
		mo, ok := minOverlap[a]
		if !ok {
			mo = diceMinOverlap(a, threshold)
			minOverlap[a] = mo
		}
		if mo < 0 {
			continue // no set can be threshold alike to this one
		}
		prefix := ws.ranks[:a-mo+1]
		for _, r := range prefix {
			for _, ci := range index[r] {
				if seen[ci] == int32(si)+1 {
					continue
				}
				seen[ci] = int32(si) + 1
				c := sets[ci]
				if !diceCanReach(len(c.ranks), a, threshold) {
					continue
				}
				if uf.find(c.first) == uf.find(ws.first) {
					continue // already in one group: no comparison can change it
				}
				if diceSets(vs[c.first].set, ws.set) >= threshold {
					uf.union(c.first, ws.first)
				}
			}
		}
		for _, r := range prefix {
			index[r] = append(index[r], int32(si))
		}
	}
}

// diceMinOverlap is the fewest words a set of size a (> 0) must share with
// another for diceSets to reach threshold, or -1 if no set can. The other
// set is best as small as the overlap, and diceSets is computed the same
// way, so a pair sharing fewer words provably scores below the threshold.
func diceMinOverlap(a int, threshold float64) int {
	for n := 1; n <= a; n++ {
		if 2*float64(n)/float64(a+n) >= threshold {
			return n
		}
	}
	return -1
}

// diceCanReach reports whether sets of sizes a and b (not both 0) can be
// threshold alike: at best they share min(a, b) words. It computes what
// diceSets would for that overlap, and a smaller overlap scores no higher.
func diceCanReach(a, b int, threshold float64) bool {
	return 2*float64(min(a, b))/float64(a+b) >= threshold
}

// unionFind is a disjoint-set forest whose roots are the smallest members.
type unionFind []int

func newUnionFind(n int) unionFind {
	uf := make(unionFind, n)
	for i := range uf {
		uf[i] = i
	}
	return uf
}

func (uf unionFind) find(i int) int {
	for uf[i] != i {
		uf[i] = uf[uf[i]]
		i = uf[i]
	}
	return i
}

func (uf unionFind) union(i, j int) {
	a, b := uf.find(i), uf.find(j)
	if a != b {
		uf[max(a, b)] = min(a, b)
	}
}

// rsVariantName describes a group for messages: a short quotation of its
// member closest to the glossary, and the documents that use it.
func rsVariantName(g []*rsVariant) string {
	best := g[0]
	for _, v := range g {
		if v.score > best.score {
			best = v
		}
	}
	var files []string
	seen := map[*corpus.Document]bool{}
	for _, v := range g {
		if !seen[v.r.Doc] {
			seen[v.r.Doc] = true
			files = append(files, v.r.Doc.Rel)
		}
	}
	slices.Sort(files)
	if len(files) > 3 {
		files = append(files[:3:3], fmt.Sprintf("%d more", len(files)-3))
	}
	return fmt.Sprintf("%q in %s", rsExcerpt(best.r, 8), strings.Join(files, ", "))
}

// rsExcerpt is the start of a restatement's predicate, up to n words.
func rsExcerpt(r *Restatement, n int) string {
	text := r.Block.Block.Run.Text[rsPredicateStart(r):r.End]
	words := strings.Fields(text)
	if len(words) > n {
		return strings.TrimRight(strings.Join(words[:n], " "), ",;:") + " …"
	}
	return strings.TrimRight(text, ".")
}

func rsCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func rsLocation(r *Restatement, msg string) Location {
	start, _ := r.SourceRange()
	pos := r.Doc.File.Position(start)
	return Location{File: r.Doc.Path, Line: pos.Line, Column: pos.Column, Message: msg}
}

func rsCapitalise(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// ---- acronyms expanded differently ----

// rsAcronymUse is one "Expansion Words (ACR)" in a document.
type rsAcronymUse struct {
	doc        *corpus.Document
	start, end int // source byte range of the expansion and acronym
	written    string
	norm       string
	context    string
	loose      bool // its initials do not spell the acronym (rsLooseExpansion)
}

// rsSmallWords may sit inside an expansion without giving it a letter.
var rsSmallWords = map[string]bool{"of": true, "and": true, "the": true, "for": true, "on": true, "in": true,
	"to": true, "a": true, "an": true, "at": true, "by": true, "with": true, "from": true, "or": true, "&": true}

func checkAcronymVariants(p *Pass) {
	gp := restProfile(p.Glossary)
	uses := map[string][]*rsAcronymUse{}
	var acrs []string
	for _, s := range p.Summaries() {
		for _, u := range s.acronyms {
			acr := u.written[strings.LastIndexByte(u.written, '(')+1 : len(u.written)-1]
			if gp.acronyms[acr] {
				continue
			}
			if _, ok := uses[acr]; !ok {
				acrs = append(acrs, acr)
			}
			uses[acr] = append(uses[acr], u)
		}
	}
	slices.Sort(acrs)
	for _, acr := range acrs {
		us := uses[acr]
		strict := map[string]bool{}
		for _, u := range us {
			if !u.loose {
				strict[u.norm] = true
			}
		}
		if len(strict) == 0 {
			continue // no expansion that spells it: nothing to hold the others to
		}
		docsBy := map[string]map[*corpus.Document]bool{}
		shown := map[string]string{}
		for _, u := range us {
			if docsBy[u.norm] == nil {
				docsBy[u.norm] = map[*corpus.Document]bool{}
				shown[u.norm] = u.written[:strings.LastIndexByte(u.written, '(')]
			}
			docsBy[u.norm][u.doc] = true
		}
		if len(docsBy) < 2 {
			continue
		}
		var norms []string
		for n := range docsBy {
			norms = append(norms, n)
		}
		slices.SortFunc(norms, func(a, b string) int {
			if strict[a] != strict[b] {
				if strict[a] {
					return -1 // an expansion that spells the acronym is the reference
				}
				return 1
			}
			if len(docsBy[a]) != len(docsBy[b]) {
				return len(docsBy[b]) - len(docsBy[a])
			}
			return strings.Compare(a, b)
		})
		ref := norms[0]
		refText := strings.TrimSpace(shown[ref])
		// Each expansion is named once, and its first uses are kept for
		// related locations; a finding names at most maxOthers and relates
		// at most maxRelated (see checkDescriptions).
		names := make(map[string]string, len(norms))
		uses := make(map[string][]Location, len(norms))
		for _, n := range norms {
			files := make([]string, 0, len(docsBy[n]))
			for d := range docsBy[n] {
				files = append(files, d.Rel)
			}
			slices.Sort(files)
			if len(files) > 3 {
				files = append(files[:3:3], fmt.Sprintf("%d more", len(files)-3))
			}
			names[n] = fmt.Sprintf("%q in %s", strings.TrimSpace(shown[n]), strings.Join(files, ", "))
		}
		for _, o := range us {
			if len(uses[o.norm]) < maxRelated {
				pos := o.doc.File.Position(o.start)
				uses[o.norm] = append(uses[o.norm], Location{File: o.doc.Path, Line: pos.Line, Column: pos.Column, Message: acr + " = " + strings.TrimSpace(shown[o.norm])})
			}
		}
		for _, u := range us {
			if u.norm == ref {
				continue
			}
			var others []string
			var related []Location
			for _, n := range norms {
				if len(others) == maxOthers && len(related) == maxRelated {
					break
				}
				if n == u.norm {
					continue
				}
				if len(others) < maxOthers {
					others = append(others, names[n])
				}
				related = append(related, uses[n][:min(len(uses[n]), maxRelated-len(related))]...)
			}
			if more := len(norms) - 1 - len(others); more > 0 {
				others = append(others, fmt.Sprintf("and %d more", more))
			}
			mine := strings.TrimSpace(u.written[:strings.LastIndexByte(u.written, '(')])
			p.Report(u.doc, u.start, u.end, Finding{
				Message:    fmt.Sprintf("%s is expanded as %q here but as %s; one acronym should stand for one thing across the guidance", acr, mine, strings.Join(others, "; ")),
				Suggestion: fmt.Sprintf("%s (%s)", refText, acr),
				Expected:   refText,
				Actual:     mine,
				Related:    related,
				Context:    u.context,
			})
		}
	}
}

// rsFindAcronyms finds "Expansion Words (ACR)" in a block: an acronym of two
// to ten capitals in brackets, after words whose initials spell it. Small
// words ("of", "and", "the") may be skipped; a hyphenated word gives the
// initial of each part or of its first part only ("Multi-Agency" is M or MA).
func rsFindAcronyms(bf *BlockFacts, d *corpus.Document) []*rsAcronymUse {
	if !rsMayHoldAcronym(bf) {
		return nil
	}
	text := bf.Block.Run.Text
	toks := bf.Tokens
	if toks == nil {
		// Released after the document's own rules ran (see factStore.release).
		toks = analysis.Analyze(text)
	}
	var out []*rsAcronymUse
	for k, tk := range toks {
		if k == 0 || tk.Start == 0 || tk.End >= len(text) || text[tk.Start-1] != '(' || text[tk.End] != ')' {
			continue
		}
		acr := text[tk.Start:tk.End]
		if !rsCapsWord(acr) || len([]rune(acr)) > 10 {
			continue
		}
		// Words before the bracket, nearest first, grouped by hyphens.
		var words []rsExpansionPart
		for j := k - 1; j >= 0 && len(words) < 16; j-- {
			gap := text[toks[j].End:toks[j+1].Start]
			if j == k-1 {
				if strings.TrimSpace(gap) != "(" {
					break
				}
			} else if strings.ContainsAny(gap, ".,;:()[]!?\"“”") {
				break
			}
			if j < k-1 && (gap == "-" || gap == "‐") && len(words) > 0 {
				w := &words[len(words)-1]
				w.parts = append([]int{j}, w.parts...)
				w.small = false
				continue
			}
			words = append(words, rsExpansionPart{parts: []int{j}, small: rsSmallWords[toks[j].Surface]})
		}
		letters := []rune(acr)
		// match reports how many words (from the nearest) spell letters[:n].
		var match func(wi, n int) int
		match = func(wi, n int) int {
			if n == 0 {
				return wi
			}
			if wi >= len(words) {
				return -1
			}
			w := words[wi]
			if w.small {
				// skipped ("Protection from Harassment") or counted
				// ("Single Point of Contact")
				if got := match(wi+1, n); got >= 0 {
					return got
				}
				r, _ := rsFirstRune(text[toks[w.parts[0]].Start:toks[w.parts[0]].End])
				if unicode.ToUpper(r) == letters[n-1] {
					return match(wi+1, n-1)
				}
				return -1
			}
			initials := make([]rune, len(w.parts))
			for i, t := range w.parts {
				r, _ := rsFirstRune(text[toks[t].Start:toks[t].End])
				initials[i] = unicode.ToUpper(r)
			}
			// every part gives a letter
			if len(initials) <= n && string(letters[n-len(initials):n]) == string(initials) {
				if got := match(wi+1, n-len(initials)); got >= 0 {
					return got
				}
			}
			// only the first part does
			if len(initials) > 1 && letters[n-1] == initials[0] {
				if got := match(wi+1, n-1); got >= 0 {
					return got
				}
			}
			return -1
		}
		nw := match(0, len(letters))
		loose := false
		if nw <= 0 {
			// "Victim Impact Statement (VPS)": capitalised words whose
			// initials do not spell the acronym. Kept, marked loose, so
			// that another document's expansion that does spell it can
			// show this one is different; never a reference itself.
			nw = rsLooseExpansion(text, toks, words, len(letters))
			if nw <= 0 {
				continue
			}
			loose = true
		}
		first := words[nw-1].parts[0]
		if rsSmallWords[toks[first].Surface] {
			continue
		}
		var norm []string
		for wi := nw - 1; wi >= 0; wi-- {
			for _, t := range words[wi].parts {
				if w := rsExpansionWord(toks, t); w != "" {
					norm = append(norm, w)
				}
			}
		}
		rs, re := toks[first].Start, tk.End+1
		start, end := bf.Block.Run.Span(rs, re)
		s := bf.Sentences[bf.SentenceAt(rs)]
		out = append(out, &rsAcronymUse{doc: d, start: start, end: end, written: text[rs:re], norm: strings.Join(norm, " "), context: s.Text(&bf.Block.Run), loose: loose})
	}
	return out
}

// rsMayHoldAcronym is false for a block rsFindAcronyms finds nothing in.
func rsMayHoldAcronym(bf *BlockFacts) bool {
	return strings.Contains(bf.Block.Run.Text, "(")
}

func rsFirstRune(s string) (rune, int) {
	for i, r := range s {
		return r, i
	}
	return 0, 0
}

// rsExpansionWord is the form in which a word of an acronym's expansion is
// compared, or "" for a word that does not tell two expansions apart:
// "and" and "&", and "the", are spelling, not meaning; "Her Majesty's"
// became "His Majesty's" with the monarch in 2022 and names the same body;
// "advisor" is a spelling of "adviser".
func rsExpansionWord(toks []analysis.Token, t int) string {
	switch w := toks[t].Surface; w {
	case "and", "&", "the":
		return ""
	case "her", "his":
		if t+1 < len(toks) && strings.HasPrefix(toks[t+1].Surface, "majesty") {
			return ""
		}
	case "advisor", "advisors":
		return "adviser"
	case "hm", "hmg":
		// "HM Inspectorate" is "His Majesty's Inspectorate".
		return analysis.Analyze("majesty's")[0].Term
	}
	return toks[t].Term
}

// rsExpansionPart is a word before an acronym's bracket: its tokens (a
// hyphenated word has several), and whether it is a small word that may
// give no letter.
type rsExpansionPart struct {
	parts []int // token indices, in order
	small bool
}

// rsLooseExpansion returns how many words before an acronym's bracket
// (nearest first) form a capitalised name of about the acronym's length,
// or 0: every word capitalised but small ones inside, at least two, and
// the farthest capitalised.
func rsLooseExpansion(text string, toks []analysis.Token, words []rsExpansionPart, letters int) int {
	caps, n := 0, 0
	for i, p := range words {
		w := text[toks[p.parts[0]].Start:toks[p.parts[0]].End]
		if caps > 0 && len(w) >= 3 && rsCapsWord(w) {
			break // "HMIC and HM Crown ... (HMCPSI)": another body's acronym
		}
		if rsCapitalised(w) {
			caps++
			n = i + 1
			continue
		}
		if !p.small {
			break // the first lower-case word ends the name
		}
	}
	if caps < 2 || caps < letters-2 || caps > letters+2 {
		return 0
	}
	return n
}
