// Package meta reads a content file's front matter (YAML, TOML or JSON,
// found as github.com/adrg/frontmatter finds it) into fields that remember
// the line and column they were written on, so every later check can point
// at them.
package meta

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// Pos is a place in the file, 1-based.
type Pos struct{ Line, Col int }

// Field is one top-level front matter key.
type Field struct {
	Key   string
	Pos   Pos   // where the key is written
	Value any   // string, bool, int, float64, time.Time, []any, map[string]any
	Items []Pos // where each list item is written, when Value is a list
	// ValuePos is where a YAML value starts (for a null value, just after
	// the colon); zero for TOML and JSON, whose values are not placed.
	ValuePos Pos
}

// Doc is a parsed content file.
type Doc struct {
	Format   string // "yaml", "toml", "json", or "" when there is no front matter
	Fields   map[string]*Field
	Keys     []string // in the order written
	Body     []byte   // the Markdown after the front matter; shares the source's memory
	BodyLine int      // the file line the body starts on
	// Start is the line of the opening delimiter, used for whole-front-matter
	// problems such as a missing required key.
	Start int
	// Front is the front matter as written (sharing the source's memory) and
	// FrontLine the file line of its first line, for placing what lies
	// inside a value (the Markdown of a FAQ answer).
	Front     []byte
	FrontLine int
	// Repeated are the keys written more than once, each at the later key:
	// the last value is the one kept, as YAML readers that allow it do.
	Repeated []Repeat
}

// Repeat is a key written again at Pos, first written at First.
type Repeat struct {
	Key        string
	Pos, First Pos
}

