package meta_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"derma/generator/internal/meta"
)

func TestPositions(t *testing.T) {
	tests := []struct {
		name, src string
		key       string
		line, col int
		bodyLine  int
	}{
		{"yaml", "---\ntitle: A\ntags:\n  - a\n  - b\n---\nBody\n", "tags", 3, 1, 7},
		{"yaml after blank lines", "\n\n---\ntitle: A\n---\nBody\n", "title", 4, 1, 6},
		{"yaml with BOM", "\ufeff---\ntitle: A\n---\n", "title", 2, 1, 4},
		{"yaml CRLF", "---\r\ntitle: A\r\n\r\ndate: 2025-01-01\r\n---\r\nBody\r\n", "date", 4, 1, 6},
		{"yaml lone CR", "---\rtitle: A\r\rdate: 2025-01-01\r---\rBody\r", "date", 4, 1, 6},
		{"toml table", "+++\ntitle = \"A\"\n[params]\nx = 1\n+++\n", "params", 3, 2, 6},
		{"toml", "+++\ntitle = \"A\"\n  date = 2025-01-01\n+++\n", "date", 3, 3, 5},
		{"json", "{\n  \"title\": \"A\",\n  \"tags\": [\"x\"]\n}\n\nBody\n", "tags", 3, 3, 6},
		{"json nested key first", "{\n \"a\": {\"title\": [1, {\"title\": 2}]},\n \"b\": [\"title\"], \"title\": \"x\"\n}\n\n", "title", 3, 18, 6},
		{"json escaped key", "{\n\"a\\\"b\": 1,\n\t\"é\": 1, \"tags\": 2\n}\n\n", "tags", 3, 10, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := meta.Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			f := d.Fields[tt.key]
			if f == nil {
				t.Fatalf("no %s; keys %v", tt.key, d.Keys)
			}
			if f.Pos.Line != tt.line || f.Pos.Col != tt.col {
				t.Errorf("%s at %d:%d, want %d:%d", tt.key, f.Pos.Line, f.Pos.Col, tt.line, tt.col)
			}
			if d.BodyLine != tt.bodyLine {
				t.Errorf("body at line %d, want %d", d.BodyLine, tt.bodyLine)
			}
		})
	}
}

