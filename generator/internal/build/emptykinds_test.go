package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/site"
)

// TestBlocksOnEmptyKinds: a site with no product kinds or mask types yet is
// told how to add the first, instead of a list of none or an empty table.
func TestBlocksOnEmptyKinds(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: T\n")},
		"content/guides/a.md": {Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2024-01-01\n---\n\n" +
			"```routine\nsteps: [cleanser]\n```\n\n```compare\nkind: mask-types\n```\n\n```compare\nkind: ingredients\nitems: [Niacinamide]\n```\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	got := res.Diags.Error()
	for _, want := range []string{
		`content/guides/a.md:8:9: warning: unknown product kind "cleanser" in routine step: add content/products/cleanser.md to write one up`,
		`content/guides/a.md:12:7: warning: compare block has nothing to compare: the site has no mask types yet; add content/mask-types/NAME.md`,
		`content/guides/a.md:17:9: error: unknown ingredient "Niacinamide" in compare items: the site has no ingredient files yet; add content/ingredients/niacinamide.md to write one`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing\n%s\nin\n%s", want, got)
		}
	}
}

// TestStepStubs: a routine step that names no product kind or mask type is a
// reference like any other: a warning, and a stub page listing the routine
// (a mask type when the name ends in mask). An ingredient written as a step,
// or a step the block cannot read, stays an error and makes no page.
func TestStepStubs(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":              {Data: []byte("title: T\n")},
		"content/products/cleanser.md":   {Data: []byte("---\nname: Cleanser\norder: 10\n---\n")},
		"content/ingredients/retinol.md": {Data: []byte("---\nname: Retinol\n---\n")},
		"content/guides/a.md": {Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2024-01-01\n---\n\n" +
			"```routine\ntime: pm\nsteps:\n  - cleanser\n  - toner: [glycerin]\n  - jelly mask\n  - face mask\n  - cleanser with retinol\n```\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	got := res.Diags.Error()
	for _, want := range []string{
		`content/guides/a.md:11:5: warning: unknown product kind "toner" in routine step: add content/products/toner.md to write one up`,
		`content/guides/a.md:12:5: warning: unknown mask type "jelly mask" in routine step: add content/mask-types/jelly.md to write one up`,
		`content/guides/a.md:14:5: warning: unknown product kind "cleanser with retinol" in routine step: it names the product kind Cleanser and the ingredient Retinol; write - cleanser: Retinol`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing\n%s\nin\n%s", want, got)
		}
	}
	out := outputs(res)
	for _, p := range []string{"products/toner/index.html", "mask-types/jelly/index.html", "products/face-mask/index.html"} {
		if !strings.Contains(string(out[p]), `href="/guides/a/#routine`) {
			t.Errorf("%s does not list the routine", p)
		}
	}

	fsys["content/guides/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2024-01-01\n---\n\n" +
		"```routine\nsteps:\n  - cleanser\n  - retinol\n  - cleanser:HA\n```\n")}
	res = build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	got = res.Diags.Error()
	for _, want := range []string{
		`content/guides/a.md:10:5: error: unknown routine step "retinol": Retinol is an ingredient`,
		`content/guides/a.md:11:5: error: unknown routine step "cleanser:HA": put a space after the colon`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing\n%s\nin\n%s", want, got)
		}
	}
	if n := len(res.Site.Entries[site.Product]); n != 1 {
		t.Errorf("%d product kinds, want the cleanser alone", n)
	}
}

// TestStepStubOneName: a step "jelly mask" and a guide's mask_types: [jelly]
// or [jelly mask] name one stub at one address, whichever guide the build
// reads first, and every warning names the same file to write.
func TestStepStubOneName(t *testing.T) {
	for _, name := range []string{"jelly", "jelly mask", "Jelly Masks"} {
		for _, dates := range [][2]string{{"2024-01-01", "2024-02-01"}, {"2024-02-01", "2024-01-01"}} {
			fsys := fstest.MapFS{
				"content/site.yaml":            {Data: []byte("title: T\n")},
				"content/products/cleanser.md": {Data: []byte("---\nname: Cleanser\norder: 10\n---\n")},
				"content/guides/a.md":          {Data: []byte("---\ntitle: A\ndescription: d.\ndate: " + dates[0] + "\n---\n\n```routine\nsteps:\n  - cleanser\n  - jelly mask\n```\n")},
				"content/guides/b.md":          {Data: []byte("---\ntitle: B\ndescription: d.\ndate: " + dates[1] + "\nmask_types: [" + name + "]\n---\n\nSee [jelly masks](/mask-types/jelly/).\n")},
			}
			res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
			if !res.OK() {
				t.Fatalf("%s, dates %v: %s", name, dates, res.Diags.Error())
			}
			// The guide about it, b; a's routine is listed with the routines.
			if es := res.Site.Entries[site.MaskType]; len(es) != 1 || es[0].Slug != "jelly" || len(es[0].Guides) != 1 || len(es[0].Routines) != 1 {
				t.Errorf("%s, dates %v: mask types %+v, want one stub, jelly, about b, used in a", name, dates, es)
			}
			for _, d := range res.Diags {
				if strings.Contains(d.Message, "content/mask-types/") && !strings.Contains(d.Message, "content/mask-types/jelly.md") {
					t.Errorf("%s, dates %v: %s", name, dates, d)
				}
			}
		}
	}
}

