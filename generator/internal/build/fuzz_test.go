package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/build"
	"derma/generator/internal/linkcheck"
)

// FuzzBuild: the whole pipeline on a one-guide site never panics; a build
// without errors has pages whose links all lead to pages and files it made,
// and every problem names a file of the site.
func FuzzBuild(f *testing.F) {
	f.Add([]byte("---\ntitle: G\ndescription: d\ndate: 2025-01-01\ningredients: [HA, niacinimide]\nfaq:\n  - q: Q?\n    a: A.\n---\n\n## Hi\n\n[r](../ingredients/retinol.md) [x](missing.md)\n"))
	f.Fuzz(func(t *testing.T, guide []byte) {
		fsys := fstest.MapFS{
			"content/site.yaml":              {Data: []byte("title: T\nbase_url: https://example.org/\n")},
			"content/ingredients/retinol.md": {Data: []byte("---\nname: Retinol\naliases: [vitamin A]\n---\nRetinol.\n")},
			"content/guides/g.md":            {Data: guide},
		}
		res := build.Build(fsys, build.Options{Options: optsAt(now)})
		for _, d := range res.Diags {
			if _, ok := fsys[d.Path]; !ok {
				t.Fatalf("diagnostic for a file not in the site: %s", d)
			}
		}
		if !res.OK() {
			return
		}
		if len(res.Outputs) == 0 {
			t.Fatal("a build without errors made nothing")
		}
		// Whatever the guide says, the pages link only to pages and files
		// the build made (fragments are the author's business).
		files := map[string][]byte{}
		for _, o := range res.Outputs {
			files[o.Path] = o.Data
		}
		problems, _ := linkcheck.Check(files, "")
		for _, p := range problems {
			if strings.Contains(p, "broken link") || strings.Contains(p, "not under the base path") {
				t.Fatal(p)
			}
		}
	})
}
