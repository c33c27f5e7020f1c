package build

import (
	"encoding/binary"
	"math/bits"
)

// words counts the words of a Markdown source, for reading times: the
// starts of runs of bytes other than space, tab, CR and LF. It looks at
// eight bytes at a time, since it reads every byte of the site.
func words(b []byte) int {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
		low  = 0x7f7f7f7f7f7f7f7f
	)
	// zero has the high bit of each byte of x that is 0, of no other.
	zero := func(x uint64) uint64 { return ^((x&low + low) | x | low) }
	n := 0
	prev := uint64(high) // the byte before b counts as a space
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		space := zero(x^(' '*ones)) | zero(x^('\n'*ones)) | zero(x^('\t'*ones)) | zero(x^('\r'*ones))
		// Each byte's predecessor: the bytes shifted up one, the last
		// byte of the previous word in front.
		before := space<<8 | prev>>56
		n += bits.OnesCount64(^space & before & high)
		prev = space
	}
	wasSpace := prev&(1<<63) != 0
	for ; i < len(b); i++ {
		space := isSpace[b[i]]
		if wasSpace && !space {
			n++
		}
		wasSpace = space
	}
	return n
}

var isSpace = [256]bool{' ': true, '\n': true, '\t': true, '\r': true}
