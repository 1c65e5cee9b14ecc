package legal

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDumpCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../corpus/*.md")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for n, line := range strings.Split(string(b), "\n") {
			for _, c := range ParseCitations(line) {
				if c.ActName != "" && c.Form == FormTitle || c.Form == FormShort {
					fmt.Printf("C %s:%d %q [%s]\n", filepath.Base(f), n+1, line[c.Start:c.End], c.ActName)
				}
			}
			for _, p := range ParsePenalties(line) {
				lo := max(0, p.Start-60)
				fmt.Printf("P %s:%d ...%s[[%s]] m=%d\n", filepath.Base(f), n+1, line[lo:p.Start], line[p.Start:p.End], p.Months)
			}
		}
	}
}
