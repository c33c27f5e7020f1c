package build_test

import (
	"strings"
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

// An ingredient or mask type whose file cannot be read is not unknown: the
// guides naming it are pointed at that file, not told to write another.
func TestRefToUnloadedEntry(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":                {Data: []byte("title: T\n")},
		"content/ingredients/peptides.md":  {Data: []byte("---\nname: Peptides\naliases: [peptide\n")},
		"content/mask-types/clay/index.md": {Data: []byte("---\nname: [Clay\n---\n")},
		"content/guides/a.md":              {Data: []byte("---\ntitle: A\ndescription: One.\ndate: 2025-01-02\ningredients: [peptide]\nmask_types: [clay mask]\n---\n\nText.\n")},
	}
	got := build.Build(fsys, build.Options{Options: optsAt(now)}).Diags.Error()
	for _, want := range []string{
		`content/guides/a.md:5:15: warning: unknown ingredient "peptide": content/ingredients/peptides.md, which would be its file, could not be read (see its own error)`,
		`content/guides/a.md:6:14: warning: unknown mask type "clay mask": content/mask-types/clay/index.md, which would be its file, could not be read (see its own error)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing\n%s\nin\n%s", want, got)
		}
	}
}
