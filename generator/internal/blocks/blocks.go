// Package blocks renders derma's fenced Markdown blocks: compare (a table of
// entries side by side, compare.go) and routine (an ordered, checked list of
// steps, routine.go). Both hold YAML, parsed as yaml.v3 nodes so that every
// problem points at the line and column of the item that causes it.
package blocks

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"derma/generator/internal/markdown"
	"derma/generator/internal/meta"
	"derma/generator/internal/resolve"
	"derma/generator/internal/site"
)

// Funcs returns the block renderers for a resolved site, by info string.
// They only read s and ix, so the build's workers may call them at once.
func Funcs(s *site.Site, ix *resolve.Index) map[string]markdown.BlockFunc {
	b := &blocks{s: s, ix: ix}
	return map[string]markdown.BlockFunc{
		"compare": b.compare,
		"routine": b.routine,
	}
}

type blocks struct {
	s  *site.Site
	ix *resolve.Index
}

// block is one fenced block being read: where it sits, to place messages.
type block struct {
	d    *markdown.Doc
	line int // file line of the block's first YAML line
	// indent is the columns before each YAML line in the file.
	indent int
	name   string
	bad    bool // an error was reported: the block is not rendered
}

func (b *block) pos(n *yaml.Node) (line, col int) {
	if n == nil || n.Line == 0 {
		return b.line, 0
	}
	return b.line + n.Line - 1, b.indent + n.Column
}

func (b *block) errorf(n *yaml.Node, format string, args ...any) {
	b.bad = true
	l, c := b.pos(n)
	b.d.Diags.Errorf(b.d.Path, l, c, format, args...)
}

func (b *block) warnf(n *yaml.Node, format string, args ...any) {
	l, c := b.pos(n)
	b.d.Diags.Warnf(b.d.Path, l, c, format, args...)
}

// parse reads the block's YAML into its top-level mapping, or reports why it
// cannot and returns nil.
func (b *block) parse(body []byte, example string) *yaml.Node {
	if b.d.Unclosed > 0 {
		// Markdown lets a fence run to the end of the text; a block's
		// author nearly always meant to close it before the prose after.
		b.d.Diags.Warnf(b.d.Path, b.d.Unclosed, 0, "%s block opened on this line is never closed, so the rest of the text is read as its YAML: end it with a closing fence (```) like its opening one", b.name)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(body))
	err := dec.Decode(&doc)
	if err == io.EOF {
		err = nil
	}
	if err == nil {
		var next yaml.Node
		for dec.Decode(&next) == nil && len(next.Content) == 0 {
			// an empty document after a trailing "---" drops nothing
		}
		if len(next.Content) > 0 {
			// Anything after "---" or "..." would be dropped without a word.
			b.bad = true
			b.d.Diags.Errorf(b.d.Path, b.line+documentEnd(body), 1, "%s block holds a second YAML document after this line: one block holds one %s; start another block for the next", b.name, map[string]string{"routine": "routine", "compare": "table"}[b.name])
			return nil
		}
	}
	if err != nil {
		line, msg := meta.YAMLError(err, body)
		l := b.line
		if line > 0 {
			l += line - 1
		}
		b.bad = true
		b.d.Diags.Errorf(b.d.Path, l, 0, "%s block is not valid YAML: %s", b.name, msg)
		return nil
	}
	if len(doc.Content) == 0 {
		b.bad = true
		line := b.line
		if len(body) == 0 {
			line = max(line-1, 1) // the opening fence: the next line closes it
		}
		b.d.Diags.Errorf(b.d.Path, line, 0, "%s block is empty: write for example %s", b.name, example)
		return nil
	}
	root := deref(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		b.errorf(root, "%s block must be a mapping of keys, for example %s", b.name, example)
		return nil
	}
	return root
}

// documentEnd is the 0-based line of the first "---" or "..." that ends a
// YAML document in body.
func documentEnd(body []byte) int {
	for i, l := range strings.Split(string(body), "\n") {
		l = strings.TrimRight(l, " \r")
		if l == "---" || l == "..." || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "... ") {
			return i
		}
	}
	return 0
}

