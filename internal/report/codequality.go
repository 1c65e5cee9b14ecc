package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/concord-guidance/concord/internal/rules"
)

// GitLab Code Quality report (artifacts:reports:codequality): a JSON array of
// issues that GitLab compares between the source and target branches by
// fingerprint, so the fingerprint must not move with line numbers.
type cqIssue struct {
	Description string     `json:"description"`
	CheckName   string     `json:"check_name"`
	Fingerprint string     `json:"fingerprint"`
	Severity    string     `json:"severity"`
	Location    cqLocation `json:"location"`
}

type cqLocation struct {
	Path  string  `json:"path"`
	Lines cqLines `json:"lines"`
}

type cqLines struct {
	Begin int `json:"begin"`
}

func writeCodeQuality(buf *bytes.Buffer, res *Result, _ Options) error {
	issues := make([]cqIssue, 0, len(res.Findings))
	for _, f := range res.Findings {
		issues = append(issues, cqIssue{
			Description: fullMessage(f),
			CheckName:   f.Rule,
			Fingerprint: codeQualityFingerprint(f),
			Severity:    codeQualitySeverity(f.Severity),
			Location:    cqLocation{Path: f.File, Lines: cqLines{Begin: max(f.Line, 1)}},
		})
	}
	return encodeJSON(buf, issues)
}

// codeQualitySeverity maps onto GitLab's info|minor|major|critical|blocker.
func codeQualitySeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "major"
	case rules.Warning:
		return "minor"
	}
	return "info"
}

// codeQualityFingerprint is the finding's content fingerprint. GitLab needs
// one on every issue, so a finding without one (which the pipeline should
// never produce) gets a hash of what identifies it here.
func codeQualityFingerprint(f *rules.Finding) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d\x00%d\x00%s", f.Rule, f.File, f.Line, f.Column, f.Message)))
	return hex.EncodeToString(sum[:8])
}
