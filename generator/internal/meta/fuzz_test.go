package meta_test

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"derma/generator/internal/meta"
)

var plain = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// FuzzParse: no file makes Parse panic, every refusal is a *meta.Error at a
// line of the file, and every plain key is placed on a line that holds it.
func FuzzParse(f *testing.F) {
	f.Add([]byte("---\ntitle: A\ndate: 2025-01-01\n---\nBody\n"))
	f.Add([]byte("+++\ntitle = \"A\"\n+++\n"))
	f.Add([]byte("{\n\"title\": \"A\"\n}\n\nBody\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := meta.Parse(src)
		// Lines end at \n, \r\n or a lone \r, as in YAML and CommonMark.
		text := strings.ReplaceAll(string(bytes.TrimPrefix(src, []byte("\ufeff"))), "\r\n", "\n")
		lines := strings.Split(strings.ReplaceAll(text, "\r", "\n"), "\n")
		if err != nil {
			var me *meta.Error
			if !errors.As(err, &me) {
				t.Fatalf("error is %T, not *meta.Error: %v", err, err)
			}
			if me.Line < 1 || me.Line > len(lines)+1 {
				t.Fatalf("error at line %d of a %d-line file: %v", me.Line, len(lines), err)
			}
			return
		}
		if doc.BodyLine < 1 || doc.Start < 1 {
			t.Fatalf("BodyLine %d, Start %d", doc.BodyLine, doc.Start)
		}
		for _, k := range doc.Keys {
			f := doc.Fields[k]
			if f == nil {
				t.Fatalf("key %q listed without a field", k)
			}
			// A plain key is written on the line its position names.
			if doc.Format != "" && plain.MatchString(k) && f.Pos.Line > 0 {
				if f.Pos.Line > len(lines) || !strings.Contains(lines[f.Pos.Line-1], k) {
					t.Fatalf("%s key %q placed at line %d, which does not hold it", doc.Format, k, f.Pos.Line)
				}
			}
		}
	})
}
