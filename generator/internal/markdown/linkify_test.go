package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	gfmReference = goldmark.New(goldmark.WithExtensions(extension.GFM))
	gfmQuick     = goldmark.New(goldmark.WithExtensions(gfm{}))
)

// sameAsGFM requires the quick autolinks to give what goldmark's GFM gives,
// the names of task boxes and the scrolling boxes of tables aside.
func sameAsGFM(t *testing.T, src string) {
	t.Helper()
	var want, got bytes.Buffer
	if err := gfmReference.Convert([]byte(src), &want); err != nil {
		t.Fatal(err)
	}
	if err := gfmQuick.Convert([]byte(src), &got); err != nil {
		t.Fatal(err)
	}
	// The boxes of task lists are named, which goldmark's are not.
	named := bytes.ReplaceAll(bytes.ReplaceAll(got.Bytes(), []byte(` aria-label="done"`), nil), []byte(` aria-label="to do"`), nil)
	named = bytes.ReplaceAll(tableBox.ReplaceAll(named, nil), []byte("</table>\n</div>\n"), []byte("</table>\n"))
	if !bytes.Equal(named, want.Bytes()) {
		t.Errorf("%q:\n got %s\nwant %s", src, got.Bytes(), want.Bytes())
	}
}

var tableBox = regexp.MustCompile(`<div class="table-wrap" role="region" tabindex="0" aria-label="[^"]*">`)

func TestLinkifySameAsGFM(t *testing.T) {
	for _, src := range []string{
		"Visit www.example.org today, or https://example.org/a?b=c.",
		"Mail info@example.org or (ask@derma.example) now.",
		"*www.example.org* _http://x.org_ ~ftp://files.example.org~",
		"no links here, just words: a@ b@c @d e.f@g.h",
		"line one\nhttp://example.org at a line head\n\twww.tab.example",
		"| a | b |\n|---|---|\n| www.x.org | y@z.org |\n\n- [ ] task ~~gone~~",
		"[label www.x.org](/y) and <http://z.org> and `www.code.org`",
		"httpx://no.org hTTp://case.org WWW.upper.org www.",
		"end with @",
		"",
	} {
		sameAsGFM(t, src)
	}
}

// FuzzLinkify: for any text the quick autolinks are goldmark's GFM ones.
func FuzzLinkify(f *testing.F) {
	f.Add("Visit www.example.org or mail a@b.org (http://x.org).")
	f.Add("*www.x.org* _y@z.org_ ~ftp://f.org~")
	f.Fuzz(func(t *testing.T, src string) { sameAsGFM(t, src) })
}

func TestTableBox(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"| Acid | *Type* |\n|---|---|\n| a | b |", `<div class="table-wrap" role="region" tabindex="0" aria-label="Table: Acid, Type"><table>`},
		{"| a | b | c | d | e |\n|---|---|---|---|---|\n| 1 | 2 | 3 | 4 | 5 |", `aria-label="Table: a, b, c, d…"`},
		{"|  |  |\n|---|---|\n| 1 | 2 |", `aria-label="Table"`},
		{"| \"x\" & <y> |\n|---|\n| 1 |", `aria-label="Table: &quot;x&quot; &amp;"`},
	} {
		var got bytes.Buffer
		if err := gfmQuick.Convert([]byte(c.src), &got); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got.String(), c.want) || !strings.HasSuffix(got.String(), "</table>\n</div>\n") {
			t.Errorf("%q:\n got %s\nwant %s… </table></div>", c.src, got.String(), c.want)
		}
	}
}