func TestTypes(t *testing.T) {
	d, err := meta.Parse([]byte("---\ns: text\nn: 12\nf: 1.5\nb: true\nd: 2025-03-04\nl: [a, 1]\nm: {k: v}\nz:\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"s": "string", "n": "int", "f": "float64", "b": "bool", "d": "time.Time", "l": "[]interface {}", "m": "map[string]interface {}", "z": "<nil>"}
	for k, typ := range want {
		got := "<nil>"
		if v := d.Fields[k].Value; v != nil {
			got = fmt.Sprintf("%T", v)
		}
		if got != typ {
			t.Errorf("%s: %s, want %s", k, got, typ)
		}
	}
	if d.Fields["d"].Value.(time.Time).Day() != 4 {
		t.Error("date decoded wrong")
	}
	if strings.Join(d.Keys, ",") != "s,n,f,b,d,l,m,z" {
		t.Errorf("keys in order written: %v", d.Keys)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unclosed yaml", "---\ntitle: A\n", "1:1: front matter opened with \"---\" is never closed"},
		{"unclosed toml", "+++\ntitle = 1\n", "1:1: front matter opened with \"+++\" is never closed: end it with a line \"+++\""},
		{"invalid utf8 line 3", "---\na: b\nc: \xc3\x28\n---\n", "3:4: invalid UTF-8"},
		{"yaml syntax", "---\na: b\nc: [\n---\n", "invalid YAML front matter"},
		{"yaml line", "---\na: b\n c: d\n---\n", "3:0: invalid YAML front matter"},
		{"yaml unclosed list", "---\ntitle: T\ndate: 2025-01-01\ntags: [a, b\n---\n", "4:0: invalid YAML front matter: did not find expected ','"},
		{"yaml text after quote", "---\ntitle: T\ndescription: d\nx: \"a\" b\n---\n", "4:0: invalid YAML front matter: did not find expected key"},
		{"yaml quote left open on the first line", "---\ntitle: \"T\ndate: 2025-01-01\n---\n", "2:0: invalid YAML front matter: the quote opened on this line is never closed"},
		{"yaml colon in a value", "---\ntitle: Retinol: a guide\ndate: 2025-01-01\n---\n", "2:0: invalid YAML front matter: mapping values are not allowed in this context; a value holding \": \" must be quoted: title: \"Retinol: a guide\""},
		{"yaml colon in a later value", "---\ntitle: T\ndescription: Why: \"this\"\n---\n", "3:0: invalid YAML front matter: mapping values are not allowed in this context; a value holding \": \" must be quoted: description: \"Why: \\\"this\\\"\""},
		{"yaml value starting with @", "---\ntitle: T\ndescription: @handle\n---\n", "3:0: invalid YAML front matter: found character that cannot start any token; a value starting with @ must be quoted: description: \"@handle\""},
		{"yaml tab", "---\ntitle: T\n\tdate: 2025-01-01\n---\n", "indent with spaces, not tabs"},
		{"yaml unknown anchor", "---\ntitle: T\ndate: 2025-01-01\ntags: *nope\n---\n", "4:0: invalid YAML front matter: unknown anchor 'nope'"},
		{"toml", "+++\na = \n+++\n", "2:"},
		{"json", "{\n\"a\": ,\n}\n\n", "2:0: invalid JSON front matter"},
		{"too big", "---\na: " + strings.Repeat("x", meta.MaxSize) + "\n---\n", "at most 64 MB"},
		{"alias bomb", "---\na: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n---\n", "3:408: front matter uses more than 100 YAML aliases"},
		{"short yaml found in the opening line", "---\n-\n---\n", "2:1: front matter must be a mapping"},
		{"after blank lines", "\n\n---\n- x\n---\n", "4:1: front matter must be a mapping"},
		{"deep yaml", "---\ntitle: T\na: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n---\n", "3:104: front matter is nested more than 100 levels deep here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := meta.Parse([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestLargeFrontMatter: finding key positions stays linear (a scan per key
// once took minutes for 20,000 JSON keys).
func TestLargeFrontMatter(t *testing.T) {
	var js, tm, ym strings.Builder
	js.WriteString("{\n")
	tm.WriteString("+++\n")
	ym.WriteString("---\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&js, "\"k%d\": [1, {\"k%d\": 2}],\n", i, i+1)
		fmt.Fprintf(&tm, "k%d = 1\n", i)
		fmt.Fprintf(&ym, "k%d: 1\n", i)
	}
	js.WriteString("\"z\": 1\n}\n\n")
	tm.WriteString("+++\n")
	ym.WriteString("---\n")
	for name, src := range map[string]string{"json": js.String(), "toml": tm.String(), "yaml": ym.String()} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			d, err := meta.Parse([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if el := time.Since(start); el > 30*time.Second { // a quadratic parser takes minutes
				t.Errorf("took %v", el)
			}
			if f := d.Fields["k19999"]; f == nil || f.Pos.Line != 20001 {
				t.Errorf("k19999 at %+v, want line 20001", f)
			}
		})
	}
}

// TestFloatingTimes requires TOML dates and times written without a zone to
// mean the same instant on every machine, as YAML's do (UTC): the decoder
// gives them the local zone of the machine that builds.
func TestFloatingTimes(t *testing.T) {
	tests := []struct{ src, want string }{
		{"date = 2025-02-01", "2025-02-01T00:00:00Z"},
		{"date = 2025-02-01T10:30:00", "2025-02-01T10:30:00Z"},
		{"date = 2025-02-01 10:30:00", "2025-02-01T10:30:00Z"},
		{"date = 2025-02-01T10:30:00+02:00", "2025-02-01T10:30:00+02:00"},
		{"date = 2025-02-01T10:30:00Z", "2025-02-01T10:30:00Z"},
	}
	for _, tt := range tests {
		d, err := meta.Parse([]byte("+++\ntitle = \"A\"\n" + tt.src + "\n+++\n"))
		if err != nil {
			t.Fatal(err)
		}
		tm, ok := d.Fields["date"].Value.(time.Time)
		if !ok {
			t.Fatalf("%s: date is %T", tt.src, d.Fields["date"].Value)
		}
		if got := tm.Format(time.RFC3339); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.src, got, tt.want)
		}
		if _, off := tm.Zone(); off == 0 && tm.Location() != time.UTC {
			t.Errorf("%s: zone %q, want UTC", tt.src, tm.Location())
		}
	}
}

// TestListItemsPlaced: the items of a TOML or JSON list are placed where
// their quotes are, as YAML's are, so that a message about one points at it.
func TestListItemsPlaced(t *testing.T) {
	for _, tt := range []struct{ name, src string }{
		{"toml", "+++\ntitle = \"ingredients\"\ningredients = [\"ingredients\", 'b',\n  \"c\"]\n+++\n"},
		{"json", "{\n\"title\": \"x\",\n\"ingredients\": [\"ingredients\", \"b\",\n  \"c\"]\n}\n\nBody\n"},
	} {
		doc, err := meta.Parse([]byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(doc.Fields["ingredients"].Items)
		want := map[string]string{"toml": "[{3 16} {3 31} {4 3}]", "json": "[{3 17} {3 32} {4 3}]"}[tt.name]
		if got != want {
			t.Errorf("%s: items at %s, want %s", tt.name, got, want)
		}
	}
}
