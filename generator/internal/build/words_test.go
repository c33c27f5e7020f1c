package build

import "testing"

// wordsSlow is words one byte at a time: what words must count.
func wordsSlow(b []byte) int {
	n := 0
	prev := true
	for _, c := range b {
		space := isSpace[c]
		if prev && !space {
			n++
		}
		prev = space
	}
	return n
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{" ", 0},
		{"a", 1},
		{"one two  three", 3},
		{"  lead and trail  ", 3},
		{"tabs\tand\r\nlines\nhere", 4},
		{"exactly8", 1},
		{"exactly8 exactly8", 2},
		{"1234567 9", 2},
		{"12345678\n12345678\t12345678 1", 4},
		{"\x00\x80\xff é ü", 3},
		{"ab        cd", 2},
	}
	for _, tt := range tests {
		if got := words([]byte(tt.in)); got != tt.want {
			t.Errorf("words(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func FuzzWords(f *testing.F) {
	f.Add([]byte("one two\tthree\r\nfour  five       six"))
	f.Add([]byte("\x1f\x21\x09\x0a\x0b\x0c\x0d\x20\xa0"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := words(b), wordsSlow(b); got != want {
			t.Fatalf("words(%q) = %d, want %d", b, got, want)
		}
	})
}
