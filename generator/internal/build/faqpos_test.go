package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/build"
)

// TestFAQPositions: a problem in a FAQ answer is reported at the line and
// column of the file where it is written, however the answer is written.
func TestFAQPositions(t *testing.T) {
	tests := []struct{ name, faq, want string }{
		{"plain", "  - q: One?\n    a: See [bad](nope.md).\n", "7:12:"},
		{"answer first", "  - a: See [bad](nope.md).\n    q: One?\n", "6:12:"},
		{"double quoted", "  - q: One?\n    a: \"See [bad](nope.md).\"\n", "7:13:"},
		{"single quoted", "  - q: One?\n    a: 'See [bad](nope.md).'\n", "7:13:"},
		{"literal block", "  - q: One?\n    a: |\n      Para one.\n\n      Para [bad](nope.md).\n", "10:12:"},
		{"folded block", "  - q: One?\n    a: >-\n      See [bad](nope.md).\n", "8:11:"},
		{"second item", "  - q: One?\n    a: Fine.\n  - q: Two?\n    a: See [bad](nope.md).\n", "9:12:"},
		{"key with a colon in the question", "  - q: \"a: b?\"\n    a: See [bad](nope.md).\n", "7:12:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/site.yaml":   {Data: []byte("title: T\n")},
				"content/guides/f.md": {Data: []byte("---\ntitle: F\ndescription: d.\ndate: 2025-01-01\nfaq:\n" + tt.faq + "---\n\nBody.\n")},
			}
			res := build.Build(fsys, build.Options{Options: optsAt(now)})
			want := "content/guides/f.md:" + tt.want + ` error: broken link "nope.md"`
			if !strings.Contains(res.Diags.Error(), want) {
				t.Errorf("want %s, got\n%s", want, res.Diags.Error())
			}
		})
	}
}
