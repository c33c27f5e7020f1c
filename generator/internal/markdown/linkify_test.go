package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	gfmReference = goldmark.New(goldmark.WithExtensions(extension.GFM))
	gfmQuick     = goldmark.New(goldmark.WithExtensions(gfm{}))
)

// sameAsGFM requires the quick autolinks to give what goldmark's GFM gives,
// the names of task boxes aside.
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
	if !bytes.Equal(named, want.Bytes()) {
		t.Errorf("%q:\n got %s\nwant %s", src, got.Bytes(), want.Bytes())
	}
}

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
