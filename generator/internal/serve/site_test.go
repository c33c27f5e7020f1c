package serve

import (
	"os"
	"path/filepath"
	"testing"
)

// tiny is a small site: two guides, two ingredients, one mask type.
var tiny = map[string]string{
	"content/site.yaml": "title: Test Notes\nbase_url: https://notes.example.org/\nauthor: Editors\n",
	"content/guides/first.md": `---
title: First guide
description: The first guide.
date: 2025-01-02
ingredients: [HA, retinol]
mask_types: [sheet]
concerns: [dryness]
---

Old text about hydration.
`,
	"content/guides/second.md": `---
title: Second guide
description: The second guide.
date: 2025-01-03
ingredients: [retinol]
concerns: [dryness, texture]
tags: [night]
---

Second body, see [the first](first.md).
`,
	"content/ingredients/hyaluronic-acid.md": "---\nname: Hyaluronic Acid\naliases: [HA]\ndescription: A humectant.\n---\n\nHolds water.\n",
	"content/ingredients/retinol.md":         "---\nname: Retinol\ntime: [pm]\ndescription: A retinoid.\n---\n\nAt night.\n",
	"content/mask-types/sheet.md":            "---\nname: Sheet mask\nstep: before-serum\ndescription: A soaked sheet.\n---\n\nTen minutes.\n",
	"content/pages/about.md":                 "---\ntitle: About\n---\n\nAbout us.\n",
	"content/images/dot.svg":                 `<svg xmlns="http://www.w3.org/2000/svg"/>`,
}

func writeSite(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for p, body := range files {
		writeFile(t, filepath.Join(dir, p), body)
	}
}

func writeFile(t testing.TB, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// saveByRename saves the way many editors do: a new file renamed over the old.
func saveByRename(t testing.TB, p, body string) {
	t.Helper()
	tmp := p + ".tmp"
	writeFile(t, tmp, body)
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}
