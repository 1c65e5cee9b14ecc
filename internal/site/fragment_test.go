package site

import (
	"bytes"
	"html/template"
	"math/rand"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
)

// escapingTemplate puts a value where the fragment writers put values: in
// text, in a quoted attribute and at the start of an href.
var escapingTemplate = template.Must(template.New("e").Parse(`{{define "text"}}<p>{{.}}</p>{{end}}{{define "attr"}}<p class="{{.}}">{{end}}{{define "url"}}<a href="{{.}}">{{end}}`))

func execute(t testing.TB, tm *template.Template, name string, data any) string {
	t.Helper()
	var b bytes.Buffer
	if err := tm.ExecuteTemplate(&b, name, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkEscaping holds fragment.text and fragment.url to html/template.
func checkEscaping(t testing.TB, s string) {
	t.Helper()
	var f fragment
	f.text(s)
	if got, want := "<p>"+f.String()+"</p>", execute(t, escapingTemplate, "text", s); got != want {
		t.Fatalf("text %q: got %q, html/template %q", s, got, want)
	}
	if got, want := `<p class="`+f.String()+`">`, execute(t, escapingTemplate, "attr", s); got != want {
		t.Fatalf("attribute %q: got %q, html/template %q", s, got, want)
	}
	f.reset()
	f.url(s)
	if got, want := `<a href="`+f.String()+`">`, execute(t, escapingTemplate, "url", s); got != want {
		t.Fatalf("url %q: got %q, html/template %q", s, got, want)
	}
}

var hostileStrings = []string{
	"", "plain", `<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `' onmouseover='x`, "a+b&c", "\x00nul",
	"javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "java\tscript:x", "data:text/html,<b>", "vbscript:x",
	"http://example.org/a b?c=d&e=f#g", "HTTPS://x", "mailto:a@b", "//evil.example", "../../docs/a/index.html#stalking-é",
	"%41%zz%", "%", "%4", "100%", "a%2", "\xff\xfe invalid", "é\u2028\u00a0\ufdd0\ufffe", "`backtick`", "{{.}}", "a:b/c", "/a:b",
	"#frag:with:colons", "?q=<x>", "[x](y)", "\r\n\t", "\x7f\x01", "«»“”‘’", "x\u200dy",
}

func TestFragmentEscaping(t *testing.T) {
	for _, s := range hostileStrings {
		checkEscaping(t, s)
	}
	var alphabet []byte
	for c := 0; c < 128; c++ {
		alphabet = append(alphabet, byte(c))
	}
	alphabet = append(alphabet, "é\xff\xc3“"...)
	rng := rand.New(rand.NewSource(1))
	for range 20000 {
		b := make([]byte, rng.Intn(12))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		checkEscaping(t, string(b))
		checkEscaping(t, "http:"+string(b))
	}
}

func FuzzFragmentEscaping(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkEscaping(t, s) })
}

// usageReference is the part of the theme's term.html that usageList
// replaced, as it was.
const usageReference = `{{define "usage"}}
{{- range $u := .}}
<h3 class="usage__doc"><a href="{{$u.Doc.Href}}">{{$u.Doc.Text}}</a> <span class="usage__count">({{plural $u.Count "use" "uses"}})</span></h3>
<p class="usage{{if and $u.Quote $u.Quote.Deprecated}} usage--deprecated{{end}}">
{{- if and $u.Quote $u.Sections -}}
{{template "usage-link" index $u.Sections 0}}:{{template "usage-sentence" $u.Quote}}{{if gt (len $u.Sections) 1}}<br>Also in {{range $i, $l := slice $u.Sections 1}}{{if $i}}, {{end}}{{template "usage-link" $l}}{{end}}.{{end}}
{{- else -}}
In {{range $i, $l := $u.Sections}}{{if $i}}, {{end}}{{template "usage-link" $l}}{{end}}{{if $u.Sections}}.{{end}}
{{- end -}}
</p>
{{- end}}{{end}}

{{define "usage-link"}}<a href="{{.Href}}">{{.Text}}</a>{{end}}

{{define "usage-sentence"}}{{if .Deprecated}} <strong class="tag tag--warning">Deprecated wording</strong>{{end}} “{{range .Parts}}{{if .Mark}}<mark>{{.Text}}</mark>{{else}}{{.Text}}{{end}}{{end}}”{{end}}`

// hostileUsage has every value of a usage list under attack.
func hostileUsage() []DocUsage {
	var out []DocUsage
	for i, s := range hostileStrings {
		var sections []Link
		for j := 0; j < i%4; j++ {
			sections = append(sections, Link{Href: hostileStrings[(i+j)%len(hostileStrings)], Text: hostileStrings[(i+2*j)%len(hostileStrings)]})
		}
		u := DocUsage{Doc: Link{Text: s, Href: hostileStrings[(i+5)%len(hostileStrings)]}, Count: i, Sections: sections}
		if i%5 != 0 {
			u.Quote = &Sentence{Deprecated: i%2 == 1, Parts: []Part{{Text: s}, {Text: hostileStrings[(i+3)%len(hostileStrings)], Mark: true}, {Text: "."}}}
		}
		out = append(out, u)
	}
	return out
}

// The parts of the theme's templates the fragment functions replaced, as
// they were, each with the markup around it.
const (
	linksReference = `{{define "links"}}<ol>
{{- range .}}
<li><a href="{{.Href}}">{{.Text}}</a></li>
{{- end}}
</ol>{{end}}`
	termsReference = `{{define "terms"}}<ul class="side__list">
{{- range .}}
<li><a href="{{.Href}}">{{.Term}}</a></li>
{{- end}}
</ul>{{end}}`
	termDefsReference = `{{define "termdefs"}}<dl class="side__terms">
{{- range .}}
<dt><a href="{{.Href}}">{{.Term}}</a></dt><dd id="Def-{{.ID}}"></dd>
{{- end}}
</dl>{{end}}`
	navReference = `{{define "nav"}}<ul>
{{- range .}}
<li{{if .Active}} class="header__nav-item--active"{{end}}><a href="{{.Href}}"{{if .Current}} aria-current="page"{{end}}>{{.Text}}</a></li>
{{- end}}
</ul>{{end}}`
)

// TestFragmentsSameAsTemplates holds each fragment function to the
// template it replaced, on every page of the test corpora and on hostile
// values.
func TestFragmentsSameAsTemplates(t *testing.T) {
	ref := template.Must(template.New("ref").Funcs(templateFuncs).Parse(usageReference + linksReference + termsReference + termDefsReference + navReference))
	checks := 0
	check := func(name, tmpl string, data any, got template.HTML, before, after string) {
		t.Helper()
		checks++
		if got, want := before+string(got)+after, execute(t, ref, tmpl, data); got != want {
			t.Errorf("%s: %s differs from the template\n got: %.600q\nwant: %.600q", name, tmpl, got, want)
		}
	}
	links := func(name string, l []Link) { check(name, "links", l, linkItems(l), "<ol>", "\n</ol>") }
	terms := func(name string, r []TermRef) {
		check(name, "terms", r, termItems(r), `<ul class="side__list">`, "\n</ul>")
		check(name, "termdefs", r, termDefs(r), `<dl class="side__terms">`, "\n</dl>")
	}
	nav := func(name string, n []NavItem) { check(name, "nav", n, navItems(n), "<ul>", "\n</ul>") }
	usage := func(name string, u []DocUsage) {
		var all strings.Builder
		for piece := range usageList(u) {
			all.WriteString(string(piece))
		}
		check(name, "usage", u, template.HTML(all.String()), "", "")
	}

	var hl []Link
	var ht []TermRef
	var hn []NavItem
	for i, s := range hostileStrings {
		o := hostileStrings[(i+7)%len(hostileStrings)]
		hl = append(hl, Link{Text: s, Href: o})
		ht = append(ht, TermRef{Term: o, Href: s, ID: s, Summary: s})
		hn = append(hn, NavItem{Text: s, Href: o, Current: i%2 == 0, Active: i%3 == 0})
	}
	links("hostile values", hl)
	terms("hostile values", ht)
	nav("hostile values", hn)
	usage("hostile values", hostileUsage())
	links("none", nil)
	terms("none", nil)
	nav("none", nil)
	usage("none", nil)

	for name, p := range map[string]project{"fixture": fixture(t), "bundled": bundled(t), "hostile": hostile(t), "generated": generated(t, 120)} {
		pages, err := Model(Input{Glossary: p.g, Docs: p.docs, Findings: rules.Run(rules.Input{Glossary: p.g, Docs: p.docs}), BaseURL: "https://example.org/a b/", Editor: true})
		if err != nil {
			t.Fatal(err)
		}
		layouts := []*Layout{&pages.Home.Layout, &pages.Glossary.Layout, &pages.Report.Layout, &pages.Rules.Layout, &pages.Search.Layout, &pages.NotFound.Layout}
		for _, d := range pages.Docs {
			layouts = append(layouts, &d.Layout)
			links(name+" "+d.Path+" contents", d.Contents)
			links(name+" "+d.Path+" related", d.Related)
			links(name+" "+d.Path+" linked from", d.LinkedFrom)
			terms(name+" "+d.Path+" terms", d.Terms)
		}
		for _, tp := range pages.Terms {
			layouts = append(layouts, &tp.Layout)
			terms(name+" "+tp.Path+" related", tp.Related)
			usage(name+" "+tp.Path+" usage", tp.Usage)
		}
		for _, r := range pages.RulePage {
			layouts = append(layouts, &r.Layout)
		}
		for _, l := range layouts {
			nav(name+" "+l.Path+" navigation", l.Nav)
			links(name+" "+l.Path+" breadcrumbs", l.Breadcrumbs)
		}
	}
	t.Logf("%d lists compared", checks)
}
