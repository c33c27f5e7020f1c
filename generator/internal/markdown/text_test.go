package markdown

import (
	stdhtml "html"
	"strings"
	"testing"
)

// textOfSlow is TextOf as first written: the reference of FuzzTextOf.
func textOfSlow(h []byte) string {
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
