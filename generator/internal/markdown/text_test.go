package markdown

import (
	"bytes"
	stdhtml "html"
	"regexp"
	"strings"
	"testing"
)

var blockTag = regexp.MustCompile(`<(/?(?:p|br|div|li|td|th|tr|table|ul|ol|dt|dd|dl|h[1-6]|blockquote|pre|caption|section|hr|figcaption))([^a-z0-9]|$)`)

// textOfSlow is TextOf as first written: the reference of FuzzTextOf.
func textOfSlow(h []byte) string {
	h = blockTag.ReplaceAll(h, []byte(" <$1$2"))
	var b strings.Builder
	in := false
	for _, c := range string(h) {
		switch {
		case c == '<':
			in = true
		case c == '>':
			in = false
		case !in:
			b.WriteRune(c)
		}
	}
	return strings.Join(strings.Fields(stdhtml.UnescapeString(b.String())), " ")
}

func TestTextOf(t *testing.T) {
	for _, h := range []string{
		"<p>Pat it in, <em>gently</em>.</p>\n",
		"<p>A &amp; B&nbsp;&lt;C&gt; caf\u00e9\u2003 x</p>\n<ul>\n<li>one</li>\n</ul>\n",
		"<table><tr><th>Field</th><th>Serum</th></tr><tr><td>Order</td><td>40</td></tr></table>", "a<br>b<pre>c</pre><param>d",
		"  \t\n", "", "no tags", "<a href=\"x\">\xff\xfe bad</a> &#x41;",
	} {
		if got, want := TextOf([]byte(h)), textOfSlow([]byte(h)); got != want {
			t.Errorf("TextOf(%q) = %q, want %q", h, got, want)
		}
	}
}

func FuzzTextOf(f *testing.F) {
	f.Add("<p>A &amp; B&nbsp;<em>c</em>\u2003d</p>\n")
	f.Fuzz(func(t *testing.T, h string) {
		if got, want := TextOf([]byte(h)), textOfSlow([]byte(h)); got != want {
			t.Errorf("TextOf(%q) = %q, want %q", h, got, want)
		}
	})
}

func TestTextOfCells(t *testing.T) {
	if got := TextOf([]byte("<table><tr><th>Field</th><th>Serum</th></tr><tr><td>Order</td><td>40</td></tr></table>")); got != "Field Serum Order 40" {
		t.Errorf("cells run together: %q", got)
	}
}

// TestNoFootnotes: an answer read as one passage leaves out its footnote
// marks and notes, and keeps every other superscript.
func TestNoFootnotes(t *testing.T) {
	d := &Doc{Path: "content/guides/a.md", Line: 3, Source: []byte("Yes.[^1] Twice<sup>2</sup> a week.\n\n[^1]: A note.\n"), footnotes: "a1-"}
	var buf bytes.Buffer
	New(Options{RawHTML: true}).Render(d, &buf)
	if got := TextOf(NoFootnotes(buf.Bytes())); got != "Yes. Twice2 a week." {
		t.Errorf("text = %q from %s", got, buf.Bytes())
	}
	if got := string(NoFootnotes([]byte("<p>plain</p>"))); got != "<p>plain</p>" {
		t.Errorf("no footnotes: %q", got)
	}
}
