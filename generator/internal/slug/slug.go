// Package slug turns names and file names into URL-safe slugs and reference keys.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Make lower-cases s, folds accents, and joins runs of anything that is not
// a-z or 0-9 into single hyphens: "Crème Masks" -> "creme-masks". Letters
// with no ASCII form keep their marks and are composed again (NFC), so that
// "ガイド" stays "ガイド", not "カイト", and Hangul is one character a
// syllable, as browsers send it.
func Make(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen, other := false, false // other: the last rune kept is not ASCII
	// Invalid bytes would stop the decomposition of what follows them.
	for _, r := range norm.NFKD.String(strings.ToValidUTF8(s, "-")) {
		if unicode.Is(unicode.Mn, r) {
			// A combining mark from the decomposition: an accent on a
			// letter now spelt in ASCII goes; one on any other letter stays.
			if other && !hyphen {
				b.WriteRune(r)
			}
			continue
		}
		other = false
		switch {
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
				other = true
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
	if b.Len() == 0 {
		return ""
	}
	return norm.NFC.String(b.String())
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
