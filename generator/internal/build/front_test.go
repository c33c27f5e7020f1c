package build_test

import (
	"fmt"
	"io/fs"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/corpus"
	"derma/generator/internal/site"
	"derma/templates"
)

// frontSite is a small site that shows its guides in every way the built-in
// theme can: on the home page and the guide list, on entry, stub and term
// pages, in related lists, in routines listed on entry pages, in the feed,
// the sitemap and the search index, under a base path. Some guides are too
// old for the home page and the feed.
func frontSite() fstest.MapFS {
	fsys := fstest.MapFS{}
	put := func(p, s string) { fsys[p] = &fstest.MapFile{Data: []byte(s)} }
	put("content/site.yaml", "title: Skin notes\ndescription: Notes on skin.\nbase_url: https://example.org/docs/\nauthor: Ana\n")
	put("content/ingredients/hyaluronic-acid.md", "---\nname: Hyaluronic Acid\ninci: Sodium Hyaluronate\naliases: [HA, hyaluronan]\n---\n\nHolds water.\n")
	put("content/ingredients/retinol.md", "---\nname: Retinol\ntime: [pm]\navoid_with: [glycolic acid]\n---\n\nA retinoid.\n")
	put("content/ingredients/glycolic-acid.md", "---\nname: Glycolic Acid\naliases: [AHA]\ntime: [pm]\n---\n\nAn exfoliant.\n")
	put("content/ingredients/niacinamide.md", "---\nname: Niacinamide\n---\n\nA vitamin.\n")
	// A name no file describes that no guide names: a stub all the same.
	put("content/ingredients/ceramides.md", "---\nname: Ceramides\npairs_with: [panthenol]\n---\n\nLipids.\n")
	put("content/mask-types/sheet.md", "---\nname: Sheet mask\naliases: [sheet]\nstep: before-serum\n---\n\nA sheet.\n")
	put("content/mask-types/sleeping.md", "---\nname: Sleeping mask\naliases: [sleeping]\nstep: after-serum\ntime: [pm]\n---\n\nOvernight.\n")
	put("content/products/cleanser.md", "---\nname: Cleanser\norder: 10\n---\n\nFirst.\n")
	put("content/products/serum.md", "---\nname: Serum\norder: 30\n---\n\nThen.\n")
	put("content/products/moisturizer.md", "---\nname: Moisturizer\norder: 50\n---\n\nLast.\n")
	put("content/pages/about.md", "---\ntitle: About\n---\n\nAbout us, and [fine lines](/concerns/fine-lines/), [redness](/guides/y/).\n")
	put("content/guides/a.md", `---
title: "Sheet masks & HA"
description: "How to use a sheet mask with <HA>."
date: 2024-05-01
ingredients: [HA, niacinamide]
mask_types: [sheet]
products: [serum]
concerns: [dryness]
skin_types: [dry]
tags: [beginner]
related: [c]
faq:
  - q: "How often?"
    a: "Twice a week, see [the other guide](c.md)."
  - q: "Morning?"
    a: "Either."
---

Intro.

## Steps

`+"```routine\ntitle: Evening sheet mask\ntime: pm\nsteps:\n  - cleanser\n  - sheet mask: hyaluronic acid\n  - serum: [niacinamide]\n```\n")
	put("content/guides/b.md", "---\ntitle: Retinol at night\ndescription: Start slow.\ndate: 2024-04-01\ningredients: [retinol, Squalane]\nmask_types: [sleeping]\nconcerns: [fine-lines]\n---\n\nSlowly.\n")
	put("content/guides/c.md", "---\ntitle: Hydration basics\ndescription: Water first.\ndate: 2024-03-01\nupdated: 2024-06-01\ningredients: [hyaluronic acid, retinol]\nconcerns: [dryness, Dullness]\ntags: [beginner]\n---\n\n## Why\n\nBecause.\n")
	put("content/guides/d.md", "+++\ntitle = \"Peels\"\ndate = 2024-03-01\ningredients = [\"glycolic acid\"]\nrelated = [\"nothing-here\"]\n+++\n\nCareful.\n")
	for i := 1; i <= 20; i++ {
		put(fmt.Sprintf("content/guides/f%02d.md", i), fmt.Sprintf("---\ntitle: Filler %d\ndescription: Filler number %d.\ndate: 2023-%02d-%02d\ningredients: [niacinamide]\nconcerns: [dryness]\n---\n\nText %d.\n", i, i, 1+i%12, 1+i, i))
	}
	// Related by a shared concern more than by an ingredient.
	put("content/guides/x.md", "---\ntitle: Redness\ndescription: Calm.\ndate: 2023-12-15\ningredients: [retinol]\nconcerns: [redness, Redness, dullness]\n---\n\nCalm.\n")
	put("content/guides/y.md", "---\ntitle: Redness again\ndescription: Calm down.\ndate: 2022-01-01\nconcerns: [redness]\n---\n\nCalm down.\n")
	put("content/guides/later.md", "---\ntitle: Later\ndescription: Soon.\ndate: 2030-01-01\n---\n\nLater.\n")
	put("content/guides/draft.md", "---\ntitle: Draft\ndescription: Not yet.\ndate: 2024-01-01\ndraft: true\n---\n\nDraft.\n")
	return fsys
}

