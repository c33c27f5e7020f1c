package site

import (
	"bytes"
	"sync"

	"derma/generator/internal/meta"
)

// LoadCache keeps the parsed front matter of a site's Markdown files between
// loads of one site (serve): parsing YAML is most of a load, and an edit
// changes one file. Load reads every file again and reuses the parse of
// each whose bytes are unchanged. Only the meta.Doc is kept, which loaders
// read and never change; guides, entries and pages are made anew each time,
// as later stages fill them in.
type LoadCache struct {
	mu   sync.Mutex
	docs map[string]parsedDoc
	// Parsed counts the files the last load parsed (tests, reports).
	Parsed int
}

type parsedDoc struct {
	src []byte
	doc *meta.Doc
}

// NewLoadCache returns an empty cache.
func NewLoadCache() *LoadCache { return &LoadCache{docs: map[string]parsedDoc{}} }

// get returns the parse of src kept for path p, or nil.
func (c *LoadCache) get(p string, src []byte) *meta.Doc {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d, ok := c.docs[p]; ok && bytes.Equal(d.src, src) {
		return d.doc
	}
	c.Parsed++
	return nil
}

// put keeps doc, the parse of src without errors, for path p.
func (c *LoadCache) put(p string, src []byte, doc *meta.Doc) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.docs[p] = parsedDoc{src, doc}
	c.mu.Unlock()
}

// start begins a load.
func (c *LoadCache) start() {
	if c != nil {
		c.mu.Lock()
		c.Parsed = 0
		c.mu.Unlock()
	}
}

// keepOnly drops the files not in paths: deleted or failed to read.
func (c *LoadCache) keepOnly(paths []string) {
	if c == nil {
		return
	}
	live := make(map[string]bool, len(paths))
	for _, p := range paths {
		live[p] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.docs {
		if !live[p] {
			delete(c.docs, p)
		}
	}
}