// TestSpellingsOneEntry: the spellings of one name (a plural, a mask type
// with or without the word mask, hyphens or spaces) reach one entry, or one
// stub at one address, whatever the order of the guides that write them;
// a correct reference never goes to a stub another guide's spelling made.
func TestSpellingsOneEntry(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string // besides the two guides
		a, b    string            // the lists of the two guides' front matter
		kind    site.Kind
		slugs   []string // every entry of kind afterwards
		warning string   // in every message about a missing file, "" for none
	}{
		{"a mask type's plural and hyphens", map[string]string{"content/mask-types/sleeping.md": "---\nname: Sleeping mask\naliases: [overnight mask]\n---\n"},
			"mask_types: [Sleeping Masks, overnight masks]", "mask_types: [sleeping-masks, Overnight-Mask]", site.MaskType, []string{"sleeping"}, ""},
		{"a file named with mask", map[string]string{"content/mask-types/jelly-mask.md": "---\nname: Jelly mask\n---\n"},
			"mask_types: [jelly masks]", "mask_types: [jelly]", site.MaskType, []string{"jelly-mask"}, ""},
		{"an unknown mask type", nil, "mask_types: [bubble mask]", "mask_types: [Bubble-masks]", site.MaskType, []string{"bubble"}, "content/mask-types/bubble.md"},
		{"an unknown product kind's plural", nil, "products: [Essence]", "products: [essences]", site.Product, []string{"essence"}, "content/products/essence.md"},
		{"a plural in es", map[string]string{"content/products/cleanser.md": "---\nname: Cleanser\naliases: [face wash]\n---\n"}, "products: [face washes]", "products: [Face-Wash]", site.Product, []string{"cleanser"}, ""},
		{"an unknown plural in es", nil, "products: [lip balm, patches]", "products: [Lip Balms, patch]", site.Product, []string{"lip-balm", "patch"}, "content/products/"},
	}
	for _, tt := range tests {
		for _, dates := range [][2]string{{"2024-01-01", "2024-02-01"}, {"2024-02-01", "2024-01-01"}} {
			fsys := fstest.MapFS{
				"content/site.yaml":   {Data: []byte("title: T\n")},
				"content/guides/a.md": {Data: []byte("---\ntitle: A\ndescription: d.\ndate: " + dates[0] + "\n" + tt.a + "\n---\n\nText.\n")},
				"content/guides/b.md": {Data: []byte("---\ntitle: B\ndescription: d.\ndate: " + dates[1] + "\n" + tt.b + "\n---\n\nText.\n")},
			}
			for p, body := range tt.files {
				fsys[p] = &fstest.MapFile{Data: []byte(body)}
			}
			res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
			if !res.OK() {
				t.Fatalf("%s %v: %s", tt.name, dates, res.Diags.Error())
			}
			var slugs []string
			for _, e := range res.Site.Entries[tt.kind] {
				slugs = append(slugs, e.Slug)
				if len(e.Guides) != 2 {
					t.Errorf("%s %v: %s lists %d guides, want 2", tt.name, dates, e.Slug, len(e.Guides))
				}
			}
			if strings.Join(slugs, " ") != strings.Join(tt.slugs, " ") {
				t.Errorf("%s %v: entries %v, want %v", tt.name, dates, slugs, tt.slugs)
			}
			for _, d := range res.Diags {
				if tt.warning == "" || !strings.Contains(d.Message, tt.warning) {
					t.Errorf("%s %v: %s", tt.name, dates, d)
				}
			}
		}
	}
}

