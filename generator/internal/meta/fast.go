package meta

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Front matter as authors write it is a small part of YAML: top-level
// "key: value" lines whose values are scalars, flow lists ([a, b]), block
// lists of scalars or of small maps (faq: - q: ... a: ...), and comments.
// Decoding that through yaml.v3's node tree costs tens of microseconds and
// hundreds of allocations per file, the largest cost of loading a big site,
// so fastYAML reads that subset directly. It accepts a file only when it is
// sure to give what the yaml.v3 path gives (the same keys, values, types and
// positions; FuzzYAMLFast holds it to that); anything else (anchors, tags,
// block scalars, values over several lines, flow maps, tabs, duplicate keys,
// unusual indentation) is left to yaml.v3, which also words every error.

// fastYAML adds the fields of raw to d and reports true, or reports false
// and leaves d untouched when raw is outside the subset it reads.
func (d *Doc) fastYAML(raw []byte, first int) bool {
	if !plainYAMLText(raw) {
		return false
	}
	p := &fastParser{s: string(raw), line: first}
	p.setLine(0)
	fields, ok := p.doc()
	if !ok || len(fields) == 0 {
		return false
	}
	d.Fields = make(map[string]*Field, len(fields))
	d.Keys = make([]string, 0, len(fields))
	for _, f := range fields {
		d.add(f)
	}
	return true
}

// plainYAMLText reports whether raw holds only characters the fast path can
// treat as yaml.v3 does: no tabs, control characters, lone carriage returns,
// byte order marks or the line breaks YAML knows beyond \n (NEL, LS, PS).
func plainYAMLText(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c-0x20 < 0x7f-0x20 {
			continue // printable ASCII, nearly every byte
		}
		switch {
		case c == '\n':
		case c == '\r' && i+1 < len(raw) && raw[i+1] == '\n':
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n <= 1 || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
				return false
			}
			i += n - 1
		default:
			return false
		}
	}
	return true
}

// fastParser walks the front matter a line at a time.
type fastParser struct {
	s    string
	off  int // start of the current line
	end  int // end of the current line, before any "\r\n"
	next int // start of the line after
	line int // file line of the current line
}

func (p *fastParser) setLine(off int) {
	if off >= len(p.s) {
		p.off, p.end, p.next = len(p.s), len(p.s), len(p.s)
		return
	}
	p.off = off
	if i := strings.IndexByte(p.s[off:], '\n'); i >= 0 {
		p.end, p.next = off+i, off+i+1
	} else {
		p.end, p.next = len(p.s), len(p.s)
	}
	if p.end > off && p.s[p.end-1] == '\r' {
		p.end--
	}
}

func (p *fastParser) eof() bool   { return p.off >= len(p.s) }
func (p *fastParser) cur() string { return p.s[p.off:p.end] }

func (p *fastParser) advance() {
	p.line++
	p.setLine(p.next)
}

// skipBlank moves past blank lines and comment lines, whatever their indent.
func (p *fastParser) skipBlank() {
	for !p.eof() {
		l := p.cur()
		i := skipSpaces(l, 0)
		if i < len(l) && l[i] != '#' {
			return
		}
		p.advance()
	}
}

func skipSpaces(l string, i int) int {
	for i < len(l) && l[i] == ' ' {
		i++
	}
	return i
}

// isDash reports whether l holds a block list entry ("-" then a space or
// the end of the line) at byte n.
func isDash(l string, n int) bool {
	return n < len(l) && l[n] == '-' && (n+1 == len(l) || l[n+1] == ' ')
}

// col is the 1-based column of byte i of l; yaml.v3 counts characters.
func col(l string, i int) int { return 1 + utf8.RuneCountInString(l[:i]) }

func (p *fastParser) doc() ([]*Field, bool) {
	// One allocation for all fields: at most one per line that starts
	// with neither a space nor a comment.
	n := 0
	for i := 0; i < len(p.s); i++ {
		if (i == 0 || p.s[i-1] == '\n') && p.s[i] != ' ' && p.s[i] != '#' && p.s[i] != '\n' {
			n++
		}
	}
	slab := make([]Field, n)
	fields := make([]*Field, 0, n)
	var seen map[string]bool
	for p.skipBlank(); !p.eof(); p.skipBlank() {
		l := p.cur()
		if l[0] == ' ' {
			return nil, false
		}
		key, j, ok := mapKey(l, 0)
		if !ok {
			return nil, false
		}
		// A linear search is cheaper than a map for the usual dozen keys.
		if seen != nil {
			if seen[key] {
				return nil, false
			}
			seen[key] = true
		} else {
			for _, f := range fields {
				if f.Key == key {
					return nil, false
				}
			}
			if len(fields) == 16 {
				seen = make(map[string]bool, 64)
				for _, f := range fields {
					seen[f.Key] = true
				}
				seen[key] = true
			}
		}
		f := &slab[len(fields)]
		*f = Field{Key: key, Pos: Pos{p.line, 1}}
		if !p.topValue(f, l, j) {
			return nil, false
		}
		fields = append(fields, f)
	}
	return fields, true
}

