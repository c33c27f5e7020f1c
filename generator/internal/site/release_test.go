package site_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/site"
)

// A released body read again is the body that was loaded, and a file that
// no longer ends with it is an error, never a page mixing two versions.
func TestReadBody(t *testing.T) {
	const head = "---\ntitle: A\ndescription: d\ndate: 2025-01-02\n---\n"
	tests := []struct {
		name, loaded, now string
		err               bool
	}{
		{"unchanged", head + "Body\n", head + "Body\n", false},
		{"front matter changed", head + "Body\n", strings.Replace(head, "title: A", "title: Another", 1) + "Body\n", false},
		{"lone carriage returns", head + "Line one\rline two\r", head + "Line one\rline two\r", false},
		{"windows lines", strings.ReplaceAll(head+"Body\nmore\n", "\n", "\r\n"), strings.ReplaceAll(head+"Body\nmore\n", "\n", "\r\n"), false},
		{"body changed", head + "Body\n", head + "Bodz\n", true},
		{"shorter", head + "Body with words\n", "Body\n", true},
		{"gone", head + "Body\n", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/site.yaml":   {Data: []byte(siteYAML)},
				"content/guides/a.md": {Data: []byte(tt.loaded)},
			}
			s, d := site.Load(fsys, site.Options{Now: now})
			if d.HasErrors() || len(s.Guides) != 1 {
				t.Fatalf("load: %s", messages(d))
			}
			g := s.Guides[0]
			want := string(g.Body)
			g.Release()
			if g.Body != nil {
				t.Fatal("Release kept the body")
			}
			if tt.now == "" {
				delete(fsys, "content/guides/a.md")
			} else {
				fsys["content/guides/a.md"] = &fstest.MapFile{Data: []byte(tt.now)}
			}
			if g.BodySize() != len(want) {
				t.Errorf("BodySize %d, want %d", g.BodySize(), len(want))
			}
			big := make([]byte, 0, 4096)
			for _, scratch := range []*[]byte{nil, new([]byte), &big} {
				g.Release()
				err := g.ReadBody(fsys, scratch)
				if (err != nil) != tt.err {
					t.Fatalf("ReadBody: %v, want error %v", err, tt.err)
				}
				if err == nil && string(g.Body) != want {
					t.Errorf("body %q, loaded %q", g.Body, want)
				}
				if tt.err && g.Body != nil {
					t.Errorf("a failed ReadBody set the body to %q", g.Body)
				}
			}
		})
	}
}