// TestMaskTypesOneName: two mask types whose names differ by the word mask
// alone are one name to references: a warning names both files.
func TestMaskTypesOneName(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":        {Data: []byte("title: T\n")},
		"content/mask-types/m4.md": {Data: []byte("---\nname: Jelly mask\n---\n")},
		"content/mask-types/m5.md": {Data: []byte("---\nname: Jelly\n---\n")},
		"content/guides/a.md":      {Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2024-01-01\nmask_types: [jelly]\n---\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	if got := res.Diags.Error(); !strings.Contains(got, `content/mask-types/m4.md:1: warning: "Jelly mask" of this mask type and "Jelly" of content/mask-types/m5.md are one name, with or without the word mask: references to it go to Jelly`) {
		t.Errorf("no warning naming both files:\n%s", got)
	}
}

// TestMaskWithoutFaceMaskOrder: on a site with no face-mask product kind to
// give masks an order, a mask goes on clean skin and before what follows the
// serum, and a toner may come before or after it.
func TestMaskWithoutFaceMaskOrder(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":               {Data: []byte("title: T\n")},
		"content/products/cleanser.md":    {Data: []byte("---\nname: Cleanser\norder: 10\n---\n")},
		"content/products/toner.md":       {Data: []byte("---\nname: Toner\norder: 20\n---\n")},
		"content/products/serum.md":       {Data: []byte("---\nname: Serum\norder: 40\n---\n")},
		"content/products/moisturizer.md": {Data: []byte("---\nname: Moisturizer\norder: 60\n---\n")},
		"content/mask-types/clay.md":      {Data: []byte("---\nname: Clay mask\nstep: before-serum\n---\n")},
		"content/guides/a.md": {Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2024-01-01\n---\n\n" +
			"```routine\nsteps: [cleanser, clay mask, toner, serum, moisturizer]\n```\n\n" +
			"```routine\nsteps: [cleanser, toner, clay mask, serum, moisturizer]\n```\n\n" +
			"```routine\nsteps: [clay mask, cleanser, serum]\n```\n\n" +
			"```routine\nsteps: [cleanser, moisturizer, clay mask]\n```\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	var got []string
	for _, d := range res.Diags {
		got = append(got, d.String())
	}
	want := []string{
		"content/guides/a.md:16:9: warning: the clay mask goes on clean skin: move the cleanser before the clay mask",
		"content/guides/a.md:20:32: warning: the clay mask goes on before the serum and what follows it: move the moisturizer after the clay mask",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestProductPlace: a product kind's page places it among the others by
// their orders, named and linked, instead of showing the order number;
// kinds of the same order go alongside and are neither before nor after.
func TestProductPlace(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":               {Data: []byte("title: T\n")},
		"content/products/cleanser.md":    {Data: []byte("---\nname: Cleanser\norder: 10\n---\n")},
		"content/products/serum.md":       {Data: []byte("---\nname: Serum\norder: 40\n---\n")},
		"content/products/essence.md":     {Data: []byte("---\nname: Essence\norder: 40\n---\n")},
		"content/products/moisturizer.md": {Data: []byte("---\nname: Moisturizer\norder: 60\n---\n")},
		"content/products/tool.md":        {Data: []byte("---\nname: Tool\n---\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	out := outputs(res)
	for page, want := range map[string]string{
		"products/cleanser/index.html":    `<dt>In a routine</dt><dd>first, before <a href="/products/essence/">Essence</a></dd>`,
		"products/serum/index.html":       `<dt>In a routine</dt><dd>after <a href="/products/cleanser/">Cleanser</a>, before <a href="/products/moisturizer/">Moisturizer</a></dd>`,
		"products/moisturizer/index.html": `<dt>In a routine</dt><dd>after <a href="/products/essence/">Essence</a>, last</dd>`,
	} {
		if !strings.Contains(string(out[page]), want) {
			t.Errorf("%s lacks %s", page, want)
		}
	}
	if strings.Contains(string(out["products/tool/index.html"]), "In a routine") {
		t.Error("a product kind without an order is placed in a routine")
	}
}

// TestIndexCountsRoutines: an ingredient no guide's front matter names but
// routines use is "used in 2 routines" in the A–Z index, not "0 guides".
func TestIndexCountsRoutines(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":                  {Data: []byte("title: T\n")},
		"content/products/serum.md":          {Data: []byte("---\nname: Serum\norder: 40\n---\n")},
		"content/ingredients/niacinamide.md": {Data: []byte("---\nname: Niacinamide\n---\n")},
		"content/ingredients/retinol.md":     {Data: []byte("---\nname: Retinol\n---\n")},
		"content/guides/a.md": {Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2024-01-01\ningredients: [retinol]\n---\n\n" +
			"```routine\nsteps: [serum: niacinamide]\n```\n\n```routine\ntime: pm\nsteps: [serum: [niacinamide, retinol]]\n```\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	index := string(outputs(res)["ingredients/index.html"])
	for _, want := range []string{`Niacinamide</a>` + "\n\n" + `<span class="count">used in 2 routines</span>`, `Retinol</a>` + "\n\n" + `<span class="count">1 guide</span>`} {
		if !strings.Contains(index, want) {
			t.Errorf("index lacks %q:\n%s", want, index)
		}
	}
}
