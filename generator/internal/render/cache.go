package render

import (
	"fmt"
	"hash/maphash"
	"strconv"
	"sync"

	"derma/generator/internal/site"
)

// Cache keeps the pages of one site between builds, so that a rebuild
// executes only the templates whose data changed. Each page is keyed by a
// hash of the data its template receives: the page's own fields in full,
// and for every guide or entry it lists, the fields a list can show. A
// template that reaches further (a list page showing every guide's body)
// is not tracked; the built-in theme does not.
type Cache struct {
	seed  maphash.Seed
	mu    sync.Mutex
	pages map[string]cachedPage // by output path
	// Reused and Rendered count the pages of the last build, for reports.
	Reused, Rendered int
}

type cachedPage struct {
	key  uint64
	data []byte
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), pages: map[string]cachedPage{}}
}

func (c *Cache) get(path string, key uint64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[path]
	return p.data, ok && p.key == key
}

func (c *Cache) put(path string, key uint64, data []byte) {
	c.mu.Lock()
	c.pages[path] = cachedPage{key, data}
	c.mu.Unlock()
}

// keep drops every page not in paths.
func (c *Cache) keep(paths map[string]bool) {
	c.mu.Lock()
	for p := range c.pages {
		if !paths[p] {
			delete(c.pages, p)
		}
	}
	c.mu.Unlock()
}

// keyer hashes page data. Shallow keys of guides and entries are computed
// once per build.
type keyer struct {
	seed    maphash.Seed
	theme   *Theme
	site    uint64
	guides  map[*site.Guide]uint64
	entries map[*site.Entry]uint64
}

type hasher struct{ h maphash.Hash }

func (h *hasher) s(ss ...string) {
	for _, s := range ss {
		h.h.WriteString(strconv.Itoa(len(s)))
		h.h.WriteByte(':')
		h.h.WriteString(s)
	}
}

func (h *hasher) u(n uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	h.h.Write(b[:])
}

func (h *hasher) v(x any) { h.s(fmt.Sprintf("%#v", x)) }

func newKeyer(c *Cache, s *site.Site, sd *SiteData, theme *Theme, opts Options) *keyer {
	k := &keyer{seed: c.seed, theme: theme, guides: make(map[*site.Guide]uint64, len(s.Guides)), entries: map[*site.Entry]uint64{}}
	var h hasher
	h.h.SetSeed(c.seed)
	h.u(theme.hash)
	h.s(sd.Title, sd.Description, sd.BaseURL, sd.BasePath, sd.Language, sd.Author, fmt.Sprint(sd.Params), fmt.Sprint(sd.Nav, sd.Feed, sd.Counts, opts.Dev, sd.Built))
	for _, p := range sd.Pages {
		h.s(p.URL(), p.Title, p.Description)
	}
	k.site = h.h.Sum64()
	for _, g := range s.Guides {
		k.guides[g] = k.guideShallow(g)
	}
	for _, g := range s.Unpublished {
		k.guides[g] = k.guideShallow(g)
	}
	for _, kind := range site.Kinds {
		for _, e := range s.Entries[kind] {
			k.entries[e] = k.entryShallow(e)
		}
	}
	return k
}

func (k *keyer) newHash() *hasher {
	h := &hasher{}
	h.h.SetSeed(k.seed)
	return h
}

// guideShallow covers what a card or a link shows of a guide.
func (k *keyer) guideShallow(g *site.Guide) uint64 {
	h := k.newHash()
	// Written field by field: fmt for every guide of a large site costs
	// tens of milliseconds a rebuild.
	h.s(g.Path, g.Slug, g.URL(), g.Title, g.Description, g.Author, g.Date.String(), g.Updated.String(), strconv.FormatBool(g.Draft), strconv.Itoa(g.Words))
	for _, ts := range g.Terms {
		h.s("|")
		for _, t := range ts {
			h.s(t.Name, t.Slug)
		}
	}
	if len(g.Params) > 0 {
		h.v(g.Params)
	}
	for _, es := range g.Entries {
		h.s("|")
		for _, e := range es {
			h.s(e.Slug, e.Name, e.URL(), fmt.Sprint(e.Stub))
		}
	}
	return h.h.Sum64()
}

