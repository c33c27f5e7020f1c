package build_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/build"
)

// TestLargeAndDeepInput: a 10 MB guide builds, and guides nested thousands
// of levels deep build flattened, with a warning at their line, in bounded
// time.
func TestLargeAndDeepInput(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	head := "---\ntitle: Big\ndescription: d\ndate: 2025-01-01\n---\n\n"
	para := "A *sheet mask* holds a [serum](/guides/) against the skin, with `code` and **bold** text.\n\n- one\n- two\n\n> a quote\n\n"
	big := head + strings.Repeat(para, (10<<20)/len(para)+1)
	deep := func(prefix string, n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(strings.Repeat(prefix, i) + "- x\n")
		}
		return b.String()
	}
	tests := []struct {
		name, guide string
		limit       time.Duration
		warned      string // the warning, "" when there is none
	}{
		{"10 MB guide", big, 2 * time.Minute, ""},
		{"10 MB line", head + strings.Repeat("x", 10<<20) + "\n", 30 * time.Second, ""},
		{"5000 nested blockquotes", head + strings.Repeat(">", 5000) + " deep\n", 10 * time.Second, "content/guides/g.md:7: warning: lists and block quotes nested more than 100 levels deep"},
		{"5000 nested lists", head + deep("  ", 5000), 10 * time.Second, "content/guides/g.md:107: warning: lists and block quotes nested more than 100 levels deep"},
		{"5000 nested ordered lists", head + strings.Repeat("1. ", 5000) + "deep\n", 10 * time.Second, "content/guides/g.md:7: warning: lists"},
		{"5000 quotes and lists", head + strings.Repeat("> - ", 2500) + "deep\n", 10 * time.Second, "content/guides/g.md:7: warning: lists"},
		{"in a FAQ answer", "---\ntitle: Big\ndescription: d\ndate: 2025-01-01\nfaq:\n  - q: Q?\n    a: \"" + strings.Repeat("> ", 500) + "\"\n---\n", 10 * time.Second, "content/guides/g.md:7: warning: lists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/site.yaml":   {Data: []byte("title: T\nbase_url: https://example.org/\n")},
				"content/guides/g.md": {Data: []byte(tt.guide)},
			}
			start := time.Now()
			res := build.Build(fsys, build.Options{Options: optsAt(now)})
			if el := time.Since(start); el > tt.limit {
				t.Errorf("took %v, more than %v", el, tt.limit)
			} else {
				t.Logf("done in %v", el)
			}
			if !res.OK() {
				t.Fatal(res.Diags.Error())
			}
			if got := res.Diags.Error(); !strings.HasPrefix(got, tt.warned) || tt.warned == "" && got != "" {
				t.Errorf("diagnostics:\n%s\nwant %q", got, tt.warned)
			}
			if _, ok := outputs(res)["guides/g/index.html"]; !ok {
				t.Error("no guide page")
			}
		})
	}
}
