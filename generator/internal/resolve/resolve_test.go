package resolve_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/diag"
	"derma/generator/internal/resolve"
	"derma/generator/internal/site"
)

func load(t *testing.T, files map[string]string) (*site.Site, *resolve.Index, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{"content/site.yaml": {Data: []byte("title: T\n")}}
	for p, s := range files {
		fsys["content/"+p] = &fstest.MapFile{Data: []byte(s)}
	}
	s, d := site.Load(fsys, site.Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	ix := resolve.Site(s, &d)
	d.Sort()
	return s, ix, d
}

func text(d diag.List) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteString(x.String() + "\n")
	}
	return b.String()
}

var entries = map[string]string{
	"ingredients/hyaluronic-acid.md": "---\nname: Hyaluronic Acid\ninci: Sodium Hyaluronate\naliases: [HA, hyaluronan]\n---\n",
	"ingredients/niacinamide.md":     "---\nname: Niacinamide\naliases: [vitamin B3]\navoid_with: [retinol]\n---\n",
	"ingredients/retinol.md":         "---\nname: Retinol\npairs_with: [HA]\n---\n",
	"mask-types/sheet.md":            "---\nname: Sheet mask\naliases: [sheet, tissue mask]\n---\n",
	"products/serum.md":              "---\nname: Serum\naliases: [serums]\norder: 30\n---\n",
	// "retinol" is also a product-kind alias: a list's kind decides.
	"products/retinoid-cream.md": "---\nname: Retinoid cream\naliases: [retinol]\norder: 50\n---\n",
}

