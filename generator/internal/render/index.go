package render

import (
	"sort"
	"strings"

	"derma/generator/internal/site"
	"derma/generator/internal/slug"
)

// azIndex groups ingredients and every other name for them (aliases, INCI
// names) by first letter, each name in its alphabetical place.
func azIndex(es []*site.Entry) []Letter {
	var items []AZItem
	for _, e := range es {
		items = append(items, AZItem{Label: e.Name, Entry: e})
		// Each name once, in any case; one with an accent of its own
		// (Rétinol) is another name, in its own place.
		seen := map[string]bool{strings.ToLower(e.Name): true}
		others := append([]string{e.INCI}, e.Aliases...)
		for _, a := range others {
			k := strings.ToLower(a)
			if a == "" || seen[k] {
				continue
			}
			seen[k] = true
			items = append(items, AZItem{Label: a, Entry: e, Alias: true})
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := sortKey(items[i].Label), sortKey(items[j].Label)
		if a != b {
			return a < b
		}
		if items[i].Alias != items[j].Alias {
			return !items[i].Alias
		}
		return items[i].Entry.Slug < items[j].Entry.Slug
	})
	// One group a letter: names under "#" (a digit, a Greek letter) need
	// not sort next to each other.
	var letters []Letter
	at := map[string]int{}
	for _, it := range items {
		l := firstLetter(it.Label)
		i, ok := at[l]
		if !ok {
			id := "letter-" + strings.ToLower(l)
			if l == "#" {
				id = "letter-other"
			}
			i = len(letters)
			at[l] = i
			letters = append(letters, Letter{Letter: l, ID: id})
		}
		letters[i].Items = append(letters[i].Items, it)
	}
	// Names starting with a digit or symbol come last, under "#".
	sort.SliceStable(letters, func(i, j int) bool {
		if (letters[i].Letter == "#") != (letters[j].Letter == "#") {
			return letters[j].Letter == "#"
		}
		return letters[i].Letter < letters[j].Letter
	})
	return letters
}

func sortKey(s string) string { return slug.Make(s) }

func firstLetter(s string) string {
	k := slug.Make(s)
	if k != "" && k[0] >= 'a' && k[0] <= 'z' {
		return strings.ToUpper(k[:1])
	}
	return "#"
}

// filters lists the choices of the guide list: ingredients, mask types,
// concerns and skin types that at least one guide names.
func filters(s *site.Site) []Filter {
	var out []Filter
	for _, k := range []site.Kind{site.Ingredient, site.MaskType} {
		f := Filter{Key: [...]string{"ingredient", "mask-type", "product"}[k], Title: k.Plural()}
		for _, e := range s.Entries[k] {
			if len(e.Guides) > 0 {
				f.Options = append(f.Options, FilterOption{e.Slug, e.Name, e.URL(), len(e.Guides)})
			}
		}
		out = append(out, f)
	}
	for _, t := range []site.Taxonomy{site.Concerns, site.SkinTypes} {
		f := Filter{Key: [...]string{"concern", "skin-type", "tag"}[t], Title: t.Title()}
		for _, tp := range s.Terms[t] {
			f.Options = append(f.Options, FilterOption{tp.Slug, upperFirst(tp.Name), tp.URL(), len(tp.Guides)})
		}
		out = append(out, f)
	}
	return out
}
