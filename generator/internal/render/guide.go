package render

import (
	"bytes"
	"strings"

	"derma/generator/internal/site"
)

// GuidePage renders the page of one guide of s exactly as Pages does, for a
// rebuild that only changed that guide's body. g may be a copy of a guide of
// s not yet in its place; its related guides' cards must be rendered.
func GuidePage(s *site.Site, theme *Theme, g *site.Guide, opts Options) (Output, error) {
	o, _, err := guideOutput(s, theme, g, opts)
	return o, err
}

// guideOutput renders guide g's page and gives the page's data too.
func guideOutput(s *site.Site, theme *Theme, g *site.Guide, opts Options) (Output, *Page, error) {
	sd := siteData(s)
	h, err := chrome(sd, theme)
	if err != nil {
		return Output{}, nil, err
	}
	p := guidePage(s, sd, g, opts)
	p.JSONLD = guideLD(s, g)
	p.Header = h.of(p.URL)
	prepareGuide(g, s.Config.BasePath)
	g.ReadTime = readTime(g.Words)
	joinLists(p)
	var buf bytes.Buffer
	err = theme.Execute(&buf, "guide.html", p)
	p.Cards, p.Rows, p.RelatedCards = "", "", ""
	if err != nil {
		return Output{}, nil, err
	}
	return Output{Path: strings.TrimPrefix(g.URL(), "/") + "index.html", Data: buf.Bytes()}, p, nil
}
