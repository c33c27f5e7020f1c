// Package markdown renders content bodies with goldmark: GitHub Flavored
// Markdown, footnotes, heading ids and typographic quotes, plus derma's own
// extensions, each in its own file: link rewriting and checking (links.go),
// raw HTML removal (rawhtml.go), and fenced blocks handled by callers
// (blocks.go) such as compare and routine.
package markdown

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"derma/generator/internal/diag"
	"derma/generator/internal/site"
)

// Doc is one body being rendered: where it comes from, and what rendering
// found in it. Extensions read and fill it through the parser context.
type Doc struct {
	Path string // content/guides/x.md
	Line int    // the file line the body starts on
	// Col and Indent are the columns written before the text's first line
	// and before each later one: zero for a body, more for a text inside
	// front matter (a FAQ answer).
	Col, Indent int
	Source      []byte
	Kind        string // the kind of page the body is shown on, for Options.Reserved
	Diags       diag.List
	Headings    []site.Heading
	Routines    []site.Routine
	// Data is for block handlers to keep what they need between blocks.
	Data any
	// Unclosed is, while a block handler runs, the file line of the
	// block's opening fence when nothing closes it (it runs to the end of
	// the text); 0 otherwise.
	Unclosed int
	// Section is, while a block handler runs, the level of the heading the
	// block sits under (0 above the first heading), so that a block's own
	// heading can sit one level below it.
	Section int
	// Dests and Images are every link destination resolved and every image
	// (site path) whose size was asked, in order: a cache of bodies asks
	// them again to tell whether the body would come out the same.
	Dests, Images []string
	// Fragments are the links to a place in a page, to check once every
	// page's ids are known.
	Fragments []site.Fragment

	lineStarts []int
	ids        *ids // shared by the texts of one page
	// footnotes is put before the ids of the text's footnotes: a1- for
	// the first text after the body, so that its fn:1 is not the body's.
	footnotes string
}

// Next returns a Doc for another text shown on the same page (a FAQ answer
// after the body): its headings keep clear of the ids this one gave.
func (d *Doc) Next(src []byte, line int) *Doc {
	if d.ids == nil {
		d.ids = newIDs()
	}
	d.ids.texts++
	return &Doc{Path: d.Path, Line: line, Source: src, Kind: d.Kind, ids: d.ids, footnotes: fmt.Sprintf("a%d-", d.ids.texts)}
}

// Pos turns a byte offset in Source into a file line and column (1-based,
// columns counted in characters).
func (d *Doc) Pos(off int) (line, col int) {
	if d.lineStarts == nil {
		d.lineStarts = []int{0}
		for i, c := range d.Source {
			if c == '\n' {
				d.lineStarts = append(d.lineStarts, i+1)
			}
		}
	}
	if off < 0 {
		return d.Line, 0
	}
	lo, hi := 0, len(d.lineStarts)
	for lo+1 < hi {
		m := (lo + hi) / 2
		if d.lineStarts[m] <= off {
			lo = m
		} else {
			hi = m
		}
	}
	col = 1 + len(bytes.Runes(d.Source[d.lineStarts[lo]:min(off, len(d.Source))]))
	if lo == 0 {
		col += d.Col
	} else {
		col += d.Indent
	}
	return d.Line + lo, col
}

var docKey = parser.NewContextKey()

// DocOf returns the Doc being rendered, for extensions.
func DocOf(pc parser.Context) *Doc {
	d, _ := pc.Get(docKey).(*Doc)
	return d
}

// Renderer converts Markdown to HTML. One Renderer is shared by every worker
// of a build: goldmark keeps per-document state in the parser context.
type Renderer struct {
	md       goldmark.Markdown
	pool     sync.Pool
	reserved map[string][]string
}

// Options configure a Renderer.
type Options struct {
	RawHTML bool                 // keep raw HTML written in Markdown
	Links   *Links               // how links are rewritten and checked; nil leaves them
	Blocks  map[string]BlockFunc // fenced blocks by info string
	// Reserved are the ids the page around a body writes, by Doc.Kind:
	// headings take the next free id instead, so that a guide's "Related"
	// heading does not take the id of the related guides below it.
	Reserved map[string][]string
}

// New returns a Renderer with the site's options.
func New(o Options) *Renderer {
	exts := []goldmark.Extender{
		gfm{},
		extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(footnoteIDPrefix)),
		extension.Typographer,
		&linkExtension{links: o.Links},
		&headingExtension{},
		shortcodeExtension{},
	}
	if !o.RawHTML {
		exts = append(exts, rawHTMLExtension{})
	}
	if len(o.Blocks) > 0 {
		exts = append(exts, &blockExtension{blocks: o.Blocks})
	}
	rendererOpts := []goldmark.Option{
		goldmark.WithExtensions(exts...),
		// Heading ids are made by idTransformer from the parsed text;
		// goldmark's own would come from the source line.
		goldmark.WithParserOptions(parser.WithHeadingAttribute()),
	}
	if o.RawHTML {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	r := &Renderer{md: goldmark.New(rendererOpts...), reserved: o.Reserved}
	r.pool.New = func() any { return new(bytes.Buffer) }
	return r
}