// An edit of one guide's front matter updates the last build into exactly
// what a full build of the edited site gives (every output and message),
// taking the fast path for every edit that leaves the site's lists as they
// were and refusing the others.
func TestUpdateFrontMatter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	opts := build.Options{Options: site.Options{Now: now}, Dev: true, Blocks: blocks.Funcs, Incremental: true}
	const a, b, c, d, f, x = "content/guides/a.md", "content/guides/b.md", "content/guides/c.md", "content/guides/d.md", "content/guides/f17.md", "content/guides/x.md"
	type edit struct {
		path     string
		old, new string // new replaces the first old; old "" sets the file to new, and new "" too deletes it
	}
	// The edit of a fast case that takes a full build, by case.
	fullAt := map[string]int{
		"skin type gone, then linked":                                    1,
		"new tag, linked, then gone":                                     2,
		"stub named by an older guide, then its first guide older still": 1,
		"stub a page links to, dropped":                                  1,
		"draft, a guide another's related: names":                        1,
		"draft published, a related: list names it":                      1,
		"slug, a guide links to its page":                                1,
		"deleted guide, a guide links to it":                             1,
		"deleted draft a related: list names":                            1,
	}
	tests := []struct {
		name  string
		fast  bool
		edits []edit
	}{
		{"title", true, []edit{{a, `title: "Sheet masks & HA"`, `title: "Sheet masks, <new> & 'HA'"`}}},
		{"title without routines", true, []edit{{c, "title: Hydration basics", "title: Hydration, simply"}}},
		{"title of an old guide", true, []edit{{f, "title: Filler 17", "title: Old filler"}}},
		{"title in TOML", true, []edit{{d, `title = "Peels"`, `title = "Acid peels"`}}},
		{"description", true, []edit{{a, "with <HA>.", "with HA, gently."}}},
		{"description removed warns", true, []edit{{c, "description: Water first.\n", ""}}},
		{"description added", true, []edit{{d, "+++\n\n", "description = \"Gently.\"\n+++\n\n"}}},
		{"faq answer", true, []edit{{a, "a: \"Either.\"", "a: \"Evening *only*.\""}}},
		{"faq question added", true, []edit{{a, "---\n\nIntro.", "  - q: \"Why?\"\n    a: \"Because.\"\n---\n\nIntro."}}},
		{"faq removed", true, []edit{{a, "  - q: \"Morning?\"\n    a: \"Either.\"\n", ""}}},
		{"faq broken link", false, []edit{{a, "a: \"Either.\"", "a: \"See [x](/nowhere/).\""}}},
		{"summary, an unknown key", true, []edit{{c, "date:", "summary: Short.\ndate:"}}},
		{"near miss of a key warns", true, []edit{{c, "date:", "ingredient: retinol\ndate:"}}},
		{"updated added", true, []edit{{a, "date: 2024-05-01\n", "date: 2024-05-01\nupdated: 2024-07-01\n"}}},
		{"updated changed", true, []edit{{c, "updated: 2024-06-01", "updated: 2024-06-02"}}},
		{"updated removed", true, []edit{{c, "updated: 2024-06-01\n", ""}}},
		{"date in place", true, []edit{{a, "date: 2024-05-01", "date: 2024-04-20"}}},
		{"date reorders", true, []edit{{a, "date: 2024-05-01", "date: 2024-03-15"}}},
		{"date of an old guide reorders", true, []edit{{f, "date: 2023-06-18", "date: 2023-06-01"}}},
		{"date to the newest", true, []edit{{f, "date: 2023-06-18", "date: 2024-12-01"}}},
		{"date to the oldest", true, []edit{{a, "date: 2024-05-01", "date: 2001-01-01"}}},
		{"date of the newest to the oldest", true, []edit{{"content/guides/a.md", "date: 2024-05-01", "date: 2000-01-01"}}},
		{"date reorders, guide naming a stub", true, []edit{{b, "date: 2024-04-01", "date: 2023-01-01"}}},
		{"date and ingredients", true, []edit{{c, "date: 2024-03-01", "date: 2024-01-15"}, {c, "[hyaluronic acid, retinol]", "[niacinamide]"}}},
		{"date and a new tag", true, []edit{{c, "date: 2024-03-01", "date: 2024-04-15"}, {c, "tags: [beginner]", "tags: [beginner, fresh]"}}},
		{"date moves a concern's first guide", true, []edit{{c, "date: 2024-03-01", "date: 2023-01-01"}}},
		{"dates in turn", true, []edit{{a, "date: 2024-05-01", "date: 2023-05-01"}, {f, "date: 2023-06-18", "date: 2024-12-18"}, {a, "date: 2023-05-01", "date: 2024-05-02"}, {x, "title: Redness", "title: Red"}}},
		{"date to the future, a guide with a routine", false, []edit{{a, "date: 2024-05-01", "date: 2029-05-01"}}},
		{"date removed", false, []edit{{a, "date: 2024-05-01\n", ""}}},
		{"draft, a guide with a routine", false, []edit{{a, "date:", "draft: true\ndate:"}}},
		{"draft false", true, []edit{{a, "date:", "draft: false\ndate:"}}},
		{"slug", true, []edit{{a, "date:", "slug: sheet-masks\ndate:"}}},
		{"same slug written", true, []edit{{a, "date:", "slug: a\ndate:"}}},
		{"bad slug", false, []edit{{a, "date:", "slug: A/B\ndate:"}}},
		{"author", true, []edit{{a, "date:", "author: Bo\ndate:"}}},
		{"ingredient by another name", true, []edit{{a, "[HA, niacinamide]", "[sodium hyaluronate, Niacinamide]"}}},
		{"ingredient added", true, []edit{{a, "[HA, niacinamide]", "[HA, niacinamide, retinol]"}}},
		{"ingredients reordered", true, []edit{{a, "[HA, niacinamide]", "[niacinamide, HA]"}}},
		{"unknown ingredient", true, []edit{{a, "[HA, niacinamide]", "[HA, niacinamide, nothing]"}}},
		{"stub named again", true, []edit{{b, "date:", "author: Bo\ndate:"}}},
		{"stub spelt anew", true, []edit{{b, "Squalane]", "squalane]"}}},
		{"mask type", true, []edit{{a, "mask_types: [sheet]", "mask_types: [sleeping]"}}},
		{"mask type by another name", true, []edit{{a, "mask_types: [sheet]", "mask_types: [Sheet mask]"}}},
		{"product", true, []edit{{a, "products: [serum]", "products: [serum, cleanser]"}}},
		{"concern", true, []edit{{a, "concerns: [dryness]", "concerns: [dryness, redness]"}}},
		{"concern spelt anew", true, []edit{{c, "Dullness", "dullness"}}},
		{"skin type, its only guide leaving", true, []edit{{a, "skin_types: [dry]", "skin_types: [oily]"}}},
		{"tag, a new one", true, []edit{{a, "tags: [beginner]", "tags: [beginner, pro]"}}},
		{"ingredient removed", true, []edit{{a, "[HA, niacinamide]", "[HA]"}}},
		{"ingredients replaced", true, []edit{{c, "[hyaluronic acid, retinol]", "[glycolic acid, AHA, niacinamide]"}}},
		{"every ingredient removed", true, []edit{{c, "ingredients: [hyaluronic acid, retinol]\n", ""}}},
		{"an ingredient's only guide leaves it", true, []edit{{d, `ingredients = ["glycolic acid"]`, `ingredients = ["retinol"]`}}},
		{"ingredient of an old guide", true, []edit{{f, "ingredients: [niacinamide]", "ingredients: [niacinamide, retinol, HA]"}}},
		{"ingredient and title", true, []edit{{a, "[HA, niacinamide]", "[HA, glycolic acid]"}, {a, "title: \"Sheet masks & HA\"", "title: Sheet masks"}}},
		{"ingredient and body", true, []edit{{a, "[HA, niacinamide]", "[retinol]"}, {a, "Intro.", "A new intro."}}},
		{"stub dropped", true, []edit{{b, "[retinol, Squalane]", "[retinol]"}}},
		{"stub named by another guide", false, []edit{{a, "[HA, niacinamide]", "[HA, niacinamide, squalane]"}}},
		{"mask type removed", true, []edit{{a, "mask_types: [sheet]\n", ""}}},
		{"mask type added", true, []edit{{c, "tags:", "mask_types: [sleeping, sheet]\ntags:"}}},
		{"product removed", true, []edit{{a, "products: [serum]\n", ""}}},
		{"concern removed", true, []edit{{c, "concerns: [dryness, Dullness]", "concerns: [Dullness]"}}},
		{"concern another guide spells first", true, []edit{{f, "concerns: [dryness]", "concerns: [dryness, Redness]"}}},
		{"concern spelt anew by its first guide", true, []edit{{a, "concerns: [dryness]", "concerns: [Dryness]"}}},
		{"concern named by a newer guide in another spelling", true, []edit{{a, "concerns: [dryness]", "concerns: [dryness, DULLNESS]"}}},
		{"concern left by its first guide", true, []edit{{x, "concerns: [redness, Redness, dullness]", "concerns: [dullness]"}}},
		{"concern left by its first guide, next spelt otherwise", true, []edit{{c, "concerns: [dryness, Dullness]", "concerns: [dryness]"}}},
		{"concern's only guide leaves it, a page links to", false, []edit{{b, "concerns: [fine-lines]", "concerns: [dryness]"}}},
		{"skin type from another guide", true, []edit{{c, "tags:", "skin_types: [dry]\ntags:"}}},
		{"skin type removed, the last", true, []edit{{a, "skin_types: [dry]\n", ""}}},
		{"tag added", true, []edit{{f, "concerns:", "tags: [beginner]\nconcerns:"}}},
		{"tag removed", true, []edit{{c, "tags: [beginner]\n", ""}}},
		{"tag spelt anew", true, []edit{{c, "tags: [beginner]", "tags: [Beginner]"}}},
		{"lists in turn", true, []edit{{a, "[HA, niacinamide]", "[HA, retinol]"}, {c, "concerns: [dryness, Dullness]", "concerns: [Dullness, redness]"}, {a, "[HA, retinol]", "[niacinamide]"}, {f, "ingredients: [niacinamide]", "ingredients: [glycolic acid]"}, {a, "title: \"Sheet masks & HA\"", "title: Sheets"}, {c, "title: Hydration basics", "title: Hydration"}}},
		{"concern, a new one", true, []edit{{a, "concerns: [dryness]", "concerns: [dryness, acne]"}}},
		{"new tags in every taxonomy", true, []edit{{c, "tags: [beginner]", "tags: [beginner, zeta, Alpha]\nskin_types: [mature]\nconcerns: [dryness, Dullness, aaa]"}}},
		{"new tag, then a link to its page", true, []edit{{a, "tags: [beginner]", "tags: [beginner, pro]"}, {c, "Because.", "Because [pro](/tags/pro/)."}}},
		{"skin type misspelt", true, []edit{{a, "skin_types: [dry]", "skin_types: [drry]"}}},
		{"concern misspelt, a page links to the old", false, []edit{{b, "concerns: [fine-lines]", "concerns: [fine-line]"}}},
		{"skin type gone, then linked", true, []edit{{a, "skin_types: [dry]\n", ""}, {c, "Because.", "Because [dry](/skin-types/dry/)."}}},
		{"new tag, then gone", true, []edit{{a, "tags: [beginner]", "tags: [beginner, pro]"}, {c, "title: Hydration basics", "title: Hydration"}, {a, "tags: [beginner, pro]", "tags: [beginner]"}}},
		{"new tag, linked, then gone", true, []edit{{a, "tags: [beginner]", "tags: [beginner, pro]"}, {c, "Because.", "Because [pro](/tags/pro/)."}, {a, "tags: [beginner, pro]", "tags: [beginner]"}}},
		{"concern only it spells so, renamed", true, []edit{{x, "concerns: [redness, Redness, dullness]", "concerns: [REDNESS, dullness]"}}},
		{"title of a guide related by a concern", true, []edit{{x, "title: Redness", "title: Red skin"}}},
		{"related", true, []edit{{a, "related: [c]", "related: [b]"}}},
		{"related added", true, []edit{{c, "tags:", "related: [b, d, a, later, nothing]\ntags:"}}},
		{"related to itself", true, []edit{{a, "related: [c]", "related: [a, f03, F03, draft]"}}},
		{"related removed", true, []edit{{a, "related: [c]\n", ""}}},
		{"unknown related fixed", true, []edit{{d, `related = ["nothing-here"]`, `related = ["b"]`}}},
		{"related, then the related guide's title", true, []edit{{a, "related: [c]", "related: [b]"}, {b, "title: Retinol at night", "title: Retinol"}, {c, "title: Hydration basics", "title: Hydration"}}},
		{"related moved down", true, []edit{{a, "related: [c]\n", ""}, {a, "---\n\nIntro.", "related: [c]\n---\n\nIntro."}}},
		{"unknown related moved", true, []edit{{d, "title =", "author = \"Bo\"\ntitle ="}}},
		{"spacing and order", true, []edit{{c, "title: Hydration basics\ndescription: Water first.\n", "description:   Water first.\ntitle:  Hydration basics\n\n"}}},
		{"front matter and body", true, []edit{{a, "title: \"Sheet masks & HA\"", "title: Sheet masks"}, {a, "Intro.", "A new intro."}}},
		{"routine changed with title", false, []edit{{a, "title: \"Sheet masks & HA\"", "title: Sheet masks"}, {a, "  - cleanser\n", ""}}},
		{"bad YAML", false, []edit{{a, "date:", "title: [\ndate:"}}},
		{"title missing", false, []edit{{c, "title: Hydration basics\n", ""}}},
		{"future guide's title", true, []edit{{"content/guides/later.md", "title: Later", "title: Much later"}}},
		{"future guide falls due", true, []edit{{"content/guides/later.md", "date: 2030-01-01", "date: 2024-12-01"}}},
		{"draft's title", true, []edit{{"content/guides/draft.md", "title: Draft", "title: Still a draft"}}},
		{"draft's slug", true, []edit{{"content/guides/draft.md", "date:", "slug: dd\ndate:"}}},
		// Names no file describes: stubs come and go.
		{"unknown ingredient, spelt twice", true, []edit{{a, "[HA, niacinamide]", "[Zzyzx root, HA, zzyzx-root, niacinamide]"}}},
		{"unknown ingredients, mask type and product", true, []edit{{c, "[hyaluronic acid, retinol]", "[aardvark oil, retinol, Yuzu]\nmask_types: [foil]\nproducts: [essence, serum]"}}},
		{"unknown ingredient of an old guide", true, []edit{{f, "ingredients: [niacinamide]", "ingredients: [niacinimide]"}}},
		{"typo, then fixed", true, []edit{{f, "ingredients: [niacinamide]", "ingredients: [niacinimide]"}, {c, "title: Hydration basics", "title: Hydration"}, {f, "ingredients: [niacinimide]", "ingredients: [niacinamide]"}}},
		{"stub named by an older guide", true, []edit{{f, "ingredients: [niacinamide]", "ingredients: [niacinamide, squalane]"}}},
		{"stub named by an older guide, then its first guide older still", true, []edit{{f, "ingredients: [niacinamide]", "ingredients: [niacinamide, squalane]"}, {b, "date: 2024-04-01", "date: 2022-04-01"}}},
		{"stub another guide names dropped by its first", true, []edit{{f, "ingredients: [niacinamide]", "ingredients: [niacinamide, Squalane]"}, {b, "[retinol, Squalane]", "[retinol]"}}},
		{"stub an entry names", true, []edit{{c, "[hyaluronic acid, retinol]", "[hyaluronic acid, retinol, PANTHENOL]"}}},
		{"stub an entry names, then dropped", true, []edit{{c, "[hyaluronic acid, retinol]", "[hyaluronic acid, retinol, PANTHENOL]"}, {a, "title: \"Sheet masks & HA\"", "title: Sheets"}, {c, ", PANTHENOL]", "]"}}},
		{"stub a routine names, dropped", false, []edit{{c, "Because.", "Because.\n\n```routine\nsteps:\n  - cleanser\n  - serum: squalane\n```\n"}, {b, "[retinol, Squalane]", "[retinol]"}}},
		{"stub a page links to, dropped", true, []edit{{c, "Because.", "Because [squalane](/ingredients/squalane/)."}, {b, "[retinol, Squalane]", "[retinol]"}}},
		{"stub spelt anew, a page links to", true, []edit{{c, "Because.", "Because [squalane](/ingredients/squalane/)."}, {b, "Squalane]", "squalane]"}}},
		{"stub spelt anew, in another place", true, []edit{{f, "ingredients: [niacinamide]", "ingredients: [niacinamide, Crème, cremf]"}, {c, "title: Hydration basics", "title: Hydration"}, {f, "Crème", "Creme"}}},
		{"date and an unknown ingredient", true, []edit{{c, "date: 2024-03-01", "date: 2023-01-01"}, {c, "[hyaluronic acid, retinol]", "[hyaluronic acid, Zzyzx]"}}},
		{"stub and a new tag", true, []edit{{d, `ingredients = ["glycolic acid"]`, "ingredients = [\"glycolic acid\", \"Mystery\"]\ntags = [\"new\"]"}}},
		// Drafts and future guides leave the site and join it again.
		{"draft", true, []edit{{f, "date:", "draft: true\ndate:"}}},
		{"draft, its only ingredient's only guide", true, []edit{{d, "+++\n\n", "draft = true\n+++\n\n"}}},
		{"draft, a guide linked to", false, []edit{{c, "date:", "draft: true\ndate:"}}},
		{"draft, a guide another's related: names", true, []edit{{a, "related: [c]", "related: [x]"}, {x, "date:", "draft: true\ndate:"}}},
		{"draft, its concern's only guide", true, []edit{{x, "concerns: [redness, Redness, dullness]", "concerns: [redness, Redness, dullness, flaking]"}, {c, "title: Hydration basics", "title: Hydration"}, {x, "date:", "draft: true\ndate:"}}},
		{"draft naming a stub only it names", true, []edit{{f, "ingredients: [niacinamide]", "ingredients: [niacinamide, Zzyzx]"}, {c, "title: Hydration basics", "title: Hydration"}, {f, "date:", "draft: true\ndate:"}}},
		{"draft and published again", true, []edit{{f, "date:", "draft: true\ndate:"}, {c, "title: Hydration basics", "title: Hydration"}, {f, "draft: true\n", ""}}},
		{"draft under another slug", true, []edit{{f, "date:", "draft: true\nslug: later-filler\ndate:"}}},
		{"draft published", true, []edit{{"content/guides/draft.md", "draft: true", "draft: false"}}},
		{"draft published under another slug", true, []edit{{"content/guides/draft.md", "draft: true", "slug: now"}}},
		{"draft published, a page links to it", true, []edit{{c, "Because.", "Because [draft](draft.md)."}, {"content/guides/draft.md", "draft: true", "draft: false"}}},
		{"draft published, a related: list names it", true, []edit{{c, "tags:", "related: [draft]\ntags:"}, {"content/guides/draft.md", "draft: true", "draft: false"}}},
		{"draft published, its body linking to itself", true, []edit{{"content/guides/draft.md", "draft: true\n---\n\nDraft.", "---\n\nDraft, [here](/guides/draft/)."}}},
		{"draft, a guide links to it", true, []edit{{c, "Because.", "Because [f](/guides/f17/) and [again](f17.md#top)."}, {f, "date:", "draft: true\ndate:"}}},
		{"draft, a page links to it", false, []edit{{"content/guides/y.md", "date:", "draft: true\ndate:"}}},
		{"future guide falls due, a guide links to it", true, []edit{{c, "Because.", "Because [later](later.md)."}, {"content/guides/later.md", "date: 2030-01-01", "date: 2024-01-01"}}},
		{"future guide falls due, the newest, then held back", true, []edit{{"content/guides/later.md", "date: 2030-01-01", "date: 2024-12-31"}, {c, "title: Hydration basics", "title: Hydration"}, {"content/guides/later.md", "date: 2024-12-31", "date: 2030-01-01"}}},
		{"to the future", true, []edit{{x, "date: 2023-12-15", "date: 2029-12-15"}}},
		{"future guide falls due, the newest", true, []edit{{"content/guides/later.md", "date: 2030-01-01", "date: 2024-12-31"}}},
		// Guide files written and deleted.
		{"new guide", true, []edit{{"content/guides/new.md", "", "---\ntitle: New\ndescription: Fresh.\ndate: 2024-02-01\ningredients: [retinol, HA]\nconcerns: [dryness]\n---\n\nNew.\n"}}},
		{"new guide, the newest, new names", true, []edit{{"content/guides/sub/new.md", "", "---\ntitle: New\ndescription: Fresh.\ndate: 2024-12-01\ningredients: [Zzyzx, retinol]\nmask_types: [sheet]\nconcerns: [sunburn]\ntags: [fresh]\nrelated: [c, nowhere]\n---\n\nNew, see [c](../c.md).\n"}}},
		{"new guide, the oldest", true, []edit{{"content/guides/old.md", "", "---\ntitle: Old\ndescription: Old.\ndate: 2001-01-01\nconcerns: [redness]\n---\n\nOld.\n"}}},
		{"new guide, the oldest, deleted", true, []edit{{"content/guides/old.md", "", "---\ntitle: Old\ndescription: Old.\ndate: 2001-01-01\nconcerns: [redness]\n---\n\nOld.\n"}, {c, "title: Hydration basics", "title: Hydration"}, {"content/guides/old.md", "", ""}}},
		{"new draft", true, []edit{{"content/guides/new.md", "", "---\ntitle: New\ndescription: Fresh.\ndate: 2024-02-01\ndraft: true\n---\n\n[Nowhere](/nowhere/).\n"}}},
		{"new draft a related: list named", false, []edit{{"content/guides/nothing-here.md", "", "---\ntitle: New\ndescription: Fresh.\ndate: 2024-02-01\ndraft: true\n---\n\nNew.\n"}}},
		{"deleted draft a related: list names", true, []edit{{c, "tags:", "related: [draft]\ntags:"}, {"content/guides/draft.md", "", ""}}},
		{"new guide with another's slug", false, []edit{{"content/guides/new.md", "", "---\ntitle: New\ndescription: Fresh.\ndate: 2024-02-01\nslug: c\n---\n\nNew.\n"}}},
		{"new guide a related: list named", false, []edit{{"content/guides/nothing-here.md", "", "---\ntitle: New\ndescription: Fresh.\ndate: 2024-02-01\n---\n\nNew.\n"}}},
		{"new guide with a routine", false, []edit{{"content/guides/new.md", "", "---\ntitle: New\ndescription: Fresh.\ndate: 2024-02-01\n---\n\n```routine\nsteps:\n  - cleanser\n```\n"}}},
		{"new guide without front matter", false, []edit{{"content/guides/new.md", "", "Just text.\n"}}},
		{"new section intro", false, []edit{{"content/guides/_index.md", "", "---\ntitle: All the guides\n---\n\nRead them.\n"}}},
		{"new file a build skips", false, []edit{{"content/guides/.new.md", "", "---\ntitle: New\ndate: 2024-02-01\n---\n\nNew.\n"}}},
		{"deleted guide", true, []edit{{f, "", ""}}},
		{"deleted guide, linked to", false, []edit{{c, "", ""}}},
		{"deleted draft", true, []edit{{"content/guides/draft.md", "", ""}}},
		{"deleted future guide", true, []edit{{"content/guides/later.md", "", ""}}},
		{"deleted guide that was never there", false, []edit{{"content/guides/none.md", "", ""}}},
		{"new guide, edited, deleted", true, []edit{{"content/guides/new.md", "", "---\ntitle: New\ndescription: Fresh.\ndate: 2024-02-01\ningredients: [Zzyzx]\n---\n\nNew.\n"}, {c, "title: Hydration basics", "title: Hydration"}, {"content/guides/new.md", "", "---\ntitle: Newer\ndescription: Fresh.\ndate: 2023-02-01\ningredients: [Zzyzx, retinol]\ntags: [beginner]\n---\n\nNew.\n"}, {x, "title: Redness", "title: Red"}, {"content/guides/new.md", "", ""}}},
		// New slugs: the page moves.
		{"slug and date", true, []edit{{f, "date: 2023-06-18", "slug: filler-moved\ndate: 2024-01-18"}}},
		{"slug of a guide linked to", false, []edit{{c, "date:", "slug: hydration\ndate:"}}},
		{"slug, a guide links to its file", true, []edit{{c, "Because.", "Because [b](b.md)."}, {b, "date:", "slug: retinol-night\ndate:"}}},
		{"slug, a guide links to its page", true, []edit{{c, "Because.", "Because [b](/guides/b/)."}, {b, "date:", "slug: retinol-night\ndate:"}}},
		{"deleted guide, a guide links to it", true, []edit{{c, "Because.", "Because [f](f17.md)."}, {f, "", ""}}},
		{"slug another guide has", false, []edit{{f, "date:", "slug: c\ndate:"}}},
		{"slug a related: list names", false, []edit{{f, "date:", "slug: nothing-here\ndate:"}}},
		{"slug, then back", true, []edit{{f, "date:", "slug: other\ndate:"}, {c, "title: Hydration basics", "title: Hydration"}, {f, "slug: other\n", ""}}},
		{"slug of the newest guide, ties by slug", true, []edit{{"content/guides/f01.md", "date: 2023-02-02", "slug: zz-first\ndate: 2023-02-02"}}},
		// Edits one after another on updated builds: the pages kept for
		// later edits hold the new data.
		{"titles in turn", true, []edit{{a, "title: \"Sheet masks & HA\"", "title: One"}, {c, "title: Hydration basics", "title: Two"}, {a, "title: One", "title: Three"}, {c, "description: Water first.", "description: Four."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := frontSite()
			prev := build.Build(fsys, opts)
			if !prev.OK() {
				t.Fatal(prev.Diags)
			}
			chained := len(tt.edits) > 1 && tt.edits[0].path != tt.edits[1].path
			for i, e := range tt.edits {
				switch {
				case e.old == "" && e.new == "":
					delete(fsys, e.path)
				case e.old == "":
					fsys[e.path] = &fstest.MapFile{Data: []byte(e.new)}
				default:
					src := string(fsys[e.path].Data)
					if !strings.Contains(src, e.old) {
						t.Fatalf("edit %d: %q not in %s", i, e.old, e.path)
					}
					fsys[e.path] = &fstest.MapFile{Data: []byte(strings.Replace(src, e.old, e.new, 1))}
				}
				if !chained && i < len(tt.edits)-1 {
					continue // one save of several changes
				}
				full := build.Build(maps.Clone(fsys), opts)
				got, fast := prev.Update(fsys, e.path)
				if at, ok := fullAt[tt.name]; fast != (tt.fast && (!ok || at != i)) {
					t.Errorf("edit %d: fast path %v", i, fast)
				}
				if !fast {
					got = full
				}
				sameBuild(t, fmt.Sprintf("edit %d", i), got, full)
				if !got.OK() {
					break
				}
				prev = got
			}
		})
	}
}

