package report

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/rules"
)

// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. GitHub rejects
// empty strings, so every optional string is omitted rather than left empty.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifSrcRoot is the base that result URIs are relative to: the
	// directory concord ran in. No absolute path is written for it, which
	// keeps the log reproducible; consumers (GitHub) resolve it to the
	// checkout.
	sarifSrcRoot = "%SRCROOT%"
	// sarifFingerprint names concord's content fingerprint among a result's
	// partialFingerprints. Bump the version if the fingerprint ever changes
	// meaning, so GitHub does not match old alerts to new findings.
	sarifFingerprint = "concordFingerprint/v1"
	// sarifMaxDescription is GitHub's limit on rule descriptions.
	sarifMaxDescription = 1024
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool              `json:"tool"`
	AutomationDetails sarifAutomationDetails `json:"automationDetails"`
	ColumnKind        string                 `json:"columnKind"`
	Results           []sarifResult          `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifAutomationDetails struct {
	ID string `json:"id"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifHelp          `json:"help"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

// sarifFix is a safe replacement (concord fix) of the result's span, which
// code scanning can offer as a suggested change.
type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

type sarifLocation struct {
	ID               int                   `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine   int        `json:"startLine"`
	StartColumn int        `json:"startColumn,omitempty"`
	EndLine     int        `json:"endLine,omitempty"`
	EndColumn   int        `json:"endColumn,omitempty"`
	Snippet     *sarifText `json:"snippet,omitempty"`
}

func writeSARIF(buf *bytes.Buffer, res *Result, _ Options) error {
	driver := sarifDriver{
		Name:           "concord",
		Version:        res.Version,
		InformationURI: InformationURI,
		Rules:          []sarifRule{},
	}
	if v := strings.TrimPrefix(res.Version, "v"); semver.MatchString(v) {
		driver.SemanticVersion = v
	}
	index := map[string]int{}
	addRule := func(r *rules.Rule) {
		if _, ok := index[r.ID]; ok || r.ID == "" {
			return
		}
		index[r.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleOf(r))
	}
	for _, r := range res.Rules {
		addRule(r)
	}
	// A finding from a rule outside the registry still needs a descriptor for
	// its ruleIndex; describe it by its id alone.
	for _, f := range res.Findings {
		if _, ok := index[f.Rule]; !ok {
			addRule(&rules.Rule{ID: f.Rule, Severity: f.Severity})
		}
	}

	results := make([]sarifResult, 0, len(res.Findings))
	for _, f := range res.Findings {
		r := sarifResultOf(f, index[f.Rule])
		if text, ok := res.Replacements[f]; ok {
			r.Fixes = sarifFixOf(f, text)
		}
		results = append(results, r)
	}
	doc := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: driver},
			// "concord/" is a category with no run id: GitHub keeps one
			// analysis per category and replaces it on each upload.
			AutomationDetails: sarifAutomationDetails{ID: "concord/"},
			ColumnKind:        "unicodeCodePoints",
			Results:           results,
		}},
	}
	return encodeJSON(buf, doc)
}

// semver matches a semantic version (semver.org, without the leading v).
var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

func sarifRuleOf(r *rules.Rule) sarifRule {
	short := strings.TrimSpace(r.Title)
	if short == "" {
		short = r.ID
	}
	full := strings.TrimSpace(r.Rationale)
	if full == "" {
		full = short
	}
	return sarifRule{
		ID:               r.ID,
		Name:             camelCase(r.ID),
		ShortDescription: sarifText{Text: truncate(sentence(short), sarifMaxDescription)},
		FullDescription:  sarifText{Text: truncate(sentence(full), sarifMaxDescription)},
		Help:             sarifRuleHelp(r, short),
		HelpURI:          r.HelpURI(),
		DefaultConfiguration: sarifConfiguration{
			Level: sarifLevel(r.Severity),
		},
		Properties: sarifRuleProps{Tags: sarifTags(r)},
	}
}

// sarifRuleHelp is the rule's documentation as GitHub shows it beside an
// alert: the rationale, the options, and a link to the full page.
func sarifRuleHelp(r *rules.Rule, title string) sarifHelp {
	var text, md strings.Builder
	text.WriteString(sentence(title))
	md.WriteString("**" + markdownEscape(sentence(title)) + "**")
	if why := strings.TrimSpace(r.Rationale); why != "" {
		text.WriteString("\n\n" + why)
		md.WriteString("\n\n" + markdownEscape(why))
	}
	if len(r.Options) > 0 {
		text.WriteString("\n\nOptions:")
		md.WriteString("\n\nOptions:\n")
		for _, o := range r.Options {
			def := strconv.FormatFloat(o.Default, 'g', -1, 64)
			line := fmt.Sprintf("%s (default %s)", o.Name, def)
			mdLine := fmt.Sprintf("`%s` (default %s)", o.Name, def)
			if doc := strings.TrimSpace(o.Doc); doc != "" {
				line += ": " + doc
				mdLine += ": " + markdownEscape(doc)
			}
			text.WriteString("\n- " + line)
			md.WriteString("\n- " + mdLine)
		}
	}
	text.WriteString("\n\nDocumentation: " + r.HelpURI())
	md.WriteString("\n\n[Documentation for " + r.ID + "](" + r.HelpURI() + ")")
	return sarifHelp{Text: text.String(), Markdown: md.String()}
}

// sarifTags classify rules in GitHub's filters. None of them is "security",
// which would file concord's alerts as security alerts.
func sarifTags(r *rules.Rule) []string {
	tags := []string{"consistency", "documentation"}
	if r.Scope == rules.CorpusScope {
		tags = append(tags, "cross-document")
	}
	return tags
}