func with(extra map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range entries {
		m[k] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func TestLookup(t *testing.T) {
	_, ix, d := load(t, entries)
	if d.HasErrors() {
		t.Fatal(text(d))
	}
	tests := []struct {
		kind site.Kind
		text string
		want string // slug, "" for none
	}{
		{site.Ingredient, "hyaluronic-acid", "hyaluronic-acid"},
		{site.Ingredient, "Hyaluronic Acid", "hyaluronic-acid"},
		{site.Ingredient, "hyaluronic acid", "hyaluronic-acid"},
		{site.Ingredient, "SODIUM HYALURONATE", "hyaluronic-acid"},
		{site.Ingredient, "ha", "hyaluronic-acid"},
		{site.Ingredient, "Hyaluronan", "hyaluronic-acid"},
		{site.Ingredient, "vitamin-b3", "niacinamide"},
		{site.Ingredient, "Vitamin  B3", "niacinamide"},
		{site.Ingredient, "retinol", "retinol"},
		{site.Product, "retinol", "retinoid-cream"},
		{site.MaskType, "Tissue Mask", "sheet"},
		{site.MaskType, "sheet", "sheet"},
		{site.Product, "Serums", "serum"},
		{site.Ingredient, "sheet", ""},
		{site.Ingredient, "squalane", ""},
		{site.Ingredient, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String()+"/"+tt.text, func(t *testing.T) {
			e := ix.Lookup(tt.kind, tt.text)
			got := ""
			if e != nil {
				got = e.Slug
			}
			if got != tt.want {
				t.Errorf("Lookup(%v, %q) = %q, want %q", tt.kind, tt.text, got, tt.want)
			}
		})
	}
}

// TestOneEntryManyNames: HA, hyaluronic acid and Sodium Hyaluronate in three
// guides give one ingredient listing all three guides.
func TestOneEntryManyNames(t *testing.T) {
	s, _, d := load(t, with(map[string]string{
		"guides/a.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\ningredients: [HA]\n---\n",
		"guides/b.md": "---\ntitle: B\ndescription: d\ndate: 2025-01-02\ningredients: [hyaluronic acid]\n---\n",
		"guides/c.md": "---\ntitle: C\ndescription: d\ndate: 2025-01-03\ningredients: [Sodium Hyaluronate, ha]\n---\n",
	}))
	if len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", text(d))
	}
	var ha *site.Entry
	for _, e := range s.Entries[site.Ingredient] {
		if e.Slug == "hyaluronic-acid" {
			ha = e
		}
	}
	var got []string
	for _, g := range ha.Guides {
		got = append(got, g.Slug)
	}
	if strings.Join(got, ",") != "c,b,a" {
		t.Errorf("guides of HA = %v, want c,b,a (newest first, each once)", got)
	}
	if len(s.Guides[0].Entries[site.Ingredient]) != 1 {
		t.Errorf("guide c lists HA %d times", len(s.Guides[0].Entries[site.Ingredient]))
	}
}

func TestStubs(t *testing.T) {
	s, ix, d := load(t, with(map[string]string{
		"guides/x.md": "---\ntitle: X\ndescription: d\ndate: 2025-01-01\ningredients:\n  - HA\n  - niacinimide\n  - squalane\nmask_types: [clay]\n---\n",
		"guides/y.md": "---\ntitle: Y\ndescription: d\ndate: 2025-01-02\ningredients: [Squalane]\n---\n",
	}))
	got := text(d)
	for _, want := range []string{
		"content/guides/x.md:7:5: warning: unknown ingredient \"niacinimide\" (did you mean \"niacinamide\"?)\n",
		"content/guides/x.md:8:5: warning: unknown ingredient \"squalane\": it gets a page without a write-up; add content/ingredients/squalane.md to write one\n",
		"content/guides/x.md:9:14: warning: unknown mask type \"clay\"",
		"content/guides/y.md:5:15: warning: unknown ingredient \"Squalane\"",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if d.HasErrors() {
		t.Errorf("stubs must be warnings:\n%s", got)
	}
	sq := ix.Lookup(site.Ingredient, "squalane")
	if sq == nil || !sq.Stub || len(sq.Guides) != 2 {
		t.Fatalf("squalane stub = %+v, want a stub listing two guides", sq)
	}
	n := 0
	for _, e := range s.Entries[site.Ingredient] {
		if e.Slug == "squalane" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d squalane entries, want one stub shared by both guides", n)
	}
	t.Run("strict", func(t *testing.T) {
		d.Strict()
		if !d.HasErrors() || !strings.Contains(text(d), "error: unknown ingredient \"niacinimide\"") {
			t.Errorf("--strict did not make warnings errors:\n%s", text(d))
		}
	})
}

func TestAliasClaimedTwice(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"alias", map[string]string{
			"ingredients/a.md": "---\nname: Alpha\naliases: [shared]\n---\n",
			"ingredients/b.md": "---\nname: Beta\naliases: [Shared]\n---\n"},
			"content/ingredients/b.md:3:11: error: alias \"Shared\" of this ingredient is already claimed by content/ingredients/a.md"},
		{"alias is another's name", map[string]string{
			"ingredients/a.md": "---\nname: Alpha\n---\n",
			"ingredients/b.md": "---\nname: Beta\naliases: [alpha]\n---\n"},
			"content/ingredients/b.md:3:11: error: alias \"alpha\" of this ingredient is already claimed by content/ingredients/a.md"},
		{"inci is another's alias", map[string]string{
			"ingredients/a.md": "---\nname: Alpha\naliases: [gamma]\n---\n",
			"ingredients/b.md": "---\nname: Beta\ninci: Gamma\n---\n"},
			"content/ingredients/a.md:3:11: error: alias \"gamma\" of this ingredient is already claimed by content/ingredients/b.md (Gamma)"},
		{"slug from a file name is another's alias", map[string]string{
			"ingredients/ret2.md":    "---\nname: Ret two\naliases: [retinol]\n---\n",
			"ingredients/retinol.md": "---\nname: Retinoid\n---\n"},
			"content/ingredients/ret2.md:3:11: error: alias \"retinol\" of this ingredient is already claimed by content/ingredients/retinol.md (retinol)"},
		{"alias in a block list, after one said twice", map[string]string{
			"ingredients/a.md": "---\nname: Alpha\naliases: [shared]\n---\n",
			"ingredients/b.md": "---\nname: Beta\naliases:\n  - Beta\n  - first\n  - First\n  - Shared\n---\n"},
			"content/ingredients/b.md:7:5: error: alias \"Shared\" of this ingredient is already claimed by content/ingredients/a.md"},
		{"name", map[string]string{
			"ingredients/a.md": "---\nname: Alpha\n---\n",
			"ingredients/b.md": "---\nslug: beta\nname: alpha\n---\n"},
			"content/ingredients/b.md:3:1: error: name \"alpha\" of this ingredient is already claimed by content/ingredients/a.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, d := load(t, tt.files)
			if got := text(d); !strings.Contains(got, tt.want) {
				t.Errorf("missing %q in:\n%s", tt.want, got)
			}
		})
	}
	t.Run("one slug in two files is told once", func(t *testing.T) {
		_, _, d := load(t, map[string]string{
			"ingredients/retinol.md": "---\nname: Retinol\n---\n",
			"ingredients/Retinol.md": "---\nname: Retinol two\n---\n",
			"products/serum.md":      "---\nname: Serum\n---\n",
			"products/serum2.md":     "---\nname: Serum two\nslug: serum\n---\n",
		})
		got := text(d)
		if strings.Count(got, "error") != 2 || !strings.Contains(got, "ingredient slug \"retinol\" is also the slug of") || !strings.Contains(got, "content/products/serum2.md:3: error: product kind slug \"serum\" is also the slug of") {
			t.Errorf("want one error for each clash, got:\n%s", got)
		}
	})
	t.Run("same alias in two kinds is fine", func(t *testing.T) {
		_, _, d := load(t, map[string]string{
			"ingredients/a.md": "---\nname: Alpha\naliases: [shared]\n---\n",
			"products/b.md":    "---\nname: Beta\naliases: [shared]\n---\n",
		})
		if d.HasErrors() {
			t.Error(text(d))
		}
	})
}

