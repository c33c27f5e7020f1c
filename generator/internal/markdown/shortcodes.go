package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// shortcodeExtension warns of Hugo's and Zola's shortcodes ({{< ref "x.md" >}},
// {{ youtube(id="x") }}): derma has none, and without a word they would show
// on the page as written, which an author moving a site over would not see
// until a reader did.
type shortcodeExtension struct{}

func (shortcodeExtension) Extend(m goldmark.Markdown) {
	// Before every other transformer: blocks are still code blocks then.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(shortcodeTransformer{}, 1000)))
}

type shortcodeTransformer struct{}

func (shortcodeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	more := -1
	if bytes.Contains(src, []byte("<!--more")) {
		more = bytes.Index(src, []byte("<!--more-->"))
	}
	if more < 0 && !openBrace(src) {
		return // most bodies: one scan for a brace
	}
	d := DocOf(pc)
	if d == nil {
		return
	}
	found := shortcodes(src)
	if len(found) == 0 && more < 0 {
		return
	}
	if more >= 0 && !inRanges(codeRanges(doc, false), more) {
		// Hugo's summary divider, an HTML comment: the text above it
		// would be the card's.
		line, col := d.Pos(more)
		d.Diags.Warnf(d.Path, line, col, "<!--more--> (Hugo's summary divider) is not read: a guide's summary on cards, in search and in the feed is its description: in front matter")
	}
	if len(found) == 0 {
		return
	}
	code := codeRanges(doc, true)
	for _, s := range found {
		if inRanges(code, s.at) {
			continue // shown as code on purpose, as in a guide about templates
		}
		line, col := d.Pos(s.at)
		d.Diags.Warnf(d.Path, line, col, "%s is shown as written: derma has no shortcodes; %s", s.what(), s.instead())
	}
}

// openBrace reports whether src holds {{ or {%, where a shortcode starts.
func openBrace(src []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '{')
		if j < 0 || i+j+1 >= len(src) {
			return false
		}
		i += j + 1
		if src[i] == '{' || src[i] == '%' {
			return true
		}
	}
}

// shortcode is one opening shortcode found in a text.
type shortcode struct {
	at   int    // byte offset of its first brace
	name string // ref, figure, youtube
	zola bool   // {{ name(...) }} or {% name(...) %}, not {{< name >}}
	// percent is Hugo's {{% name %}}, whose inner text is Markdown.
	percent bool
	args    string // what follows the name, up to the closing braces
}

// arg is the value of the named argument (src="x"), or with name "" the
// first quoted one (ref "x.md"), or "".
func (s shortcode) arg(name string) string {
	a := s.args
	if name != "" {
		i := strings.Index(a, name+"=")
		if i < 0 || i > 0 && a[i-1] != ' ' && a[i-1] != '(' && a[i-1] != ',' {
			return ""
		}
		a = a[i+len(name)+1:]
	}
	a = strings.TrimLeft(a, " ")
	if a == "" || a[0] != '"' && a[0] != '\'' {
		return ""
	}
	if j := strings.IndexByte(a[1:], a[0]); j >= 0 {
		return a[1 : 1+j]
	}
	return ""
}

func (s shortcode) what() string {
	if s.zola {
		return "Zola shortcode " + s.name + "()"
	}
	if s.percent {
		return "Hugo shortcode {{% " + s.name + " %}}"
	}
	return "Hugo shortcode {{< " + s.name + " >}}"
}

func (s shortcode) instead() string {
	switch s.name {
	case "ref", "relref":
		target := s.arg("")
		if target == "" {
			target = "other-guide.md"
		}
		return "link to the file itself: [text](" + target + ")"
	case "figure", "img", "image", "resize_image":
		src, alt := s.arg("src"), "what it shows"
		if src == "" {
			src = s.arg("path") // Zola's resize_image(path=...)
		}
		if src == "" {
			src = "/images/photo.jpg"
		}
		for _, k := range []string{"alt", "title", "caption"} {
			if v := s.arg(k); v != "" {
				alt = v
				break
			}
		}
		return "write a Markdown image: ![" + alt + "](" + src + ")"
	case "youtube", "vimeo", "tweet", "x", "instagram", "gist", "streamable":
		return "an embed would load another site into the page; link to it instead: [text](https://…)"
	case "highlight":
		return "write a fenced code block (```)"
	}
	return "write it in Markdown, or as a compare or routine block"
}

// shortcodes finds the opening shortcodes in src: {{< name …>}} and
// {{% name …%}} (Hugo), {{ name(…) }} and {% name(…) %} (Zola). Closing ones
// ({{< /name >}}, {% end %}) belong to an opening one and are not counted.
func shortcodes(src []byte) []shortcode {
	var out []shortcode
	for i := 0; i+2 < len(src); i++ {
		if src[i] != '{' || (src[i+1] != '{' && src[i+1] != '%') {
			continue
		}
		j := i + 2
		hugo := src[i+1] == '{' && (src[j] == '<' || src[j] == '%')
		if hugo {
			j++
		}
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		k := j
		for k < len(src) && (isNameByte(src[k]) || (hugo && src[k] == '/' && k > j)) {
			k++
		}
		if k == j {
			continue // {{</ closing, {{ }} or prose
		}
		name := string(src[j:k])
		closer := []byte("%}}")
		if src[i+2] == '<' {
			closer = []byte(">}}")
		}
		rest := src[k:min(len(src), k+300)]
		switch {
		case hugo && bytes.Contains(rest, closer):
			args := string(rest[:bytes.Index(rest, closer)])
			out = append(out, shortcode{at: i, name: name, percent: src[i+2] == '%', args: args})
		case !hugo && k < len(src) && src[k] == '(':
			args := string(rest[1:])
			if j := strings.IndexByte(args, ')'); j >= 0 {
				args = args[:j]
			}
			out = append(out, shortcode{at: i, name: name, zola: true, args: args})
		default:
			continue
		}
		i = k - 1
	}
	return out
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// codeRanges are the byte ranges of src that the page shows as code, and
// as raw HTML when html is set.
func codeRanges(doc *ast.Document, html bool) [][2]int {
	var out [][2]int
	lines := func(n ast.Node) {
		if l := n.Lines(); l.Len() > 0 {
			out = append(out, [2]int{l.At(0).Start, l.At(l.Len() - 1).Stop})
		}
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines(n)
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if html {
				lines(n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			first, last := n.FirstChild(), n.LastChild()
			if t1, ok := first.(*ast.Text); ok {
				if t2, ok := last.(*ast.Text); ok {
					out = append(out, [2]int{t1.Segment.Start, t2.Segment.Stop})
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if s := n.Segments; html && s.Len() > 0 {
				out = append(out, [2]int{s.At(0).Start, s.At(s.Len() - 1).Stop})
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

func inRanges(rs [][2]int, at int) bool {
	for _, r := range rs {
		if r[0] <= at && at < r[1] {
			return true
		}
	}
	return false
}
