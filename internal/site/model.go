package site

import (
	"html/template"
)

// The page models: plain values, one type per kind of page, built from the
// corpus, the glossary, the findings and each document's facts before any
// HTML is written. Templates only lay them out; tests compare them as JSON
// (testdata/*.golden.json). Every Href is relative to the page it is on.

// Layout is what every page shares: its place in the site, its title, the
// navigation and the breadcrumbs.
type Layout struct {
	SiteTitle string `json:"-"`
	// Path is the page's file, relative to the output folder.
	Path  string `json:"path"`
	Title string `json:"title"`
	// Root is the relative prefix from the page to the site root ("" or
	// "../../"); on 404.html with a base URL, the base URL itself.
	Root        string    `json:"-"`
	Nav         []NavItem `json:"-"`
	Breadcrumbs []Link    `json:"breadcrumbs,omitempty"`
	// Scripts are the page's own scripts beyond assets/concord.js, relative
	// to the page.
	Scripts []string `json:"scripts,omitempty"`
	Footer  Footer   `json:"-"`
	// Organisation is named above the site's title and in the footer.
	Organisation string `json:"-"`
	// Editor is set on every page of the editors' view.
	Editor bool `json:"-"`
	// PrevHref and NextHref, on a page of a paged list, link the pages
	// before and after it (<link rel="prev"> and rel="next").
	PrevHref string `json:"-"`
	NextHref string `json:"-"`
}

// NavItem is an entry in the header navigation.
type NavItem struct {
	Text, Href string
	// Current is set on the entry for this very page, Active on the entry
	// for the part of the site the page is in.
	Current, Active bool
}

// Footer says what the site was built from.
type Footer struct {
	Documents, Terms int
	// Text is the team's own footer (site: footer:), in paragraphs.
	Text []string
}

// Link is a labelled relative URL.
type Link struct {
	Text string `json:"text"`
	Href string `json:"href"`
}

