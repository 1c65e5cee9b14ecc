package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// LoadSome reads only the documents the caller does not have and reports
// what LoadAll would, slug clashes with the documents it has included.
func TestLoadSome(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.md": "---\ntitle: A\n---\n\nText.\n",
		"b.md": "---\ntitle: B\nslug: shared\n---\n\nText.\n",
		"c.md": "---\ntitle: C\nslug: shared\n---\n\nText.\n",
		"d.md": "---\ntitle: [broken\n---\n\nText.\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs, err := DiscoverWith(dir, "corpus", Options{})
	if err != nil || len(inputs) != 4 {
		t.Fatalf("DiscoverWith: %v, %d inputs", err, len(inputs))
	}
	describe := func(docs []*Document, problems []string) string {
		var b strings.Builder
		for i, d := range docs {
			if d != nil {
				b.WriteString(inputs[i].Rel + " ")
			}
		}
		return b.String() + "| " + strings.Join(problems, "; ")
	}
	// d.md's front matter is broken: it is still a document, with a problem.
	full, fullErrs, ok := LoadSome(inputs, nil)
	if !ok {
		t.Fatal("LoadSome without documents in hand refused")
	}
	var fullMsgs []string
	for _, e := range fullErrs {
		fullMsgs = append(fullMsgs, e.Error())
	}
	if got := describe(full, nil); got != "a.md b.md c.md d.md | " {
		t.Errorf("all loaded: %s", got)
	}
	if len(fullErrs) != 2 || !strings.Contains(fullMsgs[0], "c.md") || !strings.Contains(fullMsgs[0], `slug "shared"`) {
		t.Errorf("problems: %q", fullMsgs)
	}

	for _, c := range []struct {
		name string
		have []string
		ok   bool
		read string // documents read, by input order
	}{
		{"a in hand", []string{"a", "", "", ""}, true, "b.md c.md d.md "},
		{"the earlier of the clash in hand", []string{"", "shared", "", ""}, true, "a.md c.md d.md "},
		{"the later of the clash in hand", []string{"", "", "shared", ""}, false, ""},
	} {
		docs, errs, ok := LoadSome(inputs, c.have)
		if ok != c.ok {
			t.Errorf("%s: ok %v", c.name, ok)
			continue
		}
		if !ok {
			continue
		}
		if got := describe(docs, nil); got != c.read+"| " {
			t.Errorf("%s: read %q, want %q", c.name, got, c.read)
		}
		var got []string
		for _, e := range errs {
			got = append(got, e.Error())
		}
		if strings.Join(got, "\n") != strings.Join(fullMsgs, "\n") {
			t.Errorf("%s: problems\n%s\nwant\n%s", c.name, strings.Join(got, "\n"), strings.Join(fullMsgs, "\n"))
		}
	}
}
