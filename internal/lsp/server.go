// Package lsp is concord's language server: the same engine and rules as
// concord check, over the Language Server Protocol on stdio, for any
// editor with an LSP client. It publishes diagnostics for open Markdown
// documents as they are edited (the unsaved text in place of the file,
// cross-document rules over the whole workspace corpus), offers the fix
// package's safe replacements and a suppression comment as code actions,
// shows glossary entries on hover, goes to a term's YAML, finds its uses,
// and reports the positioned errors of glossary files and concord.yaml as
// they are edited.
//
// Only protocol messages go to standard output; logs go to the writer the
// caller gives (standard error). The package never writes a file: edits
// go back to the editor as WorkspaceEdits.
package lsp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// Workspace is a loaded project: what concord check would read from the
// workspace root. The caller (the CLI) builds it from concord.yaml, so the
// server knows nothing of flags or configuration defaults.
type Workspace struct {
	// Root is the workspace folder; display paths are relative to it, and
	// the process runs in it.
	Root string
	// Config is concord.yaml's absolute path (it need not exist).
	Config string
	// Layers are the glossary layers, and LayerDirs the absolute folder of
	// each ("" for the built-in glossary), so an edited file can be laid
	// over its layer.
	Layers    []glossary.Layer
	LayerDirs []string
	Glossary  *glossary.Glossary
	Settings  map[string]rules.RuleSettings
	// CorpusDir is the corpus folder (absolute); Inputs its documents.
	CorpusDir string
	Inputs    []corpus.Input
}

// Loader loads the workspace at root. It is called at start-up and when
// concord.yaml is saved.
type Loader func(root string) (*Workspace, error)

// ConfigCheck validates the unsaved text of concord.yaml, returning the
// positioned errors the CLI would give.
type ConfigCheck func(path string, text []byte) error

// Server is one language server session.
type Server struct {
	load        Loader
	checkConfig ConfigCheck
	log         io.Writer
	c           *conn

	ws      *Workspace
	wsErr   error
	open    map[string]*openDoc // by URI
	engine  *engine
	shut    bool
	inited  bool
	yamlErr map[string]bool // URIs with published glossary/config errors
}

type openDoc struct {
	uri     string
	path    string // absolute
	version int
	text    string
}

// New makes a server reading requests from r and writing responses to w,
// logging to log.
func New(r io.Reader, w io.Writer, log io.Writer, load Loader, checkConfig ConfigCheck) *Server {
	return &Server{load: load, checkConfig: checkConfig, log: log, c: newConn(r, w), open: map[string]*openDoc{}, yamlErr: map[string]bool{}}
}

func (s *Server) logf(format string, a ...any) {
	fmt.Fprintf(s.log, "concord lsp: "+format+"\n", a...)
}

// Run serves until the client sends exit or closes the stream. It returns
// nil after shutdown and exit, and an error otherwise (the exit code the
// protocol asks for: 0 only after shutdown).
func (s *Server) Run() error {
	for {
		m, err := s.c.read()
		if err == io.EOF {
			if s.shut {
				return nil
			}
			return errors.New("the client closed the connection without shutdown")
		}
		if err != nil {
			return err
		}
		if m.Method == "exit" {
			if s.shut {
				return nil
			}
			return errors.New("exit without shutdown")
		}
		s.handle(m)
	}
}

func (s *Server) handle(m *message) {
	defer func() {
		// A bug in one request must cost that request, not the session.
		if r := recover(); r != nil {
			s.logf("internal error in %s: %v\n%s", m.Method, r, debug.Stack())
			if m.ID != nil {
				s.c.reply(m.ID, nil, &rpcError{Code: codeInternalError, Message: fmt.Sprint(r)})
			}
		}
	}()
	if m.Error != nil && m.Method == "" && m.ID == nil {
		s.logf("unreadable message: %s", m.Error.Message)
		return
	}
	if m.Method == "" {
		return // a response to something we never send
	}
	isRequest := m.ID != nil
	if !s.inited && m.Method != "initialize" {
		if isRequest {
			s.c.reply(m.ID, nil, &rpcError{Code: codeNotInitialized, Message: "server not initialized"})
		}
		return
	}
	result, rerr := s.dispatch(m)
	if isRequest {
		s.c.reply(m.ID, result, rerr)
	}
}