// Counts are findings by severity.
type Counts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"info"`
	Total    int `json:"total"`
}

// HomePage is index.html: the documents by topic and the health of the
// corpus.
type HomePage struct {
	Layout
	// Lead and Intro are the introduction (site: intro:): its first
	// paragraph and the rest.
	Lead   string       `json:"lead,omitempty"`
	Intro  []string     `json:"intro,omitempty"`
	Topics []TopicGroup `json:"topics"`
	// Total, AllHref and MoreTopics are set when the home page summarises
	// the documents (see paging.go): how many there are, the listing of
	// them all, and how many topics are left off.
	Total      int    `json:"total,omitempty"`
	AllHref    string `json:"allHref,omitempty"`
	MoreTopics int    `json:"moreTopics,omitempty"`
	// Health is shown in the editors' view only.
	Health *Health `json:"health,omitempty"`
}

// TopicGroup is the documents of one topic (front matter topic:), sorted by
// title; documents without a topic come last under "Other guidance".
type TopicGroup struct {
	Topic string       `json:"topic"`
	ID    string       `json:"id"`
	Docs  []DocSummary `json:"docs"`
	// Total counts the topic's documents when Docs are not all of them:
	// on a summarised home page, Href links the topic in the listing; on a
	// page of the listing, Continued says the topic began on an earlier
	// page.
	Total     int    `json:"total,omitempty"`
	Href      string `json:"href,omitempty"`
	Continued bool   `json:"continued,omitempty"`
}

// DocumentsPage is documents/index.html and documents/page/<n>/index.html:
// every document by topic, a page at a time.
type DocumentsPage struct {
	Layout
	Total  int          `json:"total"`
	First  int          `json:"first"`
	Last   int          `json:"last"`
	Topics []TopicGroup `json:"topics"`
	Pager  *Pager       `json:"pager,omitempty"`
}

// DocSummary is a document in a list.
type DocSummary struct {
	Title    string `json:"title"`
	Href     string `json:"href"`
	Summary  string `json:"summary,omitempty"`
	Updated  string `json:"updated,omitempty"`
	Owner    string `json:"owner,omitempty"`
	Findings Counts `json:"findings"`
	// FindingsHref is the document's findings panel.
	FindingsHref string `json:"findingsHref,omitempty"`
}

// Health is the state of the corpus against the glossary.
type Health struct {
	Documents        int          `json:"documents"`
	Terms            int          `json:"terms"`
	Findings         Counts       `json:"findings"`
	DocsWithFindings int          `json:"docsWithFindings"`
	Docs             []DocSummary `json:"docs"` // documents with findings, most errors first
	// DocsHref, when Docs are only the first of them, links the report's
	// list of them all.
	DocsHref   string      `json:"docsHref,omitempty"`
	ByRule     []RuleCount `json:"byRule"`
	ReportHref string      `json:"reportHref"`
}

// RuleCount is how many findings a rule has.
type RuleCount struct {
	Rule  string `json:"rule"`
	Title string `json:"title"`
	Href  string `json:"href"`
	Count int    `json:"count"`
}

// DocPage is docs/<slug>/index.html.
type DocPage struct {
	Layout
	Slug    string `json:"slug"`
	Source  string `json:"source"`
	Summary string `json:"summary,omitempty"`
	Topic   string `json:"topic,omitempty"`
	Updated string `json:"updated,omitempty"`
	Owner   string `json:"owner,omitempty"`
	// Contents are the document's H2 sections.
	Contents []Link `json:"contents"`
	// Body is the rendered document (goldmark, with TermLinks).
	Body       template.HTML `json:"body"`
	Terms      []TermRef     `json:"terms"`
	Related    []Link        `json:"related"`
	LinkedFrom []Link        `json:"linkedFrom"`
	Findings   []FindingView `json:"findings"`
	Counts     Counts        `json:"counts"`
	ReportHref string        `json:"reportHref"`
	// Marked is how many of Findings are marked in the text (the
	// editors' view); the rest are only in the findings panel.
	Marked int `json:"marked,omitempty"`
}

// TermRef is a glossary term in a list.
type TermRef struct {
	ID      string `json:"id"`
	Term    string `json:"term"`
	Href    string `json:"href"`
	Summary string `json:"summary,omitempty"`
	Kind    string `json:"kind,omitempty"`
	// Count is how often a document uses it (on document pages) or how many
	// documents use it (in the A–Z).
	Count int `json:"count,omitempty"`
}

// FindingView is a finding as people read it.
type FindingView struct {
	// ID is the finding's anchor on the report page ("F-" and its
	// fingerprint); Href links there from other pages.
	ID         string     `json:"id"`
	Href       string     `json:"href"`
	Rule       string     `json:"rule"`
	RuleHref   string     `json:"ruleHref"`
	RuleTitle  string     `json:"ruleTitle"`
	Severity   string     `json:"severity"`
	Location   string     `json:"location"` // file:line:column
	DocTitle   string     `json:"docTitle,omitempty"`
	DocHref    string     `json:"docHref,omitempty"` // the section of the document it is in
	Section    string     `json:"section,omitempty"`
	Term       *TermRef   `json:"term,omitempty"`
	Message    string     `json:"message"`
	Suggestion string     `json:"suggestion,omitempty"`
	Context    string     `json:"context,omitempty"`
	Expected   string     `json:"expected,omitempty"`
	Actual     string     `json:"actual,omitempty"`
	Diff       []DiffOp   `json:"diff,omitempty"`
	Related    []string   `json:"related,omitempty"`
	Sides      *DiffSides `json:"-"`
}

// DiffOp is one run of a word diff: "equal", "insert" (only in the
// document's wording) or "delete" (only in the glossary's).
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// DiffSides splits a diff into the two wordings side by side: the
// glossary's (equal and deleted runs) and the document's (equal and
// inserted).
type DiffSides struct {
	Canonical []DiffOp `json:"canonical"`
	Written   []DiffOp `json:"written"`
	// The columns' headings.
	CanonicalLabel string `json:"-"`
	WrittenLabel   string `json:"-"`
	// What a screen reader hears before a marked run: "not in the
	// document" and "not in the glossary" unless these say otherwise.
	DroppedNote string `json:"-"`
	AddedNote   string `json:"-"`
}

// GlossaryPage is glossary/index.html, the A–Z.
type GlossaryPage struct {
	Layout
	Letters []Letter `json:"letters"`
	Count   int      `json:"count"`
}

// Letter is one letter of the A–Z; letters without terms have none and are
// shown, not linked.
type Letter struct {
	Letter string    `json:"letter"`
	ID     string    `json:"id"`
	Terms  []TermRef `json:"terms,omitempty"`
}

// TermPage is glossary/<id>/index.html.
type TermPage struct {
	Layout
	ID   string `json:"id"`
	Term string `json:"term"`
	// Written is the term as written mid-sentence ("stalking"); Term is
	// it as a title ("Stalking").
	Written    string           `json:"written"`
	Kind       string           `json:"kind"`
	Definition string           `json:"definition"`
	Summary    string           `json:"summary"`
	Acronym    string           `json:"acronym,omitempty"`
	Expansion  string           `json:"expansion,omitempty"`
	Examples   []string         `json:"examples,omitempty"`
	Notes      []string         `json:"notes,omitempty"`
	Sources    []SourceView     `json:"sources,omitempty"`
	Aliases    []string         `json:"aliases,omitempty"`
	Phrases    []string         `json:"phrases,omitempty"`
	Deprecated []DeprecatedView `json:"deprecated,omitempty"`
	Required   []ElementView    `json:"required,omitempty"`
	Excluded   []ElementView    `json:"excluded,omitempty"`
	Penalties  []PenaltyView    `json:"penalties,omitempty"`
	Superseded []SupersededView `json:"superseded,omitempty"`
	Related    []TermRef        `json:"related,omitempty"`
	// Usage is the first page of the documents that use the term, with the
	// sentences; UsageTotal counts them all, and Pager, when they take more
	// than one page, links the rest (see UsagePage).
	Usage      []DocUsage `json:"usage"`
	UsageTotal int        `json:"usageTotal"`
	Pager      *Pager     `json:"pager,omitempty"`
	// Restatements are the places a document says what the term means,
	// each beside the canonical wording.
	Restatements []RestatementView `json:"restatements"`
	// RestatementsMore counts the restatements left off the page: it shows
	// half as many as a page of uses lists documents.
	RestatementsMore int           `json:"restatementsMore,omitempty"`
	Findings         []FindingView `json:"findings"`
	// FindingsMore counts the findings left off the page: it lists as many
	// as a page of the report's findings holds.
	FindingsMore int    `json:"findingsMore,omitempty"`
	ReportHref   string `json:"reportHref"`
	// AuditHref links the term's page in the audit section, when other
	// bodies' pages mention it.
	AuditHref string `json:"auditHref,omitempty"`
	// JSONLD is the term as a schema.org DefinedTerm (opendata.DefinedTerm).
	JSONLD template.JS `json:"-"`
}

// SourceView is a provision or document a term rests on.
type SourceView struct {
	Label string `json:"label"`
	Note  string `json:"note,omitempty"`
	Href  string `json:"href,omitempty"`
}

// DeprecatedView is wording to stop using.
type DeprecatedView struct {
	Phrase      string   `json:"phrase"`
	Replacement string   `json:"replacement"`
	Reason      string   `json:"reason"`
	Except      []string `json:"except,omitempty"`
}

// ElementView is a required or excluded element of a definition.
type ElementView struct {
	Label   string   `json:"label"`
	Reason  string   `json:"reason"`
	Belongs *TermRef `json:"belongs,omitempty"`
}

// PenaltyView is a maximum sentence.
type PenaltyView struct {
	Mode    string `json:"mode"`
	Maximum string `json:"maximum"`
	Note    string `json:"note,omitempty"`
}

// SupersededView is a provision that no longer applies.
type SupersededView struct {
	Provision   string `json:"provision"`
	Until       string `json:"until,omitempty"`
	Replacement string `json:"replacement,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// DocUsage is one document's uses of a term: enough to judge a use, the