// keys checks the mapping's keys against the valid ones and returns the
// values by key.
func (b *block) keys(m *yaml.Node, valid ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := deref(m.Content[i]), deref(m.Content[i+1])
		key := k.Value
		if !contains(valid, key) {
			b.errorf(k, "unknown key %q in %s block%s: valid keys are %s", key, b.name, didYouMean(key, valid), strings.Join(valid, ", "))
			continue
		}
		if _, dup := out[key]; dup {
			b.errorf(k, "%s is given twice in this %s block: keep one", key, b.name)
			continue
		}
		out[key] = v
	}
	return out
}

// text reads a scalar value.
func (b *block) text(n *yaml.Node, what string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		b.errorf(n, "%s must be text, not %s", what, kindName(n))
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// list reads a list of scalars (or one scalar as a one-item list) with the
// node of each, for its position.
func (b *block) list(n *yaml.Node, what string) []*yaml.Node {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if strings.TrimSpace(n.Value) == "" {
			return nil
		}
		if parts := site.SplitNames(n.Value); n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 && len(parts) > 1 {
			// As in front matter: "HA, niacinamide" is two names.
			var out []*yaml.Node
			var names []string
			for _, p := range parts {
				c := *n
				c.Value, c.Column = p.Name, n.Column+p.Offset
				out = append(out, &c)
				names = append(names, p.Name)
			}
			b.warnf(n, "%s: %q is read as %d names; write them as a list, [%s] (a name that holds a comma goes in quotes)", what, n.Value, len(out), strings.Join(names, ", "))
			return out
		}
		return []*yaml.Node{n}
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, c := range n.Content {
			c = deref(c)
			if c.Kind != yaml.ScalarNode {
				b.errorf(c, "each of %s must be text, not %s", what, kindName(c))
				continue
			}
			if strings.TrimSpace(c.Value) == "" {
				b.errorf(c, "empty item in %s: remove it", what)
				continue
			}
			out = append(out, c)
		}
		return out
	}
	b.errorf(n, "%s must be a list such as [first, second], not %s", what, kindName(n))
	return nil
}

// deref follows YAML aliases (*name) to what they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 8; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return n.Content[0]
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	return "text"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// didYouMean returns ` (did you mean "x"?)` for the closest of choices.
func didYouMean(s string, choices []string) string {
	best, bestD := "", 1<<30
	for _, c := range choices {
		if len(s) >= 3 && strings.HasPrefix(strings.ToLower(c), strings.ToLower(s)) {
			return fmt.Sprintf(" (did you mean %q?)", c)
		}
	}
	for _, c := range choices {
		d := site.Distance(strings.ToLower(s), strings.ToLower(c))
		if d <= max(2, len(c)/3) && d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// names lists the slugs of kind k's entries that have a page of their own.
func (bl *blocks) names(k site.Kind) []string {
	var out []string
	for _, e := range bl.s.Entries[k] {
		if !e.Stub {
			out = append(out, e.Slug)
		}
	}
	sort.Strings(out)
	return slices.Compact(out) // two files with one slug are an error of their own
}

// suggest is ` (did you mean "x"?)` from the index's names of kind k.
func (bl *blocks) suggest(k site.Kind, text string) string {
	if s := bl.ix.Suggest(k, text); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// link is an entry's name linked to its page.
func (bl *blocks) link(e *site.Entry) string {
	if e.Unlisted {
		return html.EscapeString(e.Name) // no page to link to
	}
	return `<a href="` + html.EscapeString(bl.s.Config.BasePath+e.URL()) + `">` + html.EscapeString(e.Name) + `</a>`
}

// lower is a name as it reads inside a sentence: "Sheet mask" -> "sheet
// mask", "Hyaluronic Acid" -> "hyaluronic acid", but "Vitamin C" -> "vitamin
// C" and "SPF" stays: only words that are capitalised, not acronyms, change.
func lower(name string) string {
	words := strings.Split(name, " ")
	for i, w := range words {
		r := []rune(w)
		if len(r) > 1 && strings.ToLower(string(r[1:])) == string(r[1:]) {
			words[i] = strings.ToLower(string(r[:1])) + string(r[1:])
		}
	}
	return strings.Join(words, " ")
}

// andList joins names as prose: "a", "a and b", "a, b and c".
func andList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