// A site with templates of its own may show a guide anywhere: a front
// matter edit takes a full build, and a body edit still takes the fast path.
func TestUpdateFrontMatterOwnTheme(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	opts := build.Options{Options: site.Options{Now: now}, Blocks: blocks.Funcs, Incremental: true}
	fsys := frontSite()
	theme, err := fs.ReadFile(templates.FS, "partials.html")
	if err != nil {
		t.Fatal(err)
	}
	const plain = `<h3><a href="{{.Href}}">{{.Title}}</a></h3>`
	if !strings.Contains(string(theme), plain) {
		t.Fatalf("the built-in card no longer holds %s", plain)
	}
	fsys["templates/partials.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(theme), plain, `<h3><a href="{{.Href}}">{{.Title}}</a> by {{.Author}}</h3>`, 1))}
	for _, tt := range []struct {
		name, old, new string
		fast           bool
	}{
		{"author", "date:", "author: Bo\ndate:", false},
		{"title", "title: Hydration basics", "title: Hydration", false},
		{"body", "Because.", "Because it helps.", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sfs := maps.Clone(fsys)
			prev := build.Build(sfs, opts)
			if !prev.OK() {
				t.Fatal(prev.Diags)
			}
			const p = "content/guides/c.md"
			sfs[p] = &fstest.MapFile{Data: []byte(strings.Replace(string(sfs[p].Data), tt.old, tt.new, 1))}
			full := build.Build(sfs, opts)
			got, fast := prev.Update(sfs, p)
			if fast != tt.fast {
				t.Errorf("fast path %v, want %v", fast, tt.fast)
			}
			if !fast {
				got = full
			}
			sameBuild(t, tt.name, got, full)
		})
	}
}

