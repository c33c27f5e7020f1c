package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's GFM extension with a faster autolink parser: the same
// tables, strikethrough, task lists and autolinks, byte for byte.
type gfm struct{}

func (gfm) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(&quickLinkify{inner: extension.NewLinkifyParser()}, 999),
	))
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// quickLinkify asks goldmark's autolink parser only where a link can start.
// That parser runs at every space of the text and reads each word as a
// possible e-mail address before giving up; most words are neither a URL
// nor next to an "@".
type quickLinkify struct{ inner parser.InlineParser }

var (
	linkHTTP  = []byte("http:")
	linkHTTPS = []byte("https:")
	linkFTP   = []byte("ftp:")
	linkWWW   = []byte("www.")
)

func (q *quickLinkify) Trigger() []byte { return q.inner.Trigger() }

func (q *quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) == 0 {
		return nil
	}
	// The trigger character is skipped as the inner parser skips it.
	rest := line
	switch line[0] {
	case ' ', '*', '_', '~', '(':
		rest = line[1:]
	}
	// A URL starts with one of these; an e-mail address holds an "@" on
	// this line. Anything else the inner parser turns down.
	if !bytes.HasPrefix(rest, linkHTTP) && !bytes.HasPrefix(rest, linkHTTPS) && !bytes.HasPrefix(rest, linkFTP) &&
		!bytes.HasPrefix(rest, linkWWW) && bytes.IndexByte(rest, '@') < 0 {
		return nil
	}
	return q.inner.Parse(parent, block, pc)
}
