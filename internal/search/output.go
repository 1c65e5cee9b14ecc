package search

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
)

const (
	boldOn  = "\x1b[1m"
	boldOff = "\x1b[0m"
)

// WriteText writes results for people: for each result a line with
// file:line, the title and the section, then its fragments indented, the
// matched words shown as [word], or in bold when color is true; then a line
// with the count.
//
//	corpus/stalking.md:12  Stalking › Fixated behaviour
//	    …behaviour that is [fixated], obsessive…
//
//	1 result
//
// When words were corrected (Query.Spelling), a first line says so:
//
//	no results for harasment; showing results for harassment
func WriteText(w io.Writer, res *Results, color bool) error {
	bw := bufio.NewWriter(w)
	if len(res.Corrections) > 0 {
		var from, to []string
		for _, c := range res.Corrections {
			from = append(from, c.Word)
			to = append(to, c.Suggestion)
		}
		fmt.Fprintf(bw, "no results for %s; showing results for %s\n\n", strings.Join(from, ", "), strings.Join(to, ", "))
	}
	for _, r := range res.Results {
		head := r.Title
		if r.Section != "" {
			head += " › " + r.Section
		}
		if color {
			fmt.Fprintf(bw, "%s%s:%d%s  %s\n", boldOn, r.File, r.Line, boldOff, head)
		} else {
			fmt.Fprintf(bw, "%s:%d  %s\n", r.File, r.Line, head)
		}
		for _, f := range r.Fragments {
			fmt.Fprintf(bw, "    %s\n", plainFragment(f, color))
		}
		bw.WriteString("\n")
	}
	switch {
	case res.Total == 0:
		bw.WriteString("no results\n")
	case len(res.Results) < res.Total:
		fmt.Fprintf(bw, "%d of %d results\n", len(res.Results), res.Total)
	case res.Total == 1:
		bw.WriteString("1 result\n")
	default:
		fmt.Fprintf(bw, "%d results\n", res.Total)
	}
	return bw.Flush()
}

// plainFragment turns an HTML fragment into terminal text.
func plainFragment(f string, color bool) string {
	on, off := "[", "]"
	if color {
		on, off = boldOn, boldOff
	}
	var b strings.Builder
	for {
		i := strings.Index(f, "<mark>")
		if i < 0 {
			break
		}
		j := strings.Index(f[i:], "</mark>")
		if j < 0 {
			break
		}
		b.WriteString(html.UnescapeString(f[:i]))
		b.WriteString(on + html.UnescapeString(f[i+len("<mark>"):i+j]) + off)
		f = f[i+j+len("</mark>"):]
	}
	b.WriteString(html.UnescapeString(f))
	return b.String()
}

// WriteJSON writes results as one JSON object followed by a newline:
// {"results": [{"file", "title", "section", "line", "score", "fragments"}],
// "total": N}. Fragments keep their <mark> tags.
func WriteJSON(w io.Writer, res *Results) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}
