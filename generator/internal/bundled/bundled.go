// Package bundled finds and builds the site that ships with derma (the
// repository's content/), for the tests that check what readers get: HTML
// validity, feeds, page weight and the browser tests.
package bundled

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"derma/generator/internal/cli"
	"derma/generator/internal/corpus"
)

// Root is the repository root: the nearest folder above the working
// directory holding go.mod and content/site.yaml.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if isFile(filepath.Join(dir, "go.mod")) && isFile(filepath.Join(dir, "content", "site.yaml")) {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("bundled site not found above the working directory")
		}
		dir = up
	}
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// Build builds the bundled site into out exactly as `derma build` does.
func Build(root, out string) error {
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"build", "--site", root, "--out", out}, &stdout, &stderr); code != cli.ExitOK {
		return fmt.Errorf("derma build: exit %d: %s", code, stderr.String())
	}
	return nil
}

// BuildGenerated writes the generated site corpus.Site(n, seed) under
// dir/site and builds it into dir/public, which it returns: a site with what
// the bundled one lacks, for the checkers.
func BuildGenerated(n int, seed int64, dir string) (string, error) {
	src := filepath.Join(dir, "site")
	for p, f := range corpus.Site(n, seed) {
		file := filepath.Join(src, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(file, f.Data, 0o644); err != nil {
			return "", err
		}
	}
	public := filepath.Join(dir, "public")
	return public, Build(src, public)
}

// Required reports whether tests that need outside tools (chromium, node
// packages, java) must fail instead of skipping when a tool is missing: CI
// sets DERMA_BROWSER_TESTS=1 so that a broken setup cannot pass quietly.
func Required() bool { return os.Getenv("DERMA_BROWSER_TESTS") == "1" }

// Tool is the path of a file installed by tools/package.json
// (node_modules/...), or "" when it is not installed.
func Tool(root, rel string) string {
	p := filepath.Join(root, "tools", "node_modules", filepath.FromSlash(rel))
	if isFile(p) {
		return p
	}
	return ""
}
