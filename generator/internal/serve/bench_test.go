package serve

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"derma/generator/internal/build"
	"derma/generator/internal/site"
)

// corpus writes the synthetic site of n guides the project benchmarks with
// (make_corpus.py, next to the repository as ../shared/bench, or named by
// DERMA_CORPUS_SCRIPT), skipping when it or python3 is missing.
func corpus(b *testing.B, n int) string {
	b.Helper()
	script := os.Getenv("DERMA_CORPUS_SCRIPT")
	if script == "" {
		script = filepath.Join("..", "..", "..", "..", "shared", "bench", "make_corpus.py")
	}
	if _, err := os.Stat(script); err != nil {
		b.Skipf("corpus script %s not found; set DERMA_CORPUS_SCRIPT", script)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("python3 not found")
	}
	dir := b.TempDir()
	if out, err := exec.Command(py, script, strconv.Itoa(n), dir).CombinedOutput(); err != nil {
		b.Fatalf("make_corpus: %v\n%s", err, out)
	}
	return dir
}

// BenchmarkEditOneGuide10k times the author's loop on a 10,000-guide site:
// from writing one guide to its new page being served.
func BenchmarkEditOneGuide10k(b *testing.B) {
	benchEdit(b, func(mark string) string { return "Paragraph " + mark + "." })
}

// BenchmarkEditOneHeading10k is the same loop for an edit that adds a
// section heading, which the search index holds too.
func BenchmarkEditOneHeading10k(b *testing.B) {
	benchEdit(b, func(mark string) string { return "## Section " + mark })
}

// benchEdit times edits that put text(mark) at the top of one guide's body.
func benchEdit(b *testing.B, text func(mark string) string) {
	dir := corpus(b, 10000)
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	opts := build.Options{Options: site.Options{Future: true}}
	s := New(root.FS(), Options{Build: opts})
	if res := s.Rebuild(nil); !res.OK() {
		b.Fatalf("first build: %v", res.Diags[:min(5, len(res.Diags))])
	}
	const rel = "content/guides/g00042.md"
	p := filepath.Join(dir, rel)
	orig, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mark := "edit-" + strconv.Itoa(i)
		src := strings.Replace(string(orig), "\n---\n", "\n---\n\n"+text(mark)+"\n", 1)
		start := time.Now()
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
		if res := s.Rebuild([]string{rel}); !res.OK() {
			b.Fatal(res.Diags)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", "/guides/g00042/", nil))
		total += time.Since(start)
		if w.Code != 200 || !strings.Contains(w.Body.String(), mark) {
			b.Fatalf("edit %d not served: %d", i, w.Code)
		}
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/edit")
}
