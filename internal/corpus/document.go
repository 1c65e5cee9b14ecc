// Package corpus parses guidance documents written in Markdown into
// Documents: front matter, headings and sections, links, suppression comments
// and text runs, the prose of each block with a map from every byte back to
// its place in the source. It knows nothing about the glossary or rules.
package corpus

import (
	"strings"

	"github.com/concord-guidance/concord/internal/source"
)

// Document is one parsed guidance file.
type Document struct {
	File         *source.File
	Path         string // display path, relative to the working directory, forward slashes
	Rel          string // path relative to the corpus root, forward slashes
	Slug         string
	Front        FrontMatter
	Headings     []*Heading
	Sections     []*Section // Sections[0] is the part before the first heading
	Blocks       []*Block
	Links        []*Link
	Suppressions []*Suppression
	// Disk is the file's path on disk, for resolving relative links.
	Disk string
	// Slimmed says the document was slimmed once checked (see Slim): it holds
	// no sections, blocks or links, and perhaps no File; parse it again
	// for its content.
	Slimmed bool
}

// Slim drops what only the document's own rules read, once they have run,
// so that a check of a large corpus does not hold every parsed document
// until it ends: the sections, blocks and links, and the headings' blocks.
// It keeps the paths, slug, front matter, heading texts and anchors,
// suppressions and, for positions and text of findings reported later, a
// compact copy of the source file holding the lines of the byte ranges
// keep lists (source.File.Compact), or no file when keep is empty. The
// document is changed in place, so the findings and summaries that point
// to it stay valid; the caller must be the only one reading it.
func (d *Document) Slim(keep [][2]int) {
	// Strings are copied: a heading's text is a slice of the string that
	// holds every block's text, front matter values are slices of the
	// source.
	d.Headings = CopyHeadings(d.Headings, true)
	d.Sections, d.Blocks, d.Links = nil, nil, nil
	d.Front = d.Front.Clone()
	if len(keep) == 0 || d.File == nil {
		d.File = nil
	} else {
		d.File = d.File.Compact(keep)
	}
	d.Slimmed = true
}

// CopyHeadings copies hs, sharing no memory with the parse's strings: each
// heading's level, offset and anchor, and its text when texts is set. The
// strings are copied into one, one allocation a document rather than one
// or two a heading.
func CopyHeadings(hs []*Heading, texts bool) []*Heading {
	n := 0
	for _, h := range hs {
		if texts {
			n += len(h.Text)
		}
		n += len(h.Anchor)
	}
	var b strings.Builder
	b.Grow(n)
	for _, h := range hs {
		if texts {
			b.WriteString(h.Text)
		}
		b.WriteString(h.Anchor)
	}
	all := b.String()
	cs := make([]Heading, len(hs))
	ps := make([]*Heading, len(hs))
	for i, h := range hs {
		c := &cs[i]
		c.Level, c.Start = h.Level, h.Start
		if texts {
			c.Text, all = all[:len(h.Text)], all[len(h.Text):]
		}
		c.Anchor, all = all[:len(h.Anchor)], all[len(h.Anchor):]
		ps[i] = c
	}
	return ps
}

// Clone returns a copy of the front matter that shares no strings with
// the source it was read from.
func (f FrontMatter) Clone() FrontMatter {
	c := f
	c.Title, c.Slug, c.Updated = strings.Clone(f.Title), strings.Clone(f.Slug), strings.Clone(f.Updated)
	c.Owner, c.Topic, c.Summary = strings.Clone(f.Owner), strings.Clone(f.Topic), strings.Clone(f.Summary)
	if f.Related != nil {
		c.Related = make([]string, len(f.Related))
		for i, r := range f.Related {
			c.Related[i] = strings.Clone(r)
		}
	}
	if f.Extra != nil {
		c.Extra = make(map[string]string, len(f.Extra))
		for k, v := range f.Extra {
			c.Extra[strings.Clone(k)] = strings.Clone(v)
		}
	}
	return c
}

// FrontMatter is the YAML block at the top of a document.
type FrontMatter struct {
	Title   string            `yaml:"title" json:"title"`
	Slug    string            `yaml:"slug" json:"slug,omitempty"`
	Updated string            `yaml:"updated" json:"updated,omitempty"`
	Owner   string            `yaml:"owner" json:"owner,omitempty"`
	Topic   string            `yaml:"topic" json:"topic,omitempty"`
	Summary string            `yaml:"summary" json:"summary,omitempty"`
	Related []string          `yaml:"related" json:"related,omitempty"`
	Extra   map[string]string `yaml:"-" json:"extra,omitempty"`
	// End is the byte offset just after the closing "---" line (0 if none).
	End int `yaml:"-" json:"-"`
}

// Heading is a Markdown heading.
type Heading struct {
	Level  int
	Text   string
	Anchor string
	Start  int // byte offset of the heading line
	Block  *Block
}

// Section is the part of a document under one heading, down to the next
// heading of the same or a higher level. Sections[0] (Heading nil) is the
// introduction before the first heading.
type Section struct {
	Index   int
	Heading *Heading
	Parent  *Section // the enclosing section (nil for top-level sections)
	Start   int      // byte range in the source
	End     int
	Blocks  []*Block
}

// Level is the heading level, or 0 for the introduction.
func (s *Section) Level() int {
	if s.Heading == nil {
		return 0
	}
	return s.Heading.Level
}

// Top returns the H2-level (or introduction) section containing s, which is
// the unit guidance readers treat as one topic.
func (s *Section) Top() *Section {
	for s.Parent != nil && s.Level() > 2 {
		s = s.Parent
	}
	return s
}

// Title is the heading text, or "" for the introduction.
func (s *Section) Title() string {
	if s.Heading == nil {
		return ""
	}
	return s.Heading.Text
}

// Anchor is the heading anchor, or "" for the introduction.
func (s *Section) Anchor() string {
	if s.Heading == nil {
		return ""
	}
	return s.Heading.Anchor
}

// BlockKind says what sort of Markdown block a run of prose came from.
type BlockKind int

const (
	Paragraph BlockKind = iota
	HeadingBlock
	TableCell
	DefinitionTerm
	DefinitionDescription
)

func (k BlockKind) String() string {
	return [...]string{"paragraph", "heading", "table-cell", "definition-term", "definition-description"}[k]
}

// Block is one block of prose.
type Block struct {
	Index   int
	Kind    BlockKind
	Run     Run
	Section *Section
	Start   int // byte range of the block in the source
	End     int
	// InList and InQuote say whether the block sits in a list item or a
	// block quote.
	InList  bool
	InQuote bool
	// Table cells: which table, row and column; Header for the header row.
	Table, Row, Col int
	Header          bool
	// Group is an identifier shared by blocks of one top-level Markdown
	// block (a whole list, a whole table), which suppression comments cover.
	Group int
}

// Link is a Markdown link.
type Link struct {
	Dest  string
	Text  string
	Start int // byte offset of the link in the source
	Block *Block
}

// Suppression is a `<!-- concord:ignore RULE reason: ... -->` comment.
type Suppression struct {
	Rules  []string
	Reason string
	Start  int // the comment
	End    int
	// Target is the byte range of the block it applies to (the next block);
	// empty when nothing follows.
	TargetStart, TargetEnd int
	Used                   bool
}
