// Package diag holds the problems a build finds in the content: collected,
// sorted and reported together as path:line:col: severity: message.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a problem stops the build.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Diagnostic is one problem in one place of the content.
type Diagnostic struct {
	Path     string // relative to the site folder: content/guides/x.md
	Line     int    // 1-based; 0 when the whole file is meant
	Col      int    // 1-based; 0 when unknown
	Severity Severity
	Message  string
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	// A problem with the file as a whole is told at its first line, so
	// that every message reads path:line.
	fmt.Fprintf(&b, ":%d", max(d.Line, 1))
	if d.Line > 0 && d.Col > 0 {
		fmt.Fprintf(&b, ":%d", d.Col)
	}
	fmt.Fprintf(&b, ": %s: %s", d.Severity, d.Message)
	return b.String()
}

// List collects diagnostics. The zero value is ready to use; it is not safe
// for concurrent use (each worker keeps its own and they are merged).
type List []Diagnostic

// Errorf adds an error at path:line:col.
func (l *List) Errorf(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{path, line, col, Error, fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at path:line:col.
func (l *List) Warnf(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{path, line, col, Warning, fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Strict turns every warning into an error, as --strict asks.
func (l List) Strict() {
	for i := range l {
		l[i].Severity = Error
	}
}

// Sort orders by path, line, column, then message, and drops exact repeats.
func (l *List) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
	out := s[:0]
	for i, d := range s {
		if i > 0 && d == s[i-1] {
			continue
		}
		out = append(out, d)
	}
	*l = out
}

// Error makes a list with errors usable as a Go error.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
