package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/text/unicode/norm"
)

// ids makes heading ids the way GitHub does (lower case; letters, digits,
// hyphens and underscores kept; spaces to hyphens), keeping the letters and
// digits of every script: goldmark's own drops them, so "Crème masks" became
// "crme-masks" and a heading in Japanese only "heading".
type ids struct {
	used  map[string]bool
	n     map[string]int // last suffix used per base id
	texts int            // texts after the first on the page (FAQ answers)
}

func newIDs() *ids { return &ids{used: map[string]bool{}, n: map[string]int{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	value = bytes.TrimSpace(value)
	var out []byte
	for len(value) > 0 {
		r, size := utf8.DecodeRune(value)
		value = value[size:]
		switch {
		case r == utf8.RuneError && size <= 1:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			out = utf8.AppendRune(out, unicode.ToLower(r))
		case r == '_':
			out = append(out, '_')
		case unicode.IsSpace(r) || r == '-':
			out = append(out, '-')
		}
	}
	if len(out) == 0 {
		out = []byte("id")
		if kind == ast.KindHeading {
			out = []byte("heading")
		}
	}
	base := string(out)
	if !s.used[base] {
		s.used[base] = true
		return out
	}
	for i := s.n[base] + 1; ; i++ {
		id := fmt.Sprintf("%s-%d", base, i)
		if !s.used[id] {
			s.used[id] = true
			s.n[base] = i
			return []byte(id)
		}
	}
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// Claim marks id as used on the page and reports whether it was free, for a
// block that writes ids of its own (a routine's) beside the headings'.
func (d *Doc) Claim(id string) bool {
	if d.ids == nil {
		d.ids = newIDs()
	}
	if d.ids.used[id] {
		return false
	}
	d.ids.used[id] = true
	return true
}

// footnoteID matches the ids footnotes take (fn:1, fnref:1, fnref2:1, and
// a1-fn:1 in the first FAQ answer),
// which a heading must not repeat. Ids made from heading text never hold
// a colon; only an id the author gives can.
var footnoteID = regexp.MustCompile(`^(a[0-9]+-)?fn(ref[0-9]*)?:[0-9]+$`)

// IsFootnoteID reports whether id has the form of a footnote's id, which a
// page whose Markdown has footnotes holds.
func IsFootnoteID(id string) bool { return footnoteID.MatchString(id) }

// idTransformer gives every heading its id once inlines are parsed, so that
// the id comes from the text a reader sees ("See retinol first"), not from
// the source line with its link targets and tags. An id the author wrote,
// "## Heading {#custom-id}" as in Hugo and Zola, is kept, and the others
// keep clear of it.
type idTransformer struct{}

func (idTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	d := DocOf(pc)
	ids, _ := pc.IDs().(*ids)
	if ids == nil {
		return
	}
	src := reader.Source()
	var auto []*ast.Heading
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		var id []byte
		for _, a := range h.Attributes() {
			switch string(a.Name) {
			case "id":
				id, _ = a.Value.([]byte)
			case "class":
			default:
				if d != nil {
					line, col := headingPos(d, h)
					d.Diags.Warnf(d.Path, line, col, "heading attribute %q is not kept: a heading takes {#id} and {.class}", a.Name)
				}
			}
		}
		class, hasClass := h.AttributeString("class")
		h.RemoveAttributes()
		if hasClass {
			h.SetAttributeString("class", class)
		}
		switch {
		case len(id) == 0:
			auto = append(auto, h)
			return ast.WalkSkipChildren, nil
		case ids.used[string(id)]:
			given := string(id)
			id = ids.Generate(id, ast.KindHeading)
			if d != nil {
				line, col := headingPos(d, h)
				d.Diags.Warnf(d.Path, line, col, "heading id %q is already used on this page: it becomes %q; choose another", given, id)
			}
		case footnoteID.Match(id):
			given := string(id)
			id = ids.Generate(id, ast.KindHeading)
			if d != nil {
				line, col := headingPos(d, h)
				d.Diags.Warnf(d.Path, line, col, "heading id %q has the form of a footnote's (fn:1, fnref:1): it becomes %q; choose another", given, id)
			}
		default:
			ids.Put(id)
		}
		h.SetAttributeString("id", id)
		return ast.WalkSkipChildren, nil
	})
	for _, h := range auto {
		// Composed first: a heading saved decomposed (as some editors do)
		// keeps its accents, and gets the id of the same text composed.
		h.SetAttributeString("id", ids.Generate([]byte(norm.NFC.String(PlainText(h, src))), ast.KindHeading))
	}
}

func headingPos(d *Doc, h *ast.Heading) (line, col int) {
	if h.Lines().Len() == 0 {
		return d.Line, 0
	}
	return d.Pos(h.Lines().At(0).Start)
}
