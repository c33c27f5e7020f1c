// Package linkcheck finds links in built pages that lead nowhere: a
// root-relative href or src with no file behind it, or a #fragment with no
// element of that id. The tests use it on whole builds.
package linkcheck

import (
	"html"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
)

var (
	attrRe = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	idRe   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// Check looks at every .html file of files (output path -> contents; a nil
// value is a file whose contents are not needed, such as a copied image).
// Links must stay under base ("" or "/docs"). It returns the problems, sorted,
// and how many links it followed.
func Check(files map[string][]byte, base string) (problems []string, checked int) {
	ids := map[string]map[string]bool{}
	idsOf := func(p string) map[string]bool {
		if m, ok := ids[p]; ok {
			return m
		}
		m := map[string]bool{}
		for _, x := range idRe.FindAllSubmatch(files[p], -1) {
			m[html.UnescapeString(string(x[1]))] = true
		}
		ids[p] = m
		return m
	}
	for p, data := range files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		for _, m := range attrRe.FindAllSubmatch(data, -1) {
			link := html.UnescapeString(string(m[1]))
			if strings.HasPrefix(link, "#") {
				if frag := unescape(link[1:]); frag != "" && !idsOf(p)[frag] {
					problems = append(problems, p+": link "+quote(link)+": no id "+quote(frag)+" in the page")
				}
				checked++
				continue
			}
			if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
				continue // external, or relative
			}
			target, frag, _ := strings.Cut(link, "#")
			target, _, _ = strings.Cut(target, "?")
			if !strings.HasPrefix(target, base+"/") {
				problems = append(problems, p+": link "+quote(link)+" is not under the base path "+quote(base+"/"))
				continue
			}
			u, err := url.PathUnescape(strings.TrimPrefix(target, base))
			if err != nil {
				problems = append(problems, p+": link "+quote(link)+": "+err.Error())
				continue
			}
			file := strings.TrimPrefix(u, "/")
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			file = path.Clean(file)
			if _, ok := files[file]; !ok {
				problems = append(problems, p+": broken link "+quote(link)+" (no "+file+" in the output)")
				continue
			}
			if frag = unescape(frag); frag != "" && strings.HasSuffix(file, ".html") && !idsOf(file)[frag] {
				problems = append(problems, p+": link "+quote(link)+": no id "+quote(frag)+" in "+file)
			}
			checked++
		}
	}
	sort.Strings(problems)
	return problems, checked
}

// unescape decodes a fragment as browsers do before they look for the id.
func unescape(f string) string {
	if u, err := url.PathUnescape(f); err == nil {
		return u
	}
	return f
}

func quote(s string) string { return `"` + s + `"` }
