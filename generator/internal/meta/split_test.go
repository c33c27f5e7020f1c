package meta

import (
	"bytes"
	"testing"

	"github.com/adrg/frontmatter"
)

type captured struct {
	format string
	raw    []byte
}

func capture(format string) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		c := v.(*captured)
		c.format = format
		c.raw = data
		return nil
	}
}

// adrgFormats is how meta used github.com/adrg/frontmatter before split.
var adrgFormats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", capture("yaml")),
	frontmatter.NewFormat("---yaml", "---", capture("yaml")),
	frontmatter.NewFormat("+++", "+++", capture("toml")),
	frontmatter.NewFormat("---toml", "---", capture("toml")),
	frontmatter.NewFormat(";;;", ";;;", capture("json")),
	frontmatter.NewFormat("---json", "---", capture("json")),
	{Start: "{", End: "}", Unmarshal: capture("json"), UnmarshalDelims: true, RequiresNewLine: true},
}

var splitTests = []string{
	"", "\n", "---", "---\n", "---\n---", "---\n---\n", "---\na: b\n---\nBody\n",
	"\n \n---\na: b\n---\n", " --- \na: b\n  ---  \nBody", "---\r\na: b\r\n---\r\nBody\r\n",
	"---yaml\na: b\n---\n", "---toml\na = 1\n---\n", "---json\n{}\n---\n", "+++\na = 1\n+++\n",
	";;;\n{}\n;;;\n", "+++\na = 1\n---\n", "---\na: b\n", "text\n---\na: b\n---\n",
	"{\n\"a\": 1\n}\n\nBody", "{\n\"a\": 1\n}\nBody\n}\n\nRest", "{\n\"a\": 1\n}\n}\n\n", "{\n}", "{\n}\n",
	"{\n\"a\": 1\n}\n", "{\"a\": 1}\n\n", "\u00a0---\u00a0\na: b\n---\n", "\u0085---\na: b\n---\n",
	"---\na: b\n---", "---\na: b\n---x\n---\n", "\t---\t\na: b\n\t---\n", "---\v\n---\f\n",
}

// FuzzSplit: split finds the same front matter and body as
// github.com/adrg/frontmatter with meta's formats.
func FuzzSplit(f *testing.F) {
	for _, s := range splitTests {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var c captured
		wantRest, err := frontmatter.Parse(bytes.NewReader(src), &c, adrgFormats...)
		if err != nil {
			t.Fatal(err)
		}
		format, raw, rest := split(src)
		if format != c.format || !bytes.Equal(raw, c.raw) || !bytes.Equal(rest, wantRest) {
			t.Fatalf("%q: split gives %q %q %q, adrg/frontmatter %q %q %q", src, format, raw, rest, c.format, c.raw, wantRest)
		}
	})
}

func TestSplit(t *testing.T) {
	for _, s := range splitTests {
		var c captured
		wantRest, _ := frontmatter.Parse(bytes.NewReader([]byte(s)), &c, adrgFormats...)
		format, raw, rest := split([]byte(s))
		if format != c.format || !bytes.Equal(raw, c.raw) || !bytes.Equal(rest, wantRest) {
			t.Errorf("%q: split gives %q %q %q, adrg/frontmatter %q %q %q", s, format, raw, rest, c.format, c.raw, wantRest)
		}
	}
}