// Error is a problem with the file itself, at a line of it.
type Error struct {
	Pos
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// MaxSize bounds one content file; larger files are refused before parsing.
const MaxSize = 64 << 20

// Parse splits src into front matter and body and decodes the front matter.
// A file without front matter is returned with no fields; whether that is
// allowed is for the caller to say.
func Parse(src []byte) (*Doc, error) {
	if len(src) > MaxSize {
		return nil, &Error{Pos{1, 0}, fmt.Sprintf("file is %d MB; at most %d MB is read", len(src)>>20, MaxSize>>20)}
	}
	if !utf8.Valid(src) {
		line, col := invalidUTF8(src)
		return nil, &Error{Pos{line, col}, "invalid UTF-8: save the file as UTF-8"}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = Normalize(src)
	format, raw, rest := split(src)
	doc := &Doc{Fields: map[string]*Field{}, Body: rest, BodyLine: 1, Start: 1}
	if format == "" {
		if first := firstLine(src); first == "{" {
			return nil, &Error{Pos{lineOfFirst(src), 1}, "JSON front matter opened with \"{\" is never closed: end it with a line \"}\" followed by an empty line"}
		} else if isOpening(first) {
			return nil, &Error{Pos{lineOfFirst(src), 1}, fmt.Sprintf("front matter opened with %q is never closed: end it with a line %q", first, closing(first))}
		}
		return doc, nil
	}
	doc.Format = format
	bodyOff := len(src) - len(rest)
	doc.BodyLine = 1 + bytes.Count(src[:bodyOff], []byte("\n"))
	// Look for raw after the opening line (JSON's "{" belongs to raw), not
	// from the start: short front matter such as "-" also occurs in "---".
	from := offsetOfFirst(src)
	if firstLine(src) != "{" {
		if i := bytes.IndexByte(src[from:], '\n'); i >= 0 {
			from += i + 1
		}
	}
	rawOff := from
	if i := bytes.Index(src[from:], raw); i >= 0 {
		rawOff = from + i
	}
	first := 1 + bytes.Count(src[:rawOff], []byte("\n")) // file line of raw's first line
	doc.Start = lineOfFirst(src)
	doc.Front, doc.FrontLine = raw, first
	var err error
	switch format {
	case "yaml":
		err = doc.yaml(raw, first)
	case "toml":
		err = doc.toml(raw, first)
	case "json":
		err = doc.json(raw, first)
	}
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// Normalize is what Parse does to the lines of a file, giving Doc.Body: a
// carriage return not followed by a newline becomes a newline (YAML and
// CommonMark both end a line there, and line numbers count newlines). It changes no byte's place, so
// the end of a normalized file is the normalized end of the file.
func Normalize(src []byte) []byte {
	for i := bytes.IndexByte(src, '\r'); i >= 0; {
		if i+1 == len(src) || src[i+1] != '\n' {
			out := bytes.Clone(src)
			for j := i; j < len(out); j++ {
				if out[j] == '\r' && (j+1 == len(out) || out[j+1] != '\n') {
					out[j] = '\n'
				}
			}
			return out
		}
		next := bytes.IndexByte(src[i+1:], '\r')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return src
}

func firstLine(src []byte) string {
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		var l []byte
		if i < 0 {
			l, src = src, nil
		} else {
			l, src = src[:i], src[i+1:]
		}
		if t := strings.TrimSpace(string(l)); t != "" {
			return t
		}
	}
	return ""
}

// offsetOfFirst is the byte offset of the first line that is not blank.
func offsetOfFirst(src []byte) int {
	off := 0
	for off < len(src) {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return off
		}
		if len(bytes.TrimSpace(src[off:off+i])) > 0 {
			return off
		}
		off += i + 1
	}
	return off
}

// lineOfFirst is the line number of the first line that is not blank, or 1.
func lineOfFirst(src []byte) int {
	for n := 1; ; n++ {
		i := bytes.IndexByte(src, '\n')
		l := src
		if i >= 0 {
			l = src[:i]
		}
		if len(bytes.TrimSpace(l)) > 0 {
			return n
		}
		if i < 0 {
			return 1
		}
		src = src[i+1:]
	}
}

func isOpening(l string) bool {
	switch l {
	case "---", "---yaml", "+++", "---toml", ";;;", "---json":
		return true
	}
	return false
}

func closing(open string) string {
	switch open {
	case "+++":
		return "+++"
	case ";;;":
		return ";;;"
	}
	return "---"
}

func invalidUTF8(src []byte) (line, col int) {
	line, col = 1, 1
	for len(src) > 0 {
		r, n := utf8.DecodeRune(src)
		if r == utf8.RuneError && n <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		src = src[n:]
	}
	return line, col
}

func (d *Doc) add(f *Field) {
	if old, dup := d.Fields[f.Key]; !dup {
		d.Keys = append(d.Keys, f.Key)
	} else {
		d.Repeated = append(d.Repeated, Repeat{f.Key, f.Pos, old.Pos})
	}
	d.Fields[f.Key] = f
}

// tomlLike is the first line of TOML front matter: a key, then =.
var tomlLike = regexp.MustCompile(`^\s*[A-Za-z_][A-Za-z0-9_-]*\s*=`)

// yaml decodes YAML front matter, through fastYAML when it can.
func (d *Doc) yaml(raw []byte, first int) error {
	if d.fastYAML(raw, first) {
		return nil
	}
	return d.yamlNodes(raw, first)
}

// yamlNodes decodes with yaml.v3 nodes so every key and list item keeps its
// place.
func (d *Doc) yamlNodes(raw []byte, first int) error {
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err != nil {
		return yamlError(err, raw, first)
	}
	if len(root.Content) == 0 {
		return nil // empty front matter
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		if tomlLike.Match(raw) {
			// title = "x" between --- lines: TOML, which +++ lines open.
			return &Error{Pos{first + m.Line - 1, m.Column}, "front matter between --- lines is YAML (key: value), and this is TOML (key = value): put it between +++ lines, or write it as YAML"}
		}
		return &Error{Pos{first + m.Line - 1, m.Column}, "front matter must be a mapping of keys to values (key: value)"}
	}
	if n, err := checkAliases(m); err != nil {
		return &Error{Pos{first + n.Line - 1, n.Column}, err.Error()}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		f := &Field{Key: k.Value, Pos: Pos{first + k.Line - 1, k.Column}, ValuePos: Pos{first + v.Line - 1, v.Column}}
		val, err := nodeValue(v)
		if err != nil {
			return yamlError(err, raw, first)
		}
		f.Value = normalize(val)
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if v.Kind == yaml.SequenceNode {
			for _, it := range v.Content {
				f.Items = append(f.Items, Pos{first + it.Line - 1, it.Column})
			}
		}
		d.add(f)
	}
	return nil
}

// nodeValue turns a node into a plain value. Front matter is nearly all
// strings, lists and small maps, which are read straight from the node;
// anything rarer (timestamps, merge keys, odd numbers) goes through yaml.v3's
// own decoder, which is slower but knows every corner of YAML.
func nodeValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			return n.Value, nil
		case "!!null":
			return nil, nil
		case "!!bool":
			if b, err := strconv.ParseBool(strings.ToLower(n.Value)); err == nil {
				return b, nil
			}
		case "!!int":
			if i, err := strconv.Atoi(n.Value); err == nil {
				return i, nil
			}
		case "!!float":
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				return f, nil
			}
		}
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := nodeValue(c)
			if err != nil {
				return nil, err
			}
			l[i] = v
		}
		return l, nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
				m = nil
				break
			}
			v, err := nodeValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		if m != nil {
			return m, nil
		}
	}
	var v any
	err := n.Decode(&v)
	return v, err
}

