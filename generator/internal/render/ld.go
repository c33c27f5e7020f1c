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

// The JSON-LD of a guide is built from structs (far cheaper to encode than
// maps); fields are declared in the order of their names, as maps would be.
type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type ldArticle struct {
	Context          string    `json:"@context"`
	Type             string    `json:"@type"`
	About            []ldThing `json:"about,omitempty"`
	Author           *ldThing  `json:"author,omitempty"`
	DateModified     string    `json:"dateModified"`
	DatePublished    string    `json:"datePublished"`
	Description      string    `json:"description,omitempty"`
	Headline         string    `json:"headline"`
	MainEntityOfPage string    `json:"mainEntityOfPage"`
	Publisher        ldThing   `json:"publisher"`
	URL              string    `json:"url"`
}

type ldAnswer struct {
	Type string `json:"@type"`
	Text string `json:"text"`
}

type ldQuestion struct {
	Type           string   `json:"@type"`
	AcceptedAnswer ldAnswer `json:"acceptedAnswer"`
	Name           string   `json:"name"`
}

type ldFAQPage struct {
	Context    string       `json:"@context"`
	Type       string       `json:"@type"`
	MainEntity []ldQuestion `json:"mainEntity"`
}

type ldStep struct {
	Type     string `json:"@type"`
	Name     string `json:"name"`
	Position int    `json:"position"`
	Text     string `json:"text"`
	URL      string `json:"url"`
}

type ldHowTo struct {
	Context string   `json:"@context"`
	Type    string   `json:"@type"`
	Name    string   `json:"name"`
	Step    []ldStep `json:"step"`
}

func guideLD(s *site.Site, g *site.Guide) []template.JS {
	url := abs(s, g.URL())
	article := ldArticle{
		Context:          "https://schema.org",
		Type:             "Article",
		Headline:         g.Title,
		DatePublished:    g.Date.Format("2006-01-02"),
		DateModified:     g.Date.Format("2006-01-02"),
		Description:      g.Description,
		MainEntityOfPage: url,
		URL:              url,
		Publisher:        ldThing{Type: "Organization", Name: s.Config.Title},
	}
	if !g.Updated.IsZero() {
		article.DateModified = g.Updated.Format("2006-01-02")
	}
	if g.Author != "" {
		article.Author = &ldThing{Type: "Person", Name: g.Author}
	}
	for _, e := range g.Entries[site.Ingredient] {
		article.About = append(article.About, ldThing{Type: "Thing", Name: e.Name, URL: abs(s, e.URL())})
	}
	out := []template.JS{ld(article)}
	if len(g.FAQ) > 0 {
		page := ldFAQPage{Context: "https://schema.org", Type: "FAQPage"}
		for _, f := range g.FAQ {
			page.MainEntity = append(page.MainEntity, ldQuestion{Type: "Question", Name: f.Q, AcceptedAnswer: ldAnswer{Type: "Answer", Text: f.AText}})
		}
		out = append(out, ld(page))
	}
	return append(out, routinesLD(g.Title, url, g.Routines)...)
}

// routinesLD is HowTo data for the routines of the page at url, named
// after the page when untitled.
func routinesLD(page, url string, rs []site.Routine) []template.JS {
	var out []template.JS
	for _, r := range rs {
		howto := ldHowTo{Context: "https://schema.org", Type: "HowTo", Name: r.Title}
		if howto.Name == "" {
			howto.Name = page
		}
		for i, st := range r.Steps {
			text := st.Name
			if len(st.Ingredients) > 0 {
				names := make([]string, len(st.Ingredients))
				for j, e := range st.Ingredients {
					names[j] = e.Name
				}
				text += " with " + strings.Join(names, ", ")
			}
			howto.Step = append(howto.Step, ldStep{Type: "HowToStep", Position: i + 1, Name: st.Name, Text: text, URL: url + "#" + r.ID})
		}
		out = append(out, ld(howto))
	}
	return out
}
