package markdown

import "bytes"

// MaxNesting bounds how deep lists and block quotes may nest. goldmark
// re-reads the indentation of every open container on every line, so a
// pathological file (thousands of levels) would cost time cubic in its depth;
// no guide needs more than a handful of levels. Deeper lines are flattened
// with a warning rather than refused, so the page still builds.
const MaxNesting = 100

// tooDeep returns the 0-based index of the first line of src whose list and
// quote markers and indentation nest deeper than MaxNesting, or -1.
func tooDeep(src []byte) int {
	line := 0
	for i := 0; i < len(src); line++ {
		if _, deep := overDeep(src, i); deep {
			return line
		}
		i = lineEnd(src, i)
	}
	return -1
}

// overDeep reads the markers and indentation that open the line starting
// at i. They are an upper bound of the containers goldmark would have open
// on it (every two columns of indentation count as a level). When they go
// deeper than MaxNesting, at is where the first level too many starts.
func overDeep(src []byte, i int) (at int, deep bool) {
	depth, cols := 0, 0
	for i < len(src) {
		start := i
		switch c := src[i]; {
		case c == ' ':
			cols++
			i++
		case c == '\t':
			cols += 4
			i++
		case c == '>':
			depth++
			i = afterMarker(src, i+1)
		case c == '-' || c == '*' || c == '+':
			if i+1 < len(src) && src[i+1] != ' ' && src[i+1] != '\t' && src[i+1] != '\n' && src[i+1] != '\r' {
				return 0, false
			}
			depth++
			i = afterMarker(src, i+1)
		case c >= '0' && c <= '9':
			j := orderedMarker(src, i)
			if j < 0 {
				return 0, false
			}
			depth++
			i = afterMarker(src, j+1)
		default:
			return 0, false
		}
		if depth+cols/2 > MaxNesting {
			return start, true
		}
	}
	return 0, false
}

// orderedMarker returns the index of the "." or ")" of an ordered list
// marker ("12. ") starting at i, or -1.
func orderedMarker(src []byte, i int) int {
	j := i
	for j < len(src) && j-i < 9 && src[j] >= '0' && src[j] <= '9' {
		j++
	}
	if j+1 >= len(src) || src[j] != '.' && src[j] != ')' || src[j+1] != ' ' && src[j+1] != '\t' {
		return -1
	}
	return j
}

// afterMarker skips the one space or tab that belongs to a list or quote
// marker, so that it is not counted as indentation.
func afterMarker(src []byte, i int) int {
	if i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		return i + 1
	}
	return i
}

// lineEnd returns the start of the line after the one that starts at i.
func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(src)
}

// flatten returns a copy of src in which every line nested deeper than
// MaxNesting stops at that depth: indentation past it is dropped and the
// marker that would open the next level is escaped, so the rest of the line
// reads as text in the deepest container allowed. Lines keep their numbers.
func flatten(src []byte) []byte {
	out := make([]byte, 0, len(src)+64)
	for i := 0; i < len(src); {
		end := lineEnd(src, i)
		at, deep := overDeep(src, i)
		if !deep {
			out = append(out, src[i:end]...)
			i = end
			continue
		}
		out = append(out, src[i:at]...)
		p := at
		for p < end && (src[p] == ' ' || src[p] == '\t') {
			p++
		}
		if p < end {
			switch c := src[p]; {
			case c == '>' || c == '-' || c == '*' || c == '+':
				out = append(out, '\\')
			case c >= '0' && c <= '9':
				if j := orderedMarker(src, p); j >= 0 {
					out = append(out, src[p:j]...)
					out = append(out, '\\')
					p = j
				}
			}
		}
		out = append(out, src[p:end]...)
		i = end
	}
	return out
}
