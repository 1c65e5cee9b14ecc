package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/site"
)

// siteInputs are what checkCached(true) keeps for an incremental build.
type siteInputs struct {
	hashes map[string]string       // content hash by corpus path
	inputs map[string]corpus.Input // by corpus path, to parse a stand-in
	facts  func(*corpus.Document) *rules.DocFacts
}

// buildState is what a build keeps in .concord/ for the next build of the
// same output folder: the site's state (each document's record, each file's
// key, the folders' stamps) and the static search index's.
type buildState struct {
	Key    string
	Site   *site.State
	Search []byte
}

const buildStateFormat = "concord build state 1\n"

// buildStateFile is where the state for builds into out is kept.
func buildStateFile(out string) string {
	abs, err := filepath.Abs(out)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cacheDir, "build-"+hex.EncodeToString(sum[:6]))
}

// buildKey is what the state depends on besides the documents: the binary,
// the glossary, the rule settings, the corpus and the site's settings.
func buildKey(p *project, baseURL string) string {
	settings, _ := json.Marshal(p.settings)
	root, _ := filepath.Abs(p.cfg.Corpus)
	h := sha256.New()
	for _, s := range []string{Version, p.glossary.Version, string(settings), root, displayPath(p.cfg.Corpus), baseURL} {
		fmt.Fprintf(h, "%d:%s;", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func loadBuildState(file, key string) *buildState {
	data, err := os.ReadFile(file)
	if err != nil || !bytes.HasPrefix(data, []byte(buildStateFormat)) {
		return nil
	}
	data = data[len(buildStateFormat):]
	// key, site state length, site state, search state
	var keyLen, siteLen int
	if _, err := fmt.Sscanf(string(data[:min(len(data), 64)]), "%d %d\n", &keyLen, &siteLen); err != nil {
		return nil
	}
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 || keyLen < 0 || siteLen < 0 || nl+1+keyLen+siteLen > len(data) {
		return nil
	}
	data = data[nl+1:]
	if string(data[:keyLen]) != key {
		return nil
	}
	st, err := site.DecodeState(data[keyLen : keyLen+siteLen])
	if err != nil {
		return nil
	}
	return &buildState{Key: key, Site: st, Search: data[keyLen+siteLen:]}
}

func saveBuildState(file string, s *buildState) error {
	siteData, err := s.Site.Encode()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString(buildStateFormat)
	fmt.Fprintf(&buf, "%d %d\n", len(s.Key), len(siteData))
	buf.WriteString(s.Key)
	buf.Write(siteData)
	buf.Write(s.Search)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}

// buildIncremental renders and publishes the site of a project checked by
// checkCached(true), re-using what the last build into out left: only the
// documents that changed are parsed (and those a page showing their text
// needs), only the pages whose inputs changed are rendered, only the search
// shards holding changed documents are rebuilt, and only changed files are
// written. The site is byte for byte the one a full build gives.
func (a *app) buildIncremental(p *project, findings []*rules.Finding, baseURL, out string, guard site.Guard) error {
	start := time.Now()
	phase := func(name string) {
		if a.getenv("CONCORD_TIMING") != "" {
			fmt.Fprintf(a.stderr, "concord: %-8s %6.0f ms\n", name, float64(time.Since(start).Microseconds())/1000)
		}
	}
	file := buildStateFile(out)
	key := buildKey(p, baseURL)
	prev := loadBuildState(file, key)
	if prev != nil && !site.CanReuse(out, prev.Site.Reuse()) {
		prev = nil
	}
	phase("state")
	var prevStatic *search.Static
	if prev != nil {
		if s, err := search.DecodeStatic(prev.Search); err == nil {
			prevStatic = s
		} else {
			prev = nil
		}
	}

	phase("index")
	// Each document: parsed this run, or known by its last record.
	srcs := make([]site.Source, len(p.docs))
	var toLoad []int
	for i, d := range p.docs {
		hash := p.site.hashes[d.Rel]
		srcs[i].Hash = hash
		if d.File != nil {
			srcs[i].Doc, srcs[i].Facts = d, p.site.facts(d)
			continue
		}
		in, ok := p.site.inputs[d.Rel]
		if !ok {
			return fmt.Errorf("%s: not in the corpus any more", d.Path)
		}
		srcs[i].Load = func() (*corpus.Document, *rules.DocFacts, error) {
			f, err := corpus.ReadInput(in)
			if err != nil {
				return nil, nil, err
			}
			doc, err := corpus.ParseInput(f, in)
			if doc == nil {
				return nil, nil, fmt.Errorf("%s: %v", in.Display, err)
			}
			return doc, rules.Analyse(p.glossary, doc), nil
		}
		if prev != nil && prev.Site.Hashes[d.Rel] == hash && prev.Site.Records[d.Rel] != nil {
			srcs[i].Record = prev.Site.Records[d.Rel]
		} else {
			toLoad = append(toLoad, i)
		}
	}
	// Documents with no record must be parsed now; with no state at all,
	// that is every document.
	errs := make([]error, len(toLoad))
	par.For(len(toLoad), func(k int) {
		s := &srcs[toLoad[k]]
		s.Doc, s.Facts, errs[k] = s.Load()
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}

	phase("parse")
	// The search index: the changed documents' entries into the last
	// build's index, or every document's into a new one.
	static := prevStatic
	var changed []*search.Entry
	present := map[string]bool{}
	for i, s := range srcs {
		present[p.docs[i].Rel] = true
		if prevStatic != nil && prev.Site.Hashes[p.docs[i].Rel] == s.Hash {
			continue
		}
		if s.Doc == nil {
			// Its record is the last build's, but the index is not.
			doc, facts, err := s.Load()
			if err != nil {
				return err
			}
			srcs[i].Doc, srcs[i].Facts = doc, facts
			s = srcs[i]
		}
		changed = append(changed, search.NewEntry(searchDocs(p.glossary, []*corpus.Document{s.Doc}, func(*corpus.Document) *rules.DocFacts { return s.Facts })[0]))
	}
	if static != nil {
		var removed []string
		for rel, r := range prev.Site.Records {
			if !present[rel] {
				removed = append(removed, r.Path)
			}
		}
		if err := static.Update(changed, removed); err != nil {
			return err
		}
	} else {
		var err error
		if static, err = search.BuildStatic(changed); err != nil {
			return err
		}
	}
	var extra []site.File
	for _, f := range static.Files() {
		extra = append(extra, site.File{Path: f.Path, Data: f.Data})
	}

	phase("search")
	var prevSite *site.State
	if prev != nil {
		prevSite = prev.Site
	}
	files, next, err := site.RenderIncremental(site.Input{Glossary: p.glossary, Sources: srcs, Findings: findings, BaseURL: baseURL, Extra: extra, Salt: Version}, prevSite)
	if err != nil {
		return &exitError{code: ExitInput, err: err}
	}
	phase("render")
	var reuse *site.Reuse
	if prevSite != nil {
		reuse = prevSite.Reuse()
	}
	// The state goes before publishing: a build stopped after the swap
	// must not leave the old state describing the new site.
	os.Remove(file)
	stamps, err := site.PublishIncremental(out, files, guard, spareFor(out), reuse)
	if err != nil {
		var pe *site.PublishError
		if errors.As(err, &pe) && !pe.Refused {
			err = fmt.Errorf("%v\nthe previous site, if any, is unchanged", err)
		}
		return &exitError{code: ExitInput, err: err}
	}
	phase("publish")
	next.Stamps = stamps
	if stamps.SpareSame {
		next.Written = nil
	}
	if err := saveBuildState(file, &buildState{Key: key, Site: next, Search: static.Encode()}); err != nil {
		fmt.Fprintf(a.stderr, "concord: warning: %v (the next build will not be faster)\n", err)
	}
	phase("saved")
	return nil
}
