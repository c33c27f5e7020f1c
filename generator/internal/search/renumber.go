package search

import (
	"bytes"
	"strconv"
)

// When the site gains or loses an entry, every entry after it takes
// another place, and the guides' records name entries by place. Encoding
// the index of a large site again takes tens of milliseconds; its entries
// are few, so Renumber rewrites the places in the bytes the index was
// encoded to and puts the new entries in the old ones' place.

// Renumber returns a copy of data, the index as JSON encodes it, with every
// entry place p the guides' records hold turned into remap[p] and the
// entries array replaced by entries, the JSON of the new ones. The copy is
// made in alloc(n), which gives n bytes; nil makes new ones. It returns
// false when data is not laid out as an encoded Index.
func Renumber(data []byte, remap []int, entries []byte, alloc func(n int) []byte) ([]byte, bool) {
	// In the encoding of an Index, strings escape their quotes, so `"e":`
	// is always a key: the guides' records' e, then the index's entries,
	// which follow the guides' closing bracket.
	const sep = `],"e":`
	cut := bytes.LastIndex(data, []byte(sep))
	end := bytes.LastIndexByte(data, '}')
	if cut < 0 || end < cut+len(sep) {
		return nil, false
	}
	head, tail := data[:cut+len(sep)], data[end:]
	// The places, found once; a record's e is the only list of numbers.
	var spans [][2]int // from the first digit to the closing bracket
	n := len(head) + len(entries) + len(tail)
	for i := 0; ; {
		j := bytes.IndexByte(head[i:], '[')
		if j < 0 {
			break
		}
		i += j + 1
		if i < 5 || string(head[i-5:i]) != `"e":[` {
			continue
		}
		k, delta, ok := places(head, i, remap)
		if !ok {
			return nil, false
		}
		spans = append(spans, [2]int{i, k})
		n += delta
		i = k
	}
	var out []byte
	if alloc != nil {
		out = alloc(n)[:0]
	} else {
		out = make([]byte, 0, n)
	}
	from := 0
	for _, sp := range spans {
		out = append(out, head[from:sp[0]]...)
		for i, p := sp[0], 0; i < sp[1]; i++ {
			if c := head[i]; c >= '0' && c <= '9' {
				p = p*10 + int(c-'0')
				continue
			}
			out = strconv.AppendInt(out, int64(remap[p]), 10)
			out = append(out, head[i])
			p = 0
		}
		from = sp[1]
	}
	out = append(out, head[from:]...)
	out = append(out, entries...)
	return append(out, tail...), true
}

// places reads the list of places that starts at head[i], giving the
// index just past its closing bracket and how many bytes longer remap
// makes it.
func places(head []byte, i int, remap []int) (int, int, bool) {
	delta := 0
	for {
		j, p := i, 0
		for j < len(head) && j-i < 9 && head[j] >= '0' && head[j] <= '9' {
			p = p*10 + int(head[j]-'0')
			j++
		}
		if j == i || j == len(head) || p >= len(remap) {
			return 0, 0, false
		}
		delta += digits(remap[p]) - (j - i)
		switch head[j] {
		case ']':
			return j + 1, delta, true
		case ',':
			i = j + 1
		default:
			return 0, 0, false
		}
	}
}

// digits is the length of n written in decimal.
func digits(n int) int {
	var b [20]byte
	return len(strconv.AppendInt(b[:0], int64(n), 10))
}
