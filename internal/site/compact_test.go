package site

import "testing"

func TestCompactAsset(t *testing.T) {
	for _, c := range []struct{ path, in, want string }{
		{"a.js", "/*\n * header\n */\n(function () {\n  // why\n  var u = \"http://x\"; // kept: could be in a string\n\n  return /a\\/\\/b/.test(u);\n})();\n",
			"(function () {\nvar u = \"http://x\"; // kept: could be in a string\nreturn /a\\/\\/b/.test(u);\n})();\n"},
		{"a.js", "/* one line */\nx();\n", "x();\n"},
		{"a.css", "/* a */\n.a {\n  color: red; /* b */\n}\n\n/* c\n d */\n.b { x: y; }\n", ".a {\ncolor: red;\n}\n.b { x: y; }\n"},
		{"a.svg", "  <svg/>\n\n", "  <svg/>\n\n"},
	} {
		if got := string(compactAsset(c.path, []byte(c.in))); got != c.want {
			t.Errorf("compactAsset(%s, %q) = %q, want %q", c.path, c.in, got, c.want)
		}
	}
}
