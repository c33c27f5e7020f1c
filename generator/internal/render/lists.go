package render

import (
	"bytes"
	"html/template"

	"derma/generator/internal/site"
)

// A long list is the bulk of the page that holds it: the guide list of a
// site of 10,000 guides is megabytes of rows. Joined into one string and
// printed by the template, it would be copied four times (the join, fmt's
// buffer, the output buffer as it grows, the page's own copy). So a page
// with a long list executes with a marker in the list's place, and the
// cards or rows are copied once, straight into the page's bytes.

// newBytes is an alloc that makes new bytes.
func newBytes(n int) []byte { return make([]byte, n) }

// longList is the size of a list from which it is copied into its place.
const longList = 32 << 10

// pageList is one list of guides a page shows, as its template prints it.
type pageList struct {
	field  *template.HTML
	guides []*site.Guide
	part   func(*site.Guide) template.HTML
	marker string
	size   int
	at     int // the marker's place in the executed page
}

func cardOf(g *site.Guide) template.HTML { return g.Card }
func rowOf(g *site.Guide) template.HTML  { return g.Row }

// execute renders page j. The bytes are made by alloc when set; otherwise
// they may be buf's, valid until its next use.
func execute(theme *Theme, buf *bytes.Buffer, j job, alloc func(n int) []byte) ([]byte, error) {
	p := j.page
	lists := [...]pageList{
		{field: &p.Cards, guides: p.Guides, part: cardOf, marker: "\x00derma:cards\x00"},
		{field: &p.RelatedCards, guides: p.Related, part: cardOf, marker: "\x00derma:related\x00"},
	}
	if p.Kind == "guides" {
		lists[0] = pageList{field: &p.Rows, guides: p.Guides, part: rowOf, marker: "\x00derma:rows\x00"}
	}
	long := false
	for i := range lists {
		l := &lists[i]
		for _, g := range l.guides {
			l.size += len(l.part(g))
		}
		if l.size >= longList {
			*l.field, long = template.HTML(l.marker), true
		} else {
			*l.field = joinGuides(l.guides, l.part)
		}
	}
	buf.Reset()
	err := theme.Execute(buf, j.tmpl, p)
	p.Cards, p.Rows, p.RelatedCards = "", "", ""
	if err != nil {
		return nil, err
	}
	out := buf.Bytes()
	n := len(out)
	if long {
		for i := range lists {
			l := &lists[i]
			if l.size < longList {
				l.at = -1
				continue
			}
			l.at = bytes.Index(out, []byte(l.marker))
			if l.at < 0 || bytes.Contains(out[l.at+1:], []byte(l.marker)) {
				// A theme that does not print the list exactly once.
				joinLists(p)
				buf.Reset()
				err := theme.Execute(buf, j.tmpl, p)
				p.Cards, p.Rows, p.RelatedCards = "", "", ""
				if err != nil {
					return nil, err
				}
				return clone(buf.Bytes(), alloc), nil
			}
			n += l.size - len(l.marker)
		}
	} else {
		return clone(out, alloc), nil
	}
	var page []byte
	if alloc != nil {
		page = alloc(n)[:0]
	} else {
		page = make([]byte, 0, n)
	}
	from := 0
	for {
		next := -1
		for i := range lists {
			if l := &lists[i]; l.at >= from && (next < 0 || l.at < lists[next].at) {
				next = i
			}
		}
		if next < 0 {
			break
		}
		l := &lists[next]
		page = append(page, out[from:l.at]...)
		for _, g := range l.guides {
			page = append(page, l.part(g)...)
		}
		from = l.at + len(l.marker)
	}
	return append(page, out[from:]...), nil
}

// clone copies b into alloc(len(b)); without alloc, b is returned.
func clone(b []byte, alloc func(n int) []byte) []byte {
	if alloc == nil {
		return b
	}
	out := alloc(len(b))
	copy(out, b)
	return out
}
