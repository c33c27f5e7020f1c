package linkcheck_test

import (
	"strings"
	"testing"

	"derma/generator/internal/linkcheck"
)

func TestCheck(t *testing.T) {
	files := map[string][]byte{
		"index.html":            []byte(`<a href="/docs/guides/a/">a</a> <a href="/docs/guides/a/#part">p</a> <a href="#top">t</a> <h1 id="top">x</h1> <img src="/docs/img/x%20y.png"> <a href="https://example.org/">e</a>`),
		"guides/a/index.html":   []byte(`<h2 id="part">Part</h2><h2 id="crème">C</h2><a href="/docs/guides/a/#cr%C3%A8me">c</a>`),
		"img/x y.png":           nil,
		"guides/bad/index.html": []byte(`<a href="/docs/nope/">n</a> <a href="/docs/guides/a/#gone">g</a> <a href="#missing">m</a> <a href="/guides/a/">outside base</a>`),
	}
	problems, checked := linkcheck.Check(files, "/docs")
	got := strings.Join(problems, "\n")
	want := strings.Join([]string{
		`guides/bad/index.html: broken link "/docs/nope/" (no nope/index.html in the output)`,
		`guides/bad/index.html: link "#missing": no id "missing" in the page`,
		`guides/bad/index.html: link "/docs/guides/a/#gone": no id "gone" in guides/a/index.html`,
		`guides/bad/index.html: link "/guides/a/" is not under the base path "/docs/"`,
	}, "\n")
	if got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	if checked != 7 {
		t.Errorf("checked %d links, want 7", checked)
	}
}
