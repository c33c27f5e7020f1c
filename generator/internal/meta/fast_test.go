package meta

import (
	"bytes"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// decodeBoth decodes raw through the fast path and through yaml.v3 nodes.
// fast is nil when the fast path declined.
func decodeBoth(raw []byte) (fast, slow *Doc, slowErr error) {
	fast = &Doc{Fields: map[string]*Field{}}
	if !fast.fastYAML(raw, 3) {
		if len(fast.Keys) > 0 || len(fast.Fields) > 0 {
			panic("fastYAML declined but changed the document")
		}
		fast = nil
	}
	slow = &Doc{Fields: map[string]*Field{}}
	slowErr = slow.yamlNodes(raw, 3)
	return fast, slow, slowErr
}

// sameDoc says how two decodings differ, or "" when they agree.
func sameDoc(a, b *Doc) string {
	if strings.Join(a.Keys, "\x00") != strings.Join(b.Keys, "\x00") {
		return "keys " + strconv.Quote(strings.Join(a.Keys, ",")) + " vs " + strconv.Quote(strings.Join(b.Keys, ","))
	}
	for _, k := range a.Keys {
		fa, fb := a.Fields[k], b.Fields[k]
		switch {
		case fa.Pos != fb.Pos:
			return k + ": key position differs"
		case fa.ValuePos != fb.ValuePos:
			return k + ": value position differs"
		case !sameValue(fa.Value, fb.Value):
			return k + ": value differs"
		case len(fa.Items) != len(fb.Items):
			return k + ": item count differs"
		}
		for i := range fa.Items {
			if fa.Items[i] != fb.Items[i] {
				return k + ": item position differs"
			}
		}
	}
	return ""
}

// sameValue is reflect.DeepEqual but for NaN, which equals itself here, and
// times, which compare by instant and zone.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y))
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y) && x.String() == y.String()
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case string, bool, int, nil:
		return a == b
	}
	return false
}

// frontYAML is the YAML between a file's "---" lines, or the whole file.
func frontYAML(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	s := string(src)
	if !strings.HasPrefix(s, "---\n") && !strings.HasPrefix(s, "---\r\n") {
		return src
	}
	s = s[strings.IndexByte(s, '\n')+1:]
	if i := strings.Index(s, "\n---"); i >= 0 {
		s = s[:i+1]
	}
	return []byte(s)
}

// seeds are the front matter of the bundled site and of FuzzParse's corpus.
func seeds(t testing.TB) [][]byte {
	var out [][]byte
	err := filepath.WalkDir("../../../content", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch filepath.Ext(path) {
		case ".md":
			out = append(out, frontYAML(src))
		case ".yaml":
			out = append(out, src)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	corpus, _ := filepath.Glob("testdata/fuzz/FuzzParse/*")
	for _, path := range corpus {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// "go test fuzz v1" then one []byte("...") line.
		_, arg, _ := strings.Cut(string(src), "\n[]byte(")
		if s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimSpace(arg), ")")); err == nil {
			out = append(out, frontYAML([]byte(s)))
		}
	}
	return out
}

// FuzzYAMLFast: whenever the fast path accepts front matter, yaml.v3 accepts
// it too and gives the same keys, values, types and positions.
func FuzzYAMLFast(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	for _, tt := range scalarTests {
		f.Add([]byte("k: " + tt.in + "\nl: [" + tt.in + "]\n"))
	}
	for _, tt := range fallbackTests {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		fast, slow, err := decodeBoth(raw)
		if fast == nil {
			return
		}
		if err != nil {
			t.Fatalf("fast path accepted %q, yaml.v3 refused it: %v", raw, err)
		}
		if diff := sameDoc(fast, slow); diff != "" {
			t.Fatalf("%q: %s", raw, diff)
		}
	})
}

func TestFastSeeds(t *testing.T) {
	taken := 0
	for _, raw := range seeds(t) {
		fast, slow, err := decodeBoth(raw)
		if fast == nil {
			continue
		}
		taken++
		if err != nil {
			t.Errorf("fast path accepted %q, yaml.v3 refused it: %v", raw, err)
		} else if diff := sameDoc(fast, slow); diff != "" {
			t.Errorf("%q: %s", raw, diff)
		}
	}
	// The bundled site is written in the subset; every file of it should be.
	if taken < 40 {
		t.Errorf("fast path took only %d seed files", taken)
	}
}

// declined marks a scalar the fast path must leave to yaml.v3.
type declined struct{}

