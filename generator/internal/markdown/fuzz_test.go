package markdown_test

import (
	"bytes"
	"strings"
	"testing"

	"derma/generator/internal/markdown"
)

// FuzzRender: the Markdown pipeline with derma's link extension and raw HTML
// removal never panics, never lets a javascript:/data: target or a raw tag
// through, and reports problems inside the document.
func FuzzRender(f *testing.F) {
	f.Add("See [b](sub/b.md#x) and [gone](gone.md).\n", false)
	f.Add("[x](javascript:alert(1)) <script>x</script>\n", false)
	f.Add("| a |\n|---|\n| [x](../ingredients/retinol.md) |\n\nNote[^1]\n\n[^1]: foot\n", true)
	f.Fuzz(func(t *testing.T, src string, raw bool) {
		md := markdown.New(markdown.Options{RawHTML: raw, Links: testLinks()})
		d := &markdown.Doc{Path: "content/guides/a.md", Line: 4, Source: []byte(src)}
		var buf bytes.Buffer
		md.Render(d, &buf)
		out := strings.ToLower(buf.String())
		lines := 4 + strings.Count(src, "\n")
		for _, x := range d.Diags {
			if x.Path != d.Path || x.Line < 4 || x.Line > lines {
				t.Fatalf("diagnostic outside the document (lines 4-%d): %s", lines, x)
			}
		}
		if raw {
			return
		}
		for _, attr := range []string{`href="`, `src="`} {
			for rest := out; ; {
				i := strings.Index(rest, attr)
				if i < 0 {
					break
				}
				rest = rest[i+len(attr):]
				v, _, _ := strings.Cut(rest, `"`)
				if markdown.Dangerous(v) {
					t.Fatalf("dangerous %s%s\" in output:\n%s", attr, v, buf.String())
				}
			}
		}
		if strings.Contains(out, "<script") || strings.Contains(out, "<iframe") {
			t.Fatalf("raw HTML in output:\n%s", buf.String())
		}
	})
}
