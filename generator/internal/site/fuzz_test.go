package site_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/site"
)

// FuzzLoad: any guide, ingredient or page file loads without a panic, and
// every problem names a file of the site at a line it has.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(okGuide), uint8(0))
	f.Add([]byte("---\nname: Retinol\naliases: retinol\ntime: pm\n---\n"), uint8(1))
	f.Add([]byte("---\ntitle: About\nslug: ../x\n---\n"), uint8(2))
	f.Fuzz(func(t *testing.T, src []byte, where uint8) {
		p := [...]string{"content/guides/x.md", "content/ingredients/x.md", "content/pages/x.md", "content/mask-types/x.md", "content/products/x.md"}[int(where)%5]
		fsys := fstest.MapFS{
			"content/site.yaml": {Data: []byte(siteYAML)},
			p:                   {Data: src},
		}
		_, d := site.Load(fsys, site.Options{Now: now})
		text := strings.ReplaceAll(string(src), "\r\n", "\n")
		lines := 1 + strings.Count(strings.ReplaceAll(text, "\r", "\n"), "\n")
		for _, x := range d {
			if x.Path == p && x.Line > lines+1 {
				t.Fatalf("line %d of a %d-line file: %s", x.Line, lines, x)
			}
			if x.Path != p && x.Path != "content/site.yaml" {
				t.Fatalf("diagnostic for %q: %s", x.Path, x)
			}
			if x.Line < 0 || x.Col < 0 {
				t.Fatalf("negative position: %s", x)
			}
		}
	})
}
