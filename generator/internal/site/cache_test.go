package site_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/corpus"
	"derma/generator/internal/site"
)

// A load that reuses earlier parses gives the site and messages of a fresh
// load, edit after edit, and parses only the files that changed.
func TestLoadCacheMatchesFreshLoad(t *testing.T) {
	fsys := corpus.Site(60, 1)
	var guide string
	for p := range fsys {
		if strings.HasPrefix(p, "content/guides/") && strings.HasSuffix(p, ".md") {
			guide = p
			break
		}
	}
	src := string(fsys[guide].Data)
	set := func(p, s string) { fsys[p] = &fstest.MapFile{Data: []byte(s)} }
	edits := []struct {
		name   string
		do     func()
		parsed int
	}{
		{"none", func() {}, 0},
		{"title", func() { set(guide, strings.Replace(src, "\ntitle: ", "\ntitle: New ", 1)) }, 1},
		{"broken", func() { set(guide, strings.Replace(src, "\ntitle: ", "\ntitle: [", 1)) }, 1},
		{"broken again", func() {}, 1}, // a file with errors is not kept
		{"fixed", func() { set(guide, src) }, 1},
		{"new", func() { set("content/guides/zz-new.md", "---\ntitle: New\ndate: 2025-01-01\n---\n\nBody.\n") }, 1},
		{"deleted", func() { delete(fsys, "content/guides/zz-new.md") }, 0},
		{"back", func() { set("content/guides/zz-new.md", "---\ntitle: New\ndate: 2025-01-01\n---\n\nBody.\n") }, 1},
	}
	opts := site.Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	cached := opts
	cached.Parsed = site.NewLoadCache()
	site.Load(fsys, cached)
	for _, e := range edits {
		e.do()
		got, gotDiags := site.Load(fsys, cached)
		want, wantDiags := site.Load(fsys, opts)
		if !reflect.DeepEqual(gotDiags, wantDiags) {
			t.Errorf("%s: messages %v, fresh load %v", e.name, gotDiags, wantDiags)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: site differs from a fresh load", e.name)
		}
		if cached.Parsed.Parsed != e.parsed {
			t.Errorf("%s: %d files parsed, want %d", e.name, cached.Parsed.Parsed, e.parsed)
		}
	}
}