func TestSymmetric(t *testing.T) {
	_, ix, d := load(t, entries)
	if d.HasErrors() {
		t.Fatal(text(d))
	}
	nia, ret, ha := ix.Lookup(site.Ingredient, "niacinamide"), ix.Lookup(site.Ingredient, "retinol"), ix.Lookup(site.Ingredient, "HA")
	if !resolve.Avoids(nia, ret) || !resolve.Avoids(ret, nia) {
		t.Error("avoid_with is not symmetric")
	}
	if resolve.Avoids(ha, ret) {
		t.Error("HA avoids retinol, but nobody said so")
	}
	if len(ha.Pairs) != 1 || ha.Pairs[0] != ret {
		t.Errorf("HA pairs = %v, want [retinol] (from retinol's pairs_with)", ha.Pairs)
	}
}

func TestUnresolvableReference(t *testing.T) {
	_, _, d := load(t, map[string]string{
		"guides/x.md": "---\ntitle: X\ndescription: d\ndate: 2025-01-01\ningredients: [\"---\"]\n---\n",
	})
	if got := text(d); !strings.Contains(got, "content/guides/x.md:5:15: error: ingredient reference \"---\" has no letters or digits") {
		t.Errorf("got:\n%s", got)
	}
}

// TestFileNameNotSlug: a reference by the file name of an entry that sets a
// slug of its own says what to write instead, and related: names the slug.
func TestFileNameNotSlug(t *testing.T) {
	_, ix, d := load(t, with(map[string]string{
		"ingredients/ha-notes.md": "---\nname: Azelaic acid\nslug: azelaic-acid\n---\n",
		"guides/x.md":             "---\ntitle: X\ndescription: d\ndate: 2025-01-01\ningredients: [ha-notes]\nrelated: [y-file]\n---\n",
		"guides/y-file.md":        "---\ntitle: Y\ndescription: d\ndate: 2025-01-02\nslug: y\n---\n",
	}))
	got := text(d)
	for _, want := range []string{
		"content/guides/x.md:5:15: warning: unknown ingredient \"ha-notes\": content/ingredients/ha-notes.md sets slug \"azelaic-acid\"; write that or its name \"Azelaic acid\"\n",
		"content/guides/x.md:6:11: warning: related guide \"y-file\" does not exist: write the slug of a guide (its slug: or, without one, its file name without .md)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if s := ix.Suggest(site.Ingredient, "HA notes"); s != "Azelaic acid" {
		t.Errorf("Suggest(HA notes) = %q, want the name of the file's entry", s)
	}
}

// TestPairsAndAvoids: an ingredient both to pair with and to avoid, by one
// file or by two, is told at the pairs_with item.
func TestPairsAndAvoids(t *testing.T) {
	_, _, d := load(t, map[string]string{
		"ingredients/a.md": "---\nname: Alpha\npairs_with: [beta, gamma]\n---\n",
		"ingredients/b.md": "---\nname: Beta\navoid_with: [alpha]\n---\n",
		"ingredients/g.md": "---\nname: Gamma\navoid_with: [gamma]\n---\n",
		"ingredients/d.md": "---\nname: Delta\npairs_with: [gamma]\navoid_with: [Gamma]\n---\n",
	})
	got := text(d)
	for _, want := range []string{
		"content/ingredients/g.md:3:14: warning: avoid_with \"gamma\" is Gamma itself: remove it",
		"content/ingredients/a.md:3:14: warning: pairs_with \"beta\", but avoid_with in content/ingredients/b.md says to keep the two apart",
		"content/ingredients/d.md:3:14: warning: pairs_with \"gamma\", but avoid_with in content/ingredients/d.md says",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "warning"); n != 3 {
		t.Errorf("%d warnings, want 3:\n%s", n, got)
	}
}

