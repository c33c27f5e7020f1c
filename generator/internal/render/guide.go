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
	sd := siteData(s)
	h, err := chrome(sd, theme)
	if err != nil {
		return Output{}, err
	}
	p := guidePage(s, sd, g, opts)
	p.JSONLD = guideLD(s, g)
	p.Header = h.of(p.URL)
	prepareGuide(g, s.Config.BasePath)
	g.ReadTime = readTime(g.Words)
	joinLists(p)
	var buf bytes.Buffer
	if err := theme.Execute(&buf, "guide.html", p); err != nil {
		return Output{}, err
	}
	return Output{Path: strings.TrimPrefix(g.URL(), "/") + "index.html", Data: buf.Bytes()}, nil
}
