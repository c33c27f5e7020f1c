package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"strings"

	"derma/generator/internal/diag"
)

// overlay is a panel listing the problems of the last build, each with the
// line it points at, fixed over the page (good: the page is from an earlier
// build that succeeded). Everything in it is escaped.
func overlay(fsys fs.FS, diags diag.List, good bool) []byte {
	var b bytes.Buffer
	b.WriteString(`<div id="derma-errors" role="alert" style="position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#2b0f12;color:#fde8e8;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border-bottom:4px solid #e5484d;box-shadow:0 4px 24px rgba(0,0,0,.5)">`)
	said := "the build failed; this is the last good version of the page"
	if !good {
		said = "the build failed, and nothing has built yet"
	}
	b.WriteString(`<p style="margin:0 0 .75rem;font-weight:bold">derma: ` + said + `. Fix the files and save.</p><ol style="margin:0;padding-left:1.5rem">`)
	for _, d := range diags {
		if d.Severity != diag.Error {
			continue
		}
		item(&b, fsys, d)
	}
	b.WriteString(`</ol></div>`)
	return b.Bytes()
}

// maxListed is how many warnings the panel lists; the terminal has them all.
const maxListed = 50

// warningsPanel is a small closed panel in a corner of the page that counts
// the last build's warnings and lists them when opened, so that a routine's
// advice or a broken link is seen in the browser too; nil when there are
// none. Everything in it is escaped.
func warningsPanel(fsys fs.FS, diags diag.List) []byte {
	var warnings []diag.Diagnostic
	for _, d := range diags {
		if d.Severity == diag.Warning {
			warnings = append(warnings, d)
		}
	}
	if len(warnings) == 0 {
		return nil
	}
	var b bytes.Buffer
	b.WriteString(`<details id="derma-warnings" style="position:fixed;right:.75rem;bottom:.75rem;max-width:min(40rem,calc(100vw - 1.5rem));max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:.5rem .9rem;background:#2b230f;color:#fdf3d8;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border:2px solid #e5b84d;border-radius:.5rem;box-shadow:0 4px 18px rgba(0,0,0,.45)">`)
	noun := "warnings"
	if len(warnings) == 1 {
		noun = "warning"
	}
	fmt.Fprintf(&b, `<summary style="cursor:pointer;font-weight:bold">derma: %d %s</summary><ol style="margin:.5rem 0 0;padding-left:1.5rem">`, len(warnings), noun)
	for i, d := range warnings {
		if i == maxListed {
			fmt.Fprintf(&b, `<li style="list-style:none;margin-left:-1.5rem">… and %d more in the terminal</li>`, len(warnings)-maxListed)
			break
		}
		item(&b, fsys, d)
	}
	b.WriteString(`</ol></details>`)
	return b.Bytes()
}

// item is one message of a panel, with the line of the file it points at.
func item(b *bytes.Buffer, fsys fs.FS, d diag.Diagnostic) {
	b.WriteString(`<li style="margin:0 0 .75rem">`)
	b.WriteString(html.EscapeString(d.String()))
	if src := sourceLine(fsys, d.Path, d.Line); src != "" {
		fmt.Fprintf(b, `<pre style="margin:.25rem 0 0;padding:.4rem .6rem;background:#000;color:#fff;white-space:pre-wrap;overflow-wrap:anywhere">%d | %s</pre>`, d.Line, html.EscapeString(src))
	}
	b.WriteString(`</li>`)
}

// sourceLine returns line n (1-based) of the site file p, or "".
func sourceLine(fsys fs.FS, p string, n int) string {
	if n <= 0 || p == "" || strings.HasPrefix(p, "(") {
		return ""
	}
	f, err := fsys.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for i := 1; sc.Scan(); i++ {
		if i == n {
			return strings.ToValidUTF8(strings.TrimRight(sc.Text(), "\r"), "\uFFFD")
		}
	}
	return ""
}

// injectOverlay puts the panel at the start of the page's body, or first
// when the page has none.
func injectOverlay(page, panel []byte) []byte {
	out := make([]byte, 0, len(page)+len(panel))
	if i := bytes.Index(page, []byte("<body")); i >= 0 {
		if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
			k := i + j + 1
			out = append(out, page[:k]...)
			out = append(out, panel...)
			return append(out, page[k:]...)
		}
	}
	out = append(out, panel...)
	return append(out, page...)
}