// checkAliases refuses anchors and aliases that would make a small file
// expand into a huge value (the "billion laughs"), and nesting past 100
// levels, giving the node at fault; front matter never needs more.
func checkAliases(n *yaml.Node) (*yaml.Node, error) {
	count := 0
	var walk func(n *yaml.Node, depth int) (*yaml.Node, error)
	walk = func(n *yaml.Node, depth int) (*yaml.Node, error) {
		if depth > 100 {
			return n, errors.New("front matter is nested more than 100 levels deep here: flatten it")
		}
		if n.Kind == yaml.AliasNode {
			count++
			if count > 100 {
				return n, errors.New("front matter uses more than 100 YAML aliases (*name); write the values out")
			}
			return nil, nil
		}
		for _, c := range n.Content {
			if at, err := walk(c, depth+1); err != nil {
				return at, err
			}
		}
		return nil, nil
	}
	return walk(n, 0)
}

var (
	yamlLine      = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)
	yamlInnerLine = regexp.MustCompile(`^line (\d+): (.*)$`)
	yamlAnchor    = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// YAMLError returns the line (1-based, within raw) a yaml.v3 error is about,
// 0 when it names none, and its message without yaml.v3's prefix.
//
// yaml.v3 counts a parser error's line from 0 (only scanner errors are
// moved on by one), so "did not find expected key" on the third line comes
// out as line 2; the line of an unknown anchor and of a quote left open on
// the first line are not given at all, so they are found in raw.
func YAMLError(err error, raw []byte) (int, string) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = "yaml: " + te.Errors[0]
	}
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	line, rest := 0, m[2]
	if m[1] != "" {
		line, _ = strconv.Atoi(m[1])
	}
	if mm := yamlInnerLine.FindStringSubmatch(rest); mm != nil && line == 0 {
		line, _ = strconv.Atoi(mm[1])
		rest = mm[2]
	}
	lines := strings.Split(string(raw), "\n")
	switch {
	case strings.HasPrefix(rest, "did not find expected ',' or "):
		// The list or mapping left open: yaml.v3 names the line it began
		// on, counted from 0, or the end when it began on the first line.
		open, close := "[", "]"
		if strings.HasSuffix(rest, "'}'") {
			open, close = "{", "}"
		}
		for i, l := range lines {
			if strings.Count(l, open) > strings.Count(l, close) {
				line = i + 1
				break
			}
		}
	case strings.HasPrefix(rest, "did not find expected") || strings.HasPrefix(rest, "found duplicate") ||
		strings.HasPrefix(rest, "found incompatible") || strings.HasPrefix(rest, "found undefined"):
		line++ // a parser error: counted from 0
	case strings.HasPrefix(rest, "found unexpected end of stream") && len(lines) > 0 && openQuote(lines[0]):
		line, rest = 1, "the quote opened on this line is never closed: close it, or leave the value unquoted"
	}
	if line == 0 && (strings.HasPrefix(rest, "mapping values") || strings.HasPrefix(rest, "found character") || strings.HasPrefix(rest, "found a tab")) {
		line = 1 // scanner errors name no line when on the first
	}
	if line > 0 && line <= len(lines) {
		rest += hint(rest, lines[line-1])
	}
	if a := yamlAnchor.FindStringSubmatch(rest); a != nil && line == 0 {
		for i, l := range lines {
			if strings.Contains(l, "*"+a[1]) {
				line = i + 1
				break
			}
		}
	}
	return min(line, len(lines)), rest
}

