package build_test

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/build"
)

const evil = `"><script>alert(1)</script><x a='`

// TestFrontMatterEscaped: every front matter value reaches HTML through
// html/template and JSON-LD through a JSON encoder that escapes <, so a
// hostile value is text on every page that shows it.
func TestFrontMatterEscaped(t *testing.T) {
	q := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) }
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: \"" + q(evil) + "\"\ndescription: \"" + q(evil) + "\"\nauthor: \"" + q(evil) + "\"\nbase_url: https://example.org/\n")},
		"content/guides/g.md": {Data: []byte("---\ntitle: \"" + q(evil) + "\"\ndescription: \"" + q(evil) + "\"\nauthor: \"" + q(evil) + "\"\ndate: 2025-01-01\n" +
			"ingredients: [\"" + q(evil) + "\"]\nconcerns: [\"" + q(evil) + "\"]\ntags: [\"</script>\"]\n" +
			"faq:\n  - q: \"" + q(evil) + "\"\n    a: \"" + q(evil) + "\"\n---\n\nBody <script>alert(2)</script> [x](javascript:alert(3)) ![y](data:text/html,z)\n\n<iframe src=x></iframe>\n")},
		"content/ingredients/i.md": {Data: []byte("---\nname: \"" + q(evil) + "\"\ninci: \"" + q(evil) + "\"\naliases: [\"" + q(evil) + "2\"]\nfunctions: [\"" + q(evil) + "\"]\ndescription: \"" + q(evil) + "\"\n---\n")},
		"content/pages/p.md":       {Data: []byte("---\ntitle: \"" + q(evil) + "\"\n---\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now)})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	themeScript := regexp.MustCompile(`<script( type="application/ld\+json"| src="[^"]*" defer)?>`)
	for _, o := range res.Outputs {
		if o.Source != "" {
			continue
		}
		page := string(o.Data)
		for _, bad := range []string{"alert(1)</script>", "<x a=", "<iframe", "javascript:", "data:text/html", "<script>alert(2)"} {
			if strings.Contains(page, bad) {
				i := strings.Index(page, bad)
				t.Errorf("%s: %q reached the output: …%s…", o.Path, bad, page[max(0, i-80):min(len(page), i+40)])
			}
		}
		if !strings.HasSuffix(o.Path, ".html") {
			continue
		}
		// Every <script> opened is one of the theme's own: JSON-LD or site.js.
		for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
			if !themeScript.MatchString(m) || len(themeScript.FindString(m)) != len(m) {
				t.Errorf("%s: unexpected %s", o.Path, m)
			}
		}
		// JSON-LD holds no raw < at all (a value could otherwise close it).
		for _, m := range regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(page, -1) {
			if strings.ContainsAny(m[1], "<>") {
				t.Errorf("%s: JSON-LD with a raw angle bracket: %s", o.Path, m[1])
			}
			if !strings.Contains(m[1], `\u003c`) && strings.Contains(o.Path, "guides/") {
				t.Errorf("%s: JSON-LD without the escaped title: %s", o.Path, m[1])
			}
		}
	}
	guide := string(outputs(res)["guides/g/index.html"])
	if !strings.Contains(guide, "<h1>&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;x a=&#39;</h1>") {
		t.Errorf("guide title not rendered as text:\n%s", guide)
	}
	if !strings.Contains(guide, "Body  x y") && !strings.Contains(guide, "Body alert(2) x y") {
		t.Errorf("body text around dropped HTML and links: %s", guide[strings.Index(guide, "Body"):][:80])
	}
}

func TestRawHTMLOptIn(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":   {Data: []byte("title: T\nraw_html: true\n")},
		"content/guides/g.md": {Data: []byte("---\ntitle: G\ndescription: d\ndate: 2025-01-01\n---\n\n<div class=\"note\">kept</div>\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now)})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	if !strings.Contains(string(outputs(res)["guides/g/index.html"]), `<div class="note">kept</div>`) {
		t.Error("raw_html: true did not keep the HTML")
	}
}
