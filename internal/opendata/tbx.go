package opendata

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
)

// TBX term types and administrative statuses (TBX-Basic picklists).
const (
	admnPreferred  = "preferredTerm-admn-sts"
	admnAdmitted   = "admittedTerm-admn-sts"
	admnDeprecated = "deprecatedTerm-admn-sts"
	typeFullForm   = "fullForm"
	typeAcronym    = "acronym"
	typeVariant    = "variant"
)

// TBX is the glossary as a TBX-Basic termbase (ISO 30042:2019, DCA style):
// one conceptEntry per term, with
//
//	conceptEntry id           the term's id (with "_" before one that starts with a digit)
//	ref crossReference        each related term
//	descripGrp                the definition, and an admin source per source
//	note (langSec)            each note
//	termSec preferredTerm     the term (fullForm; acronym when the term is its acronym, as FOUR)
//	termSec admittedTerm      the acronym (acronym), its expansion where it is
//	                          not the term (fullForm), each alias (variant),
//	                          each admitted expansion (fullForm, with its source
//	                          and its reason as a note)
//	termSec deprecatedTerm    each deprecated wording, its reason as a note
//	<?concord-term JSON?>     everything else (see extension)
//
// TBX-Basic has no place for examples, penalties or elements; they travel
// in a processing instruction, which TBX tools pass over. Not in an element
// of concord's namespace, as earlier builds wrote them: TBX-Basic's
// Schematron forbids every element outside the TBX namespace in DCA style,
// and the core RELAX NG schema allows none after a langSec.
func TBX(g *glossary.Glossary, o Options) ([]byte, error) {
	var b bytes.Buffer
	w := func(depth int, format string, args ...any) {
		b.WriteString(strings.Repeat("  ", depth))
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w(0, `<tbx type="TBX-Basic" style="dca" xml:lang="%s" xmlns="%s">`, Lang, TBXNS)
	w(1, "<tbxHeader>")
	w(2, "<fileDesc>")
	w(3, "<titleStmt>")
	w(4, "<title>%s</title>", esc(o.title()))
	w(3, "</titleStmt>")
	w(3, "<sourceDesc>")
	w(4, "<p>%s</p>", esc("The shared glossary, published by concord. Concept IRIs: "+o.ConceptIRI("ID")+"."))
	w(3, "</sourceDesc>")
	w(2, "</fileDesc>")
	w(1, "</tbxHeader>")
	w(1, "<text>")
	w(2, "<body>")
	for _, t := range g.Terms {
		ext, err := extension(t)
		if err != nil {
			return nil, err
		}
		w(3, `<conceptEntry id="%s">`, esc(tbxID(t.ID)))
		for _, r := range t.Related {
			w(4, `<ref type="crossReference" target="%s">%s</ref>`, esc(tbxID(r)), esc(r))
		}
		w(4, `<langSec xml:lang="%s">`, Lang)
		w(5, "<descripGrp>")
		w(6, `<descrip type="definition">%s</descrip>`, esc(t.Definition))
		for _, c := range cites(t) {
			w(6, `<admin type="source">%s</admin>`, esc(c))
		}
		w(5, "</descripGrp>")
		for _, n := range t.Notes {
			w(5, "<note>%s</note>", esc(n))
		}
		termSec := func(term, typ, status string, extra ...string) {
			w(5, "<termSec>")
			w(6, "<term>%s</term>", esc(term))
			w(6, `<termNote type="termType">%s</termNote>`, typ)
			w(6, `<termNote type="administrativeStatus">%s</termNote>`, status)
			for _, x := range extra {
				w(6, "%s", x)
			}
			w(5, "</termSec>")
		}
		if t.Acronym == t.Term {
			// An acronym used as the term itself (FOUR).
			termSec(t.Term, typeAcronym, admnPreferred)
		} else {
			termSec(t.Term, typeFullForm, admnPreferred)
		}
		if t.Acronym != "" && t.Acronym != t.Term {
			termSec(t.Acronym, typeAcronym, admnAdmitted)
		}
		alt, hidden := labels(t)
		for _, a := range alt {
			i := slices.IndexFunc(t.Admitted, func(x glossary.Admitted) bool { return x.Expansion == a })
			switch {
			case a == t.Expansion:
				termSec(a, typeFullForm, admnAdmitted)
			case i >= 0:
				var extra []string
				if s := t.Admitted[i].Source; s != "" {
					extra = append(extra, `<admin type="source">`+esc(s)+"</admin>")
				}
				if r := t.Admitted[i].Reason; r != "" {
					extra = append(extra, "<note>"+esc(r)+"</note>")
				}
				termSec(a, typeFullForm, admnAdmitted, extra...)
			default:
				termSec(a, typeVariant, admnAdmitted)
			}
		}
		for _, h := range hidden {
			var extra []string
			if i := slices.IndexFunc(t.Deprecated, func(d glossary.Deprecated) bool { return d.Phrase == h }); t.Deprecated[i].Reason != "" {
				extra = append(extra, "<note>"+esc(t.Deprecated[i].Reason)+"</note>")
			}
			termSec(h, typeVariant, admnDeprecated, extra...)
		}
		w(4, "</langSec>")
		w(4, "<?%s %s?>", extPI, piText(ext))
		w(3, "</conceptEntry>")
	}
	w(2, "</body>")
	w(1, "</text>")
	w(0, "</tbx>")
	return b.Bytes(), nil
}

// extPI is the target of the processing instruction holding a concept's
// extension.
const extPI = "concord-term"

// piText is JSON as a processing instruction's text, which is not escaped
// and ends at the first "?>": the one place that can occur in JSON is
// inside a string, where "\u003e" reads back as the same ">".
func piText(json string) string {
	return strings.ReplaceAll(json, "?>", `?\u003e`)
}

// tbxID is a term id as an XML ID, which may not start with a digit.
func tbxID(id string) string {
	if id != "" && id[0] >= '0' && id[0] <= '9' {
		return "_" + id
	}
	return id
}

func esc(s string) string {
	var b strings.Builder
	// EscapeText escapes newlines as &#xA;, so a value reads back exactly.
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// The TBX read back: only what TBX writes, in the TBX namespace, plus the
// extension.
type tbxDoc struct {
	XMLName  xml.Name     `xml:"urn:iso:std:iso:30042:ed-2 tbx"`
	Type     string       `xml:"type,attr"`
	Concepts []tbxConcept `xml:"urn:iso:std:iso:30042:ed-2 text>body>conceptEntry"`
}

type tbxConcept struct {
	ID      string       `xml:"id,attr"`
	Refs    []tbxTyped   `xml:"urn:iso:std:iso:30042:ed-2 ref"`
	Descrip []tbxTyped   `xml:"urn:iso:std:iso:30042:ed-2 descrip"`
	Notes   []string     `xml:"urn:iso:std:iso:30042:ed-2 note"`
	LangSec []tbxLangSec `xml:"urn:iso:std:iso:30042:ed-2 langSec"`
	Ext     []string     `xml:"urn:concord:glossary: term"`
}

type tbxTyped struct {
	Type   string `xml:"type,attr"`
	Target string `xml:"target,attr"`
	Value  string `xml:",chardata"`
}

type tbxLangSec struct {
	Lang        string       `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	DescripGrps []tbxDescrip `xml:"urn:iso:std:iso:30042:ed-2 descripGrp"`
	Descrip     []tbxTyped   `xml:"urn:iso:std:iso:30042:ed-2 descrip"`
	Notes       []string     `xml:"urn:iso:std:iso:30042:ed-2 note"`
	TermSecs    []tbxTermSec `xml:"urn:iso:std:iso:30042:ed-2 termSec"`
	Admin       []tbxTyped   `xml:"urn:iso:std:iso:30042:ed-2 admin"`
}

type tbxDescrip struct {
	Descrip []tbxTyped `xml:"urn:iso:std:iso:30042:ed-2 descrip"`
	Admin   []tbxTyped `xml:"urn:iso:std:iso:30042:ed-2 admin"`
}

type tbxTermSec struct {
	Term      string     `xml:"urn:iso:std:iso:30042:ed-2 term"`
	TermNotes []tbxTyped `xml:"urn:iso:std:iso:30042:ed-2 termNote"`
	Admin     []tbxTyped `xml:"urn:iso:std:iso:30042:ed-2 admin"`
	Notes     []string   `xml:"urn:iso:std:iso:30042:ed-2 note"`
}

func (s tbxTermSec) note(typ string) string {
	for _, n := range s.TermNotes {
		if n.Type == typ {
			return strings.TrimSpace(n.Value)
		}
	}
	return ""
}

// ReadTBX reads a TBX file (TBX-Basic, or any TBX v3 in DCA style) into
// terms. The English language section is read (the first, when none is
// marked en); name is the file's name, for messages.
func ReadTBX(data []byte, name string) ([]*glossary.Term, error) {
	var doc tbxDoc
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	if err := d.Decode(&doc); err != nil {
		msg := err.Error()
		if errors.Is(err, io.EOF) {
			msg = "no XML element in it"
		}
		return nil, &ReadError{File: name, Msg: "not a TBX file: " + msg, Hint: "give a TBX v3 file (<tbx xmlns=\"" + TBXNS + "\">), such as the glossary.tbx concord build publishes"}
	}
	exts := tbxExtensions(data)
	var views []standard
	for i, c := range doc.Concepts {
		v := standard{ID: strings.TrimPrefix(c.ID, "_"), Where: fmt.Sprintf("conceptEntry %d (id %q)", i+1, c.ID)}
		switch {
		case i < len(exts) && exts[i] != "":
			v.Ext = exts[i]
		case len(c.Ext) > 0:
			// As builds before the processing instruction wrote it.
			v.Ext = c.Ext[0]
		}
		for _, r := range c.Refs {
			if r.Type == "crossReference" && r.Target != "" {
				v.Related = append(v.Related, strings.TrimPrefix(r.Target, "_"))
			}
		}
		ls := pickLang(c.LangSec)
		if ls == nil {
			return nil, &ReadError{File: name, Msg: v.Where + " has no language section", Hint: "each conceptEntry needs a <langSec xml:lang=\"en\"> with its terms"}
		}
		for _, g := range ls.DescripGrps {
			for _, x := range g.Descrip {
				if x.Type == "definition" && v.Definition == "" {
					v.Definition = x.Value
				}
			}
			for _, a := range g.Admin {
				if a.Type == "source" {
					v.Sources = append(v.Sources, a.Value)
				}
			}
		}
		for _, x := range append(c.Descrip, ls.Descrip...) {
			if x.Type == "definition" && v.Definition == "" {
				v.Definition = x.Value
			}
		}
		for _, a := range ls.Admin {
			if a.Type == "source" {
				v.Sources = append(v.Sources, a.Value)
			}
		}
		v.Notes = ls.Notes
		for _, s := range ls.TermSecs {
			switch status, typ := s.note("administrativeStatus"), s.note("termType"); {
			case status == admnPreferred && v.Term == "":
				v.Term = s.Term
				if typ == typeAcronym {
					v.Acronym = s.Term
				}
			case status == admnDeprecated || status == "supersededTerm-admn-sts":
				v.Hidden = append(v.Hidden, s.Term)
			case typ == typeAcronym && v.Acronym == "":
				v.Acronym = s.Term
			case v.Term == "" && status == "":
				v.Term = s.Term
			default:
				v.Alt = append(v.Alt, s.Term)
			}
		}
		views = append(views, v)
	}
	return merge(views, name, false)
}

// tbxExtensions is the text of the concord-term processing instruction in
// each conceptEntry, in order ("" where a concept has none): encoding/xml
// hands processing instructions only to a token reader. The file has
// already decoded whole, so an error here only ends the list early.
func tbxExtensions(data []byte) []string {
	var out []string
	d := xml.NewDecoder(bytes.NewReader(data))
	depth, in := 0, -1 // the depth of the open conceptEntry, or -1
	for {
		tok, err := d.RawToken()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if t.Name.Local == "conceptEntry" && in < 0 {
				in = depth
				out = append(out, "")
			}
		case xml.EndElement:
			if depth == in {
				in = -1
			}
			depth--
		case xml.ProcInst:
			if in >= 0 && t.Target == extPI && out[len(out)-1] == "" {
				out[len(out)-1] = strings.TrimSpace(string(t.Inst))
			}
		}
	}
}

func pickLang(ls []tbxLangSec) *tbxLangSec {
	for i := range ls {
		if l := strings.ToLower(ls[i].Lang); l == Lang || strings.HasPrefix(l, Lang+"-") {
			return &ls[i]
		}
	}
	if len(ls) > 0 {
		return &ls[0]
	}
	return nil
}