// Render converts d.Source, appending the HTML to out.
func (r *Renderer) Render(d *Doc, out *bytes.Buffer) {
	if l := tooDeep(d.Source); l >= 0 {
		d.Diags.Warnf(d.Path, d.Line+l, 0, "lists and block quotes nested more than %d levels deep (or indented more than %d spaces): the deeper levels are shown as text; flatten them", MaxNesting, 2*MaxNesting)
		src, starts := d.Source, d.lineStarts
		d.Source, d.lineStarts = flatten(src), nil
		defer func() { d.Source, d.lineStarts = src, starts }()
	}
	if d.ids == nil {
		d.ids = newIDs()
		for _, id := range r.reserved[d.Kind] {
			d.ids.used[id] = true
		}
	}
	pc := parser.NewContext(parser.WithIDs(d.ids))
	pc.Set(docKey, d)
	reader := text.NewReader(d.Source)
	root := r.md.Parser().Parse(reader, parser.WithContext(pc))
	if d.footnotes != "" {
		root.SetAttributeString(footnotePrefix, []byte(d.footnotes))
	}
	if err := r.md.Renderer().Render(direct{out}, d.Source, root); err != nil {
		d.Diags.Errorf(d.Path, d.Line, 0, "rendering Markdown: %v", err)
	}
}

// footnotePrefix is the document attribute that holds Doc.footnotes.
const footnotePrefix = "derma-footnotes"

// footnoteIDPrefix is the prefix of the ids of footnote node n, from its
// document.
func footnoteIDPrefix(n ast.Node) []byte {
	for ; n != nil; n = n.Parent() {
		if _, ok := n.(*ast.Document); ok {
			if v, ok := n.AttributeString(footnotePrefix); ok {
				p, _ := v.([]byte)
				return p
			}
			return nil
		}
	}
	return nil
}

// direct lets goldmark write straight into the buffer: given a plain
// io.Writer it would wrap it in a new bufio.Writer for every document.
type direct struct{ *bytes.Buffer }

func (direct) Buffered() int { return 0 }
func (direct) Flush() error  { return nil }

// RenderString renders a short Markdown text (a FAQ answer) found at line of path.
func (r *Renderer) RenderString(d *Doc) []byte {
	buf := r.pool.Get().(*bytes.Buffer)
	buf.Reset()
	r.Render(d, buf)
	out := bytes.Clone(buf.Bytes())
	r.pool.Put(buf)
	return out
}

// headingExtension collects the headings with their ids for tables of
// contents and search.
type headingExtension struct{}

func (headingExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(idTransformer{}, 100), util.Prioritized(headingTransformer{}, 900)))
}

type headingTransformer struct{}

func (headingTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	d := DocOf(pc)
	if d == nil {
		return
	}
	src := reader.Source()
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok {
			continue
		}
		if h.Level == 1 {
			// The page's title is its only <h1>; a "# Heading" in the body
			// becomes a section heading.
			h.Level = 2
		}
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		d.Headings = append(d.Headings, site.Heading{Level: h.Level, ID: string(idb), Text: PlainText(h, src)})
	}
}

// PlainText returns the text of n and its descendants, without markup.
func PlainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			v := t.Value(src)
			if bytes.ContainsAny(v, "&\\") {
				// As the page shows it: "&amp;" is "&", "\*" is "*".
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			// The typographer leaves entities such as &rsquo; here.
			b.WriteString(stdhtml.UnescapeString(string(t.Value)))
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					b.Write(tt.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return string(bytes.TrimSpace(b.Bytes()))
}

// NoFootnotes is the HTML h without its footnotes, the marks in the text
// and the notes at the end, for a text read as one passage (a FAQ answer in
// structured data), where "Yes.1 Some note. ↩" would be read aloud.
func NoFootnotes(h []byte) []byte {
	if !bytes.Contains(h, []byte(`class="footnote-ref"`)) {
		return h
	}
	if i := bytes.Index(h, []byte(`<div class="footnotes"`)); i >= 0 {
		h = h[:i] // goldmark puts the notes last
	}
	var out []byte
	for {
		i := bytes.Index(h, []byte(`<sup id="`))
		if i < 0 {
			return append(out, h...)
		}
		j := bytes.Index(h[i:], []byte(`</sup>`))
		if j < 0 {
			return append(out, h...)
		}
		mark := h[i : i+j+len(`</sup>`)]
		out = append(out, h[:i]...)
		if !bytes.Contains(mark, []byte(`class="footnote-ref"`)) {
			out = append(out, mark...)
		}
		h = h[i+len(mark):]
	}
}

// TextOf strips tags from rendered HTML and decodes entities, for plain-text
// uses such as JSON-LD answers. Runs of white space become one space.
func TextOf(h []byte) string {
	if !utf8.Valid(h) {
		// Each bad byte becomes U+FFFD first, as bytes around a tag must
		// not join into a character.
		h = []byte(string([]rune(string(h))))
	}
	b := make([]byte, 0, len(h))
	in, entity := false, false
	for i, c := range h {
		switch {
		case c == '<':
			if !in && breaksText(h[i+1:]) {
				// Table cells and list items are separate words: "Serum"
				// and "40" in two cells must not read "Serum40". Inside a
				// tag already ("<<p>") there is no text to separate.
				b = append(b, ' ')
			}
			in = true
		case c == '>':
			in = false
		case !in:
			entity = entity || c == '&'
			b = append(b, c)
		}
	}
	text := string(b)
	if entity {
		text = stdhtml.UnescapeString(text)
	}
	return collapseSpace(text)
}

// breaksText reports whether the tag that rest starts (just after "<")
// begins or ends a block, a cell or a line.
func breaksText(rest []byte) bool {
	rest = bytes.TrimPrefix(rest, []byte("/"))
	n := 0
	for n < len(rest) && n < 12 && (rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= '0' && rest[n] <= '9') {
		n++
	}
	switch string(rest[:n]) {
	case "p", "br", "div", "li", "td", "th", "tr", "table", "ul", "ol", "dt", "dd", "dl",
		"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "caption", "section", "hr", "figcaption":
		return true
	}
	return false
}

// collapseSpace is strings.Join(strings.Fields(s), " ") without the slice.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
