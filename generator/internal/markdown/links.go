package markdown

import (
	stdhtml "html"
	"net/url"
	"path"
	"strconv"
	"strings"

	"derma/generator/internal/site"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/norm"
)

// Links knows every page and file a build makes, to rewrite links to source
// files into links to their pages and to report links that lead nowhere.
type Links struct {
	BasePath    string            // "" or "/docs": put before every root-relative link
	Host        string            // the site's own host, from base_url: its images are not another site's
	Sources     map[string]string // content/guides/x.md -> /guides/x/
	Pages       map[string]bool   // /guides/x/ and every other page URL the build makes
	Files       map[string]bool   // /images/a.png: files copied from content/
	Unpublished map[string]bool   // content/guides/draft.md and /guides/draft/: drafts and future guides
	Unloaded    map[string]bool   // content/guides/x.md: files that could not be loaded, for their own errors
	Moved       map[string]string // /2019/old/ -> /guides/x/: guides' old addresses (aliases:)
	// ImageSize gives the pixel size of an image copied from content/ (its
	// site path, /images/a.png), so pages reserve its space before it loads.
	ImageSize func(sitePath string) (width, height int, ok bool)
	// Linked, when set, is told, from any goroutine, of every page a link
	// in the file from leads to (its URL, as Pages holds it: /guides/x/),
	// every file a root-relative link leads to, and every draft or future
	// guide a link names (its URL or its source path): the links an edit
	// that takes a page away or brings one would change.
	Linked func(from, sitePath string)
}

// Resolve returns what a destination written in the file at from becomes, and
// a problem to report when it leads nowhere (empty when it is fine).
// drop is true for destinations that must not reach readers (javascript:).
func (l *Links) Resolve(from, dest string) (out string, problem string, warn bool, drop bool) {
	if strings.Contains(dest, "&") {
		// Character references in a destination stand for their characters
		// (CommonMark), so &#106;avascript: is javascript:.
		dest = stdhtml.UnescapeString(dest)
	}
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "?") {
		return dest, "", false, false
	}
	if Dangerous(dest) {
		return "", "", false, true
	}
	if hasScheme(dest) || strings.HasPrefix(dest, "//") {
		return dest, "", false, false
	}
	p, frag := dest, ""
	if i := strings.IndexAny(p, "#?"); i >= 0 {
		p, frag = p[:i], p[i:]
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	if strings.HasPrefix(p, "@/") {
		p = p[1:] // Zola's link to a source file from content/: @/guides/x.md
	}
	if strings.HasPrefix(p, "/") {
		clean := path.Clean(p)
		if strings.HasSuffix(p, "/") && clean != "/" {
			clean += "/"
		}
		if l.exists(clean) {
			if !strings.HasSuffix(clean, "/") && !l.Pages[clean] && !l.Files[clean] && l.Pages[clean+"/"] {
				clean += "/" // a page written without its slash: link the folder, not a redirect
			}
			l.linked(from, l.page(clean))
			return l.BasePath + escapePath(clean) + frag, "", false, false
		}
		if l.Unpublished[clean] || l.Unpublished[clean+"/"] {
			l.linked(from, clean)
			l.linked(from, clean+"/")
			return "", `link "` + dest + `" goes to a draft or future guide that this build leaves out; the text is kept without a link`, true, false
		}
		for _, old := range []string{clean, clean + "/"} {
			if u, ok := l.Moved[old]; ok {
				// A guide's old address: the page there sends readers on,
				// and the link goes straight to where it sends them.
				l.linked(from, u)
				return l.BasePath + escapePath(u) + frag, "", false, false
			}
		}
		if !strings.HasSuffix(clean, ".md") {
			if near := l.nearPage(clean); near != "" {
				return "", `broken link "` + dest + `": no page or file at ` + clean + ` (did you mean ` + near + `?)`, false, false
			}
			return "", `broken link "` + dest + `": no page or file at ` + clean + `; link to a page such as /guides/slug/ or a file under content/`, false, false
		}
	}
	// A source file, or a file copied from content/: from the file's own
	// folder, or named from content/ (/ingredients/retinol.md).
	target := path.Join(path.Dir(from), p)
	if strings.HasPrefix(p, "/") {
		target = site.ContentDir + path.Clean(p)
	} else if strings.HasSuffix(p, "/") {
		target += "/"
	}
	target = l.onDisk(target)
	if u, ok := l.Sources[target]; ok {
		l.linked(from, u)
		return l.BasePath + escapePath(u) + frag, "", false, false
	}
	if l.Unpublished[target] {
		l.linked(from, target)
		return "", `link "` + dest + `" goes to a draft or future guide that this build leaves out; the text is kept without a link`, true, false
	}
	if l.Unloaded[target] {
		// The file exists; its own error is what to fix.
		return "", `link "` + dest + `" goes to ` + target + `, which could not be read (see its own error); the text is kept without a link`, true, false
	}
	if strings.HasPrefix(target, "content/") {
		site := "/" + strings.TrimPrefix(target, "content/")
		if l.Files[site] {
			return l.BasePath + escapePath(site) + frag, "", false, false
		}
	}
	hint := "the file does not exist"
	if strings.HasPrefix(p, "/") {
		hint = "there is no " + target + "; a link to a source file starts from content/ (/guides/x.md) or from this file's folder (other-guide.md)"
	} else if target == "content/site.yaml" || target == "content/site.yml" {
		hint = "the site's settings are not published"
	} else if path.Base(target) == "_index.md" {
		hint = "an _index.md is the opening text of a list page, and only guides/, ingredients/, mask-types/ and products/ have one: link to the list itself, such as /guides/"
	} else if !strings.HasSuffix(p, ".md") && !strings.Contains(path.Base(p), ".") {
		hint = "link to the Markdown file (other-guide.md) or to a site path (/guides/slug/)"
	}
	return "", `broken link "` + dest + `": ` + hint, false, false
}

