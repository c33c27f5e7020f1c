package build

import (
	"bytes"
	"html/template"
	"maps"
	"slices"
	"sync"

	"derma/generator/internal/diag"
	"derma/generator/internal/markdown"
	"derma/generator/internal/site"
)

// BodyCache keeps converted Markdown bodies between builds of one site
// (serve), so that an edit of one guide's front matter converts one body,
// not all of them. A body's HTML and messages depend on its source, its
// first line, the raw_html setting, and what its links and images lead to:
// a kept body is used again only when every link destination it resolved
// resolves as before and every image it sized has its old size. Fenced
// blocks (compare, routine) read entries' front matter, so when they are
// hooked a body holding fenced code is never kept. Builds that share a
// cache must not run at once.
type BodyCache struct {
	mu       sync.Mutex
	rawHTML  bool
	reserved map[string][]string // the theme's ids around bodies, which change heading ids
	links    *markdown.Links
	bodies   map[string]*keptBody
	next     map[string]*keptBody
	// Converted and Reused count the bodies of the last build (tests).
	Converted, Reused int
}

// keptBody is one file's body as converted, with what it was made from.
type keptBody struct {
	src      []byte
	line     int
	faq      []site.FAQ // Q, A and Pos as given; AHTML and AText as made
	html     template.HTML
	headings []site.Heading
	// fragments are the body's links to places in pages.
	fragments []site.Fragment
	words     int
	diags     diag.List
	dests     []resolved
	images    []sized
}

type resolved struct {
	dest, out, problem string
	warn, drop         bool
}

type sized struct {
	path string
	w, h int
	ok   bool
}

// NewBodyCache returns an empty cache.
func NewBodyCache() *BodyCache { return &BodyCache{bodies: map[string]*keptBody{}} }

// start begins a build whose bodies convert with the links given.
func (c *BodyCache) start(cfg *site.Config, links *markdown.Links, reserved map[string][]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cfg.RawHTML != c.rawHTML || !maps.EqualFunc(reserved, c.reserved, slices.Equal) {
		c.rawHTML, c.reserved = cfg.RawHTML, reserved
		c.bodies = map[string]*keptBody{}
	}
	c.links = links
	c.next = map[string]*keptBody{}
	c.Converted, c.Reused = 0, 0
}

// finish keeps the bodies of this build only: deleted files go.
func (c *BodyCache) finish() {
	c.mu.Lock()
	c.bodies, c.next, c.links = c.next, nil, nil
	c.mu.Unlock()
}

// keepable reports whether a body may be kept: it holds no fenced code at
// all when blocks (compare, routine) are hooked, as those read the site.
// Fences are rare in guides, and looking for any is simpler than parsing.
func keepable(blocks map[string]markdown.BlockFunc, src []byte, faq []site.FAQ) bool {
	if len(blocks) == 0 {
		return true
	}
	fenced := func(b []byte) bool {
		return bytes.Contains(b, []byte("```")) || bytes.Contains(b, []byte("~~~"))
	}
	if fenced(src) {
		return false
	}
	for _, f := range faq {
		if fenced([]byte(f.A)) {
			return false
		}
	}
	return true
}

// get returns the body kept for path converted from src at line with the
// FAQ answers faq, or nil.
func (c *BodyCache) get(path string, src []byte, line int, faq []site.FAQ) *keptBody {
	c.mu.Lock()
	k := c.bodies[path]
	links := c.links
	c.mu.Unlock()
	ok := k != nil && k.line == line && bytes.Equal(k.src, src) &&
		slices.EqualFunc(k.faq, faq, func(a, b site.FAQ) bool { return a.Q == b.Q && a.A == b.A && a.Pos == b.Pos })
	for i := 0; ok && i < len(k.dests); i++ {
		ok = k.dests[i] == resolveDest(links, path, k.dests[i].dest)
	}
	for i := 0; ok && i < len(k.images); i++ {
		ok = k.images[i] == sizeOf(links, k.images[i].path)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok {
		c.Converted++
		return nil
	}
	c.next[path] = k
	c.Reused++
	return k
}

// put keeps a body converted as d says.
func (c *BodyCache) put(path string, k *keptBody, d *markdown.Doc) {
	c.mu.Lock()
	links := c.links
	c.mu.Unlock()
	for _, dest := range d.Dests {
		k.dests = append(k.dests, resolveDest(links, path, dest))
	}
	for _, p := range d.Images {
		k.images = append(k.images, sizeOf(links, p))
	}
	c.mu.Lock()
	c.next[path] = k
	c.mu.Unlock()
}

func resolveDest(l *markdown.Links, from, dest string) resolved {
	r := resolved{dest: dest}
	r.out, r.problem, r.warn, r.drop = l.Resolve(from, dest)
	return r
}

func sizeOf(l *markdown.Links, p string) sized {
	s := sized{path: p}
	if l.ImageSize != nil {
		s.w, s.h, s.ok = l.ImageSize(p)
	}
	return s
}
