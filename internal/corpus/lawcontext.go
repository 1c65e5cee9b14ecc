package corpus

import (
	"strings"
	"time"

	"github.com/concord-guidance/concord/internal/rx"
)

// LawDate is the date whose law a document states: its front matter's
// `updated`, else `date`, else `archived` (YYYY-MM-DD, or YYYY-MM, or YYYY,
// read as the first day). An archived page of 2010 stated the law of 2010;
// judging it by the law of today reports what was true when it was written
// as wrong. ok is false when the document gives no date, and rules then
// judge by the law in force today.
func (d *Document) LawDate() (t time.Time, ok bool) {
	for _, v := range []string{d.Front.Updated, d.Front.Extra["date"], d.Front.Extra["archived"]} {
		if t, ok := ParseDate(v); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// Archived reports whether the page is marked as archived guidance, kept
// for the record and not to be followed: front matter `archived`, or a
// title or topic that says so ("Stalking (archived)", topic "Archive").
func (d *Document) Archived() bool {
	v := strings.TrimSpace(d.Front.Extra["archived"])
	if v != "" {
		return v != "false" && v != "no"
	}
	return archiveWord.MatchString(d.Front.Title) || archiveWord.MatchString(d.Front.Topic)
}

var archiveWord = rx.MustCompile(`(?i)\barchived?\b`)

// ParseDate reads the date forms front matter uses.
func ParseDate(v string) (time.Time, bool) {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	for _, layout := range []string{"2006-01-02", "2006-01", "2006", "2 January 2006", "January 2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	if len(v) > 10 {
		if t, err := time.Parse("2006-01-02", v[:10]); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Jurisdictions other than England and Wales that guidance about stalking
// is written for. Their law differs (Scotland's s.39 offence and Northern
// Ireland's 2022 Act make fear part of stalking and set other maxima), so
// checking their pages against England and Wales's glossary reports their
// own law as wrong.
const (
	EnglandAndWales = ""
	Scotland        = "scotland"
	NorthernIreland = "northern-ireland"
)

var (
	scotlandName = rx.MustCompile(`(?i)\b(?:scotland|scottish|scots)\b`)
	niName       = rx.MustCompile(`(?i)\bnorthern ireland\b`)
)

// Jurisdiction is the jurisdiction a document is written for: front matter
// `jurisdiction` when set (scotland, northern-ireland, or england-and-wales),
// else one named in its title; EnglandAndWales otherwise.
func (d *Document) Jurisdiction() string {
	switch j := strings.ToLower(strings.TrimSpace(d.Front.Extra["jurisdiction"])); j {
	case "scotland":
		return Scotland
	case "northern-ireland", "northern ireland", "ni":
		return NorthernIreland
	case "england-and-wales", "england and wales", "england", "wales":
		return EnglandAndWales
	}
	if j := JurisdictionNamed(d.Front.Title); j != EnglandAndWales {
		return j
	}
	// Who publishes a page says which law it states: Police Scotland, the
	// Scottish Government, the Public Prosecution Service for Northern
	// Ireland, nidirect.
	who := d.Front.Owner + " " + d.Front.Extra["publisher"] + " " + d.Front.Extra["organisation"]
	if j := JurisdictionNamed(who); j != EnglandAndWales {
		return j
	}
	return jurisdictionOfSite(d.Front.Extra["source"])
}

var (
	scottishSite = rx.MustCompile(`(?i)^https?://(?:[a-z0-9-]+\.)*(?:[a-z0-9-]+\.scot|scotland\.gov\.uk|scotland\.police\.uk|copfs\.gov\.uk)(?:[:/]|$)`)
	niSite       = rx.MustCompile(`(?i)^https?://(?:[a-z0-9-]+\.)*(?:nidirect\.gov\.uk|ppsni\.gov\.uk|justice-ni\.gov\.uk|psni\.police\.uk|niassembly\.gov\.uk)(?:[:/]|$)`)
)

// jurisdictionOfSite is the jurisdiction of the government or police site
// a page was taken from, by its address.
func jurisdictionOfSite(url string) string {
	switch {
	case scottishSite.MatchString(url):
		return Scotland
	case niSite.MatchString(url):
		return NorthernIreland
	}
	return EnglandAndWales
}

// JurisdictionNamed returns the jurisdiction other than England and Wales
// that a piece of text names, or EnglandAndWales when it names none or
// several.
func JurisdictionNamed(s string) string {
	if !mayNameJurisdiction(s) {
		return EnglandAndWales // most text names neither: spare the patterns
	}
	sc, ni := scotlandName.MatchString(s), niName.MatchString(s)
	switch {
	case sc && !ni:
		return Scotland
	case ni && !sc:
		return NorthernIreland
	}
	return EnglandAndWales
}

// mayNameJurisdiction says whether s holds "scot" or "northern ireland"
// in any case (as containsFold, in lawcontext_test.go, tests) in one pass, which looks only at the places
// that start with an s or an n. For a lower-case ASCII letter l, c|0x20
// == l holds for c = l and for l's upper case and for no other byte, so
// it is the case-folded test; the space is tested as it is.
func mayNameJurisdiction(s string) bool {
	const ni = "northern ireland"
	for i := 0; i+4 <= len(s); i++ {
		switch s[i] | 0x20 {
		case 's':
			if s[i+1]|0x20 == 'c' && s[i+2]|0x20 == 'o' && s[i+3]|0x20 == 't' {
				return true
			}
		case 'n':
			if i+len(ni) <= len(s) && foldedAt(s, i, ni) {
				return true
			}
		}
	}
	return false
}

// foldedAt says whether s holds the lower-case ASCII letters and spaces
// of w at i, in any case.
func foldedAt(s string, i int, w string) bool {
	for j := 0; j < len(w); j++ {
		c, x := s[i+j], w[j]
		if x != ' ' {
			c |= 0x20
		}
		if c != x {
			return false
		}
	}
	return true
}
