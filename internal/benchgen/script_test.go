package benchgen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchScript runs scripts/bench on a small corpus without the anchors
// and checks that its tables have a row for every task it times on each
// corpus shape, with the figures the issue asks of it: throughput, index
// size, every run's figures and, when node is installed, the bytes a
// browser fetches per query. Then --check-only, which times checks alone.
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
	shapes := []string{"gen"}
	// The plain shape's generator lives beside the repository, in the
	// shared benchmark folder, and needs python3.
	genCorpus := filepath.Join(root, "..", "shared", "bench", "gen_corpus.py")
	_, statErr := os.Stat(genCorpus)
	_, pyErr := exec.LookPath("python3")
	if statErr == nil && pyErr == nil {
		shapes = append(shapes, "plain")
	} else {
		t.Logf("no plain shape here (%v; %v)", statErr, pyErr)
	}
	shapeArg := "gen"
	if len(shapes) == 2 {
		shapeArg = "both"
	}
	work := t.TempDir()
	bench := func(args ...string) (medians, perRun map[string]string, text string) {
		t.Helper()
		table := filepath.Join(work, "table.md")
		os.Remove(table)
		args = append([]string{filepath.Join(root, "scripts", "bench"), "--no-anchors", "--runs", "2", "--work", work,
			"--markdown", table, "--shape", shapeArg, "--gen-corpus", genCorpus}, args...)
		cmd := exec.Command("bash", args...)
		cmd.Env = append(os.Environ(), "CONCORD_ANCHORS="+filepath.Join(work, "no-anchors"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("scripts/bench %s: %v\n%s", strings.Join(args[1:], " "), err, out)
		}
		b, err := os.ReadFile(table)
		if err != nil {
			t.Fatalf("no table written: %v\n%s", err, out)
		}
		medians, perRun = map[string]string{}, map[string]string{}
		for _, line := range strings.Split(string(b), "\n") {
			cells := strings.Split(line, "|")
			if len(cells) > 4 && strings.TrimSpace(cells[1]) == "12" {
				key := strings.TrimSpace(cells[2]) + " " + strings.TrimSpace(cells[3])
				// The medians' table comes first; a second row for
				// the same shape and task is the per-run table's.
				if medians[key] == "" {
					medians[key] = line
				} else {
					perRun[key] = line
				}
			}
		}
		return medians, perRun, string(b)
	}

	medians, perRun, text := bench("12")
	if !strings.Contains(text, "| docs | shape | task |") {
		t.Errorf("no shape column in\n%s", text)
	}
	for _, shape := range shapes {
		for _, task := range []string{"check", "check-after-1-change", "build", "build-after-1-change", "search-q1", "search-q2", "search-q3"} {
			key := shape + " " + task
			if medians[key] == "" {
				t.Errorf("no row for %s in\n%s", key, text)
			}
			// Two runs, each with wall time, CPU time and peak memory.
			if cells := strings.Split(perRun[key], "|"); len(cells) != 7 || !strings.Contains(cells[4], "(") || !strings.Contains(cells[5], "(") {
				t.Errorf("no per-run figures for %s: %q", key, perRun[key])
			}
		}
		if !strings.Contains(medians[shape+" build"], "search/:") || !strings.Contains(medians[shape+" build"], "site:") {
			t.Errorf("the build row does not give the index and site sizes: %s", medians[shape+" build"])
		}
		if !strings.Contains(medians[shape+" check-after-1-change"], "× check") {
			t.Errorf("the re-check row has no ratio to the cold check: %s", medians[shape+" check-after-1-change"])
		}
		if _, err := exec.LookPath("node"); err == nil {
			for _, q := range []string{"search-q1", "search-q2", "search-q3"} {
				if row := medians[shape+" "+q]; !strings.Contains(row, "browser fetches") || !strings.Contains(row, "gzipped") {
					t.Errorf("%s %s has no bytes per query: %s", shape, q, row)
				}
			}
		}
	}

	medians, _, text = bench("--check-only", "--concord", filepath.Join(work, "bin", "concord"), "12")
	for _, shape := range shapes {
		for _, task := range []string{"check", "check-after-1-change"} {
			if medians[shape+" "+task] == "" {
				t.Errorf("--check-only: no row for %s %s in\n%s", shape, task, text)
			}
		}
		for _, task := range []string{"build", "build-after-1-change", "search-q1"} {
			if medians[shape+" "+task] != "" {
				t.Errorf("--check-only timed %s %s:\n%s", shape, task, text)
			}
		}
	}
}
