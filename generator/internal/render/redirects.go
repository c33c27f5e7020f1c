package render

import (
	"bytes"
	"html/template"
	"strings"

	"derma/generator/internal/site"
)

// redirectPage is the page at an old address of a guide: it sends the
// browser on at once, tells search engines where the guide is now, and
// says so to a reader whose browser does not follow it.
var redirectPage = template.Must(template.New("redirect").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Moved: {{.Title}}</title>
{{with .Canonical}}<link rel="canonical" href="{{.}}">
{{end}}<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{.Href}}">
</head>
<body>
<main>
<p>This guide has moved: <a href="{{.Href}}">{{.Title}}</a>.</p>
</main>
</body>
</html>
`))

// RedirectPath is the output file of the page at old address from.
func RedirectPath(from string) string {
	p := strings.TrimPrefix(from, "/")
	if strings.HasSuffix(p, ".html") {
		return p
	}
	return p + "index.html"
}

// Redirects makes the pages at the published guides' old addresses.
func Redirects(s *site.Site) ([]Output, error) {
	var out []Output
	for _, g := range s.Guides {
		for _, r := range g.Redirects {
			data := struct{ Lang, Title, Href, Canonical string }{s.Config.Language, g.Title, s.Config.BasePath + g.URL(), ""}
			if s.Config.BaseURL != "" {
				data.Canonical = strings.TrimSuffix(s.Config.BaseURL, "/") + g.URL()
			}
			var b bytes.Buffer
			if err := redirectPage.Execute(&b, data); err != nil {
				return nil, err
			}
			out = append(out, Output{Path: RedirectPath(r.From), Data: b.Bytes()})
		}
	}
	return out, nil
}