// mapKey reads a plain key starting at byte i of l and returns it with the
// byte after its colon. Keys are kept to letters, digits and a few safe
// marks so that nothing in them can mean anything else to YAML.
func mapKey(l string, i int) (key string, after int, ok bool) {
	c := l[i]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= utf8.RuneSelf) {
		return "", 0, false
	}
	for j := i; j < len(l) && j-i < 1000; j++ {
		switch c := l[j]; {
		case c == ':':
			if j+1 < len(l) && l[j+1] != ' ' {
				return "", 0, false
			}
			k := l[i:j]
			for k[len(k)-1] == ' ' {
				k = k[:len(k)-1]
			}
			return k, j + 1, true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == '-' || c == '.' || c == ' ' || c == '/' || c >= utf8.RuneSelf:
		default:
			return "", 0, false
		}
	}
	return "", 0, false
}

// lineEnd reports whether only spaces and a comment follow byte i of l.
func lineEnd(l string, i int) bool {
	j := skipSpaces(l, i)
	return j == len(l) || l[j] == '#' && j > i
}

// topValue reads the value of a top-level key written on line l, whose
// colon ends before byte j, with any lines that belong to it.
func (p *fastParser) topValue(f *Field, l string, j int) bool {
	i := skipSpaces(l, j)
	if i < len(l) && l[i] != '#' {
		v, end, ok := p.inline(l, i, f)
		if !ok || !lineEnd(l, end) {
			return false
		}
		f.Value = v
		f.ValuePos = Pos{p.line, col(l, i)}
		p.advance()
		return true
	}
	// Nothing after the colon: a list or map on the lines below, or null.
	null := Pos{p.line, col(l, j)}
	p.advance()
	p.skipBlank()
	if p.eof() {
		f.ValuePos = null
		return true
	}
	l = p.cur()
	n := skipSpaces(l, 0)
	switch {
	case isDash(l, n):
		f.ValuePos = Pos{p.line, n + 1}
		list, ok := p.blockList(n, f)
		f.Value = list
		return ok
	case n > 0:
		f.ValuePos = Pos{p.line, n + 1}
		m, ok := p.blockMap(n)
		f.Value = m
		return ok
	}
	f.ValuePos = null
	return true
}

// inline reads a scalar or flow list starting at byte i of l and returns
// the byte after it. With f, a flow list's item positions go to f.Items.
func (p *fastParser) inline(l string, i int, f *Field) (any, int, bool) {
	switch l[i] {
	case '"':
		s, end, ok := doubleQuoted(l, i)
		return s, end, ok
	case '\'':
		s, end, ok := singleQuoted(l, i)
		return s, end, ok
	case '[':
		return p.flowList(l, i, f)
	}
	if !plainStart(l, i, false) {
		return nil, 0, false
	}
	j, end := i, i
	for ; j < len(l); j++ {
		switch l[j] {
		case ':':
			if j+1 == len(l) || l[j+1] == ' ' {
				return nil, 0, false // a map where a scalar was expected
			}
		case '#':
			if l[j-1] == ' ' {
				return resolvePlain(l[i:end]), end, true
			}
		case ' ':
			continue
		}
		end = j + 1
	}
	return resolvePlain(l[i:end]), end, true
}

// plainStart reports whether a plain scalar may start at byte i of l: YAML
// gives most punctuation there a meaning of its own.
func plainStart(l string, i int, flow bool) bool {
	switch l[i] {
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '-':
		if i+1 == len(l) {
			return false
		}
		switch l[i+1] {
		case ' ':
			return false
		case ',', '[', ']', '{', '}':
			return !flow
		}
	}
	return true
}