// document a link away.
type DocUsage struct {
	Doc   Link `json:"doc"`
	Count int  `json:"count"`
	// Quote is one sentence that uses the term (see builder.usage), nil
	// when the term's matches fall in no sentence.
	Quote *Sentence `json:"quote,omitempty"`
	// Sections are the sections that use the term, each once: Quote's
	// first, the others in document order.
	Sections []Link `json:"sections"`
}

// Sentence is a sentence that uses a term, with the term's words marked.
type Sentence struct {
	Parts []Part `json:"parts"`
	// Deprecated is set when the sentence uses deprecated wording for the
	// term rather than the term.
	Deprecated bool `json:"deprecated,omitempty"`
}

// Part is a piece of a sentence; Mark is set on the term's words.
type Part struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// RestatementView is a document's restatement of a term beside the
// canonical definition.
type RestatementView struct {
	Doc     Link      `json:"doc"`
	Href    string    `json:"href"`
	Section string    `json:"section,omitempty"`
	How     string    `json:"how"`
	Strong  bool      `json:"strong"`
	Text    string    `json:"text"`
	Same    bool      `json:"same"`
	Sides   DiffSides `json:"sides"`
	// More counts the document's further restatements of the term, left
	// off the page (see RestatementsPerDocument).
	More int `json:"more,omitempty"`
}

