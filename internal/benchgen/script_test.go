package benchgen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchScript runs scripts/bench on a small corpus without the anchors
// and checks that its table has a row for every task it times, with the
// figures the issue asks of it: throughput, index size and, when node is
// installed, the bytes a browser fetches per query.
func TestBenchScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds concord and runs whole commands")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	table := filepath.Join(work, "table.md")
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "bench"), "--no-anchors", "--runs", "1",
		"--work", work, "--markdown", table, "12")
	cmd.Env = append(os.Environ(), "CONCORD_ANCHORS="+filepath.Join(work, "no-anchors"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/bench: %v\n%s", err, out)
	}
	b, err := os.ReadFile(table)
	if err != nil {
		t.Fatalf("no table written: %v\n%s", err, out)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) > 3 && strings.TrimSpace(cells[1]) == "12" {
			rows[strings.TrimSpace(cells[2])] = line
		}
	}
	for _, task := range []string{"check", "check-after-1-change", "build", "build-after-1-change", "search-q1", "search-q2", "search-q3"} {
		if rows[task] == "" {
			t.Errorf("no row for %s in\n%s", task, b)
		}
	}
	if !strings.Contains(rows["build"], "search/:") {
		t.Errorf("the build row does not give the index size: %s", rows["build"])
	}
	if !strings.Contains(rows["check-after-1-change"], "× check") {
		t.Errorf("the re-check row has no ratio to the cold check: %s", rows["check-after-1-change"])
	}
	if _, err := exec.LookPath("node"); err == nil {
		for _, q := range []string{"search-q1", "search-q2", "search-q3"} {
			if !strings.Contains(rows[q], "browser fetches") || !strings.Contains(rows[q], "gzipped") {
				t.Errorf("%s has no bytes per query: %s", q, rows[q])
			}
		}
	}
}
