package benchgen

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// This file writes one document: its front matter, sections, paragraphs,
// lists, tables and links, drawn from the plan and the word banks.

// docStats counts what one document holds.
type docStats struct {
	words, bytes, headings, links, lists, tables int
	defects                                      map[string]int
}

// writer builds one document's body.
type writer struct {
	buf      *bytes.Buffer
	r        *rng
	w        *words
	seed     int64
	n, self  int
	plan     *plan
	expanded map[string]bool
	st       *docStats
	pending  map[string]bool // defects still to place
	used     map[string]bool // sentences already used
}

func writeDoc(buf *bytes.Buffer, w *words, seed int64, n, i int) *docStats {
	p := planOf(seed, i)
	d := &writer{buf: buf, r: newRNG(seed, i, streamBody), w: w, seed: seed, n: n, self: i, plan: p, expanded: map[string]bool{}, st: &docStats{defects: map[string]int{}}, pending: map[string]bool{}, used: map[string]bool{}}
	for k := range p.defects {
		d.pending[k] = true
	}
	d.frontMatter()
	target := d.r.between(450, 800)
	prose := 0
	for _, s := range p.sections {
		if s.kind != kindRelated && s.kind != kindEnforcement {
			prose++
		}
	}
	for si, s := range p.sections {
		// Spread what is left of the target over the prose sections left,
		// so fixed parts (lists, tables, breach paragraphs) do not push the
		// document past it.
		budget := (target - d.st.words) / max(prose, 1)
		if s.kind != kindRelated && s.kind != kindEnforcement {
			prose--
		}
		d.section(si, s, budget)
	}
	d.st.bytes = buf.Len()
	return d.st
}

func (d *writer) frontMatter() {
	p := d.plan
	date := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d.r.intn(7*365))
	b := d.buf
	b.WriteString("---\n")
	fmt.Fprintf(b, "title: %s\n", yamlString(p.title))
	fmt.Fprintf(b, "updated: %s\n", date.Format("2006-01-02"))
	fmt.Fprintf(b, "owner: %s\n", pick(d.r, owners))
	fmt.Fprintf(b, "topic: %s\n", p.topic)
	fmt.Fprintf(b, "summary: %s\n", yamlString(fmt.Sprintf("Prosecution guidance on %s, from the first report to sentence.", lowerFirst(p.title))))
	var rel []string
	for _, j := range d.others(d.r.between(2, 4)) {
		rel = append(rel, planOf(d.seed, j).slug)
	}
	fmt.Fprintf(b, "related: [%s]\n", strings.Join(rel, ", "))
	b.WriteString("---\n\n")
}

// others picks k documents other than this one.
func (d *writer) others(k int) []int {
	if d.n <= 1 {
		return nil
	}
	var out []int
	for _, j := range d.r.sample(d.n-1, min(k, d.n-1)) {
		if j >= d.self {
			j++
		}
		out = append(out, j)
	}
	return out
}

