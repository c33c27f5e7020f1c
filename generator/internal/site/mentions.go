package site

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"derma/generator/internal/meta"
)

// RoutineMentions returns the ingredients the steps of the routine blocks
// in body name ("serum: [niacinamide, peptides]"), each at its file line
// and column; the body starts on file line bodyLine. Resolve gives a name
// that no entry has a stub page, as it does for front matter; the block
// itself reports it when the page is rendered. The fences are found line
// by line, as goldmark finds them outside block quotes; a block this scan
// misses still renders and warns, with the name shown as text.
func RoutineMentions(body []byte, bodyLine int) (ings, steps []Ref) {
	if !bytes.Contains(body, []byte("routine")) {
		return nil, nil
	}
	lines := bytes.SplitAfter(body, []byte("\n"))
	for i := 0; i < len(lines); i++ {
		indent, fence, info, ok := openFence(lines[i])
		if !ok {
			continue
		}
		j := i + 1
		for j < len(lines) && !closesFence(lines[j], fence) {
			j++
		}
		if word, _, _ := bytes.Cut(info, []byte(" ")); string(word) == "routine" {
			var src bytes.Buffer
			for _, l := range lines[i+1 : j] {
				src.Write(dedent(l, indent))
			}
			in, st := stepNames(src.Bytes(), bodyLine+i+1, indent)
			ings, steps = append(ings, in...), append(steps, st...)
		}
		i = j
	}
	return ings, steps
}

// openFence reads a line that opens a fenced code block: its indentation,
// its fence (``` or ~~~, three or more) and its info string.
func openFence(line []byte) (indent int, fence, info []byte, ok bool) {
	rest := bytes.TrimLeft(line, " ")
	indent = len(line) - len(rest)
	if len(rest) < 3 || rest[0] != '`' && rest[0] != '~' {
		return 0, nil, nil, false
	}
	n := 0
	for n < len(rest) && rest[n] == rest[0] {
		n++
	}
	if n < 3 {
		return 0, nil, nil, false
	}
	info = bytes.TrimSpace(rest[n:])
	if rest[0] == '`' && bytes.IndexByte(info, '`') >= 0 {
		return 0, nil, nil, false
	}
	return indent, rest[:n], info, true
}

// closesFence reports whether line closes a block opened by fence.
func closesFence(line, fence []byte) bool {
	rest := bytes.TrimSpace(line)
	if len(rest) < len(fence) {
		return false
	}
	for _, c := range rest {
		if c != fence[0] {
			return false
		}
	}
	return true
}

// dedent takes up to n spaces of indentation off line, as goldmark does for
// the lines of an indented fence.
func dedent(line []byte, n int) []byte {
	for n > 0 && len(line) > 0 && line[0] == ' ' {
		line, n = line[1:], n-1
	}
	return line
}

// stepNames reads the ingredients of a routine block's steps, and the
// steps' own names, from its YAML, which starts on file line first and is
// indented by indent columns. A block that is not valid YAML names nothing
// here: its page reports it.
func stepNames(src []byte, first, indent int) (ings, steps []Ref) {
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil
	}
	ref := func(n *yaml.Node) (Ref, bool) {
		if n.Kind == yaml.ScalarNode && n.Tag != "!!null" && len(bytes.TrimSpace([]byte(n.Value))) > 0 {
			return Ref{Text: n.Value, Pos: meta.Pos{Line: first + n.Line - 1, Col: indent + n.Column}}, true
		}
		return Ref{}, false
	}
	add := func(n *yaml.Node) {
		if r, ok := ref(n); ok {
			ings = append(ings, r)
		}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "steps" || root.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, st := range root.Content[i+1].Content {
			if st.Kind == yaml.ScalarNode {
				if r, ok := ref(st); ok {
					steps = append(steps, r)
				}
				continue
			}
			if st.Kind != yaml.MappingNode || len(st.Content) != 2 {
				continue
			}
			if r, ok := ref(st.Content[0]); ok {
				steps = append(steps, r)
			}
			switch ings := st.Content[1]; ings.Kind {
			case yaml.ScalarNode:
				if parts := SplitNames(ings.Value); ings.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 && len(parts) > 1 {
					for _, p := range parts {
						c := *ings
						c.Value, c.Column = p.Name, ings.Column+p.Offset
						add(&c)
					}
					continue
				}
				add(ings)
			case yaml.SequenceNode:
				for _, in := range ings.Content {
					add(in)
				}
			}
		}
	}
	return ings, steps
}

// NamePart is one name of a text holding several, and where it starts in
// the text (in runes).
type NamePart struct {
	Name   string
	Offset int
}

// SplitNames reads "HA, niacinamide" as two names, as a list's text is read
// in front matter; a text without ", " is one name (nil).
func SplitNames(s string) []NamePart {
	if !strings.Contains(s, ", ") {
		return nil
	}
	var out []NamePart
	off := 0
	for _, part := range strings.Split(s, ",") {
		if name := strings.TrimSpace(part); name != "" {
			lead := len(part) - len(strings.TrimLeft(part, " \t"))
			out = append(out, NamePart{name, utf8.RuneCountInString(s[:off+lead])})
		}
		off += len(part) + 1
	}
	return out
}