// On a site whose lists are longer than the window related guides are
// picked from, an edit that moves a guide between lists gives every guide
// near it the related guides of the full build.
func TestUpdateFrontMatterLongLists(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 400-guide site many times")
	}
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	opts := build.Options{Options: site.Options{Now: now}, Blocks: blocks.Funcs, Incremental: true}
	fsys := corpus.Site(400, 3)
	prev := build.Build(fsys, opts)
	if !prev.OK() {
		t.Fatal(prev.Diags[:min(5, len(prev.Diags))])
	}
	list := func(key, to string) func(string) string {
		return func(s string) string {
			i := strings.Index(s, "\n"+key+": [")
			j := i + 1 + strings.Index(s[i+1:], "\n")
			return s[:i] + "\n" + key + ": [" + to + "]" + s[j:]
		}
	}
	date := func(to string) func(string) string {
		return func(s string) string {
			i := strings.Index(s, "\ndate: ")
			return s[:i] + "\ndate: " + to + s[i+len("\ndate: 2006-01-02"):]
		}
	}
	for i, edit := range []struct {
		guide int
		edit  func(string) string
	}{
		{200, func(s string) string { return strings.Replace(s, "title: \"Guide", "title: \"Edited guide", 1) }},
		{200, func(s string) string { return strings.Replace(s, "\nfaq:", "\nrelated: [g00001, g00002]\nfaq:", 1) }},
		{200, list("ingredients", "retinol, urea, HA")},
		{200, list("skin_types", "dry")}, // out of a list of every guide
		{201, list("skin_types", "oily")},
		{200, list("skin_types", "oily, dry")},
		{17, list("concerns", "redness, texture, dullness")},
		{17, list("ingredients", "snail mucin")},
		{399, list("ingredients", "kaolin, bentonite, green tea, panthenol")},
		{399, list("mask_types", "sheet, clay")},
		{0, list("concerns", "oiliness")},
		{0, list("ingredients", "vitamin c")},
		{200, date("2024-12-30")}, // among the newest
		{5, date("2018-01-01")},   // the oldest
		{100, date("2021-06-15")},
		{300, func(s string) string { return list("concerns", "texture")(date("2020-02-02")(s)) }},
	} {
		p := prev.Site.Guides[edit.guide].Path
		fsys[p] = &fstest.MapFile{Data: []byte(edit.edit(string(fsys[p].Data)))}
		full := build.Build(maps.Clone(fsys), opts)
		got, fast := prev.Update(fsys, p)
		if !fast {
			t.Fatalf("edit %d: no fast path", i)
		}
		sameBuild(t, fmt.Sprintf("edit %d", i), got, full)
		prev = got
	}
	// Guides leave the site and join it again, from the middle of long
	// lists and from the newest: drafts, future guides, new slugs, new
	// and deleted files. A deleted guide is one no guide links to, or a
	// link would break.
	var free []string
	for _, g := range prev.Site.Guides {
		linked := false
		for p, f := range fsys {
			if strings.HasPrefix(p, "content/guides/") && strings.Contains(string(f.Data), "/guides/"+g.Slug+"/") {
				linked = true
				break
			}
		}
		if !linked {
			free = append(free, g.Path)
		}
	}
	if len(free) < 4 {
		t.Fatalf("%d guides no link leads to", len(free))
	}
	mid, newest, other := free[len(free)/2], free[0], free[len(free)/3]
	src := func(p string) string { return string(fsys[p].Data) }
	draft := func(s string) string { return strings.Replace(s, "\ndate:", "\ndraft: true\ndate:", 1) }
	slug := func(s string) string { return strings.Replace(s, "\ndate:", "\nslug: moved\ndate:", 1) }
	gone := func(string) string { return "" }
	was := map[string]string{mid: src(mid), newest: src(newest), other: src(other)}
	back := func(p string) func(string) string { return func(string) string { return was[p] } }
	for i, edit := range []struct {
		path, from string // from: the file the new text is made of; "" for path
		edit       func(string) string
	}{
		{mid, "", draft},
		{newest, "", date("2031-01-01")},
		{mid, "", back(mid)},
		{newest, "", back(newest)},
		{other, "", slug},
		{"content/guides/new.md", other, func(string) string { return list("concerns", "texture")(date("2021-05-05")(was[other])) }},
		{other, "", gone},
		{"content/guides/new.md", "", list("ingredients", "Zzyzx Root, retinol")},
		{"content/guides/new.md", "", gone},
	} {
		from := edit.from
		if from == "" {
			from = edit.path
		}
		if text := edit.edit(src(from)); text == "" {
			delete(fsys, edit.path)
		} else {
			fsys[edit.path] = &fstest.MapFile{Data: []byte(text)}
		}
		full := build.Build(maps.Clone(fsys), opts)
		got, fast := prev.Update(fsys, edit.path)
		if !fast {
			t.Fatalf("leave or join %d: no fast path", i)
		}
		sameBuild(t, fmt.Sprintf("leave or join %d", i), got, full)
		prev = got
	}
}