var scalarTests = []struct {
	in   string
	want any
}{
	{"plain text", "plain text"},
	{"text # comment", "text"},
	{"a#b", "a#b"},
	{"http://example.org/x", "http://example.org/x"},
	{"gel, foam, cream or oil", "gel, foam, cream or oil"},
	{"Don't", "Don't"},
	{"'single ''quoted'''", "single 'quoted'"},
	{`"double \"quoted\""`, `double "quoted"`},
	{`"esc \\ \/"`, declined{}}, // \/ is not a YAML escape
	{`"\x41\u00e9\U0001F600\t\n\0\_\N\L\P\e\ "`, "Aé😀\t\n\x00\u00a0\u0085\u2028\u2029\x1b "},
	{`"\ud800"`, declined{}},
	{`"2025-01-02"`, "2025-01-02"},
	{"''", ""},
	{`""`, ""},
	{"12", 12},
	{"-12", -12},
	{"+12", 12},
	// The yaml.v3 path reads an !!int with strconv.Atoi first, then as
	// yaml.v3 does: 012 is 12, not octal 10.
	{"012", 12},
	{"0x1F", 31},
	{"0o17", 15},
	{"0b101", 5},
	{"1_000", 1000},
	{"08", 8.0},
	{"1.5", 1.5},
	{"1e3", 1000.0},
	{".5", 0.5},
	{"1e400", "1e400"},
	{".inf", math.Inf(1)},
	{"-.Inf", math.Inf(-1)},
	{".nan", math.NaN()},
	{"true", true},
	{"False", false},
	{"yes", "yes"},
	{"no", "no"},
	{"on", "on"},
	{"off", "off"},
	{"~", nil},
	{"null", nil},
	{"NULL", nil},
	{"nil", "nil"},
	{"2024-01-02", time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)},
	{"2024-1-2", time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)},
	{"2024-01-02T03:04:05Z", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
	{"2024-01-02 03:04:05", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
	{"2024-02-30", "2024-02-30"},
	{"2024-01-02 extra", "2024-01-02 extra"},
	{"-x", "-x"},
	{"<<", "<<"},
	{"9223372036854775808", -9223372036854775808}, // past int64: wraps as the yaml.v3 path does
}

func TestFastScalars(t *testing.T) {
	for _, tt := range scalarTests {
		t.Run(tt.in, func(t *testing.T) {
			raw := []byte("k: " + tt.in + "\n")
			fast, slow, err := decodeBoth(raw)
			if tt.want == (declined{}) {
				if fast != nil {
					t.Fatalf("fast path took %q; it should be left to yaml.v3", tt.in)
				}
				return
			}
			if fast == nil {
				t.Fatalf("fast path declined %q", tt.in)
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := fast.Fields["k"].Value; !sameValue(got, tt.want) {
				t.Errorf("%s = %#v, want %#v", tt.in, got, tt.want)
			}
			if diff := sameDoc(fast, slow); diff != "" {
				t.Errorf("differs from yaml.v3: %s", diff)
			}
		})
	}
}

var fallbackTests = []struct{ name, in string }{
	{"anchor", "a: &x b\nc: *x\n"},
	{"tag", "a: !!str 12\n"},
	{"literal block", "a: |\n  text\n"},
	{"folded block", "a: >\n  text\n"},
	{"plain over two lines", "a: one\n  two\n"},
	{"quoted over two lines", "a: \"one\n  two\"\n"},
	{"tab", "a:\tb\n"},
	{"duplicate key", "a: 1\na: 2\n"},
	{"duplicate nested key", "faq:\n  - q: 1\n    q: 2\n"},
	{"indented top level", "  a: 1\n"},
	{"flow map", "a: {b: c}\n"},
	{"nested flow list", "a: [[b]]\n"},
	{"trailing comma", "a: [b, c,]\n"},
	{"question mark in a flow list", "a: [b?]\n"},
	{"flow list over two lines", "a: [b,\n  c]\n"},
	{"mapping in a value", "a: b: c\n"},
	{"quoted key", "\"a\": b\n"},
	{"complex key", "? a\n: b\n"},
	{"document end", "a: b\n...\n"},
	{"directive", "%YAML 1.2\n---\na: b\n"},
	{"list at top", "- a\n"},
	{"scalar at top", "just text\n"},
	{"empty", "# only a comment\n"},
	{"null list entry", "a:\n  -\n  - b\n"},
	{"odd indent", "a:\n  - b\n   - c\n"},
	{"nested null", "a:\n  b:\n"},
	{"lone CR", "a: b\rc: d\n"},
	{"NEL", "a: b\u0085c\n"},
	{"line separator", "a: b\u2028c\n"},
	{"control character", "a: b\x01\n"},
	{"delete", "a: b\x7f\n"},
	{"byte order mark", "a: \ufeffb\n"},
	{"C1 control", "a: b\u0090\n"},
	{"key without space", "a:b\n"},
	{"line-continued escape", "a: \"b\\\n  c\"\n"},
}

func TestFastFallback(t *testing.T) {
	for _, tt := range fallbackTests {
		t.Run(tt.name, func(t *testing.T) {
			if d := (&Doc{Fields: map[string]*Field{}}); d.fastYAML([]byte(tt.in), 1) {
				t.Errorf("fast path took %q; it should be left to yaml.v3", tt.in)
			}
		})
	}
}

// TestFastShapes: the shapes the fast path takes, with their positions.
func TestFastShapes(t *testing.T) {
	tests := []struct{ name, in string }{
		{"null values", "a:\nb: 1\nc:   # x\nd:"},
		{"block lists", "l:\n  - x\n  -   y\nm:\n- z\n"},
		{"faq", "faq:\n  - q: x\n    a: y\n\n  # between\n  -   q: z\n      a: [w, 'v']\nnext: 1\n"},
		{"nested map", "p:\n  a: 1\n  b: [x, 'y']\n"},
		{"flow lists", "k: [ a , b ]\nkk: []\nk3: [\"é\", é, 'é']\n"},
		{"wide characters", "é: é\nk: \"é\"\nkey with spaces  : v\n"},
		{"comments", "# c\na: b # c\n# c\nc: 'd' # c\n"},
		{"CRLF", "a: b\r\nl:\r\n  - c\r\n"},
		{"many keys", strings.Repeat("k", 1) + ": 0\n" + func() string {
			var b strings.Builder
			for i := range 40 {
				b.WriteString("k" + strconv.Itoa(i) + ": " + strconv.Itoa(i) + "\n")
			}
			return b.String()
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast, slow, err := decodeBoth([]byte(tt.in))
			if fast == nil {
				t.Fatalf("fast path declined %q", tt.in)
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := sameDoc(fast, slow); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// TestFastAssembled builds many small documents from pieces that sit near
// the edges of the subset and checks the fast path against yaml.v3 on each;
// random mutation alone rarely writes front matter the fast path takes.
func TestFastAssembled(t *testing.T) {
	keys := []string{"a", "title", "b c", "é", "x-y", "k.z", "a/b", "1", "true", "a ", "null"}
	values := []string{"", " ", "x", "x ", "x #c", "x#c", "-1", "- x", "-x", "'q'", "'q''r'", "\"d\"",
		"\"\\x41\"", "\"\\u00e9 \\\\\"", "12", "0x1F", "1_0", "1.5", "1e3", ".inf", "~", "null", "yes",
		"2024-01-02", "2024-01-02T03:04:05+02:00", "2024-1-2 3:4:5.25", "[]", "[a]", "[a, 'b', \"c\"]",
		"[ a ,b ]", "[-a]", "[a?b]", "[a:b]", "a?b", "[a b]", "[1, 2.5, true, ~]", "a: b", "x:y", "a, b", "[a,]", "{a: b}", "&a x",
		"'a' #c", "\"a\"#c", "[a] #c", "[a]x", "é", "'", "\"", "x\"y", ":x", "?x", "%x", "0b11", "-0o7", "+1"}
	blocks := []string{"", "\n", "\n  # c\n", "\n- v", "\n  - v", "\n  -   v", "\n  - v\n  - w",
		"\n  - q: 1\n    a: 2", "\n- q: 1\n  a: 2", "\n  - q: 1\n    a: [x]\n  - q: 3", "\n  k: v\n  j: [w]",
		"\n  k: v\n   j: w", "\n  - v\n - w", "\n\n  more", "\n  - q: 1\n    q: 2", "\n  -\n", "\n  - [a, b]",
		"\n  - 'a'\n\n  - b # c", "\r\n  - v\r\n"}
	seed := uint64(1)
	rnd := func(n int) int {
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		return int(seed % uint64(n))
	}
	taken := 0
	for i := 0; i < 30000; i++ {
		var b strings.Builder
		for range 1 + rnd(4) {
			b.WriteString(keys[rnd(len(keys))] + ":")
			if rnd(3) == 0 {
				b.WriteString(blocks[rnd(len(blocks))])
			} else {
				b.WriteString(" " + values[rnd(len(values))])
			}
			b.WriteString("\n")
		}
		raw := []byte(b.String())
		fast, slow, err := decodeBoth(raw)
		if fast == nil {
			continue
		}
		taken++
		if err != nil {
			t.Fatalf("fast path accepted %q, yaml.v3 refused it: %v", raw, err)
		}
		if diff := sameDoc(fast, slow); diff != "" {
			t.Fatalf("%q: %s", raw, diff)
		}
	}
	t.Logf("fast path took %d of 30000", taken)
}
