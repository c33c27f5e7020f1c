package cli_test

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot is a digest of every file under dir with its contents.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s %d %x\n", rel, len(b), sha256.Sum256(b))
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d files %x", n, h.Sum(nil))
}

// assertNoStrays checks that no temporary folder of a build is left beside
// the output.
func assertNoStrays(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".derma-tmp-") || strings.Contains(e.Name(), ".derma-old-") {
			t.Errorf("stray %s left beside the output", e.Name())
		}
	}
}
