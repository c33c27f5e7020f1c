package markdown

import "bytes"

// MaxNesting bounds how deep lists and block quotes may nest. goldmark
// re-reads the indentation of every open container on every line, so a
// pathological file (thousands of levels) would cost time cubic in its depth;
// no guide needs more than a handful of levels, and a clear error beats a
// build that seems to hang.
const MaxNesting = 100

// tooDeep returns the 0-based index of the first line of src whose list and
// quote markers and indentation nest deeper than MaxNesting, or -1. It is an
// upper bound of what goldmark would open (every two columns of indentation
// count as a level), computed in one pass.
func tooDeep(src []byte) int {
	line := 0
	for i := 0; i < len(src); {
		depth, cols := 0, 0
	prefix:
		for i < len(src) {
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
					break prefix
				}
				depth++
				i = afterMarker(src, i+1)
			case c >= '0' && c <= '9':
				j := i
				for j < len(src) && j-i < 9 && src[j] >= '0' && src[j] <= '9' {
					j++
				}
				if j+1 >= len(src) || src[j] != '.' && src[j] != ')' || src[j+1] != ' ' && src[j+1] != '\t' {
					break prefix
				}
				depth++
				i = afterMarker(src, j+1)
			default:
				break prefix
			}
			if depth+cols/2 > MaxNesting {
				return line
			}
		}
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			i += j + 1
		} else {
			i = len(src)
		}
		line++
	}
	return -1
}

// afterMarker skips the one space or tab that belongs to a list or quote
// marker, so that it is not counted as indentation.
func afterMarker(src []byte, i int) int {
	if i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		return i + 1
	}
	return i
}