func (s *Server) dispatch(m *message) (any, *rpcError) {
	bad := func(err error) (any, *rpcError) {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	switch m.Method {
	case "initialize":
		var p InitializeParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return bad(err)
		}
		return s.initialize(p), nil
	case "initialized", "$/setTrace", "$/cancelRequest", "workspace/didChangeConfiguration", "workspace/didChangeWatchedFiles", "textDocument/willSave":
		return nil, nil
	case "shutdown":
		s.shut = true
		return nil, nil
	case "textDocument/didOpen":
		var p DidOpenParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return bad(err)
		}
		s.didOpen(p)
		return nil, nil
	case "textDocument/didChange":
		var p DidChangeParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return bad(err)
		}
		s.didChange(p)
		return nil, nil
	case "textDocument/didSave":
		var p DidCloseParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return bad(err)
		}
		s.didSave(p.TextDocument.URI)
		return nil, nil
	case "textDocument/didClose":
		var p DidCloseParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return bad(err)
		}
		s.didClose(p.TextDocument.URI)
		return nil, nil
	case "textDocument/codeAction":
		var p CodeActionParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return bad(err)
		}
		return s.codeActions(p), nil
	case "textDocument/hover":
		var p TextDocumentPositionParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return bad(err)
		}
		return s.hover(p), nil
	case "textDocument/definition":
		var p TextDocumentPositionParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return bad(err)
		}
		return s.definition(p), nil
	case "textDocument/references":
		var p TextDocumentPositionParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return bad(err)
		}
		return s.references(p), nil
	}
	if strings.HasPrefix(m.Method, "$/") {
		return nil, nil // optional notifications may be ignored
	}
	return nil, &rpcError{Code: codeMethodNotFound, Message: "concord lsp does not handle " + m.Method}
}

func (s *Server) initialize(p InitializeParams) any {
	s.inited = true
	root := ""
	switch {
	case len(p.WorkspaceFolders) > 0:
		root = uriPath(p.WorkspaceFolders[0].URI)
	case p.RootURI != "":
		root = uriPath(p.RootURI)
	case p.RootPath != "":
		root = p.RootPath
	}
	if root == "" {
		root, _ = os.Getwd()
	}
	s.reload(root)
	return map[string]any{
		"capabilities": map[string]any{
			// Full text on each change: a guidance page is small beside
			// the cost of checking it, and full sync cannot drift.
			"textDocumentSync":   map[string]any{"openClose": true, "change": 1, "save": map[string]any{"includeText": false}},
			"hoverProvider":      true,
			"definitionProvider": true,
			"referencesProvider": true,
			"codeActionProvider": map[string]any{"codeActionKinds": []string{"quickfix"}},
		},
		"serverInfo": map[string]any{"name": "concord"},
	}
}

// reload loads the workspace (again) and checks every open document.
func (s *Server) reload(root string) {
	ws, err := s.load(root)
	if err != nil {
		s.wsErr = err
		s.logf("cannot load the workspace at %s: %v", root, err)
		if ws == nil {
			return
		}
	} else {
		s.wsErr = nil
	}
	s.ws = ws
	s.engine = newEngine(ws)
	s.logf("workspace %s: %d documents, %d glossary terms", ws.Root, len(ws.Inputs), len(ws.Glossary.Terms))
	s.recheck()
}

func (s *Server) didOpen(p DidOpenParams) {
	d := &openDoc{uri: p.TextDocument.URI, path: uriPath(p.TextDocument.URI), version: p.TextDocument.Version, text: p.TextDocument.Text}
	s.open[d.uri] = d
	s.changed(d)
}

func (s *Server) didChange(p DidChangeParams) {
	d := s.open[p.TextDocument.URI]
	if d == nil {
		return
	}
	for _, ch := range p.ContentChanges {
		if ch.Range == nil {
			d.text = ch.Text
			continue
		}
		// Incremental changes, for clients that send them regardless.
		f, _ := source.New(d.path, []byte(d.text))
		if f == nil {
			continue
		}
		a, b := offsetOf(d.text, ch.Range.Start), offsetOf(d.text, ch.Range.End)
		d.text = d.text[:a] + ch.Text + d.text[b:]
	}
	d.version = p.TextDocument.Version
	s.changed(d)
}

func (s *Server) didClose(uri string) {
	d := s.open[uri]
	if d == nil {
		return
	}
	delete(s.open, uri)
	// The file on disk takes the unsaved text's place again.
	if s.isMarkdown(d.path) && s.engine != nil {
		s.engine.touch(d.path)
		s.recheck()
	}
	if s.isGlossaryFile(d.path) {
		s.glossaryChanged(d.path, nil)
	}
	s.publish(uri, nil, nil)
}

func (s *Server) didSave(uri string) {
	d := s.open[uri]
	if d == nil || s.ws == nil {
		return
	}
	if d.path == s.ws.Config {
		s.reload(s.ws.Root)
	}
}

