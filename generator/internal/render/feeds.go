package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"derma/generator/internal/site"
)

// FeedSize is how many guides feed.xml carries.
const FeedSize = 20

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string      `xml:"title"`
	Link      atomLink    `xml:"link"`
	ID        string      `xml:"id"`
	Published string      `xml:"published"`
	Updated   string      `xml:"updated"`
	Author    *atomPerson `xml:"author,omitempty"`
	Summary   *atomText   `xml:"summary,omitempty"`
	Content   *atomText   `xml:"content,omitempty"`
}

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"xml:lang,attr,omitempty"`
	// Base resolves the root-relative links and images of the entries'
	// content, which feed readers show away from the site.
	Base     string      `xml:"xml:base,attr,omitempty"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Links    []atomLink  `xml:"link"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Author   *atomPerson `xml:"author,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

// absolute makes the links and images of a guide's HTML absolute, as feed
// readers need: a site path (/skin/guides/x/) from the site's origin, a
// place in the page (#fn:1) from the page's address. Goldmark and the
// blocks write every attribute in double quotes and escape quotes in text,
// so ` href="` starts an attribute and nothing else.
func absolute(html, origin, page string) string {
	if !strings.Contains(html, `="/`) && !strings.Contains(html, `="#`) {
		return html
	}
	var b strings.Builder
	b.Grow(len(html) + len(html)/8)
	for {
		// An opening quote, then its closing one: an attribute's value.
		i := strings.IndexByte(html, '"')
		if i < 0 {
			b.WriteString(html)
			return b.String()
		}
		name, value := html[:i], html[i+1:]
		j := strings.IndexByte(value, '"')
		if j < 0 {
			b.WriteString(html)
			return b.String()
		}
		b.WriteString(html[:i+1])
		if strings.HasSuffix(name, " href=") || strings.HasSuffix(name, " src=") {
			switch {
			case strings.HasPrefix(value, "/") && !strings.HasPrefix(value, "//"):
				b.WriteString(origin)
			case strings.HasPrefix(value, "#"):
				b.WriteString(page)
			}
		}
		b.WriteString(value[:j+1])
		html = value[j+1:]
	}
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Feed writes the Atom feed of the newest guides; base_url must be set.
func Feed(s *site.Site, now time.Time) []byte {
	base := strings.TrimSuffix(s.Config.BaseURL, "/")
	f := atomFeed{
		Lang:     s.Config.Language,
		Base:     base + "/",
		Title:    s.Config.Title,
		Subtitle: s.Config.Description,
		Links:    []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/feed.xml"}, {Rel: "alternate", Type: "text/html", Href: base + "/"}},
		ID:       base + "/",
	}
	// Every entry needs an author; the feed's own covers those without one.
	author := s.Config.Author
	if author == "" {
		author = s.Config.Title
	}
	f.Author = &atomPerson{author}
	var newest time.Time
	for i, g := range s.Guides {
		if i == FeedSize {
			break
		}
		up := g.Date
		if g.Updated.After(up) {
			up = g.Updated
		}
		if up.After(newest) {
			newest = up
		}
		e := atomEntry{
			Title:     g.Title,
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: base + g.URL()},
			ID:        base + g.URL(),
			Published: stamp(g.Date),
			Updated:   stamp(up),
			Content:   &atomText{Type: "html", Body: absolute(string(g.HTML), strings.TrimSuffix(base, s.Config.BasePath), base+g.URL())},
		}
		if g.Author != "" && g.Author != author {
			e.Author = &atomPerson{g.Author}
		}
		if g.Description != "" {
			e.Summary = &atomText{Type: "text", Body: g.Description}
		}
		f.Entries = append(f.Entries, e)
	}
	if newest.IsZero() {
		// No guides: a fixed date keeps two builds identical.
		newest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.Updated = stamp(newest)
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	enc.Encode(f)
	b.WriteByte('\n')
	return b.Bytes()
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

// Sitemap lists every page of the site; base_url must be set.
func Sitemap(s *site.Site, outs []Output) []byte {
	base := strings.TrimSuffix(s.Config.BaseURL, "/")
	lastmod := map[string]string{}
	for _, g := range s.Guides {
		d := g.Date
		if g.Updated.After(d) {
			d = g.Updated
		}
		lastmod[g.URL()] = d.Format("2006-01-02")
	}
	var u urlset
	for _, o := range outs {
		if !strings.HasSuffix(o.Path, "index.html") || o.Source != "" {
			continue
		}
		p := "/" + strings.TrimSuffix(o.Path, "index.html")
		u.URLs = append(u.URLs, sitemapURL{Loc: base + escapeURLPath(p), LastMod: lastmod[p]})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	enc.Encode(u)
	b.WriteByte('\n')
	return b.Bytes()
}

// Robots allows everything and points at the sitemap when there is one.
func Robots(s *site.Site) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if s.Config.BaseURL != "" {
		b.WriteString("\nSitemap: " + strings.TrimSuffix(s.Config.BaseURL, "/") + "/sitemap.xml\n")
	}
	return []byte(b.String())
}
