// Package templates is the built-in theme, embedded in the derma binary so
// that any site folder builds without a templates/ of its own.
package templates

import "embed"

// FS holds the theme: page templates at its root, assets under static/.
//
//go:embed *.html static
var FS embed.FS
