// Package search writes the index that the site's search page reads in the
// browser: one small record per guide and per entry, no bodies, short keys,
// so that a site of 10,000 guides still ships an index a phone can load.
package search

import (
	"bytes"
	"encoding/json"

	"derma/generator/internal/site"
)

// Index is the whole search index as search.js reads it.
type Index struct {
	V       int     `json:"v"` // format version
	Guides  []Guide `json:"g"`
	Entries []Entry `json:"e"`
}

// Guide is one guide. Its URL is /guides/<S>/.
type Guide struct {
	S string   `json:"s"`           // slug
	T string   `json:"t"`           // title
	D string   `json:"d,omitempty"` // description
	H string   `json:"h,omitempty"` // section headings, joined by " · "
	E []int    `json:"e,omitempty"` // the entries it is about, as positions in Index.Entries
	C []string `json:"c,omitempty"` // concerns and skin types
}

// Entry is an ingredient, mask type or product kind. Its URL is
// /<kind dir>/<S>/; the guides about it are the guides whose E names it.
type Entry struct {
	K string   `json:"k"`           // kind: "i" ingredient, "m" mask type, "p" product kind
	S string   `json:"s"`           // slug
	N string   `json:"n"`           // name
	X string   `json:"x,omitempty"` // INCI name
	A []string `json:"a,omitempty"` // aliases
	D string   `json:"d,omitempty"` // description
}

// kindKeys are the one-letter kinds, by site.Kind; search.js maps them to
// URL folders.
var kindKeys = [...]string{site.Ingredient: "i", site.MaskType: "m", site.Product: "p"}

// Build makes the index of s: every published guide, then every entry with a
// page, in the site's own order so two builds give the same bytes.
func Build(s *site.Site) *Index {
	ix := &Index{V: 1, Guides: []Guide{}, Entries: Entries(s)}
	pos := map[*site.Entry]int{}
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			pos[e] = len(pos)
		}
	}
	for _, g := range s.Guides {
		ix.Guides = append(ix.Guides, record(g, pos))
	}
	return ix
}

// Entries are the entries' records of the index Build makes of s.
func Entries(s *site.Site) []Entry {
	out := []Entry{}
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			out = append(out, Entry{
				K: kindKeys[k], S: e.Slug, N: e.Name, X: e.INCI,
				A: e.Aliases, D: e.Description,
			})
		}
	}
	return out
}

// Record is guide g's record in the index Build makes of s.
func Record(s *site.Site, g *site.Guide) Guide {
	pos := map[*site.Entry]int{}
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			pos[e] = len(pos)
		}
	}
	return record(g, pos)
}

// record is g's record, pos giving each entry's place in the index.
func record(g *site.Guide, pos map[*site.Entry]int) Guide {
	r := Guide{S: g.Slug, T: g.Title, D: g.Description, H: headings(g.Headings)}
	for _, k := range site.Kinds {
		for _, e := range g.Entries[k] {
			if p, ok := pos[e]; ok {
				r.E = append(r.E, p)
			}
		}
	}
	for _, t := range []site.Taxonomy{site.Concerns, site.SkinTypes} {
		for _, term := range g.Terms[t] {
			r.C = append(r.C, term.Name)
		}
	}
	return r
}

// headings keeps the section headings (h2, h3): they say what a guide covers
// at a fraction of the body's size.
func headings(hs []site.Heading) string {
	var b bytes.Buffer
	for _, h := range hs {
		if h.Level < 2 || h.Level > 3 || h.Text == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" · ")
		}
		b.WriteString(h.Text)
	}
	return b.String()
}

// JSON is the index as /search/index.json.
func (ix *Index) JSON() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// < > & stay escaped (\u003c): the index is data, but a file that is
	// served could still be opened as a page; escaping costs a few bytes.
	if err := enc.Encode(ix); err != nil {
		// Only strings, ints and slices: encoding cannot fail.
		panic("search: encode index: " + err.Error())
	}
	return b.Bytes()
}

// Script is the index as /search/index.js, a script that sets a global.
// Browsers refuse fetch() on file:// pages but still run a <script src>, so
// search.js falls back to this file when the site is opened from disk.
func (ix *Index) Script() []byte { return ScriptOf(ix.JSON()) }

// ScriptOf is Script made from the index's JSON, which is encoded with
// HTML escaping, so "</script>" in a title cannot end anything.
func ScriptOf(indexJSON []byte) []byte { return ScriptIn(indexJSON, nil) }

// ScriptIn is ScriptOf made in alloc(n), which gives n bytes; nil makes
// new ones.
func ScriptIn(indexJSON []byte, alloc func(n int) []byte) []byte {
	const pre, post = "window.dermaSearchIndex=", ";\n"
	js := bytes.TrimSuffix(indexJSON, []byte("\n"))
	n := len(pre) + len(js) + len(post)
	var b []byte
	if alloc != nil {
		b = alloc(n)[:0]
	} else {
		b = make([]byte, 0, n)
	}
	return append(append(append(b, pre...), js...), post...)
}