// hint is what to write instead, for the parser errors that the usual
// slips give, from the line l they are on; "" for others.
func hint(msg, l string) string {
	key, v, _ := strings.Cut(l, ":")
	v = strings.TrimSpace(v)
	lead := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
	quoted := strings.TrimSpace(key) + `: "` + strings.ReplaceAll(v, `"`, `\"`) + `"`
	switch {
	case strings.HasPrefix(msg, "mapping values are not allowed"):
		if v != "" && strings.Contains(v, ": ") {
			return "; a value holding \": \" must be quoted: " + quoted
		}
	case strings.HasPrefix(msg, "found a tab character"):
		return "; indent with spaces, not tabs"
	case strings.HasPrefix(msg, "found character that cannot start any token"):
		if strings.Contains(lead, "\t") {
			return "; indent with spaces, not tabs"
		}
		if v != "" && strings.ContainsRune("@`%", rune(v[0])) {
			return "; a value starting with " + v[:1] + " must be quoted: " + quoted
		}
	}
	return ""
}

// openQuote reports whether a line's value opens a quote it does not close.
func openQuote(l string) bool {
	_, v, ok := strings.Cut(l, ":")
	if !ok {
		v = l
	}
	v = strings.TrimSpace(v)
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return false
	}
	return strings.Count(v, v[:1])%2 == 1
}

func yamlError(err error, raw []byte, first int) error {
	line, msg := YAMLError(err, raw)
	return &Error{Pos{first + max(line, 1) - 1, 0}, "invalid YAML front matter: " + msg}
}

var (
	// A key, bare or quoted, then = or the dot of a dotted key (d.x = 1
	// writes the table d).
	tomlKey   = regexp.MustCompile(`^\s*(?:"([A-Za-z0-9_-]+)"|([A-Za-z0-9_-]+))\s*[=.]`)
	tomlTable = regexp.MustCompile(`^\s*\[\[?\s*"?([A-Za-z0-9_-]+)`)
)

func (d *Doc) toml(raw []byte, first int) error {
	var m map[string]any
	if _, err := toml.Decode(string(raw), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return &Error{Pos{first + pe.Position.Line - 1, pe.Position.Col}, "invalid TOML front matter: " + pe.Message}
		}
		return &Error{Pos{first, 0}, "invalid TOML front matter: " + err.Error()}
	}
	lines := map[string]Pos{}
	inTable := false
	for i, l := range strings.Split(string(raw), "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "[") {
			// A table: its name is a top-level key; the keys after it
			// belong to it, not to the top level.
			inTable = true
			if mm := tomlTable.FindStringSubmatchIndex(l); mm != nil {
				k := l[mm[2]:mm[3]]
				if _, ok := lines[k]; !ok {
					lines[k] = Pos{first + i, mm[2] + 1}
				}
			}
			continue
		}
		if inTable {
			continue
		}
		if mm := tomlKey.FindStringSubmatchIndex(l); mm != nil {
			at := 2 // the quoted key's group, or the bare one's
			if mm[at] < 0 {
				at = 4
			}
			k := l[mm[at]:mm[at+1]]
			if _, ok := lines[k]; !ok {
				lines[k] = Pos{first + i, mm[at] + 1}
			}
		}
	}
	d.addMap(m, lines, first, raw)
	return nil
}

func (d *Doc) json(raw []byte, first int) error {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		off := int64(0)
		var se *json.SyntaxError
		var ue *json.UnmarshalTypeError
		if errors.As(err, &se) {
			off = se.Offset
		} else if errors.As(err, &ue) {
			off = ue.Offset
		}
		if off > int64(len(raw)) {
			off = int64(len(raw))
		}
		line := first + bytes.Count(raw[:off], []byte("\n"))
		return &Error{Pos{line, 0}, "invalid JSON front matter: " + err.Error()}
	}
	lines, repeats := jsonKeys(raw, first)
	d.addMap(m, lines, first, raw)
	d.Repeated = repeats
	return nil
}

