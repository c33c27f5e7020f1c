package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
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
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(taskBox{extension.NewTaskCheckBoxParser()}, 0),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(taskBoxHTML{}, 500),
		// Before the table extension's own renderer (500), so this one wins.
		util.Prioritized(tableHTML{}, 100),
	))
}

// taskBoxHTML writes a task list's box as goldmark does, with a name: a
// form control without one is an accessibility failure (WCAG 4.1.2), and a
// screen reader then says "done" or "to do" before the item.
type taskBoxHTML struct{}

func (taskBoxHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if n.(*extast.TaskCheckBox).IsChecked {
				_, _ = w.WriteString(`<input checked="" disabled="" type="checkbox" aria-label="done"> `)
			} else {
				_, _ = w.WriteString(`<input disabled="" type="checkbox" aria-label="to do"> `)
			}
		}
		return ast.WalkContinue, nil
	})
}

// taskBox is goldmark's task list parser, asked only when white space
// follows the box as GFM requires: goldmark's own would take the "[x]" of a
// list item that starts with the link [x](other.md) and lose the link.
type taskBox struct{ inner parser.InlineParser }

func (t taskBox) Trigger() []byte { return t.inner.Trigger() }

func (t taskBox) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 3 || line[0] != '[' || line[2] != ']' || !bytes.ContainsRune([]byte(" \txX"), rune(line[1])) {
		return nil
	}
	if len(line) > 3 && !bytes.ContainsRune([]byte(" \t\n\r\f\v"), rune(line[3])) {
		return nil
	}
	return t.inner.Parse(parent, block, pc)
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

// atState remembers, for the line last looked at, how far from its end its
// last "@" is: the parser triggers at every word of a line, and looking for
// an "@" in the rest of the line each time would read it over and over.
type atState struct {
	stop    int // the line's end in the source
	checked int // how many bytes before stop were looked at
	fromEnd int // the last "@" is this many bytes before stop; 0: none seen
}

var atKey = parser.NewContextKey()

// hasAt reports whether rest, the tail of the line ending at stop, holds an "@".
func hasAt(pc parser.Context, stop int, rest []byte) bool {
	st, _ := pc.Get(atKey).(*atState)
	if st == nil {
		st = &atState{stop: -1}
		pc.Set(atKey, st)
	}
	if st.stop != stop || (st.fromEnd == 0 && len(rest) > st.checked) {
		st.stop, st.checked, st.fromEnd = stop, len(rest), 0
		if i := bytes.LastIndexByte(rest, '@'); i >= 0 {
			st.fromEnd = len(rest) - i
		}
	}
	return st.fromEnd > 0 && st.fromEnd <= len(rest)
}

func (q *quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
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
	url := false
	if len(rest) > 0 {
		switch rest[0] {
		case 'h':
			url = bytes.HasPrefix(rest, linkHTTP) || bytes.HasPrefix(rest, linkHTTPS)
		case 'f':
			url = bytes.HasPrefix(rest, linkFTP)
		case 'w':
			url = bytes.HasPrefix(rest, linkWWW)
		}
	}
	if !url && !hasAt(pc, seg.Stop, rest) {
		return nil
	}
	return q.inner.Parse(parent, block, pc)
}

// tableHTML writes a table as goldmark does, inside a box that scrolls
// sideways: a table wider than a phone then moves on its own instead of
// widening the whole page. The box can be reached by keyboard to scroll it,
// so it is a region named by the table's column headings.
type tableHTML struct{}

func (tableHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTable, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			_, _ = w.WriteString("</table>\n</div>\n")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<div class="table-wrap" role="region" tabindex="0" aria-label="`)
		_, _ = w.Write(util.EscapeHTML([]byte(tableName(n, src))))
		_, _ = w.WriteString(`"><table`)
		if n.Attributes() != nil {
			html.RenderAttributes(w, n, extension.TableAttributeFilter)
		}
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	})
}

// tableName names a table by its first column headings: "Table: Acid,
// Type, Character, When".
func tableName(n ast.Node, src []byte) string {
	var cols []string
	if head := n.FirstChild(); head != nil && head.Kind() == extast.KindTableHeader {
		for c := head.FirstChild(); c != nil && len(cols) < 4; c = c.NextSibling() {
			if t := PlainText(c, src); t != "" {
				cols = append(cols, t)
			}
		}
	}
	if len(cols) == 0 {
		return "Table"
	}
	name := "Table: " + strings.Join(cols, ", ")
	if n.FirstChild().ChildCount() > len(cols) {
		name += "…"
	}
	return name
}
