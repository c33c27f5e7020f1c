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

func (rawHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	// Raw HTML, inline or as a block, starts with '<': a document without
	// one has none to remove, and the search is cheaper than the walk.
	if bytes.IndexByte(reader.Source(), '<') < 0 {
		return
	}
	var drop []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.(type) {
			case *ast.RawHTML, *ast.HTMLBlock:
				drop = append(drop, n)
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range drop {
		if p := n.Parent(); p != nil {
			p.RemoveChild(p, n)
		}
	}
}