// nearPage is the page a broken site link p most likely meant: one whose
// last part is p's, in another folder (/posts/x/ for /guides/x/, as a
// site moved from Hugo has it), or in the same folder one or two letters
// off (/ingredients/niacinamid/); "" when none is close.
func (l *Links) nearPage(p string) string {
	dir, base := path.Split(strings.TrimSuffix(p, "/"))
	base = strings.ToLower(base)
	if len(base) < 4 {
		return ""
	}
	best, bestD := "", 3
	for u := range l.Pages {
		if !strings.HasSuffix(u, "/") || u == "/" {
			continue
		}
		udir, ubase := path.Split(strings.TrimSuffix(u, "/"))
		d := 3
		switch {
		case ubase == base:
			d = 0
		case udir == dir:
			if d = site.Distance(base, ubase); d > 1 && len(ubase) < 9 {
				d = 3
			}
		}
		if d < bestD || d == bestD && d < 3 && u < best {
			best, bestD = u, d
		}
	}
	return best
}

// linked tells Linked of p, when it is set.
func (l *Links) linked(from, p string) {
	if l.Linked != nil {
		l.Linked(from, p)
	}
}

// page is the page or file a site path that exists names, as Pages or
// Files holds it: /guides/x/index.html is the page /guides/x/.
func (l *Links) page(p string) string {
	if !l.Pages[p] && !l.Files[p] && strings.HasSuffix(p, "/index.html") {
		return strings.TrimSuffix(p, "index.html")
	}
	return p
}

func (l *Links) exists(p string) bool {
	if l.Pages[p] || l.Files[p] {
		return true
	}
	if !strings.HasSuffix(p, "/") && l.Pages[p+"/"] {
		return true
	}
	if strings.HasSuffix(p, "/index.html") && l.Pages[strings.TrimSuffix(p, "index.html")] {
		return true
	}
	return false
}

func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 0:
			return true
		default:
			return false
		}
	}
	return false
}

// Dangerous reports link targets that run code or smuggle content:
// javascript:, vbscript: and data:, however they are cased or padded.
func Dangerous(dest string) bool {
	if strings.Contains(dest, "&") {
		dest = stdhtml.UnescapeString(dest)
	}
	var b strings.Builder
	for _, r := range dest {
		if r <= ' ' || r == 0x7f {
			continue // browsers ignore tabs, newlines and controls inside schemes
		}
		if r == ':' {
			break
		}
		b.WriteRune(r)
		if b.Len() > 16 {
			break
		}
	}
	s := strings.ToLower(b.String())
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	// file: is dropped too: it names a file on the reader's own machine,
	// and browsers refuse it from a web page.
	return s == "javascript" || s == "vbscript" || s == "data" || s == "file"
}

type linkExtension struct{ links *Links }

func (e *linkExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&linkTransformer{e.links}, 100)))
}

type linkTransformer struct{ links *Links }