// flowList reads "[a, 'b', "c"]" on one line: scalars only, no trailing comma.
func (p *fastParser) flowList(l string, i int, f *Field) (any, int, bool) {
	j := skipSpaces(l, i+1)
	if j < len(l) && l[j] == ']' {
		return []any{}, j + 1, true
	}
	// Items are gathered on the stack and copied out once, at their count.
	var vbuf [16]any
	var pbuf [16]Pos
	vals, items := vbuf[:0], pbuf[:0]
	at, c := 0, 1 // byte at has column c, counted on as items are found
	for {
		if j >= len(l) {
			return nil, 0, false
		}
		start := j
		var v any
		switch l[j] {
		case '"':
			s, end, ok := doubleQuoted(l, j)
			if !ok {
				return nil, 0, false
			}
			v, j = s, end
		case '\'':
			s, end, ok := singleQuoted(l, j)
			if !ok {
				return nil, 0, false
			}
			v, j = s, end
		default:
			if !plainStart(l, j, true) {
				return nil, 0, false
			}
			end := j
		scan:
			for ; j < len(l); j++ {
				switch l[j] {
				case ',', ']':
					break scan
				case ':', '#', '?', '[', '{', '}':
					return nil, 0, false // '?' ends a flow scalar in yaml.v3
				case ' ':
					continue
				}
				end = j + 1
			}
			v = resolvePlain(l[start:end])
		}
		vals = append(vals, v)
		if f != nil {
			c += utf8.RuneCountInString(l[at:start])
			at = start
			items = append(items, Pos{p.line, c})
		}
		j = skipSpaces(l, j)
		if j >= len(l) {
			return nil, 0, false
		}
		switch l[j] {
		case ']':
			if f != nil {
				f.Items = append([]Pos(nil), items...)
			}
			return append([]any(nil), vals...), j + 1, true
		case ',':
			j = skipSpaces(l, j+1)
			if j < len(l) && l[j] == ']' {
				return nil, 0, false
			}
		default:
			return nil, 0, false
		}
	}
}

// blockList reads list entries ("- x") at indent n, starting on the current
// line, and leaves the parser on the first line after them.
func (p *fastParser) blockList(n int, f *Field) ([]any, bool) {
	var vbuf [16]any
	var pbuf [16]Pos
	list, items := vbuf[:0], pbuf[:0]
	done := func() ([]any, bool) {
		if f != nil {
			f.Items = append([]Pos(nil), items...)
		}
		return append([]any(nil), list...), true
	}
	for {
		l := p.cur()
		i := skipSpaces(l, n+1)
		if i == n+1 || i == len(l) || l[i] == '#' {
			return nil, false // "-x", or an empty entry
		}
		at := Pos{p.line, i + 1}
		if _, _, isMap := mapKey(l, i); isMap {
			m, ok := p.blockMap(i)
			if !ok {
				return nil, false
			}
			list = append(list, m)
		} else {
			v, end, ok := p.inline(l, i, nil)
			if !ok || !lineEnd(l, end) {
				return nil, false
			}
			list = append(list, v)
			p.advance()
			p.skipBlank()
		}
		items = append(items, at)
		if p.eof() {
			return done()
		}
		l = p.cur()
		switch ind := skipSpaces(l, 0); {
		case ind == n && isDash(l, n):
		case ind == 0:
			return done()
		default:
			return nil, false
		}
	}
}

// blockMap reads "key: value" lines at indent m, the first of which starts
// at byte m of the current line, and leaves the parser on the first line
// after them. Values are scalars or flow lists written on the key's line.
func (p *fastParser) blockMap(m int) (map[string]any, bool) {
	out := make(map[string]any, 4)
	i := m
	for {
		l := p.cur()
		key, j, ok := mapKey(l, i)
		if !ok {
			return nil, false
		}
		if _, dup := out[key]; dup {
			return nil, false
		}
		j = skipSpaces(l, j)
		if j == len(l) || l[j] == '#' {
			return nil, false
		}
		v, end, ok := p.inline(l, j, nil)
		if !ok || !lineEnd(l, end) {
			return nil, false
		}
		out[key] = v
		p.advance()
		p.skipBlank()
		if p.eof() {
			return out, true
		}
		ind := skipSpaces(p.cur(), 0)
		if ind < m {
			return out, true
		}
		if ind > m {
			return nil, false
		}
	}
}

// singleQuoted reads a single-quoted scalar on one line, where two quotes
// in a row stand for one.
func singleQuoted(l string, i int) (string, int, bool) {
	var b []byte
	from := i + 1
	for j := from; j < len(l); j++ {
		if l[j] != '\'' {
			continue
		}
		if j+1 < len(l) && l[j+1] == '\'' {
			b = append(b, l[from:j+1]...)
			from = j + 2
			j++
			continue
		}
		if b == nil {
			return l[from:j], j + 1, true
		}
		return string(append(b, l[from:j]...)), j + 1, true
	}
	return "", 0, false
}

