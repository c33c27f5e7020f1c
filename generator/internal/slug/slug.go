// Package slug turns names and file names into URL-safe slugs and reference keys.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Make lower-cases s, folds accents, and joins runs of anything that is not
// a-z or 0-9 into single hyphens: "Crème Masks" -> "creme-masks".
func Make(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	// Invalid bytes would stop the decomposition of what follows them.
	for _, r := range norm.NFKD.String(strings.ToValidUTF8(s, "-")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent left over from decomposition
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		default:
			if folded, ok := fold[unicode.ToLower(r)]; ok {
				if hyphen && b.Len() > 0 {
					b.WriteByte('-')
				}
				hyphen = false
				b.WriteString(folded)
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				// Letters with no ASCII form (Greek, CJK...) are kept so the
				// slug still says something; URLs carry them percent-encoded.
				r = unicode.ToLower(r)
				break
			}
			hyphen = true
			continue
		}
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteRune(r)
	}
	return b.String()
}

// fold spells letters that do not decompose into ASCII.
var fold = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe",
	'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th", 'ð': "d",
}

// Valid reports whether s may be written as a slug: non-empty, only a-z, 0-9
// and hyphens.
func Valid(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