func yamlString(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// lowerFirst lower-cases a title's first letter unless the title starts
// with a proper name ("Stalking Protection Orders").
func lowerFirst(s string) string {
	f := strings.Fields(s)
	if len(f) > 1 && f[1][0] >= 'A' && f[1][0] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func (d *writer) section(si int, s sectionPlan, budget int) {
	d.heading(2, s.title)
	k := s.kind
	switch k {
	case kindRelated:
		d.relatedList()
		return
	case kindEnforcement:
		// Two different sentences, so at least one names the order.
		d.paragraph(d.shuffled(breachNoContext, 2))
		d.pending[DefectBreach] = false
		d.st.defects[DefectBreach]++
		return
	case kindBreach:
		ss := d.shuffled(breachBank, d.r.between(3, 5))
		d.paragraph(ss)
		budget -= 60
	}
	parts := 1 + len(s.subs)
	for part := 0; part < parts; part++ {
		if part > 0 {
			d.heading(3, s.subs[part-1].title)
		}
		goal := budget / parts
		wrote := 0
		if part == 0 && k == kindLaw {
			wrote += d.lawExtras()
		}
		if part == 0 && (k == kindIntro || k == kindLaw) && d.pending[DefectDrift] {
			wrote += d.paragraph([]string{pick(d.r, driftedDefinitions), d.sentence(k)})
			d.pending[DefectDrift] = false
			d.st.defects[DefectDrift]++
		}
		if part == 0 && listBank[k] != nil && d.r.chance(0.45) {
			wrote += d.list(k)
		}
		// A paragraph averages about 80 words: stop when less than half of
		// one is left, but give every part at least one.
		if wrote == 0 && goal < 40 {
			wrote += d.proseParagraph(k, si, 2)
		}
		for wrote == 0 || wrote+40 < goal {
			wrote += d.proseParagraph(k, si, d.r.between(3, 6))
		}
	}
}

// lawExtras writes the penalty sentences, a word-for-word restatement now
// and then, and the occasional table of offences.
func (d *writer) lawExtras() int {
	n := 0
	var ss []string
	if d.pending[DefectPenalty] {
		ss = append(ss, pick(d.r, wrongPenalties))
		d.pending[DefectPenalty] = false
		d.st.defects[DefectPenalty]++
	} else if d.r.chance(0.5) {
		ss = append(ss, pick(d.r, rightPenalties))
	}
	if len(ss) > 0 {
		ss = append(ss, d.sentence(kindLaw))
		n += d.paragraph(ss)
	}
	if len(d.w.restatements) > 0 && d.r.chance(0.3) {
		n += d.paragraph([]string{pick(d.r, d.w.restatements)})
	}
	if d.r.chance(0.18) {
		n += d.table()
	}
	return n
}

func (d *writer) heading(level int, title string) {
	d.buf.WriteString(strings.Repeat("#", level))
	d.buf.WriteByte(' ')
	d.buf.WriteString(title)
	d.buf.WriteString("\n\n")
	d.st.headings++
	d.st.words += countWords(title)
}

// paragraph writes sentences as one paragraph and returns its word count.
func (d *writer) paragraph(ss []string) int {
	text := strings.Join(ss, " ")
	d.buf.WriteString(text)
	d.buf.WriteString("\n\n")
	n := countWords(text)
	d.st.words += n
	return n
}

func (d *writer) proseParagraph(k sectionKind, si, n int) int {
	ss := d.sentences(k, n)
	if ab := acronymBank[k]; len(ab) > 0 && d.r.chance(0.2) {
		ss = append(ss, d.fill(pick(d.r, ab)))
	}
	if d.pending[DefectDeprecated] && d.r.chance(0.5) {
		u := pick(d.r, d.w.deprecated)
		ss = insertAt(ss, d.r.intn(len(ss)+1), d.fill(u.sentence))
		d.pending[DefectDeprecated] = false
		d.st.defects[DefectDeprecated]++
	}
	if d.pending[DefectBrokenLink] && d.r.chance(0.5) {
		ss = append(ss, d.brokenLink())
		d.pending[DefectBrokenLink] = false
		d.st.defects[DefectBrokenLink]++
	} else if d.r.chance(0.3) {
		ss = append(ss, d.linkSentence(si))
	}
	return d.paragraph(ss)
}

func insertAt(ss []string, i int, s string) []string {
	ss = append(ss, "")
	copy(ss[i+1:], ss[i:])
	ss[i] = s
	return ss
}

// sentence picks an ordinary sentence for a section kind. Sections without
// a bank of their own borrow from the introduction's and the law's.
func (d *writer) sentence(k sectionKind) string { return d.sentences(k, 1)[0] }

// sentences picks k different sentences, preferring ones this document has
// not used yet.
func (d *writer) sentences(k sectionKind, n int) []string {
	var out []string
	seen := map[string]bool{}
	for len(out) < n {
		b := bank[k]
		if len(b) == 0 || d.r.chance(0.1) {
			b = bank[pick(d.r, []sectionKind{kindIntro, kindLaw, kindEvidence})]
		}
		var s string
		for try := 0; try < 4; try++ {
			s = pick(d.r, b)
			if !seen[s] && !d.used[s] {
				break
			}
		}
		if seen[s] {
			continue
		}
		seen[s] = true
		d.used[s] = true
		out = append(out, d.fill(s))
	}
	return out
}

func (d *writer) shuffled(xs []string, k int) []string {
	var out []string
	for _, i := range d.r.sample(len(xs), k) {
		out = append(out, d.fill(xs[i]))
	}
	return out
}

// fill replaces the slots in a sentence.
func (d *writer) fill(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			break
		}
		name := s[i+1 : i+j]
		v := d.slot(name)
		if i == 0 && v != "" {
			v = strings.ToUpper(v[:1]) + v[1:]
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+1:]
	}
	return b.String()
}

func (d *writer) slot(name string) string {
	if a, ok := acronyms[name]; ok {
		if d.expanded[name] {
			return a[1]
		}
		d.expanded[name] = true
		return a[0] + " (" + a[1] + ")"
	}
	switch name {
	case "place":
		return pick(d.r, places)
	case "case":
		return fmt.Sprintf("R v %s [%d] EWCA Crim %d", pick(d.r, surnames), d.r.between(2001, 2025), d.r.between(10, 2999))
	case "month":
		return pick(d.r, months)
	case "year":
		return fmt.Sprint(d.r.between(2019, 2025))
	}
	if ws, ok := slotWords[name]; ok {
		return pick(d.r, ws)
	}
	return "{" + name + "}"
}

var listLeads = map[sectionKind][]string{
	kindEvidence: {"Useful evidence includes:", "Ask the police for:"},
	kindVictims:  {"When a case involves a victim of stalking, prosecutors should:", "Good practice is to:"},
	kindCharging: {"Before deciding on the charge, prosecutors should:", "At review, remember to:"},
	kindBail:     {"Conditions that often help include:", "Typical conditions are:"},
}