// TestOtherKind: a name of another kind under a guide's list says which list
// it belongs in.
func TestOtherKind(t *testing.T) {
	_, _, d := load(t, with(map[string]string{
		"mask-types/sheet.md": "---\nname: Sheet mask\n---\n",
		"guides/x.md":         "---\ntitle: X\ndescription: d\ndate: 2025-01-01\ningredients: [sheet mask]\nmask_types: [niacinamide]\n---\n",
	}))
	got := text(d)
	for _, want := range []string{
		"content/guides/x.md:5:15: warning: unknown ingredient \"sheet mask\": \"Sheet mask\" is a mask type, not an ingredient; list it under mask_types:\n",
		"content/guides/x.md:6:14: warning: unknown mask type \"niacinamide\": \"Niacinamide\" is an ingredient, not a mask type; list it under ingredients:\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// TestSuggest: a typo gets the name meant; another real name of the same
// family (BHA for AHA, vitamin E for vitamin A) or a short name a whole
// word away (Zn for HA) gets none.
func TestSuggest(t *testing.T) {
	_, ix, _ := load(t, with(map[string]string{
		"ingredients/ha.md":        "---\nname: Hyaluronic acid\naliases: [HA]\n---\n",
		"ingredients/glycolic.md":  "---\nname: Glycolic acid\naliases: [AHA]\n---\n",
		"ingredients/vitamin-a.md": "---\nname: Vitamin A\n---\n",
		"ingredients/ceramide.md":  "---\nname: Ceramide NP\n---\n",
		"ingredients/retinol.md":   "---\nname: Retinol\naliases: [retinal]\n---\n",
		"ingredients/sa.md":        "---\nname: Salicylic acid\naliases: [BHA]\n---\n",
		"ingredients/niacin.md":    "---\nname: Niacinamide\n---\n",
		"ingredients/squalane.md":  "---\nname: Squalane\n---\n",
		"ingredients/vit-c.md":     "---\nname: Vitamin C\n---\n",
	}))
	for _, tt := range []struct{ text, want string }{
		{"hyaluronic aicd", "Hyaluronic acid"},
		{"hyaluronicacid", "Hyaluronic acid"},
		{"niacinimide", "Niacinamide"},
		{"niacin amide", "Niacinamide"},
		{"Vitamin E", ""},
		{"Ceramide AP", ""},
		{"Vitamn A", "vitamin-a"},
		{"glycolic", "Glycolic acid"},
		{"salicylic", "Salicylic acid"},
		{"hyaluronic", "Hyaluronic acid"}, // not its alias hyaluronan
		{"vitamin", ""},                   // vitamin A or vitamin C
		{"lactic acid", ""},
		{"mandelic acid", ""},
		{"retinoid", ""},
		{"retinyl", ""},  // retinyl palmitate, not retinal
		{"squalene", ""}, // not squalane
		{"retinoll", "retinol"},
		{"HA serum", "ha"},
		{"hyaluronic acid serum", "Hyaluronic acid"},
		{"Glycolic Acid 10%", "Glycolic acid"},
		{"vitamin c serum", "Vitamin C"},
		{"sodium lactate", ""},
		{"Zn", ""},
		{"C", ""},
		{"BHA", ""},
		{"PHA", ""},
	} {
		if got := ix.Suggest(site.Ingredient, tt.text); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestRelatedSelfAndTwice: a guide listing itself, or one guide twice, in
// related: is told so at the item; the guide is shown once.
func TestRelatedSelfAndTwice(t *testing.T) {
	s, _, d := load(t, map[string]string{
		"guides/x.md": "---\ntitle: X\ndescription: d\ndate: 2025-01-01\nrelated: [x, y, Y]\n---\n",
		"guides/y.md": "---\ntitle: Y\ndescription: d\ndate: 2025-01-02\n---\n",
	})
	got := text(d)
	for _, want := range []string{
		`content/guides/x.md:5:11: warning: related guide "x" is this guide itself: remove it`,
		`content/guides/x.md:5:17: warning: related guide "Y" is listed twice: remove one`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	for _, g := range s.Guides {
		if g.Slug == "x" && (len(g.Related) == 0 || g.Related[0].Slug != "y" || len(g.Related) > 1 && g.Related[1].Slug == "y") {
			t.Errorf("related of x: %v", g.Related)
		}
	}
}
