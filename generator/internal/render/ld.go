package render

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strings"

	"derma/generator/internal/site"
)

// JSON-LD is built from maps and encoded by encoding/json, which escapes <, >
// and & so that no value can close the script element.
func ld(v any) template.JS {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return template.JS(bytes.TrimSpace(b.Bytes()))
}

func abs(s *site.Site, p string) string {
	if s.Config.BaseURL == "" {
		return s.Config.BasePath + p
	}
	return strings.TrimSuffix(s.Config.BaseURL, "/") + p
}

func websiteLD(s *site.Site) template.JS {
	m := map[string]any{
		"@context": "https://schema.org",
		"@type":    "WebSite",
		"name":     s.Config.Title,
		"url":      abs(s, "/"),
		"potentialAction": map[string]any{
			"@type":       "SearchAction",
			"target":      abs(s, "/search/") + "?q={query}",
			"query-input": "required name=query",
		},
	}
	if s.Config.Description != "" {
		m["description"] = s.Config.Description
	}
	return ld(m)
}

func guideLD(s *site.Site, g *site.Guide) []template.JS {
	article := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "Article",
		"headline":         g.Title,
		"datePublished":    g.Date.Format("2006-01-02"),
		"mainEntityOfPage": abs(s, g.URL()),
		"url":              abs(s, g.URL()),
		"publisher":        map[string]any{"@type": "Organization", "name": s.Config.Title},
	}
	if g.Description != "" {
		article["description"] = g.Description
	}
	if !g.Updated.IsZero() {
		article["dateModified"] = g.Updated.Format("2006-01-02")
	} else {
		article["dateModified"] = g.Date.Format("2006-01-02")
	}
	if g.Author != "" {
		article["author"] = map[string]any{"@type": "Person", "name": g.Author}
	}
	var about []any
	for _, e := range g.Entries[site.Ingredient] {
		about = append(about, map[string]any{"@type": "Thing", "name": e.Name, "url": abs(s, e.URL())})
	}
	if len(about) > 0 {
		article["about"] = about
	}
	out := []template.JS{ld(article)}
	if len(g.FAQ) > 0 {
		var qs []any
		for _, f := range g.FAQ {
			qs = append(qs, map[string]any{
				"@type":          "Question",
				"name":           f.Q,
				"acceptedAnswer": map[string]any{"@type": "Answer", "text": f.AText},
			})
		}
		out = append(out, ld(map[string]any{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": qs}))
	}
	for _, r := range g.Routines {
		var steps []any
		for i, st := range r.Steps {
			text := st.Name
			if len(st.Ingredients) > 0 {
				names := make([]string, len(st.Ingredients))
				for j, e := range st.Ingredients {
					names[j] = e.Name
				}
				text += " with " + strings.Join(names, ", ")
			}
			steps = append(steps, map[string]any{"@type": "HowToStep", "position": i + 1, "name": st.Name, "text": text, "url": abs(s, g.URL()) + "#" + r.ID})
		}
		title := r.Title
		if title == "" {
			title = g.Title
		}
		out = append(out, ld(map[string]any{"@context": "https://schema.org", "@type": "HowTo", "name": title, "step": steps}))
	}
	return out
}