// Random edits of the front matter of random guides, one after another,
// each update compared with a full build of the edited site: dates that
// move guides, lists of ingredients and mask types, concerns, skin types
// and tags, old and new, names no file describes, titles, slugs; guides
// made drafts or future guides and published again, new guide files and
// deleted ones.
func TestUpdateRandomEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 150-guide site many times")
	}
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	opts := build.Options{Options: site.Options{Now: now}, Blocks: blocks.Funcs, Incremental: true}
	fsys := corpus.Site(150, 11)
	prev := build.Build(fsys, opts)
	if !prev.OK() {
		t.Fatal(prev.Diags[:min(5, len(prev.Diags))])
	}
	r := rand.New(rand.NewSource(5))
	pick := func(from []string, most int) string {
		var out []string
		for _, i := range r.Perm(len(from))[:r.Intn(most+1)] {
			out = append(out, from[i])
		}
		return strings.Join(out, ", ")
	}
	// Among the ingredients, names no file describes: typos and others.
	ingredients := []string{"retinol", "HA", "hyaluronic acid", "urea", "snail mucin", "kaolin", "vitamin c", "Niacinamide", "cica", "glycerin", "squalane", "Bakuchiol", "niacinimide", "Zzyzx Root", "zzyzx root", "Rice Water"}
	masks := []string{"sheet", "clay", "cream", "gel", "sleeping", "foil"}
	concerns := []string{"dryness", "redness", "texture", "Dullness", "acne", "pores", "fine-lines"}
	skins := []string{"dry", "oily", "normal", "combination"}
	tags := []string{"beginner", "pro", "quick", "Evening", "budget"}
	set := func(src, key, to string) string {
		line := "\n" + key + ": [" + to + "]"
		i := strings.Index(src, "\n"+key+":")
		if i < 0 {
			return strings.Replace(src, "\nfaq:", line+"\nfaq:", 1)
		}
		j := i + 1 + strings.Index(src[i+1:], "\n")
		return src[:i] + line + src[j:]
	}
	date := func(src string, year int) string {
		i := strings.Index(src, "\ndate: ")
		return src[:i] + fmt.Sprintf("\ndate: %d-%02d-%02d", year, 1+r.Intn(12), 1+r.Intn(28)) + src[i+len("\ndate: 2006-01-02"):]
	}
	fast, tried := map[string]int{}, map[string]int{}
	const edits = 160
	for n := range edits {
		g := prev.Site.Guides[r.Intn(len(prev.Site.Guides))]
		p := g.Path
		src := string(fsys[p].Data)
		var what string
		switch r.Intn(14) {
		case 0:
			what, src = "date", date(src, 2018+r.Intn(7))
		case 1, 2:
			what, src = "ingredients", set(src, "ingredients", pick(ingredients, 4))
		case 3:
			what, src = "mask types", set(src, "mask_types", pick(masks, 2))
		case 4:
			what, src = "concerns", set(src, "concerns", pick(concerns, 3))
		case 5:
			what, src = "skin types", set(src, "skin_types", pick(skins, 2))
		case 6:
			what, src = "tags", set(src, "tags", pick(tags, 3))
		case 7:
			what = "date and concerns"
			src = set(date(src, 2018+r.Intn(7)), "concerns", pick(concerns, 2))
		case 9, 10:
			// Held back, or published again: a draft or future guide.
			what = "draft"
			var held []string
			for hp := range prev.Site.Unpublished {
				held = append(held, hp)
			}
			slices.Sort(held)
			switch {
			case len(held) > 0 && r.Intn(2) == 0:
				what, p = "published", held[r.Intn(len(held))]
				src = date(strings.Replace(string(fsys[p].Data), "\ndraft: true", "", 1), 2018+r.Intn(7))
			case r.Intn(2) == 0:
				src = strings.Replace(src, "\ndate:", "\ndraft: true\ndate:", 1)
			default:
				what, src = "future", date(src, 2031)
			}
		case 11:
			what, p = "new guide", fmt.Sprintf("content/guides/new-%d.md", n)
			if i := strings.Index(src, "\nslug: "); i >= 0 {
				src = src[:i] + src[i+1+strings.Index(src[i+1:], "\n"):]
			}
			src = set(set(date(strings.Replace(src, "title: \"", "title: \"New ", 1), 2018+r.Intn(7)), "ingredients", pick(ingredients, 3)), "tags", pick(tags, 2))
		case 12:
			what, src = "deleted guide", ""
		case 13:
			what = "slug"
			if strings.Contains(src, "\nslug: ") {
				src = src[:strings.Index(src, "\nslug: ")] + src[strings.Index(src, "\ntitle:"):]
			}
			src = strings.Replace(src, "\ntitle:", fmt.Sprintf("\nslug: s%d\ntitle:", n), 1)
		default:
			what = "title and tags"
			src = strings.Replace(set(src, "tags", pick(tags, 2)), "title: \"", fmt.Sprintf("title: \"Edit %d of ", n), 1)
		}
		was, existed := fsys[p]
		if src == "" {
			delete(fsys, p)
		} else {
			fsys[p] = &fstest.MapFile{Data: []byte(src)}
		}
		full := build.Build(maps.Clone(fsys), opts)
		if !full.OK() {
			// A guide other guides link to deleted, or held back: the
			// edit is undone, for the next to start from a good site.
			if _, ok := prev.Update(fsys, p); ok {
				t.Fatalf("edit %d (%s of %s): the fast path took an edit a full build refuses", n, what, p)
			}
			if existed {
				fsys[p] = was
			} else {
				delete(fsys, p)
			}
			tried[what+", refused"]++
			prev = build.Build(fsys, opts)
			continue
		}
		got, ok := prev.Update(fsys, p)
		tried[what]++
		if ok {
			fast[what]++
		} else {
			got = full
		}
		sameBuild(t, fmt.Sprintf("edit %d (%s of %s, fast %v)", n, what, p, ok), got, full)
		if t.Failed() {
			return
		}
		prev = got
	}
	// Most edits take the fast path, of every kind; the test is of it.
	total := 0
	for what, k := range tried {
		t.Logf("%s: %d of %d edits took the fast path", what, fast[what], k)
		total += fast[what]
		if fast[what] == 0 && what != "future" && !strings.HasSuffix(what, ", refused") {
			t.Errorf("%s: no edit of %d took the fast path", what, k)
		}
	}
	if total < edits/2 {
		t.Errorf("%d of %d edits took the fast path", total, edits)
	}
}
