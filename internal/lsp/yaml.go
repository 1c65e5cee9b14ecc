package lsp

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/source"
)

// glossaryChanged loads the glossary with text in place of the file at
// path (nil: the file on disk) and publishes its errors, positioned as the
// CLI gives them; when it loads, the open documents are checked against
// the new glossary.
func (s *Server) glossaryChanged(path string, text []byte) {
	layers := append([]glossary.Layer(nil), s.ws.Layers...)
	for i, dir := range s.ws.LayerDirs {
		if dir != "" && within(path, dir) && text != nil {
			rel, _ := filepath.Rel(dir, path)
			l := layers[i]
			name := filepath.ToSlash(filepath.Join(l.Dir, rel))
			layers[i].FS = overlayFS{FS: l.FS, name: name, text: text}
		}
	}
	uri := s.fileURI(path)
	g, err := glossary.LoadLayers(layers)
	if err != nil {
		s.yamlErr[uri] = true
		s.publish(uri, nil, s.errorDiagnostics(err, path))
		return
	}
	if s.yamlErr[uri] {
		delete(s.yamlErr, uri)
	}
	if _, open := s.open[uri]; open || text == nil {
		s.publish(uri, nil, nil)
	}
	s.ws.Glossary = g
	s.engine = newEngine(s.ws)
	s.recheck()
}

// configChanged validates concord.yaml's unsaved text; the new settings
// take effect when it is saved.
func (s *Server) configChanged(d *openDoc) {
	if s.checkConfig == nil {
		return
	}
	err := s.checkConfig(d.path, []byte(d.text))
	if err == nil {
		s.publish(d.uri, nil, nil)
		return
	}
	s.publish(d.uri, nil, s.errorDiagnostics(err, d.path))
}

// errorDiagnostics turns the positioned errors of a load into diagnostics
// on the file at path; an error elsewhere (another glossary file) is named
// in the message at the top of this one.
func (s *Server) errorDiagnostics(err error, path string) []Diagnostic {
	var list source.Errors
	var one *source.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = source.Errors{one}
	default:
		return []Diagnostic{{Severity: sevError, Source: "concord", Message: err.Error()}}
	}
	var out []Diagnostic
	for _, e := range list {
		msg := e.Msg
		if e.Key != "" {
			msg = e.Key + ": " + msg
		}
		if e.Hint != "" {
			msg += " (" + e.Hint + ")"
		}
		line, col := max(e.Pos.Line-1, 0), max(e.Pos.Column-1, 0)
		r := Range{Start: Position{line, col}, End: Position{line, col}}
		if abs := filepath.Join(s.ws.Root, filepath.FromSlash(e.Pos.File)); e.Pos.File != "" && abs != path && filepath.Clean(e.Pos.File) != path {
			msg = e.Pos.String() + ": " + msg
			r = Range{}
		}
		out = append(out, Diagnostic{Range: r, Severity: sevError, Source: "concord", Message: msg})
	}
	return out
}

// overlayFS is a layer's file system with one file's unsaved text in place
// of what is on disk.
type overlayFS struct {
	fs.FS
	name string
	text []byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if name == o.name {
		return &memFile{Reader: bytes.NewReader(o.text), name: filepath.Base(name), size: int64(len(o.text))}, nil
	}
	return o.FS.Open(name)
}

func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(o.FS, name) }

type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m, nil }
func (m *memFile) Close() error               { return nil }
func (m *memFile) Name() string               { return m.name }
func (m *memFile) Size() int64                { return m.size }
func (m *memFile) Mode() fs.FileMode          { return 0o644 }
func (m *memFile) ModTime() time.Time         { return time.Time{} }
func (m *memFile) IsDir() bool                { return false }
func (m *memFile) Sys() any                   { return nil }
