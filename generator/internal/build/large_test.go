package build_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/build"
)

// TestLargeAndDeepInput: a 10 MB guide and guides nested thousands of levels
// deep build (or are refused with a message), never crash, in bounded time.
func TestLargeAndDeepInput(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	head := "---\ntitle: Big\ndescription: d\ndate: 2025-01-01\n---\n\n"
	para := "A *sheet mask* holds a [serum](/guides/) against the skin, with `code` and **bold** text.\n\n- one\n- two\n\n> a quote\n\n"
	big := head + strings.Repeat(para, (10<<20)/len(para)+1)
	tests := []struct {
		name, guide string
		limit       time.Duration
	}{
		{"10 MB guide", big, 2 * time.Minute},
		{"5000 nested blockquotes", head + strings.Repeat(">", 5000) + " deep\n", 10 * time.Second},
		{"5000 nested lists", head + strings.Repeat("- ", 5000) + "deep\n", 10 * time.Second},
		{"5000 nested ordered lists", head + strings.Repeat("1. ", 5000) + "deep\n", 10 * time.Second},
		{"5000 quotes and lists", head + strings.Repeat("> - ", 2500) + "deep\n", 10 * time.Second},
		{"10 MB line", head + strings.Repeat("x", 10<<20) + "\n", 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/site.yaml":   {Data: []byte("title: T\nbase_url: https://example.org/\n")},
				"content/guides/g.md": {Data: []byte(tt.guide)},
			}
			start := time.Now()
			res := build.Build(fsys, build.Options{Options: optsAt(now)})
			if !res.OK() {
				t.Fatal(res.Diags.Error())
			}
			if el := time.Since(start); el > tt.limit {
				t.Errorf("took %v, more than %v", el, tt.limit)
			} else {
				t.Logf("built in %v", el)
			}
			if _, ok := outputs(res)["guides/g/index.html"]; !ok {
				t.Error("no guide page")
			}
		})
	}
}
