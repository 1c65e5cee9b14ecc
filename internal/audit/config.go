// Package audit reads other bodies' published pages, listed in audit.yaml,
// and says how each describes each glossary term: it fetches pages politely
// (robots.txt, one request at a time per host with a delay, conditional
// requests against a local cache, timeouts and size limits) or reads saved
// copies, and classifies each publisher's use of each term from the
// findings the rules make. It never runs anything a page holds: pages go to
// package htmlin as text.
package audit

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/source"
)

// Page is one entry of audit.yaml.
type Page struct {
	Publisher string `yaml:"publisher"`
	// URL or File: where the page is, on the web or saved on disk.
	URL  string `yaml:"url"`
	File string `yaml:"file"`
	// Selector is a CSS selector for the content, when the page's own
	// main or article element is not it.
	Selector string `yaml:"selector"`
	// Pos is where the entry starts in audit.yaml.
	Pos source.Position `yaml:"-"`
}

// Describe names the page in messages: its publisher, where it is, and
// its entry's line in the audit file.
func (p Page) Describe() string {
	where := p.URL
	if where == "" {
		where = p.File
	}
	return fmt.Sprintf("%s (%s, listed at line %d)", p.Publisher, where, p.Pos.Line)
}

// Config is audit.yaml.
type Config struct {
	Pages []Page `yaml:"pages"`
}

// Load reads audit.yaml; problems name the file, line and key.
func Load(f *source.File) (*Config, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(f.Text))
	if err := dec.Decode(&root); err != nil {
		return nil, &source.Error{Pos: source.Position{File: f.Path, Line: 1, Column: 1}, Msg: "cannot read audit file: " + strings.TrimPrefix(err.Error(), "yaml: "), Hint: "see the audit section of the README for its shape"}
	}
	pos := func(n *yaml.Node) source.Position {
		return source.Position{File: f.Path, Line: n.Line, Column: n.Column}
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, &source.Error{Pos: source.Position{File: f.Path, Line: 1, Column: 1}, Msg: "the audit file must be a mapping with a pages: list", Hint: "write pages:, then one entry per page with publisher: and url: or file:"}
	}
	top := root.Content[0]
	var pages *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k := top.Content[i]
		if k.Value != "pages" {
			return nil, &source.Error{Pos: pos(k), Key: k.Value, Msg: fmt.Sprintf("unknown key %q", k.Value), Hint: "the audit file has one key, pages:"}
		}
		pages = top.Content[i+1]
	}
	if pages == nil || pages.Kind != yaml.SequenceNode || len(pages.Content) == 0 {
		return nil, &source.Error{Pos: pos(top), Key: "pages", Msg: "no pages listed", Hint: "list the pages under pages:, each with publisher: and url: or file:"}
	}
	cfg := &Config{}
	seen := map[string]source.Position{}
	for i, n := range pages.Content {
		key := fmt.Sprintf("pages[%d]", i)
		if n.Kind != yaml.MappingNode {
			return nil, &source.Error{Pos: pos(n), Key: key, Msg: "a page must be a mapping", Hint: "write publisher: and url: or file:"}
		}
		for j := 0; j+1 < len(n.Content); j += 2 {
			switch k := n.Content[j]; k.Value {
			case "publisher", "url", "file", "selector":
			default:
				return nil, &source.Error{Pos: pos(k), Key: key + "." + k.Value, Msg: fmt.Sprintf("unknown key %q", k.Value), Hint: "a page takes publisher, url or file, and selector"}
			}
		}
		var p Page
		if err := n.Decode(&p); err != nil {
			return nil, &source.Error{Pos: pos(n), Key: key, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
		}
		p.Pos = pos(n)
		switch {
		case strings.TrimSpace(p.Publisher) == "":
			return nil, &source.Error{Pos: p.Pos, Key: key + ".publisher", Msg: "the page has no publisher", Hint: "name the body that publishes it: publisher: Example Police"}
		case (p.URL == "") == (p.File == ""):
			return nil, &source.Error{Pos: p.Pos, Key: key, Msg: "a page needs exactly one of url: and file:", Hint: "give the address to fetch, or the saved copy to read"}
		}
		if p.URL != "" {
			u, err := url.Parse(p.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return nil, &source.Error{Pos: p.Pos, Key: key + ".url", Msg: fmt.Sprintf("%q is not an http or https address", p.URL), Hint: "write the page's full address, https://..."}
			}
		}
		id := p.URL + "\x00" + p.File
		if prev, dup := seen[id]; dup {
			return nil, &source.Error{Pos: p.Pos, Key: key, Msg: fmt.Sprintf("the same page is listed at line %d", prev.Line), Hint: "list each page once"}
		}
		seen[id] = p.Pos
		cfg.Pages = append(cfg.Pages, p)
	}
	return cfg, nil
}
