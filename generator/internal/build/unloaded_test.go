package build_test

import (
	"testing"
	"testing/fstest"

	"derma/generator/internal/build"
)

// A guide whose front matter cannot be read is reported once, at its own
// line: the guides linking to it get a warning that points there, not a
// broken link each.
func TestLinkToUnloadedFile(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":   {Data: []byte("title: T\n")},
		"content/guides/a.md": {Data: []byte("---\ntitle: A\ndescription: One.\ndate: 2025-01-02\n---\n\nSee [b](b.md).\n")},
		"content/guides/b.md": {Data: []byte("---\ntitle: [B\ndescription: Two.\ndate: 2025-01-03\n---\n\nText.\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now)})
	want := "content/guides/a.md:7:5: warning: link \"b.md\" goes to content/guides/b.md, which could not be read (see its own error); the text is kept without a link\n" +
		"content/guides/b.md:2: error: invalid YAML front matter: did not find expected ',' or ']'"
	if got := res.Diags.Error(); got != want {
		t.Errorf("messages:\n%s\nwant:\n%s", got, want)
	}
}