// jsonKeys finds where each top-level key of a JSON object is written, in one
// pass over its tokens (a scan per key would be quadratic in the file). A key
// written twice is placed at its last writing, whose value is the one kept.
func jsonKeys(raw []byte, first int) (lines map[string]Pos, repeats []Repeat) {
	lines = map[string]Pos{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	depth, isKey := 0, false
	line, lineStart, scanned := first, 0, 0
	for {
		prev := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return lines, repeats
		}
		switch tok := tok.(type) {
		case json.Delim:
			if tok == '{' || tok == '[' {
				depth++
				isKey = depth == 1 && tok == '{'
			} else {
				depth--
				isKey = depth == 1
			}
			continue
		case string:
			if depth == 1 && isKey {
				start := prev
				for start < len(raw) && strings.IndexByte(" \t\r\n,:", raw[start]) >= 0 {
					start++
				}
				for ; scanned < start; scanned++ {
					if raw[scanned] == '\n' {
						line++
						lineStart = scanned + 1
					}
				}
				at := Pos{line, 1 + utf8.RuneCount(raw[lineStart:start])}
				if old, ok := lines[tok]; ok {
					repeats = append(repeats, Repeat{tok, at, old})
				}
				lines[tok] = at
				isKey = false
				continue
			}
		}
		if depth == 1 {
			isKey = true // a scalar value: the next string is a key
		}
	}
}

// addMap adds decoded TOML or JSON keys in a stable order, at the lines found
// by scanning; list items share their key's line.
func (d *Doc) addMap(m map[string]any, lines map[string]Pos, first int, raw []byte) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		pi, pj := lines[keys[i]], lines[keys[j]]
		if pi.Line != pj.Line {
			return pi.Line < pj.Line
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		p, ok := lines[k]
		if !ok {
			p = Pos{first, 0}
		}
		f := &Field{Key: k, Pos: p, Value: normalize(m[k])}
		if l, ok := f.Value.([]any); ok {
			f.Items = itemsAt(raw, first, p, l)
		}
		d.add(f)
	}
}

// itemsAt places each item of a TOML or JSON list written from key
// position p on: a text item where its opening quote is, found in order
// after the key; the key's place for anything else, or when the search
// fails (a quote written as an escape).
func itemsAt(raw []byte, first int, p Pos, l []any) []Pos {
	out := make([]Pos, len(l))
	for i := range out {
		out[i] = p
	}
	off := 0 // the start of the key's line in raw
	for line := first; line < p.Line; line++ {
		j := bytes.IndexByte(raw[off:], '\n')
		if j < 0 || p.Col <= 0 {
			return out
		}
		off += j + 1
	}
	at := off + p.Col - 1
	if k := bytes.IndexAny(raw[min(at, len(raw)):], "=:"); k >= 0 {
		at += k + 1 // past the key, which an item may spell too
	}
	for i, v := range l {
		s, ok := v.(string)
		if !ok || at > len(raw) {
			return out
		}
		q, _ := json.Marshal(s)
		j := bytes.Index(raw[at:], q)
		if j < 0 && !bytes.ContainsAny(q, "\\") {
			j = bytes.Index(raw[at:], []byte("'"+s+"'")) // TOML's literal string
		}
		if j < 0 {
			return out
		}
		start := at + j
		line := first + bytes.Count(raw[:start], []byte("\n"))
		ls := bytes.LastIndexByte(raw[:start], '\n') + 1
		out[i] = Pos{line, utf8.RuneCount(raw[ls:start]) + 1}
		at = start + len(q)
	}
	return out
}

// normalize makes the three decoders agree on types: maps keyed by string,
// lists as []any, whole numbers as int, json.Number resolved.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
		return x
	case []map[string]any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = normalize(e)
		}
		return l
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return int(i)
		}
		f, _ := x.Float64()
		return f
	case int64:
		return int(x)
	case uint64:
		return int(x)
	case time.Time:
		return floating(x)
	case string, bool, int, float64, nil:
		return x
	}
	return v
}

// floating gives a TOML date or time written without a zone (date = 2025-02-01)
// in UTC, as YAML reads one. The TOML decoder places it in this machine's zone,
// which would make the output depend on where it is built.
func floating(t time.Time) time.Time {
	switch t.Location().String() {
	case "datetime-local", "date-local", "time-local":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t
}
