package meta

import "bytes"

// A fence is one way to mark front matter: the line that opens it, the line
// that closes it, and the format of the text between. These are the formats
// github.com/adrg/frontmatter was configured with before split replaced it.
type fence struct{ open, close, format string }

var fences = []fence{
	{"---", "---", "yaml"},
	{"---yaml", "---", "yaml"},
	{"+++", "+++", "toml"},
	{"---toml", "---", "toml"},
	{";;;", ";;;", "json"},
	{"---json", "---", "json"},
	{"{", "}", "json"}, // the braces belong to the JSON, and "}" must be followed by an empty line
}

// split finds the front matter of src exactly as github.com/adrg/frontmatter
// did (FuzzSplit compares the two), without its buffered reader and its copy
// of the whole file: the first line that is not blank must be an opening
// fence, and the front matter runs to the first closing fence after it. It
// returns format "" and rest = src when there is none or it is never closed.
// raw and rest share src's memory.
func split(src []byte) (format string, raw, rest []byte) {
	var f *fence
	start, off := 0, 0
	for f == nil {
		line, next, eof := fenceLine(src, off)
		if eof {
			return "", nil, src // the last line counts only when it ends in a newline
		}
		if len(line) > 0 {
			for i := range fences {
				if string(line) == fences[i].open {
					f = &fences[i]
					break
				}
			}
			if f == nil {
				return "", nil, src
			}
			start = next
			if f.open == "{" {
				start = off
			}
		}
		off = next
	}
	for {
		lineStart := off
		line, next, eof := fenceLine(src, off)
		off = next
	check:
		if string(line) != f.close {
			if eof {
				return "", nil, src
			}
			continue
		}
		if f.open != "{" {
			return f.format, src[start:lineStart], src[off:]
		}
		// JSON's "}" closes only before an empty line (or the end of
		// the file); otherwise the line after it is checked in turn.
		line, next, eof = fenceLine(src, off)
		off = next
		if len(line) != 0 {
			goto check
		}
		return f.format, src[start:off], src[off:]
	}
}

// fenceLine is the line of src starting at off without surrounding space,
// the offset of the line after it, and whether src ended before a newline.
func fenceLine(src []byte, off int) (line []byte, next int, eof bool) {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return bytes.TrimSpace(src[off : off+i+1]), off + i + 1, false
	}
	return bytes.TrimSpace(src[off:]), len(src), true
}
