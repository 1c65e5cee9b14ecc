package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/concord-guidance/concord/internal/rules"
)

// GitHub shows at most this many annotations of one type (error, warning,
// notice) per step, and githubJobLimit in all per job; the rest are only in
// the log.
const (
	githubTypeLimit = 10
	githubJobLimit  = 50
)

// writeGitHub writes GitHub Actions workflow commands, one annotation per
// finding:
//
//	::error file=PATH,line=N,endLine=N,col=N,endColumn=N,title=concord RULE::MESSAGE
//
// Annotations never fail a job; the exit code does.
func writeGitHub(buf *bytes.Buffer, res *Result, _ Options) error {
	counts := map[string]int{}
	for _, f := range res.Findings {
		cmd := githubCommand(f.Severity)
		counts[cmd]++
		props := []string{"file=" + githubProperty(f.File)}
		if f.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Line))
			if f.EndLine >= f.Line {
				props = append(props, fmt.Sprintf("endLine=%d", f.EndLine))
			}
			if f.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Column))
				if f.EndColumn > 0 && (f.EndLine > f.Line || f.EndColumn >= f.Column) {
					props = append(props, fmt.Sprintf("endColumn=%d", f.EndColumn))
				}
			}
		}
		props = append(props, "title="+githubProperty("concord "+f.Rule))
		fmt.Fprintf(buf, "::%s %s::%s\n", cmd, strings.Join(props, ","), githubMessage(githubText(f)))
	}
	var over []string
	for _, cmd := range []string{"error", "warning", "notice"} {
		if counts[cmd] > githubTypeLimit {
			over = append(over, plural(counts[cmd], cmd))
		}
	}
	if len(over) > 0 {
		msg := fmt.Sprintf("concord reported %s. GitHub shows only %d annotations of each type per step and %d per job, so some are only in this log. Upload the SARIF report (--format sarif) to code scanning to see them all.",
			strings.Join(over, " and "), githubTypeLimit, githubJobLimit)
		fmt.Fprintf(buf, "::notice::%s\n", githubMessage(msg))
	}
	return nil
}

func githubCommand(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// githubText is the annotation's text: the message and suggestion, then the
// related places, one to a line.
func githubText(f *rules.Finding) string {
	msg := fullMessage(f)
	for _, r := range f.Related {
		msg += "\nRelated: " + textPosition(r.File, r.Line, r.Column)
		if r.Message != "" {
			msg += ": " + r.Message
		}
	}
	return msg
}

// githubMessage escapes a command's message: % first, then CR and LF.
func githubMessage(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a command property value: as a message, plus : and ,
// which would otherwise end the value.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
