package wording

import (
	"testing"
)

const stalkingDefinition = "Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking and the person pursuing the conduct knows or ought to know that it amounts to harassment."

func TestForReaders(t *testing.T) {
	cases := []struct {
		name, canonical, actual, want string
	}{
		{
			name:      "fear added, elements dropped: shared small words join a phrase",
			canonical: stalkingDefinition,
			actual:    "Stalking is a course of conduct amounting to harassment, involving acts associated with stalking, that causes the victim fear or alarm.",
			want:      "leaves out: *of another person*, *where the acts or omissions*, *are ones*, *and the person pursuing the conduct knows or ought to know that it amounts to harassment*; adds: *acts*, *that causes the victim fear or alarm*",
		},
		{
			name:      "a different definition altogether",
			canonical: stalkingDefinition,
			actual:    "Stalking means persistent unwanted online attention that leaves a person feeling uneasy or watched.",
			want:      "leaves out: *is a course of conduct that amounts to harassment of another*, *where the acts or omissions involved are ones associated with stalking and the person pursuing the conduct knows or ought to know that it amounts to harassment*; adds: *means persistent unwanted online attention that leaves*, *feeling uneasy or watched*",
		},
		{
			name:      "one word swapped",
			canonical: "an order made on conviction or acquittal to protect a person from harassment",
			actual:    "an order made on conviction to protect the victim from harassment",
			want:      "leaves out: *or acquittal*, *a person*; adds: *the victim*",
		},
		{
			name:      "only words dropped",
			canonical: "a course of conduct that amounts to harassment of another person",
			actual:    "a course of conduct that amounts to harassment",
			want:      "leaves out: *of another person*",
		},
		{
			name:      "only words added",
			canonical: "a course of conduct",
			actual:    "a course of conduct that causes fear",
			want:      "adds: *that causes fear*",
		},
		{
			name:      "inflection and case are not changes",
			canonical: "Stalking is a course of conduct that amounts to harassment",
			actual:    "stalking is a course of conduct amounting to harassment",
			want:      "",
		},
		{
			name:      "a lone small word is not worth saying",
			canonical: "conduct that amounts to harassment",
			actual:    "conduct amounting to harassment",
			want:      "",
		},
		{
			name:      "a shared content word ends the phrase",
			canonical: "old words here kept more old words",
			actual:    "new text here kept more new text",
			want:      "leaves out: *old words*, *old words*; adds: *new text*, *new text*",
		},
		{
			name:      "punctuation between changes ends the phrase",
			canonical: "red, blue",
			actual:    "green, yellow",
			want:      "leaves out: *red*, *blue*; adds: *green*, *yellow*",
		},
		{name: "empty", canonical: "", actual: "", want: ""},
		{name: "all new", canonical: "", actual: "new words", want: "adds: *new words*"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ForReaders(Diff(c.canonical, c.actual), nil); got != c.want {
				t.Errorf("ForReaders:\n got %s\nwant %s\n(diff %s)", got, c.want, Plain(Diff(c.canonical, c.actual)))
			}
		})
	}
}

func TestForReadersMarks(t *testing.T) {
	ops := Diff("a course of conduct", "a pattern of conduct")
	got := ForReaders(ops, func(kind, p string) string { return "<" + kind + ">" + p })
	if want := "leaves out: <delete>*course*; adds: <insert>*pattern*"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPhrasesTrim(t *testing.T) {
	cases := []struct{ in, want string }{
		{" , that causes the victim fear or alarm .", "that causes the victim fear or alarm"},
		{"that leaves a ", "that leaves"},
		{"harassment , involving", "harassment, involving"},
		{"(s.4A) ", "(s.4A)"},
	}
	for _, c := range cases {
		if got := tidyPhrase(c.in); got != c.want {
			t.Errorf("tidyPhrase(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
