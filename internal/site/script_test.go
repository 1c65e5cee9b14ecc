package site

import "testing"

func TestPublishedScript(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"comments and indentation go",
			"/*\n * header\n */\n(function () {\n  // why\n  var a = 1; // kept\n\n  /* one line */\n  return a;\n})();\n",
			"(function () {\nvar a = 1; // kept\nreturn a;\n})();\n"},
		{"a regular expression with slashes stays", "  var re = /[*?]/, b = /\\/\\//;\n", "var re = /[*?]/, b = /\\/\\//;\n"},
		{"a string holding // stays", "  s = \"// not a comment\";\n", "s = \"// not a comment\";\n"},
		{"code after a comment on one line stays", "  /* a */ x = 1;\n", "/* a */ x = 1;\n"},
		{"two comments on one line stay", "/* a */ /* b */\n", "/* a */ /* b */\n"},
		{"a template literal: as it is", "var s = `\n// in a string\n`;\n", "var s = `\n// in a string\n`;\n"},
		{"a continued string: as it is", "var s = \"a\\\n// in a string\";\n", "var s = \"a\\\n// in a string\";\n"},
		{"code after a block's end: as it is", "/* a\n b */ x = 1;\n", "/* a\n b */ x = 1;\n"},
		{"an unclosed block: as it is", "/* a\n", "/* a\n"},
	} {
		if got := string(publishedScript([]byte(c.in))); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
