package meta_test

import (
	"bytes"
	"errors"
	"testing"

	"derma/generator/internal/meta"
)

// FuzzParse: no file makes Parse panic, and every refusal is a *meta.Error
// at a line of the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte("---\ntitle: A\ndate: 2025-01-01\n---\nBody\n"))
	f.Add([]byte("+++\ntitle = \"A\"\n+++\n"))
	f.Add([]byte("{\n\"title\": \"A\"\n}\n\nBody\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := meta.Parse(src)
		if err != nil {
			var me *meta.Error
			if !errors.As(err, &me) {
				t.Fatalf("error is %T, not *meta.Error: %v", err, err)
			}
			if lines := 1 + bytes.Count(src, []byte("\n")); me.Line < 1 || me.Line > lines+1 {
				t.Fatalf("error at line %d of a %d-line file: %v", me.Line, lines, err)
			}
			return
		}
		if doc.BodyLine < 1 || doc.Start < 1 {
			t.Fatalf("BodyLine %d, Start %d", doc.BodyLine, doc.Start)
		}
		for _, k := range doc.Keys {
			if doc.Fields[k] == nil {
				t.Fatalf("key %q listed without a field", k)
			}
		}
	})
}