// onDisk is target as the site's files spell it: a name typed composed
// (Crème, as keyboards write it) finds a file whose name is stored
// decomposed (as some systems store it), and the other way round.
func (l *Links) onDisk(target string) string {
	if isASCII(target) {
		return target
	}
	known := func(t string) bool {
		_, src := l.Sources[t]
		return src || l.Unpublished[t] || l.Unloaded[t] || l.Files["/"+strings.TrimPrefix(t, "content/")]
	}
	if known(target) {
		return target
	}
	for _, t := range []string{norm.NFC.String(target), norm.NFD.String(target)} {
		if known(t) {
			return t
		}
	}
	return target
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// fragment splits a resolved link out into the page it leads to (as Pages
// names it; "" for the page it is on) and the place in it, when it leads
// to a place in a page of the site.
func (l *Links) fragment(out string) (page, id string, ok bool) {
	i := strings.IndexByte(out, '#')
	if i < 0 || i == len(out)-1 {
		return "", "", false
	}
	id, err := url.PathUnescape(out[i+1:])
	if err != nil {
		return "", "", false
	}
	p := out[:i]
	if j := strings.IndexByte(p, '?'); j >= 0 {
		p = p[:j]
	}
	if p == "" {
		return "", id, true
	}
	if !strings.HasPrefix(p, "/") || !strings.HasPrefix(p, l.BasePath+"/") {
		return "", "", false
	}
	p, err = url.PathUnescape(strings.TrimPrefix(p, l.BasePath))
	if err != nil || !l.Pages[p] {
		return "", "", false
	}
	return p, id, true
}

// offSite reports whether an image at dest is fetched from a host other
// than the site's own (host), which the site's pages promise never to ask.
func offSite(dest, host string) bool {
	d := strings.ToLower(dest)
	if !strings.HasPrefix(d, "http://") && !strings.HasPrefix(d, "https://") && !strings.HasPrefix(d, "//") {
		return false
	}
	u, err := url.Parse(dest)
	return err != nil || host == "" || !strings.EqualFold(u.Hostname(), host)
}

func (t *linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	d := DocOf(pc)
	src := reader.Source()
	var nodes []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.(type) {
			case *ast.Link, *ast.Image, *ast.AutoLink:
				nodes = append(nodes, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range nodes {
		var dest []byte
		switch x := n.(type) {
		case *ast.Link:
			dest = x.Destination
		case *ast.Image:
			dest = x.Destination
		case *ast.AutoLink:
			if x.AutoLinkType == ast.AutoLinkEmail {
				// <me@example.org> and a bare address: goldmark writes
				// the mailto: itself.
				continue
			}
			dest = x.URL(src)
		}
		if t.links == nil || d == nil {
			if Dangerous(string(dest)) {
				unwrap(n, src)
			}
			continue
		}
		out, problem, warn, drop := t.links.Resolve(d.Path, string(dest))
		d.Dests = append(d.Dests, string(dest))
		switch {
		case drop:
			unwrap(n, src)
		case problem != "":
			line, col := d.Pos(n.Pos())
			if warn {
				d.Diags.Warnf(d.Path, line, col, "%s", problem)
			} else {
				d.Diags.Errorf(d.Path, line, col, "%s", problem)
			}
			unwrap(n, src)
		default:
			switch x := n.(type) {
			case *ast.Link:
				x.Destination = []byte(out)
				if u, id, ok := t.links.fragment(out); ok {
					line, col := d.Pos(n.Pos())
					d.Fragments = append(d.Fragments, site.Fragment{Line: line, Col: col, URL: u, ID: id, Dest: string(dest)})
				}
			case *ast.Image:
				x.Destination = []byte(out)
				if offSite(out, t.links.Host) {
					line, col := d.Pos(n.Pos())
					d.Diags.Warnf(d.Path, line, col, "image %q is on another site: every reader's browser asks that site for it; copy the image into content/ and write its path", out)
				}
				if t.links.ImageSize != nil {
					p := strings.TrimPrefix(string(out), t.links.BasePath)
					if i := strings.IndexAny(p, "#?"); i >= 0 {
						p = p[:i]
					}
					if u, err := url.PathUnescape(p); err == nil {
						p = u
					}
					d.Images = append(d.Images, p)
					if w, h, ok := t.links.ImageSize(p); ok {
						x.SetAttributeString("width", []byte(strconv.Itoa(w)))
						x.SetAttributeString("height", []byte(strconv.Itoa(h)))
					}
				}
			}
		}
	}
}

// unwrap replaces a link by its text, an image by its alt text.
func unwrap(n ast.Node, src []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	switch x := n.(type) {
	case *ast.Image:
		parent.ReplaceChild(parent, n, ast.NewString([]byte(PlainText(x, src))))
	case *ast.AutoLink:
		parent.ReplaceChild(parent, n, ast.NewString(x.Label(src)))
	default:
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}
