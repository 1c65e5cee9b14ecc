package audit

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// UserAgent names concord to the sites it reads, with where to find out
// what it is, as polite crawlers do.
const UserAgent = "concord-audit/0.1 (+https://github.com/concord-guidance/concord; reads published guidance to compare terminology)"

// robotsAgent is the name concord looks for in robots.txt.
const robotsAgent = "concord"

// Fetcher gets pages politely and keeps them in a cache folder.
type Fetcher struct {
	Client *http.Client // its Timeout bounds each request
	// Cache is the folder of cached pages (.concord/audit).
	Cache string
	// Delay is the least time between two requests to one host.
	Delay time.Duration
	// MaxBytes bounds a page's size.
	MaxBytes int64
	// MaxRedirects bounds a chain of redirects (a loop ends here).
	MaxRedirects int
	// Offline reads the cache only.
	Offline bool
	// Now and Sleep are the clock, swapped by tests.
	Now   func() time.Time
	Sleep func(time.Duration)

	last   map[string]time.Time // last request to each host
	robots map[string]*robots   // robots.txt of each host, read once a run
	// Requests counts the HTTP requests made, robots.txt included.
	Requests int
}

// Status says how a page was got.
type Status string

const (
	Fetched     Status = "fetched"      // fetched afresh (200)
	NotModified Status = "not-modified" // the server said the cached copy is current (304)
	Cached      Status = "cached"       // read from the cache (--offline)
)

// Result is a page got by Fetch.
type Result struct {
	Body    []byte
	Status  Status
	Fetched time.Time // when the cached copy was last fetched or confirmed
	URL     string    // the page's address after redirects
}

// entry is a cached page's record, beside its body.
type entry struct {
	URL          string    `json:"url"`
	FinalURL     string    `json:"finalUrl"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lastModified,omitempty"`
	Fetched      time.Time `json:"fetched"`
}

// NewFetcher returns a Fetcher with concord's defaults.
func NewFetcher(cache string) *Fetcher {
	return &Fetcher{
		Client:       &http.Client{Timeout: 20 * time.Second},
		Cache:        cache,
		Delay:        2 * time.Second,
		MaxBytes:     4 << 20,
		MaxRedirects: 5,
		Now:          time.Now,
		Sleep:        time.Sleep,
	}
}

func (f *Fetcher) key(u string) string {
	sum := sha256.Sum256([]byte(u))
	return filepath.Join(f.Cache, hex.EncodeToString(sum[:12]))
}

func (f *Fetcher) readCache(u string) (*entry, []byte) {
	meta, err := os.ReadFile(f.key(u) + ".json")
	if err != nil {
		return nil, nil
	}
	var e entry
	if json.Unmarshal(meta, &e) != nil || e.URL != u {
		return nil, nil
	}
	body, err := os.ReadFile(f.key(u) + ".html")
	if err != nil {
		return nil, nil
	}
	return &e, body
}

// writeCache stores a page, body first and each file through a temporary
// name, so a run stopped half way leaves the old copy or the new one.
func (f *Fetcher) writeCache(e *entry, body []byte) error {
	if err := os.MkdirAll(f.Cache, 0o755); err != nil {
		return err
	}
	meta, _ := json.MarshalIndent(e, "", "  ")
	for _, w := range []struct {
		ext  string
		data []byte
	}{{".html", body}, {".json", meta}} {
		tmp := f.key(e.URL) + w.ext + ".tmp"
		if err := os.WriteFile(tmp, w.data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, f.key(e.URL)+w.ext); err != nil {
			return err
		}
	}
	return nil
}

// ErrNotCached is an offline read of a page the cache does not hold.
var ErrNotCached = errors.New("not in the cache (.concord/audit)")

// Fetch gets the page at u: from the cache with --offline, else by a
// conditional request when a copy is cached, honouring robots.txt and the
// delay between requests to one host.
func (f *Fetcher) Fetch(ctx context.Context, u string) (*Result, error) {
	cached, body := f.readCache(u)
	if f.Offline {
		if cached == nil {
			return nil, fmt.Errorf("%w; run without --offline to fetch it", ErrNotCached)
		}
		return &Result{Body: body, Status: Cached, Fetched: cached.Fetched, URL: cached.FinalURL}, nil
	}
	if err := f.allowed(ctx, u); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9")
	if cached != nil {
		if cached.ETag != "" {
			req.Header.Set("If-None-Match", cached.ETag)
		}
		if cached.LastModified != "" {
			req.Header.Set("If-Modified-Since", cached.LastModified)
		}
	}
	resp, err := f.do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()
	switch {
	case resp.StatusCode == http.StatusNotModified && cached != nil:
		cached.Fetched = f.Now().UTC()
		if err := f.writeCache(cached, body); err != nil {
			return nil, fmt.Errorf("cannot update the cache: %w", err)
		}
		return &Result{Body: body, Status: NotModified, Fetched: cached.Fetched, URL: cached.FinalURL}, nil
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("the server answered %s", resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" && !strings.Contains(ct, "html") {
		return nil, fmt.Errorf("the page is %s, not HTML", ct)
	}
	if resp.ContentLength > f.MaxBytes {
		return nil, fmt.Errorf("the page is %d bytes, more than the %d-byte limit", resp.ContentLength, f.MaxBytes)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, f.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the page: %w", describe(err))
	}
	if int64(len(data)) > f.MaxBytes {
		return nil, fmt.Errorf("the page is more than the %d-byte limit", f.MaxBytes)
	}
	e := &entry{URL: u, FinalURL: final, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), Fetched: f.Now().UTC()}
	if err := f.writeCache(e, data); err != nil {
		return nil, fmt.Errorf("cannot write the cache: %w", err)
	}
	return &Result{Body: data, Status: Fetched, Fetched: e.Fetched, URL: final}, nil
}