// doubleQuoted reads "text" on one line with YAML's escapes; an escape
// YAML refuses, or a line break inside, is left to yaml.v3.
func doubleQuoted(l string, i int) (string, int, bool) {
	var b []byte
	from := i + 1
	for j := from; j < len(l); j++ {
		switch l[j] {
		case '"':
			if b == nil {
				return l[from:j], j + 1, true
			}
			return string(append(b, l[from:j]...)), j + 1, true
		case '\\':
			if j+1 == len(l) {
				return "", 0, false
			}
			b = append(b, l[from:j]...)
			j++
			size := 0
			switch l[j] {
			case '0':
				b = append(b, 0)
			case 'a':
				b = append(b, '\a')
			case 'b':
				b = append(b, '\b')
			case 't':
				b = append(b, '\t')
			case 'n':
				b = append(b, '\n')
			case 'v':
				b = append(b, '\v')
			case 'f':
				b = append(b, '\f')
			case 'r':
				b = append(b, '\r')
			case 'e':
				b = append(b, 0x1b)
			case ' ', '"', '\'', '\\':
				b = append(b, l[j])
			case 'N':
				b = append(b, "\u0085"...)
			case '_':
				b = append(b, "\u00a0"...)
			case 'L':
				b = append(b, "\u2028"...)
			case 'P':
				b = append(b, "\u2029"...)
			case 'x':
				size = 2
			case 'u':
				size = 4
			case 'U':
				size = 8
			default:
				return "", 0, false
			}
			if size > 0 {
				if j+size >= len(l) {
					return "", 0, false
				}
				v := 0
				for _, c := range []byte(l[j+1 : j+1+size]) {
					switch {
					case c >= '0' && c <= '9':
						v = v<<4 | int(c-'0')
					case c >= 'a' && c <= 'f':
						v = v<<4 | int(c-'a'+10)
					case c >= 'A' && c <= 'F':
						v = v<<4 | int(c-'A'+10)
					default:
						return "", 0, false
					}
				}
				if v >= 0xd800 && v <= 0xdfff || v > 0x10ffff {
					return "", 0, false
				}
				b = utf8.AppendRune(b, rune(v))
				j += size
			}
			from = j + 1
		}
	}
	return "", 0, false
}

// resolvePlain gives a plain scalar the value meta's yaml.v3 path gives it:
// yaml.v3's tag resolution (YAML 1.2 core schema with 1.1 octals; yes, no,
// on and off stay strings), then that path's own conversion of the tag.
func resolvePlain(s string) any {
	switch s {
	case "~", "null", "Null", "NULL":
		return nil
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	case ".nan", ".NaN", ".NAN":
		return math.NaN()
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1)
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1)
	}
	c := s[0]
	if c == '.' {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
		return s
	}
	if c != '+' && c != '-' && (c < '0' || c > '9') {
		return s
	}
	if t, ok := timestamp(s); ok {
		return t
	}
	// An !!int: the yaml.v3 path tries strconv.Atoi on the text first, and
	// only then takes yaml.v3's own reading (0x1F, 1_000, 0o17, 017).
	isInt := func(v int) any {
		if i, err := strconv.Atoi(s); err == nil {
			return i
		}
		return v
	}
	plain := s
	if strings.IndexByte(s, '_') >= 0 {
		plain = strings.ReplaceAll(s, "_", "")
	}
	if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return isInt(int(i))
	}
	if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return isInt(int(u))
	}
	if yamlFloat(plain) {
		if f, err := strconv.ParseFloat(plain, 64); err == nil {
			if g, err := strconv.ParseFloat(s, 64); err == nil {
				return g
			}
			return f
		}
	}
	for _, b := range []struct {
		prefix string
		base   int
	}{{"0b", 2}, {"0o", 8}} {
		if strings.HasPrefix(plain, b.prefix) {
			if i, err := strconv.ParseInt(plain[2:], b.base, 64); err == nil {
				return isInt(int(i))
			}
			if u, err := strconv.ParseUint(plain[2:], b.base, 64); err == nil {
				return isInt(int(u))
			}
		} else if strings.HasPrefix(plain, "-"+b.prefix) {
			if i, err := strconv.ParseInt("-"+plain[3:], b.base, 64); err == nil {
				return isInt(int(i))
			}
		}
	}
	return s
}

// yamlFloat matches yaml.v3's float syntax,
// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$.
func yamlFloat(s string) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// timestamp reads the dates and times yaml.v3 resolves as !!timestamp.
func timestamp(s string) (time.Time, bool) {
	if len(s) < 5 || s[4] != '-' {
		return time.Time{}, false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}, false
		}
	}
	formats := timestampFormats
	if strings.IndexAny(s, "Tt ") < 0 {
		// Only the last format, a date, can match without a T, t or
		// space; skipping the others saves their errors' allocations.
		formats = formats[len(formats)-1:]
	}
	for _, format := range formats {
		if t, err := time.Parse(format, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