// entryShallow covers what a list or a link shows of an entry.
func (k *keyer) entryShallow(e *site.Entry) uint64 {
	h := k.newHash()
	h.s(e.Path, e.Slug, e.URL(), e.Name, e.INCI, e.Description, e.Step, fmt.Sprint(e.Kind, e.Aliases, e.Functions, e.Benefits, e.BestFor, e.Time, e.Order, e.HasOrder, e.Stub, len(e.Guides), len(e.Routines)))
	h.v(e.Fields)
	return h.h.Sum64()
}

func (k *keyer) guide(g *site.Guide) uint64 {
	if x, ok := k.guides[g]; ok {
		return x
	}
	return k.guideShallow(g)
}

func (k *keyer) entry(e *site.Entry) uint64 {
	if x, ok := k.entries[e]; ok {
		return x
	}
	return k.entryShallow(e)
}

// page hashes everything p's template can show.
func (k *keyer) page(j job) uint64 {
	p := j.page
	h := k.newHash()
	h.u(k.site)
	h.u(k.theme.pageHash[j.tmpl])
	h.s(j.path, j.tmpl, p.Kind, p.Title, p.Description, p.URL, p.Canonical, fmt.Sprint(p.Dev, p.Kind2, p.Taxonomy))
	for _, x := range p.JSONLD {
		h.s(string(x))
	}
	if g := p.Guide; g != nil {
		h.s("guide")
		h.u(k.guide(g))
		h.s(string(g.HTML))
		h.v(g.Headings)
		for _, f := range g.FAQ {
			h.s(f.Q, string(f.AHTML), f.AText)
		}
		for _, r := range g.Routines {
			h.s(r.Title, r.ID, r.Time)
			for _, st := range r.Steps {
				h.s(st.Name)
				if st.Entry != nil {
					h.u(k.entry(st.Entry))
				}
				for _, e := range st.Ingredients {
					h.u(k.entry(e))
				}
			}
		}
		for _, es := range g.Entries {
			for _, e := range es {
				h.u(k.entry(e))
			}
		}
	}
	if e := p.Entry; e != nil {
		h.s("entry")
		h.u(k.entry(e))
		h.s(string(e.HTML))
		h.v(e.Headings)
		for _, x := range append(append([]*site.Entry{}, e.Avoid...), e.Pairs...) {
			h.u(k.entry(x))
		}
		h.s(fmt.Sprint(len(e.Avoid)))
		for _, r := range e.Routines {
			h.s(r.Title, r.ID)
			h.u(k.guide(r.Guide))
		}
	}
	if st := p.Steps; st != nil {
		h.s("steps")
		for _, x := range []*site.Entry{st.Prev, st.Next} {
			if x != nil {
				h.u(k.entry(x))
			}
			h.s("|")
		}
	}
	if t := p.Term; t != nil {
		h.s("term", t.Name, t.Slug, t.URL())
	}
	if d := p.Doc; d != nil {
		h.s("doc", d.Path, d.Slug, d.Title, d.Description, string(d.HTML), fmt.Sprint(d.Params))
		h.v(d.Headings)
	}
	if sec := p.Section; sec != nil {
		h.s("section", sec.Title, string(sec.HTML))
	}
	for _, list := range [][]*site.Guide{p.Guides, p.Related} {
		h.s("guides", strconv.Itoa(len(list)))
		for _, g := range list {
			h.u(k.guide(g))
		}
	}
	for _, list := range [][]*site.Entry{p.Entries, p.MaskTypes} {
		h.s("entries", strconv.Itoa(len(list)))
		for _, e := range list {
			h.u(k.entry(e))
		}
	}
	h.s("terms", strconv.Itoa(len(p.Terms)))
	for _, t := range p.Terms {
		h.s(t.Name, t.Slug, t.URL(), strconv.Itoa(len(t.Guides)))
	}
	for _, l := range p.Letters {
		h.s(l.Letter, l.ID)
		for _, it := range l.Items {
			h.s(it.Label, fmt.Sprint(it.Alias))
			h.u(k.entry(it.Entry))
		}
	}
	h.v(p.Filters)
	for _, c := range p.Compare {
		h.s(string(c))
	}
	return h.h.Sum64()
}
