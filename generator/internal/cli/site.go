package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"

	blocksPkg "derma/generator/internal/blocks"
	"derma/generator/internal/diag"
	"derma/generator/internal/markdown"
	"derma/generator/internal/resolve"
	"derma/generator/internal/site"
)

// openSite opens the site folder as a file system that cannot be left through
// symbolic links or "..".
func openSite(dir string) (fs.FS, func(), error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("site folder %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, nil, fmt.Errorf("site folder %s is not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	return root.FS(), func() { root.Close() }, nil
}

// blocks are the fenced blocks derma renders; set by the blocks package.
var blocks func(s *site.Site, ix *resolve.Index) map[string]markdown.BlockFunc = blocksPkg.Funcs

type jsonDiag struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

func writeJSON(w io.Writer, d diag.List) {
	out := make([]jsonDiag, len(d))
	for i, x := range d {
		out[i] = jsonDiag{x.Path, x.Line, x.Col, x.Severity.String(), x.Message}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "derma serve: not available yet")
	return ExitUsage
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "derma new: not available yet")
	return ExitUsage
}
