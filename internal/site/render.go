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
	"sync"

	"github.com/concord-guidance/concord/internal/opendata"
	"github.com/concord-guidance/concord/internal/par"
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
	t, err := loadTemplates(b.in.Theme)
	if err == nil {
		if _, err = b.examples(); err == nil {
			return b.render(t, b.jobs(), nil)
		}
	}
	// Report what building every model in advance reported first: a
	// document that cannot be rendered, then the rest.
	if _, perr := b.models(); perr != nil {
		return nil, perr
	}
	return nil, err
}

// RenderIncremental is Render for a build that follows the one that left
// prev (nil for none): a page whose key (what its model is built from) is
// the one prev recorded is not rendered again but returned with Same set and
// no data, for Publish to carry over from the previous site; so is any
// other file whose content has not changed. It returns the state to give
// the next build.
func RenderIncremental(in Input, prev *State) ([]File, *State, error) {
	phase := func(string) {}
	if in.Phase != nil {
		phase = in.Phase
	}
	b, err := newBuilder(in)
	phase("model")
	if err != nil {
		return nil, nil, err
	}
	t, err := loadTemplates(b.in.Theme)
	if err != nil {
		return nil, nil, err
	}
	phase("theme")
	jobs, keys, err := b.jobKeys()
	if err != nil {
		return nil, nil, err
	}
	next := &State{Records: make(map[string]*Record, len(b.docs)), Hashes: make(map[string]string, len(b.docs)),
		Keys: make(map[string]Key, len(jobs)), Written: map[string]bool{}}
	for _, e := range b.docs {
		next.Records[e.rec.Rel] = e.rec
		next.Hashes[e.rec.Rel] = e.hash
	}
	same := make([]bool, len(jobs))
	for i, j := range jobs {
		next.Keys[j.path] = keys[i]
		if prev != nil {
			if old, ok := prev.Keys[j.path]; ok && old == keys[i] {
				same[i] = true
			}
		}
	}
	phase("keys")
	files, err := b.render(t, jobs, same)
	if err != nil {
		return nil, nil, err
	}
	phase("pages")
	for i := range files {
		f := &files[i]
		if prev == nil {
			f.Same = false // nothing to be the same as
		}
		if _, isPage := next.Keys[f.Path]; !isPage {
			var k Key
			switch {
			case f.Same && prev != nil:
				k = prev.Keys[f.Path]
			case f.Data == nil && f.Key != Key{}:
				k = f.Key
			default:
				k = FileKey(f.Data)
			}
			next.Keys[f.Path] = k
			if prev != nil {
				if old, ok := prev.Keys[f.Path]; ok && old == k {
					f.Same = true
				}
			}
		}
		if f.Same {
			f.Data = nil
		} else {
			next.Written[f.Path] = true
		}
	}
	if prev != nil {
		for p := range prev.Keys {
			if _, ok := next.Keys[p]; !ok {
				next.Gone = append(next.Gone, p)
			}
		}
		sort.Strings(next.Gone)
	}
	return files, next, nil
}

// jobKeys lists every page and works out its key: what every page shares
// (salt) and what the page itself reads.
func (b *builder) jobKeys() ([]pageJob, []Key, error) {
	salt, err := b.salt()
	if err != nil {
		return nil, nil, err
	}
	b.docKeys()
	b.findingKeys()
	jobs := b.jobs()
	keys := par.Map(len(jobs), func(i int) Key {
		k := pooledKeyer()
		defer k.release()
		k.buf = append(k.buf, salt[:]...)
		k.str(jobs[i].path)
		k.value(jobs[i].reads())
		return k.sum()
	})
	return jobs, keys, nil
}

// trustedHTML marks HTML that html/template must not escape again. It is
// used for one thing only: a document body rendered by goldmark, which
// escapes all text, omits raw HTML (no html.WithUnsafe), and whose URLs have
// all passed through rewrite, externalHref or the renderers in markdown.go.
func trustedHTML(s string) template.HTML {
	return template.HTML(s) // #nosec G203 -- see the comment above
}

var templateFuncs = template.FuncMap{
	"severityLabel": func(s string) string { return upperFirst(s) },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	"csp":       func() string { return ContentSecurityPolicy },
	"add":       func(a, b int) int { return a + b },
	"usageList": usageList,
	"linkItems": linkItems,
	"termItems": termItems,
	"termDefs":  termDefs,
	"navItems":  navItems,
	// countsTable is the argument of the counts-table template.
	"countsTable": func(caption, head string, groups []FindingGroup) map[string]any {
		return map[string]any{"Caption": caption, "Head": head, "Groups": groups}
	},
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
	for _, k := range kinds {
		name := k.template
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

func (t *templates) execute(w *bytes.Buffer, name string, data any) error {
	if err := t.byName[name].ExecuteTemplate(w, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return nil
}

// A pageJob is one page to render, with its kind's template. Its model is
// built just before the page is rendered and dropped just after, so the
// models of ten thousand pages, and their bodies, are never all in memory
// at once beside the HTML.
type pageJob struct {
	page
	kind *pageKind
}

// jobs lists every page of every kind in the registry (kinds.go).
func (b *builder) jobs() []pageJob {
	var jobs []pageJob
	for _, k := range kinds {
		for _, p := range k.pages(b) {
			jobs = append(jobs, pageJob{p, k})
		}
	}
	return jobs
}

// buffers are the pages' buffers, reused from page to page.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render renders every page but those marked same, which it returns with
// Same set and no data.
func (b *builder) render(t *templates, jobs []pageJob, same []bool) ([]File, error) {
	type result struct {
		data          []byte
		modelErr, err error
	}
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return jobs[order[i]].weight > jobs[order[j]].weight })
	results := parallelOrder(order, func(i int) result {
		if same != nil && same[i] {
			return result{}
		}
		m, err := jobs[i].model()
		if err != nil {
			return result{modelErr: err}
		}
		buf := buffers.Get().(*bytes.Buffer)
		buf.Reset()
		err = t.execute(buf, jobs[i].kind.template, m)
		// The page keeps a copy of its own size, not the buffer's spare
		// room.
		var data []byte
		if err != nil || !b.in.Early.Write(jobs[i].path, buf.Bytes()) {
			data = bytes.Clone(buf.Bytes())
		}
		if buf.Cap() <= maxPooledBuffer {
			buffers.Put(buf)
		}
		return result{data: data, err: err}
	})
	for _, r := range results {
		if r.modelErr != nil {
			return nil, r.modelErr
		}
	}
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
		if err := add(File{Path: jobs[i].path, Data: r.data, Same: same != nil && same[i]}); err != nil {
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
			return add(File{Path: p, Data: compactAsset(p, data)})
		})
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	if err := add(File{Path: termsScriptPath, Data: termsScript(b.g)}); err != nil {
		return nil, err
	}
	if base := normaliseBaseURL(b.in.BaseURL); base != "" {
		if err := add(File{Path: sitemapFile, Data: sitemap(base, jobs)}); err != nil {
			return nil, err
		}
	}
	// The glossary as open data, beside the pages.
	od, err := opendata.Files(b.g, b.openData())
	if err != nil {
		return nil, err
	}
	for _, f := range od {
		if err := add(File{Path: f.Path, Data: f.Data}); err != nil {
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

// maxPooledBuffer is the largest buffer kept for the next page. The largest
// term pages can run to megabytes (DefaultUsagePerPage documents, each with
// every sentence that uses the term), and growing a buffer to that size
// again for each costs more than keeping one; a page far beyond that is not
// worth holding the memory for.
const maxPooledBuffer = 64 << 20

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
