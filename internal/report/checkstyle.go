package report

import (
	"bytes"
	"encoding/xml"
)

// Checkstyle XML, read by Jenkins' Warnings plugin, reviewdog
// (-f=checkstyle) and many code review tools. Every checked document gets a
// <file> element, sorted by name, even with no errors, as Checkstyle itself
// writes it.
type checkstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func writeCheckstyle(buf *bytes.Buffer, res *Result, _ Options) error {
	docs, _ := documentsAndRules(res)
	files := make([]checkstyleFile, len(docs))
	at := map[string]int{}
	for i, d := range docs {
		files[i].Name = d
		at[d] = i
	}
	// Findings arrive sorted, so each file's errors are in order too.
	for _, f := range res.Findings {
		i := at[f.File]
		files[i].Errors = append(files[i].Errors, checkstyleError{
			Line:     max(f.Line, 0),
			Column:   max(f.Column, 0),
			Severity: levelWord(f.Severity),
			Message:  fullMessage(f),
			Source:   "concord." + f.Rule,
		})
	}
	return encodeXML(buf, checkstyleReport{Version: "4.3", Files: files})
}