func (d *writer) list(k sectionKind) int {
	items := listBank[k]
	lead := pick(d.r, listLeads[k])
	n := d.paragraph([]string{lead})
	chosen := d.r.sample(len(items), d.r.between(3, min(6, len(items))))
	ordered := d.r.chance(0.25)
	for x, i := range chosen {
		it := items[i]
		if x == len(chosen)-1 {
			it = strings.TrimSuffix(it, ";") + "."
		}
		if ordered {
			fmt.Fprintf(d.buf, "%d. %s\n", x+1, it)
		} else {
			fmt.Fprintf(d.buf, "- %s\n", it)
		}
		n += countWords(it)
	}
	d.buf.WriteString("\n")
	d.st.words += n - countWords(lead)
	d.st.lists++
	return n
}

var offenceRows = [][4]string{
	{"Harassment", "Protection from Harassment Act 1997, s.2", "Summary only", "6 months' imprisonment"},
	{"Stalking", "Protection from Harassment Act 1997, s.2A", "Summary only", "6 months' imprisonment"},
	{"Putting people in fear of violence", "Protection from Harassment Act 1997, s.4", "Either way", "10 years' imprisonment"},
	{"Stalking involving fear of violence or serious alarm or distress", "Protection from Harassment Act 1997, s.4A", "Either way", "10 years' imprisonment"},
	{"Controlling or coercive behaviour", "Serious Crime Act 2015, s.76", "Either way", "5 years' imprisonment"},
}

func (d *writer) table() int {
	n := d.paragraph([]string{"The main offences are:"})
	d.buf.WriteString("| Offence | Provision | Mode of trial | Maximum |\n|---|---|---|---|\n")
	for _, i := range d.r.sample(len(offenceRows), d.r.between(3, len(offenceRows))) {
		row := offenceRows[i]
		fmt.Fprintf(d.buf, "| %s | %s | %s | %s |\n", row[0], row[1], row[2], row[3])
		for _, c := range row {
			n += countWords(c)
			d.st.words += countWords(c)
		}
	}
	d.buf.WriteString("\n")
	d.st.tables++
	return n
}

// linkSentence links to another document, to one of its headings, or to an
// earlier heading of this one. Breach headings are left out: naming a breach
// in link text would need breach context in the linking section.
func (d *writer) linkSentence(si int) string {
	d.st.links++
	switch c := d.r.intn(10); {
	case c < 2 && si > 0:
		h := d.plan.sections[d.r.intn(si)]
		if isBreachKind(h.kind) || h.kind == kindIntro {
			break
		}
		return fmt.Sprintf("The section on [%s](#%s) explains this in more detail.", lowerFirst(h.title), h.anchor)
	case c < 6:
		js := d.others(1)
		if len(js) == 0 {
			break
		}
		t := planOf(d.seed, js[0])
		var cands []heading
		for _, s := range t.sections {
			if !isBreachKind(s.kind) && s.kind != kindIntro && s.kind != kindRelated {
				cands = append(cands, s.heading)
			}
		}
		if len(cands) > 0 {
			h := pick(d.r, cands)
			return fmt.Sprintf("See [%s in %s](%s.md#%s).", strings.ToLower(h.title[:1])+h.title[1:], strings.ToLower(t.title[:1])+t.title[1:], t.slug, h.anchor)
		}
	}
	js := d.others(1)
	if len(js) == 0 {
		d.st.links--
		return d.sentence(kindIntro)
	}
	t := planOf(d.seed, js[0])
	return fmt.Sprintf("Read this with the guidance on [%s](%s.md).", lowerFirst(t.title), t.slug)
}

func isBreachKind(k sectionKind) bool { return k == kindBreach || k == kindEnforcement }

// brokenLink points at a heading another document does not have, or at a
// document that does not exist.
func (d *writer) brokenLink() string {
	d.st.links++
	js := d.others(1)
	if len(js) == 0 || d.r.chance(0.33) {
		return fmt.Sprintf("See the [archived guidance](archived-guidance-%07d.md).", d.r.intn(1_000_000))
	}
	t := planOf(d.seed, js[0])
	return fmt.Sprintf("The [appeals guidance](%s.md#appeals-against-sentence) covers this.", t.slug)
}

func (d *writer) relatedList() {
	d.paragraph([]string{"Read this guidance with:"})
	for _, j := range d.others(d.r.between(2, 4)) {
		t := planOf(d.seed, j)
		fmt.Fprintf(d.buf, "- [%s](%s.md)\n", t.title, t.slug)
		d.st.words += countWords(t.title)
		d.st.links++
	}
	d.buf.WriteString("\n")
	d.st.lists++
}

func countWords(s string) int { return len(strings.Fields(s)) }
