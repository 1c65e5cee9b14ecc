//go:build !unix

package testload

import (
	"testing"
	"time"
)

// ProcessCPU is zero where getrusage is missing.
func ProcessCPU() time.Duration { return 0 }

// ReportCPU reports nothing where ProcessCPU cannot measure.
func ReportCPU(*testing.B, time.Duration) {}
