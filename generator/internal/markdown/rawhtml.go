package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// rawHTMLExtension removes raw HTML from the tree, so that a site that has not
// opted in gets none of it, not even goldmark's "raw HTML omitted" comments.
type rawHTMLExtension struct{}

func (rawHTMLExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(rawHTMLTransformer{}, 50)))
}

type rawHTMLTransformer struct{}

func (rawHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	// Raw HTML, inline or as a block, starts with '<': a document without
	// one has none to remove, and the search is cheaper than the walk.
	src := reader.Source()
	if bytes.IndexByte(src, '<') < 0 {
		return
	}
	var drop []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *ast.RawHTML:
				drop = append(drop, n)
				return ast.WalkSkipChildren, nil
			case *ast.HTMLBlock:
				drop = append(drop, n)
				textLost(DocOf(pc), n, src)
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range drop {
		p := n.Parent()
		if p == nil {
			continue
		}
		if r, ok := n.(*ast.RawHTML); ok && lineBreak(r, src) {
			// pea-sized<br>amount: the words stay apart.
			p.ReplaceChild(p, n, ast.NewString([]byte(" ")))
			continue
		}
		p.RemoveChild(p, n)
	}
}

// textLost warns of an HTML block that holds text: left out, its words go
// with it (inline HTML loses only its tags). A comment, or a block of tags
// alone, loses nothing a reader would read.
func textLost(d *Doc, n *ast.HTMLBlock, src []byte) {
	if d == nil || n.HTMLBlockType == ast.HTMLBlockType2 {
		return // <!-- a comment -->
	}
	lines := n.Lines()
	b := lines.Value(src)
	low := bytes.ToLower(bytes.TrimSpace(b))
	if TextOf(b) == "" || bytes.HasPrefix(low, []byte("<script")) || bytes.HasPrefix(low, []byte("<style")) {
		return // code, not words for readers
	}
	line, col := d.Pos(lines.At(0).Start)
	d.Diags.Warnf(d.Path, line, col, "an HTML block is left out of the page, and its text with it: write the text in Markdown, or set raw_html: true in content/site.yaml to keep raw HTML")
}

// lineBreak reports whether inline HTML r is a <br> tag.
func lineBreak(r *ast.RawHTML, src []byte) bool {
	b := bytes.ToLower(bytes.Join(bytes.Fields(r.Segments.Value(src)), nil))
	return bytes.Equal(b, []byte("<br>")) || bytes.Equal(b, []byte("<br/>"))
}