// sarifLevel maps a severity onto SARIF's levels.
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}

func sarifResultOf(f *rules.Finding, ruleIndex int) sarifResult {
	msg := sarifMessage(fullMessage(f))
	var related []sarifLocation
	var links []string
	for i, r := range f.Related {
		id := i + 1
		label := strings.TrimSpace(r.Message)
		if label == "" {
			label = textPosition(r.File, r.Line, r.Column)
		}
		loc := sarifLocation{
			ID:               id,
			PhysicalLocation: sarifPhysical(r.File, r.Line, r.Column, 0, 0),
			Message:          &sarifText{Text: sarifMessage(label)},
		}
		related = append(related, loc)
		links = append(links, fmt.Sprintf("[%s](%d)", sarifLinkText(label), id))
	}
	// GitHub shows related locations only when the message links to them.
	if len(links) > 0 {
		msg += " Related: " + strings.Join(links, ", ") + "."
	}
	loc := sarifPhysical(f.File, f.Line, f.Column, f.EndLine, f.EndColumn)
	if loc.Region != nil && matchFitsRegion(f.Match, loc.Region) {
		loc.Region.Snippet = &sarifText{Text: f.Match}
	}
	out := sarifResult{
		RuleID:           f.Rule,
		RuleIndex:        ruleIndex,
		Level:            sarifLevel(f.Severity),
		Message:          sarifText{Text: msg},
		Locations:        []sarifLocation{{PhysicalLocation: loc}},
		RelatedLocations: related,
	}
	if f.Fingerprint != "" {
		out.PartialFingerprints = map[string]string{sarifFingerprint: f.Fingerprint}
	}
	return out
}

// sarifFixOf replaces the finding's exact span with text. A finding
// without a whole span (both ends, in characters) gets no fix: a fix must
// never replace more than the finding's words.
func sarifFixOf(f *rules.Finding, text string) []sarifFix {
	if f.Line <= 0 || f.Column <= 0 || f.EndColumn <= 0 {
		return nil
	}
	region := sarifRegion{StartLine: f.Line, StartColumn: f.Column, EndLine: max(f.EndLine, f.Line), EndColumn: f.EndColumn}
	return []sarifFix{{
		Description: sarifText{Text: sarifMessage("Replace with “" + text + "”.")},
		ArtifactChanges: []sarifArtifactChange{{
			ArtifactLocation: sarifArtifactLocation{URI: sarifURI(f.File), URIBaseID: sarifSrcRoot},
			Replacements:     []sarifReplacement{{DeletedRegion: region, InsertedContent: sarifText{Text: text}}},
		}},
	}}
}

// sarifPhysical places a span, in Unicode characters as the run's columnKind
// says. The end is exclusive (the column after the last character), as in a
// Finding. Unknown parts (zero) are left out rather than guessed.
func sarifPhysical(file string, line, col, endLine, endCol int) sarifPhysicalLocation {
	loc := sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: sarifURI(file), URIBaseID: sarifSrcRoot}}
	if line <= 0 {
		return loc
	}
	region := &sarifRegion{StartLine: line}
	if col > 0 {
		region.StartColumn = col
	}
	if endLine <= 0 && endCol > 0 {
		endLine = line
	}
	if endLine > line || (endLine == line && col > 0 && endCol >= col) {
		region.EndLine = endLine
		if col > 0 && endCol > 0 {
			region.EndColumn = endCol
		}
	}
	loc.Region = region
	return loc
}

// matchFitsRegion says whether the matched text has exactly the region's
// shape (lines, and characters on the last line), so that it can stand as
// the region's snippet. A rule whose Match is not the flagged span gets no
// snippet rather than a misleading one.
func matchFitsRegion(match string, r *sarifRegion) bool {
	if match == "" || r.StartColumn == 0 || r.EndColumn == 0 {
		return false
	}
	lines := strings.Split(match, "\n")
	endLine := max(r.EndLine, r.StartLine)
	if len(lines)-1 != endLine-r.StartLine {
		return false
	}
	last := utf8.RuneCountInString(lines[len(lines)-1])
	if len(lines) == 1 {
		return r.StartColumn+last == r.EndColumn
	}
	return 1+last == r.EndColumn
}

// sarifURI turns a relative, slash-separated path into a relative URI
// reference: spaces and other reserved characters are percent-encoded, and a
// first segment with a colon is prefixed with "./" so that it is not read as
// a scheme.
func sarifURI(file string) string {
	if file == "" {
		return "."
	}
	return (&url.URL{Path: file}).String()
}

// sarifMessage doubles braces, which SARIF messages reserve for placeholders
// such as {0}.
func sarifMessage(s string) string {
	return strings.NewReplacer("{", "{{", "}", "}}").Replace(s)
}

// sarifLinkText escapes the characters SARIF reserves in the text of an
// embedded link.
func sarifLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}

// markdownEscape keeps rule prose from being read as Markdown markup or HTML
// (SARIF forbids HTML in Markdown messages).
func markdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>#|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// camelCase turns a rule id such as "deprecated-term" into "DeprecatedTerm",
// the form SARIF viewers expect in reportingDescriptor.name.
func camelCase(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r, size := utf8.DecodeRuneInString(part)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(part[size:])
	}
	if b.Len() == 0 {
		return "Rule"
	}
	return b.String()
}

// truncate shortens s to at most n characters, ending with an ellipsis when
// it cut anything.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return strings.TrimRightFunc(string(runes[:n-1]), unicode.IsSpace) + "…"
}