// changed reacts to new text in an open document.
func (s *Server) changed(d *openDoc) {
	switch {
	case s.ws == nil:
	case s.isMarkdown(d.path):
		s.engine.touch(d.path)
		s.recheck()
	case s.isGlossaryFile(d.path):
		s.glossaryChanged(d.path, []byte(d.text))
	case d.path == s.ws.Config:
		s.configChanged(d)
	}
}

func (s *Server) isMarkdown(p string) bool {
	return s.ws != nil && strings.EqualFold(filepath.Ext(p), ".md") && within(p, s.ws.CorpusDir)
}

func (s *Server) isGlossaryFile(p string) bool {
	if s.ws == nil || (filepath.Ext(p) != ".yaml" && filepath.Ext(p) != ".yml") {
		return false
	}
	for _, d := range s.ws.LayerDirs {
		if d != "" && within(p, d) {
			return true
		}
	}
	return false
}

// recheck runs the engine with the open documents' text and publishes the
// diagnostics of every open Markdown document.
func (s *Server) recheck() {
	if s.engine == nil {
		return
	}
	overlay := map[string]string{}
	for _, d := range s.open {
		if s.isMarkdown(d.path) {
			overlay[d.path] = d.text
		}
	}
	s.engine.run(overlay)
	uris := make([]string, 0, len(s.open))
	for u := range s.open {
		uris = append(uris, u)
	}
	sort.Strings(uris)
	for _, u := range uris {
		d := s.open[u]
		if !s.isMarkdown(d.path) {
			continue
		}
		v := d.version
		s.publish(u, &v, s.diagnostics(d.path))
	}
}

func (s *Server) publish(uri string, version *int, diags []Diagnostic) {
	if diags == nil {
		diags = []Diagnostic{}
	}
	s.c.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Version: version, Diagnostics: diags})
}

// diagnostics are the findings of the document at path.
func (s *Server) diagnostics(path string) []Diagnostic {
	var out []Diagnostic
	for _, f := range s.engine.findings(path) {
		out = append(out, s.diagnostic(f))
	}
	return out
}

func (s *Server) diagnostic(f *rules.Finding) Diagnostic {
	d := Diagnostic{
		Range:    findingRange(f),
		Severity: severity(f.Severity),
		Code:     f.Rule,
		Source:   "concord",
		Message:  f.Message,
	}
	if f.Suggestion != "" {
		d.Message += "\nSuggestion: " + f.Suggestion
	}
	if r := rules.Lookup(f.Rule); r != nil {
		d.CodeDescription = &CodeDescription{Href: r.HelpURI()}
	}
	for _, rel := range f.Related {
		line := max(rel.Line-1, 0)
		col := max(rel.Column-1, 0)
		msg := rel.Message
		if msg == "" {
			msg = "related"
		}
		d.RelatedInformation = append(d.RelatedInformation, DiagnosticRelatedInformation{
			Location: Location{URI: s.fileURI(rel.File), Range: Range{Start: Position{line, col}, End: Position{line, col}}},
			Message:  msg,
		})
	}
	d.Data, _ = json.Marshal(map[string]string{"fingerprint": f.Fingerprint})
	return d
}

func findingRange(f *rules.Finding) Range {
	start := Position{Line: max(f.Line-1, 0), Character: max(f.UTF16Column-1, 0)}
	end := Position{Line: max(f.EndLine-1, 0), Character: max(f.EndUTF16Column-1, 0)}
	if f.EndLine <= 0 {
		end = start
	}
	return Range{Start: start, End: end}
}

func severity(s rules.Severity) int {
	switch s {
	case rules.Error:
		return sevError
	case rules.Warning:
		return sevWarning
	}
	return sevInfo
}

// fileURI turns a display path (relative to the workspace root) or an
// absolute path into a file URI.
func (s *Server) fileURI(p string) string {
	if !filepath.IsAbs(p) && s.ws != nil {
		p = filepath.Join(s.ws.Root, filepath.FromSlash(p))
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

// uriPath is the absolute file path of a file URI.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := filepath.FromSlash(u.Path)
	if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		p = filepath.Join(r, filepath.Base(p))
	}
	return filepath.Clean(p)
}

func within(p, dir string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// offsetOf is the byte offset in text of an LSP position (UTF-16 units).
func offsetOf(text string, p Position) int {
	line, i := 0, 0
	for line < p.Line {
		k := strings.IndexByte(text[i:], '\n')
		if k < 0 {
			return len(text)
		}
		i += k + 1
		line++
	}
	units := 0
	for j, r := range text[i:] {
		if units >= p.Character || r == '\n' || r == '\r' {
			return i + j
		}
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
	}
	return len(text)
}

// position is the LSP position of byte offset off in a normalised file.
func position(f *source.File, off int) Position {
	p := f.Position(off)
	return Position{Line: p.Line - 1, Character: p.UTF16Column - 1}
}