// do sends one request after waiting out the delay for its host; every
// redirect is a request of its own, waited for and checked against
// robots.txt in turn.
func (f *Fetcher) do(req *http.Request) (*http.Response, error) {
	client := *f.Client
	hops := 0
	client.CheckRedirect = func(next *http.Request, via []*http.Request) error {
		hops++
		if hops > f.MaxRedirects {
			return fmt.Errorf("more than %d redirects (a redirect loop?)", f.MaxRedirects)
		}
		if err := f.allowed(next.Context(), next.URL.String()); err != nil {
			return err
		}
		next.Header.Set("User-Agent", UserAgent)
		f.wait(next.URL.Host)
		f.Requests++
		return nil
	}
	f.wait(req.URL.Host)
	f.Requests++
	resp, err := client.Do(req)
	if err != nil {
		return nil, describe(err)
	}
	return resp, nil
}

// describe words a transport error for a reader, without Go's "Get
// \"url\":" prefix.
func describe(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout") {
		return errors.New("no complete answer within the timeout")
	}
	return err
}

func (f *Fetcher) wait(host string) {
	if f.last == nil {
		f.last = map[string]time.Time{}
	}
	if t, ok := f.last[host]; ok {
		if d := t.Add(f.Delay).Sub(f.Now()); d > 0 {
			f.Sleep(d)
		}
	}
	f.last[host] = f.Now()
}

// allowed reads the host's robots.txt once a run and says whether concord
// may fetch u. A robots.txt that is missing (4xx) allows everything; one
// that cannot be read (5xx, a timeout) allows nothing, as Google reads it.
func (f *Fetcher) allowed(ctx context.Context, u string) error {
	pu, err := url.Parse(u)
	if err != nil {
		return err
	}
	origin := pu.Scheme + "://" + pu.Host
	if f.robots == nil {
		f.robots = map[string]*robots{}
	}
	r, ok := f.robots[origin]
	if !ok {
		r = f.readRobots(ctx, origin)
		f.robots[origin] = r
	}
	if r.unreachable {
		return fmt.Errorf("%s/robots.txt could not be read, so the site is not fetched", origin)
	}
	path := pu.EscapedPath()
	if pu.RawQuery != "" {
		path += "?" + pu.RawQuery
	}
	if !r.allows(path) {
		return fmt.Errorf("%s/robots.txt does not allow %s to fetch %s", origin, robotsAgent, path)
	}
	return nil
}

func (f *Fetcher) readRobots(ctx context.Context, origin string) *robots {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/robots.txt", nil)
	if err != nil {
		return &robots{unreachable: true}
	}
	req.Header.Set("User-Agent", UserAgent)
	f.wait(req.URL.Host)
	f.Requests++
	resp, err := f.Client.Do(req)
	if err != nil {
		return &robots{unreachable: true}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		return &robots{}
	case resp.StatusCode != http.StatusOK:
		return &robots{unreachable: true}
	}
	return parseRobots(io.LimitReader(resp.Body, 512<<10))
}

// robots holds the rules of the robots.txt group that applies to concord:
// the group naming it, else the group for "*" (RFC 9309).
type robots struct {
	rules       []robotsRule
	unreachable bool
}

type robotsRule struct {
	allow bool
	path  string
}

func parseRobots(r io.Reader) *robots {
	type group struct {
		agents []string
		rules  []robotsRule
	}
	var groups []*group
	var cur *group
	inAgents := false
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if !inAgents {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(v))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur != nil && (v != "" || k == "allow") {
				cur.rules = append(cur.rules, robotsRule{allow: k == "allow", path: v})
			}
		}
	}
	out := &robots{}
	var star []robotsRule
	found := false
	for _, g := range groups {
		for _, a := range g.agents {
			switch {
			case a == robotsAgent || strings.HasPrefix(robotsAgent, a) && a != "*" && a != "":
				out.rules = append(out.rules, g.rules...)
				found = true
			case a == "*":
				star = append(star, g.rules...)
			}
		}
	}
	if !found {
		out.rules = star
	}
	return out
}

// allows applies the longest matching rule; allow wins a tie.
func (r *robots) allows(path string) bool {
	best, allow := -1, true
	for _, rule := range r.rules {
		if n := robotsMatch(rule.path, path); n >= 0 && (n > best || n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch returns the length of pattern when it matches the start of
// path ("*" any run of characters, a final "$" the end), else -1.
func robotsMatch(pattern, path string) int {
	anchored := strings.HasSuffix(pattern, "$")
	p := strings.TrimSuffix(pattern, "$")
	parts := strings.Split(p, "*")
	i := 0
	for k, part := range parts {
		if k == 0 {
			if !strings.HasPrefix(path, part) {
				return -1
			}
			i = len(part)
			continue
		}
		j := strings.Index(path[i:], part)
		if j < 0 {
			return -1
		}
		i += j + len(part)
	}
	if anchored && i != len(path) {
		if len(parts) > 1 && strings.HasSuffix(path, parts[len(parts)-1]) {
			return len(pattern)
		}
		return -1
	}
	return len(pattern)
}
