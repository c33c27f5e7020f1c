package resolve_test

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/resolve"
	"derma/generator/internal/site"
)

// FuzzResolve: any names, aliases and references (written as JSON front
// matter, so every string arrives as written) resolve without a panic; every
// reference with letters or digits ends at an entry, the one Lookup finds.
func FuzzResolve(f *testing.F) {
	f.Add("Hyaluronic Acid", "HA|hyaluronan", "Retinol", "vitamin A|HA", "ha|hyaluronic-acid|niacinimide|vitamin a", "retinol")
	f.Add("A", "b", "B", "a", "a|b|c|---", "a")
	f.Add("Crème", "", "creme", "", "CRÈME|crème", "")
	f.Add("Gel mask", "", "gel", "jelly masks", "gel|gel mask|Gel Masks|jelly|face mask", "gel")
	f.Fuzz(func(t *testing.T, name1, aliases1, name2, aliases2, refs, avoid string) {
		js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
		split := func(s string) []string {
			if s == "" {
				return []string{}
			}
			return strings.Split(s, "|")
		}
		entry := func(name, aliases string) []byte {
			return []byte("{\n\"name\": " + js(name) + ",\n\"aliases\": " + js(split(aliases)) + ",\n\"avoid_with\": " + js(split(avoid)) + "\n}\n\n")
		}
		guide := []byte("{\n\"title\": \"G\",\n\"description\": \"d\",\n\"date\": \"2025-01-01\",\n\"ingredients\": " + js(split(refs)) + ",\n\"mask_types\": " + js(split(refs)) + ",\n\"tags\": " + js(split(refs)) + "\n}\n\n")
		fsys := fstest.MapFS{
			"content/site.yaml":        {Data: []byte("title: T\n")},
			"content/ingredients/a.md": {Data: entry(name1, aliases1)},
			"content/ingredients/b.md": {Data: entry(name2, aliases2)},
			"content/mask-types/m.md":  {Data: entry(name2, aliases1)},
			"content/guides/g.md":      {Data: guide},
			"content/guides/h.md":      {Data: guide},
		}
		s, d := site.Load(fsys, site.Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
		ix := resolve.Site(s, &d)
		for _, g := range s.Guides {
			for _, k := range site.Kinds {
				for _, r := range g.Refs[k] {
					if resolve.Key(r.Text) == "" {
						continue
					}
					if r.Entry == nil {
						t.Fatalf("%v reference %q resolved to nothing", k, r.Text)
					}
					if got := ix.Lookup(k, r.Text); got != r.Entry && !d.HasErrors() {
						t.Fatalf("Lookup(%q) = %v, reference went to %v", r.Text, got, r.Entry)
					}
				}
			}
		}
		for _, k := range site.Kinds {
			for _, e := range s.Entries[k] {
				for _, a := range e.Avoid {
					if !resolve.Avoids(a, e) {
						t.Fatalf("%s avoids %s but not the other way", e.Slug, a.Slug)
					}
				}
			}
		}
	})
}
