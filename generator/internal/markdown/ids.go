package markdown

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// ids makes heading ids the way GitHub does, as goldmark's default does for
// ASCII, but keeping letters and digits of every script: goldmark's own drops
// them, so "Crème masks" became "crme-masks" and a heading in Japanese only
// "heading".
type ids struct {
	used map[string]bool
	n    map[string]int // last suffix used per base id
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
		case unicode.IsSpace(r) || r == '-' || r == '_':
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
