package render

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"

	"derma/generator/internal/site"
)

// An edit that keeps the site's pages changes the sitemap in one or two
// places: these change those places in a copy, as Sitemap writes them.

// Lastmod is the date the sitemap gives guide g's page.
func Lastmod(g *site.Guide) string {
	d := g.Date
	if g.Updated.After(d) {
		d = g.Updated
	}
	return d.Format("2006-01-02")
}

// SitemapAgain returns a copy of the sitemap data of s with guide g's
// lastmod changed from old to the one g now has; false when the old one is
// not found exactly once.
func SitemapAgain(s *site.Site, g *site.Guide, data []byte, old string, alloc Alloc) ([]byte, bool) {
	var loc bytes.Buffer
	xml.EscapeText(&loc, []byte(strings.TrimSuffix(s.Config.BaseURL, "/")+escapeURLPath(g.URL())))
	pre := "<loc>" + loc.String() + "</loc>\n    <lastmod>"
	return Splice(data, []byte(pre+old+"</lastmod>"), []byte(pre+Lastmod(g)+"</lastmod>"), alloc.of("sitemap.xml"))
}

// SitemapAdd returns a copy of the sitemap data of s with the page at url,
// whose lastmod is lastmod ("" for none), added right after the page at
// after; false when after is not found exactly once.
func SitemapAdd(s *site.Site, data []byte, after, url, lastmod string, alloc Alloc) ([]byte, bool) {
	base := strings.TrimSuffix(s.Config.BaseURL, "/")
	var loc bytes.Buffer
	loc.WriteString("<loc>")
	xml.EscapeText(&loc, []byte(base+escapeURLPath(after)))
	loc.WriteString("</loc>")
	i := bytes.Index(data, loc.Bytes())
	if i < 0 || bytes.Contains(data[i+1:], loc.Bytes()) {
		return nil, false
	}
	end := bytes.Index(data[i:], []byte("</url>"))
	if end < 0 {
		return nil, false
	}
	at := i + end + len("</url>")
	// The new entry as Sitemap writes it, from the line break before it.
	var one bytes.Buffer
	enc := xml.NewEncoder(&one)
	enc.Indent("", "  ")
	if err := enc.Encode(urlset{URLs: []sitemapURL{{Loc: base + escapeURLPath(url), LastMod: lastmod}}}); err != nil {
		return nil, false
	}
	b := one.Bytes()
	from, to := bytes.Index(b, []byte("\n  <url>")), bytes.LastIndex(b, []byte("</url>"))
	if from < 0 || to < from {
		return nil, false
	}
	block := b[from : to+len("</url>")]
	n := len(data) + len(block)
	var out []byte
	if alloc != nil {
		out = alloc("sitemap.xml", n)
	} else {
		out = make([]byte, n)
	}
	copy(out, data[:at])
	copy(out[at:], block)
	copy(out[at+len(block):], data[at:])
	return out, true
}

// SitemapDrop returns a copy of the sitemap data of s without the page at
// url; false when it is not found exactly once.
func SitemapDrop(s *site.Site, data []byte, url string, alloc Alloc) ([]byte, bool) {
	e := sitemapEntry(s, data, url)
	if e == nil {
		return nil, false
	}
	return Replace(data, []Replacement{{e, nil}}, alloc.of("sitemap.xml"))
}

// sitemapEntry is the entry of the page at url in the sitemap data of s,
// from the line break before its <url> to its </url>; nil when it is not
// found exactly once.
func sitemapEntry(s *site.Site, data []byte, url string) []byte {
	l := sitemapLoc(s, url)
	i := bytes.Index(data, l)
	if i < 0 || bytes.Contains(data[i+1:], l) {
		return nil
	}
	from := bytes.LastIndex(data[:i], []byte("\n  <url>"))
	to := bytes.Index(data[i:], []byte("</url>"))
	if from < 0 || to < 0 {
		return nil
	}
	return data[from : i+to+len("</url>")]
}

// SitemapMove returns a copy of the sitemap data of s with the entry of
// guide g's page, which was at url from and gave lastmod old, moved right
// after the page at after and given g's URL and lastmod; false when either
// is not found exactly once.
func SitemapMove(s *site.Site, g *site.Guide, data []byte, from, old, after string, alloc Alloc) ([]byte, bool) {
	mine, prev := sitemapEntry(s, data, from), sitemapEntry(s, data, after)
	if mine == nil || prev == nil || from == after {
		return nil, false
	}
	moved := mine
	if old != Lastmod(g) {
		moved = bytes.Replace(moved, []byte("<lastmod>"+old+"</lastmod>"), []byte("<lastmod>"+Lastmod(g)+"</lastmod>"), 1)
	}
	if from != g.URL() {
		moved = bytes.Replace(moved, sitemapLoc(s, from), sitemapLoc(s, g.URL()), 1)
	}
	return Replace(data, []Replacement{{mine, nil}, {prev, slices.Concat(prev, moved)}}, alloc.of("sitemap.xml"))
}

// sitemapLoc is the <loc> element of the page at url in the sitemap of s.
func sitemapLoc(s *site.Site, url string) []byte {
	var l bytes.Buffer
	l.WriteString("<loc>")
	xml.EscapeText(&l, []byte(strings.TrimSuffix(s.Config.BaseURL, "/")+escapeURLPath(url)))
	l.WriteString("</loc>")
	return l.Bytes()
}