// ReportPage is report/index.html: every finding, by rule, by document and
// by term.
type ReportPage struct {
	Layout
	Counts Counts         `json:"counts"`
	ByRule []FindingGroup `json:"byRule"`
	ByDoc  []FindingGroup `json:"byDoc"`
	ByTerm []FindingGroup `json:"byTerm"`
	// When the report summarises (see paging.go): FindingsHref links the
	// findings in full, DocsHref the DocsTotal files with findings; ByRule
	// and ByTerm then hold counts only, and ByDoc the files with most
	// findings.
	FindingsHref string `json:"findingsHref,omitempty"`
	DocsHref     string `json:"docsHref,omitempty"`
	DocsTotal    int    `json:"docsTotal,omitempty"`
}

// ReportFindingsPage is report/findings/index.html and
// report/findings/page/<n>/index.html: the findings in full, by rule, a page
// at a time.
type ReportFindingsPage struct {
	Layout
	Counts Counts         `json:"counts"`
	Total  int            `json:"total"`
	First  int            `json:"first"`
	Last   int            `json:"last"`
	ByRule []FindingGroup `json:"byRule"`
	Pager  *Pager         `json:"pager,omitempty"`
}

// ReportDocumentsPage is report/documents/index.html and
// report/documents/page/<n>/index.html: the documents (and other files)
// with findings, by title, with their counts.
type ReportDocumentsPage struct {
	Layout
	Total int            `json:"total"`
	First int            `json:"first"`
	Last  int            `json:"last"`
	Docs  []FindingGroup `json:"docs"`
	Pager *Pager         `json:"pager,omitempty"`
}

// FindingGroup is the findings of one rule, document or term.
type FindingGroup struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Href     string        `json:"href,omitempty"` // the rule's, document's or term's page
	Counts   Counts        `json:"counts"`
	Findings []FindingView `json:"findings"`
	// FindingsHref links the group's findings in full when they are on
	// another page; Continued says the group began on an earlier page.
	FindingsHref string `json:"findingsHref,omitempty"`
	Continued    bool   `json:"continued,omitempty"`
}

// RulesPage is rules/index.html.
type RulesPage struct {
	Layout
	Rules []RuleSummary `json:"rules"`
}

// RuleSummary is a rule in the list.
type RuleSummary struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Href     string `json:"href"`
	Severity string `json:"severity"`
	Findings int    `json:"findings"`
}

// RulePage is rules/<id>/index.html: the rule's documentation from the
// registry, with its examples run.
type RulePage struct {
	Layout
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Rationale  string        `json:"rationale"`
	Severity   string        `json:"severity"`
	Scope      string        `json:"scope"`
	Options    []OptionView  `json:"options,omitempty"`
	Examples   []ExampleView `json:"examples"`
	Findings   int           `json:"findings"`
	ReportHref string        `json:"reportHref"`
}

// OptionView is a rule setting.
type OptionView struct {
	Name    string `json:"name"`
	Default string `json:"default"`
	Doc     string `json:"doc"`
}

// ExampleView is a rule example and what the rule reports on it.
type ExampleView struct {
	Title    string           `json:"title"`
	Markdown string           `json:"markdown"`
	More     []string         `json:"more,omitempty"`
	Findings []ExampleFinding `json:"findings"`
	Error    string           `json:"error,omitempty"`
}

// ExampleFinding is a finding an example produces.
type ExampleFinding struct {
	Where      string `json:"where"`
	Severity   string `json:"severity"`
	Message    string `json:"message"`
	Suggestion string `json:"suggestion,omitempty"`
}

// SearchPage is search/index.html: the form, and a results container the
// search script fills.
type SearchPage struct {
	Layout
	Query string `json:"-"`
}

// NotFoundPage is 404.html.
type NotFoundPage struct {
	Layout
	Home, Glossary, Search string
}

// UsagePage is a further page of the documents that use a term.
type UsagePage struct {
	Layout
	Term     string     `json:"term"`
	Written  string     `json:"written"`
	TermHref string     `json:"termHref"`
	Total    int        `json:"total"`
	First    int        `json:"first"`
	Last     int        `json:"last"`
	Usage    []DocUsage `json:"usage"`
	Pager    *Pager     `json:"pager"`
}

// Pager links the pages of a paged list (see paging).
type Pager struct {
	Label string `json:"label"`
	// Noun names the items for screen readers after "Previous" and "Next".
	Noun  string      `json:"-"`
	Prev  string      `json:"prev,omitempty"`
	Next  string      `json:"next,omitempty"`
	Pages []PagerLink `json:"pages"`
}

// PagerLink is one page in a Pager.
type PagerLink struct {
	Text    string `json:"text"`
	Label   string `json:"label"`
	Href    string `json:"href"`
	Current bool   `json:"current,omitempty"`
	Gap     bool   `json:"gap,omitempty"` // pages left out, shown as an ellipsis
}
