package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// BlockFunc renders the body of a fenced block (its info string chose the
// function) as HTML. line is the file line of the block's first body line,
// and indent the columns before its lines (an indented fence, a list item's
// or a quote's markers). Problems go to d.Diags; a block with errors may
// return nil.
type BlockFunc func(d *Doc, body []byte, line, indent int) []byte

// blockExtension turns fenced code blocks whose info string names a
// BlockFunc into that function's HTML; other fenced blocks stay code.
type blockExtension struct{ blocks map[string]BlockFunc }

func (e *blockExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&blockTransformer{e.blocks}, 200)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(blockRenderer{}, 100)))
}

// KindBlock is the node kind of a rendered block.
var KindBlock = ast.NewNodeKind("DermaBlock")

// Block is a fenced block already rendered to HTML.
type Block struct {
	ast.BaseBlock
	HTML []byte
}

func (b *Block) Kind() ast.NodeKind { return KindBlock }

func (b *Block) Dump(src []byte, level int) { ast.DumpHelper(b, src, level, nil, nil) }

type blockTransformer struct{ blocks map[string]BlockFunc }

// mayHold reports whether src has a fence and names one of the blocks' info
// strings at all: most documents hold none, and a search of the bytes is
// cheaper than a walk of the tree. The fence comes first, as guides use the
// names ("routine") in their prose.
func (t *blockTransformer) mayHold(src []byte) bool {
	if !bytes.Contains(src, []byte("```")) && !bytes.Contains(src, []byte("~~~")) {
		return false
	}
	for info := range t.blocks {
		if bytes.Contains(src, []byte(info)) {
			return true
		}
	}
	return false
}

func (t *blockTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	d := DocOf(pc)
	if d == nil {
		return
	}
	src := reader.Source()
	if !t.mayHold(src) {
		return
	}
	var found []*ast.FencedCodeBlock
	var sections []int
	level := 0
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			level = h.Level
		}
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering && f.Info != nil {
			if _, ok := t.blocks[string(bytes.TrimSpace(f.Language(src)))]; ok {
				found = append(found, f)
				sections = append(sections, level)
			}
		}
		return ast.WalkContinue, nil
	})
	for i, f := range found {
		d.Section = sections[i]
		fn := t.blocks[string(bytes.TrimSpace(f.Language(src)))]
		var body bytes.Buffer
		lines := f.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			body.Write(seg.Value(src))
		}
		line, indent := d.Line, 0
		if lines.Len() > 0 {
			var col int
			line, col = d.Pos(lines.At(0).Start)
			indent = col - 1
		} else if f.Info != nil {
			l, _ := d.Pos(f.Info.Segment.Start)
			line = l + 1
		}
		end := 0
		if f.Info != nil {
			end = f.Info.Segment.Stop
		}
		if lines.Len() > 0 {
			end = lines.At(lines.Len() - 1).Stop
		}
		d.Unclosed = 0
		if f.Info != nil && len(bytes.TrimSpace(src[min(end, len(src)):])) == 0 {
			d.Unclosed, _ = d.Pos(f.Info.Segment.Start)
		}
		html := fn(d, body.Bytes(), line, indent)
		d.Unclosed, d.Section = 0, 0
		b := &Block{HTML: html}
		if p := f.Parent(); p != nil {
			p.ReplaceChild(p, f, b)
		}
	}
}

type blockRenderer struct{}

func (blockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(n.(*Block).HTML)
		}
		return ast.WalkSkipChildren, nil
	})
}
