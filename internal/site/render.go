package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// ContentSecurityPolicy is the policy every page carries in a meta tag: only
// the site's own stylesheet and scripts, no inline script or style, no
// request to another host, no <base>, forms only to the site itself.
const ContentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'"

// Render builds the whole site in memory: every page, the theme's assets,
// sitemap.xml when a base URL is set, and in.Extra, sorted by path. The same
// input always gives the same bytes.
func Render(in Input) ([]File, error) {
	b, err := newBuilder(in)
	if err != nil {
		return nil, err
	}
	p, err := b.pages()
	if err != nil {
		return nil, err
	}
	return b.render(p)
}

// trustedHTML marks HTML that html/template must not escape again. It is
// used for one thing only: a document body rendered by goldmark, which
// escapes all text, omits raw HTML (no html.WithUnsafe), and whose URLs have
// all passed through rewrite, externalHref or the renderers in markdown.go.
func trustedHTML(b []byte) template.HTML {
	return template.HTML(b) // #nosec G203 -- see the comment above
}

var templateFuncs = template.FuncMap{
	"severityLabel": func(s string) string { return upperFirst(s) },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	"csp": func() string { return ContentSecurityPolicy },
	"add": func(a, b int) int { return a + b },
	// spaced splits a diff run into its leading space, words and trailing
	// space, so a highlight covers the words only.
	"spaced": func(s string) spacedText {
		core := strings.TrimSpace(s)
		if core == "" {
			return spacedText{Lead: s}
		}
		i := strings.Index(s, core)
		return spacedText{Lead: s[:i], Core: core, Trail: s[i+len(core):]}
	},
}

type spacedText struct{ Lead, Core, Trail string }

type templates struct {
	byName map[string]*template.Template
}

func loadTemplates(theme fs.FS) (*templates, error) {
	base, err := template.New("site").Funcs(templateFuncs).ParseFS(theme, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	t := &templates{byName: map[string]*template.Template{}}
	for _, name := range []string{"home", "document", "glossary", "term", "report", "rules", "rule", "search", "404"} {
		c, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := c.ParseFS(theme, "templates/"+name+".html"); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		t.byName[name] = c
	}
	return t, nil
}

func (t *templates) execute(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.byName[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

type pageJob struct {
	path, template string
	data           any
}

func (p *Pages) jobs() []pageJob {
	jobs := []pageJob{
		{homePage, "home", p.Home},
		{glossaryPage, "glossary", p.Glossary},
		{reportPage, "report", p.Report},
		{rulesPage, "rules", p.Rules},
		{searchPage, "search", p.Search},
		{notFoundPage, "404", p.NotFound},
	}
	for _, d := range p.Docs {
		jobs = append(jobs, pageJob{d.Path, "document", d})
	}
	for _, t := range p.Terms {
		jobs = append(jobs, pageJob{t.Path, "term", t})
	}
	for _, r := range p.RulePage {
		jobs = append(jobs, pageJob{r.Path, "rule", r})
	}
	return jobs
}

func (b *builder) render(p *Pages) ([]File, error) {
	t, err := loadTemplates(b.in.Theme)
	if err != nil {
		return nil, err
	}
	jobs := p.jobs()
	type result struct {
		data []byte
		err  error
	}
	results := parallel(len(jobs), func(i int) result {
		data, err := t.execute(jobs[i].template, jobs[i].data)
		return result{data, err}
	})
	var files []File
	seen := map[string]bool{}
	add := func(f File) error {
		if err := checkSitePath(f.Path); err != nil {
			return err
		}
		if seen[f.Path] {
			return fmt.Errorf("two files would be published at %s", f.Path)
		}
		seen[f.Path] = true
		files = append(files, f)
		return nil
	}
	for i, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		if err := add(File{Path: jobs[i].path, Data: r.data}); err != nil {
			return nil, err
		}
	}
	// The theme's assets, and the search feature's files when it ships them.
	dirs := []string{"assets"}
	if b.searchJS {
		dirs = append(dirs, "search")
	}
	for _, dir := range dirs {
		if _, err := fs.Stat(b.in.Theme, dir); err != nil {
			continue
		}
		err := fs.WalkDir(b.in.Theme, dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || strings.HasPrefix(e.Name(), ".") || strings.HasSuffix(p, ".md") || p == "search/index.html" {
				return err
			}
			data, err := fs.ReadFile(b.in.Theme, p)
			if err != nil {
				return err
			}
			return add(File{Path: p, Data: data})
		})
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	if base := normaliseBaseURL(b.in.BaseURL); base != "" {
		if err := add(File{Path: sitemapFile, Data: sitemap(base, jobs)}); err != nil {
			return nil, err
		}
	}
	for _, f := range b.in.Extra {
		if err := add(f); err != nil {
			return nil, fmt.Errorf("extra file: %w", err)
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// checkSitePath refuses a path that is absolute, climbs out of the output
// folder, or is not in clean forward-slash form.
func checkSitePath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || path.Clean(p) != p || p == "." {
		return fmt.Errorf("unsafe output path %q", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." || seg == "" {
			return fmt.Errorf("unsafe output path %q", p)
		}
	}
	if p == markerName {
		return fmt.Errorf("output path %q is reserved", p)
	}
	return nil
}

// sitemap lists every page at its pretty URL (the folder, not index.html).
func sitemap(base string, jobs []pageJob) []byte {
	var locs []string
	for _, j := range jobs {
		if j.path == notFoundPage {
			continue
		}
		locs = append(locs, base+strings.TrimSuffix(urlPath(j.path), "index.html"))
	}
	sort.Strings(locs)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, l := range locs {
		buf.WriteString("  <url><loc>")
		_ = xml.EscapeText(&buf, []byte(l))
		buf.WriteString("</loc></url>\n")
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

// urlPath escapes each segment of a site path.
func urlPath(p string) string {
	href := relHref("", p)
	return strings.TrimPrefix(href, "./")
}
