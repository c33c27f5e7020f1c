package build

import (
	"bytes"
	"crypto/sha256"
	"fmt"
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
// first line, and what its links may lead to: the site's pages, sources,
// files and unpublished guides, and the settings. Those make the cache's
// world; when it changes every body is converted again. Bodies holding a
// fenced block (compare, routine) read entries' front matter, so they are
// never kept. Image sizes are read from the files: call Forget when a file
// that is not Markdown changes.
type BodyCache struct {
	mu     sync.Mutex
	world  [32]byte
	bodies map[string]*keptBody
	next   map[string]*keptBody
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
	words    int
	diags    diag.List
}

// NewBodyCache returns an empty cache.
func NewBodyCache() *BodyCache { return &BodyCache{bodies: map[string]*keptBody{}} }

// Forget drops every kept body.
func (c *BodyCache) Forget() {
	c.mu.Lock()
	c.bodies = map[string]*keptBody{}
	c.mu.Unlock()
}

// start begins a build whose links and blocks are those given: bodies kept
// under another world are dropped.
func (c *BodyCache) start(cfg *site.Config, links *markdown.Links) {
	h := sha256.New()
	fmt.Fprintf(h, "%#v\n", *cfg)
	fmt.Fprintf(h, "%q\n", links.BasePath)
	for _, k := range slices.Sorted(maps.Keys(links.Sources)) {
		fmt.Fprintf(h, "s %q %q\n", k, links.Sources[k])
	}
	for _, m := range []map[string]bool{links.Pages, links.Files, links.Unpublished} {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			fmt.Fprintf(h, "%q %v\n", k, m[k])
		}
		h.Write([]byte("--\n"))
	}
	var w [32]byte
	h.Sum(w[:0])
	c.mu.Lock()
	defer c.mu.Unlock()
	if w != c.world {
		c.world = w
		c.bodies = map[string]*keptBody{}
	}
	c.next = map[string]*keptBody{}
	c.Converted, c.Reused = 0, 0
}

// finish keeps the bodies of this build only: deleted files go.
func (c *BodyCache) finish() {
	c.mu.Lock()
	c.bodies, c.next = c.next, nil
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
	defer c.mu.Unlock()
	k := c.bodies[path]
	if k == nil || k.line != line || !bytes.Equal(k.src, src) ||
		!slices.EqualFunc(k.faq, faq, func(a, b site.FAQ) bool { return a.Q == b.Q && a.A == b.A && a.Pos == b.Pos }) {
		c.Converted++
		return nil
	}
	c.next[path] = k
	c.Reused++
	return k
}

// put keeps a converted body.
func (c *BodyCache) put(path string, k *keptBody) {
	c.mu.Lock()
	c.next[path] = k
	c.mu.Unlock()
}
