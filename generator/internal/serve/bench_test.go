package serve

import (
	"context"
	"io"
	"net/http"
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

// BenchmarkEditTitle10k is the loop for an edit of one guide's title, front
// matter that cards, lists and related guides show: the guide's page, and
// its card or row swapped in every page that lists it.
func BenchmarkEditTitle10k(b *testing.B) {
	benchEditSrc(b, editTitle)
}

// BenchmarkEditDescription10k is the loop for an edit of one guide's
// description, which cards, lists, the feed and the search index show.
func BenchmarkEditDescription10k(b *testing.B) {
	benchEditSrc(b, func(orig, mark string) string {
		return strings.Replace(orig, "\ndescription: \"", "\ndescription: \""+mark+" ", 1)
	})
}

// BenchmarkEditIngredients10k is the loop for an edit that changes which
// lists show the guide (its ingredients): the guide moves in and out of an
// entry's list of 2,000 guides, the counts and filters change, and so do
// the related guides of the guides near it.
func BenchmarkEditIngredients10k(b *testing.B) {
	benchEditSrc(b, func(orig, mark string) string {
		// Every other edit names one more ingredient.
		if markIndex(mark)%2 == 0 {
			orig = strings.Replace(orig, "\ningredients: [", "\ningredients: [\"Glycerin\", ", 1)
		}
		return strings.Replace(orig, "\n---\n", "\n---\n\nParagraph "+mark+".\n", 1)
	})
}

// BenchmarkEditNewIngredient10k is the loop for an edit that names an
// ingredient no file describes, and back: the site gains and loses an
// entry (a stub: a page, a place in the A to Z index, the home page's
// counts, and a place in the search index's numbering).
func BenchmarkEditNewIngredient10k(b *testing.B) {
	benchEditSrc(b, func(orig, mark string) string {
		if markIndex(mark)%2 == 0 {
			orig = strings.Replace(orig, "\ningredients: [", "\ningredients: [\"Zzyzx Root\", ", 1)
		}
		return editProse(orig, mark)
	})
}

// BenchmarkEditNewTag10k is the loop for an edit that gives a guide a tag
// no guide had: the tag's page is new.
func BenchmarkEditNewTag10k(b *testing.B) {
	benchEditSrc(b, func(orig, mark string) string {
		tags := make([]string, markIndex(mark)+1)
		for j := range tags {
			tags[j] = "new-tag-" + strconv.Itoa(j)
		}
		orig = strings.Replace(orig, "\ningredients:", "\ntags: ["+strings.Join(tags, ", ")+"]\ningredients:", 1)
		return strings.Replace(orig, "\n---\n", "\n---\n\nParagraph "+mark+".\n", 1)
	})
}

// BenchmarkEditDate10k is the loop for an edit of a guide's date that
// moves it far in the site's order, and back: every list it is in, the
// guide list and the search index show it in another place.
func BenchmarkEditDate10k(b *testing.B) { benchEditSrc(b, editDate) }

// BenchmarkEditDateWatched10k is the same loop through the watcher and HTTP.
func BenchmarkEditDateWatched10k(b *testing.B) { benchWatched(b, editDate) }

// editDate moves the guide from 2018 to 2023 on every other edit, and puts
// a paragraph at the top of its body.
func editDate(orig, mark string) string {
	if markIndex(mark)%2 == 0 {
		j := strings.Index(orig, "\ndate: 20")
		orig = orig[:j] + "\ndate: 2023" + orig[j+len("\ndate: 2018"):]
	}
	return editProse(orig, mark)
}

// markIndex is the number at the end of an edit's mark: edit-3 is 3.
func markIndex(mark string) int {
	i, _ := strconv.Atoi(mark[strings.LastIndex(mark, "-")+1:])
	return i
}

func editTitle(orig, mark string) string {
	return strings.Replace(orig, "\ntitle: \"", "\ntitle: \""+mark+" ", 1)
}

// editProse puts a paragraph at the top of a guide's body.
func editProse(orig, mark string) string {
	return strings.Replace(orig, "\n---\n", "\n---\n\nParagraph "+mark+".\n", 1)
}

// benchEdit times edits that put text(mark) at the top of one guide's body.
func benchEdit(b *testing.B, text func(mark string) string) {
	benchEditSrc(b, func(orig, mark string) string {
		return strings.Replace(orig, "\n---\n", "\n---\n\n"+text(mark)+"\n", 1)
	})
}

// BenchmarkEditDraft10k is the loop for a guide made a draft, and
// published again: its page goes and comes, it leaves and joins every list
// it is in, the guide list, the feed, the sitemap and the search index,
// and the guides linking to it show their links as text, with a warning,
// and as links again.
func BenchmarkEditDraft10k(b *testing.B) {
	benchSteps(b, func(orig, mark string, i int) step {
		if i%2 == 0 {
			return step{src: strings.Replace(orig, "\ndate:", "\ndraft: true\ndate:", 1), code: 404}
		}
		return step{src: editProse(orig, mark), code: 200, mark: mark}
	})
}

// BenchmarkNewGuide10k is the loop for a new guide file, and deleting it:
// a new page, in every list its front matter names, the guide list, the
// sitemap and the search index; then gone again.
func BenchmarkNewGuide10k(b *testing.B) {
	benchSteps(b, func(orig, mark string, i int) step {
		const rel = "content/guides/zz-new.md"
		if i%2 == 1 {
			return step{rel: rel, url: "/guides/zz-new/", code: 404}
		}
		src := strings.Replace(editProse(orig, mark), "\ntitle: \"", "\ntitle: \"New ", 1)
		return step{rel: rel, src: src, url: "/guides/zz-new/", code: 200, mark: mark}
	})
}

// benchEditSrc times edits that turn one guide's source into edit(orig, mark).
func benchEditSrc(b *testing.B, edit func(orig, mark string) string) {
	benchSteps(b, func(orig, mark string, _ int) step {
		return step{src: edit(orig, mark), code: 200, mark: mark}
	})
}

// step is one edit of a benchmark: the site file rel (the edited guide
// when empty) is given the text src, or deleted when src is empty, and the
// page at url (the edited guide's when empty) must then be served with
// status code and hold mark.
type step struct {
	rel, src, url, mark string
	code                int
}

// benchSteps times edits made by next from the source of one guide of a
// 10,000-guide site, a mark that the edit's page must show, and the
// edit's number: from the file written to the page served.
func benchSteps(b *testing.B, next func(orig, mark string, i int) step) {
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
	const guide = "content/guides/g00042.md"
	orig, err := os.ReadFile(filepath.Join(dir, guide))
	if err != nil {
		b.Fatal(err)
	}
	// Two edits before the timer: the first edits after the full build
	// fault in the memory later edits reuse, which an author waits for
	// once per session.
	const warm = 2
	var total time.Duration
	fast := s.builder.Fast
	for i := 0; i < b.N+warm; i++ {
		if i == warm {
			b.ResetTimer()
			total, fast = 0, s.builder.Fast
		}
		mark := "edit-" + strconv.Itoa(i)
		st := next(string(orig), mark, i)
		if st.rel == "" {
			st.rel = guide
		}
		if st.url == "" {
			st.url = "/guides/g00042/"
		}
		start := time.Now()
		p := filepath.Join(dir, st.rel)
		if st.src == "" {
			err = os.Remove(p)
		} else {
			err = os.WriteFile(p, []byte(st.src), 0o644)
		}
		if err != nil {
			b.Fatal(err)
		}
		if res := s.Rebuild([]string{st.rel}); !res.OK() {
			b.Fatal(res.Diags)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", st.url, nil))
		total += time.Since(start)
		if w.Code != st.code || !strings.Contains(w.Body.String(), st.mark) {
			b.Fatalf("edit %d not served: %d", i, w.Code)
		}
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/edit")
	b.ReportMetric(float64(s.builder.Fast-fast)/float64(b.N), "fast/edit")
}

// BenchmarkEditWatched10k is the loop as an author lives it: the real
// server on loopback, its file watcher and debounce, and a client polling
// the page over HTTP until the edit shows.
func BenchmarkEditWatched10k(b *testing.B) { benchWatched(b, editProse) }

// BenchmarkEditTitleWatched10k is the same loop for an edit of a title.
func BenchmarkEditTitleWatched10k(b *testing.B) { benchWatched(b, editTitle) }

// benchWatched times edits that turn one guide's source into edit(orig,
// mark) through the watcher and HTTP.
func benchWatched(b *testing.B, edit func(orig, mark string) string) {
	dir := corpus(b, 10000)
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	ready := make(chan string, 1)
	s := New(root.FS(), Options{Addr: "127.0.0.1:0", Build: build.Options{Options: site.Options{Future: true}}, Ready: func(a string) { ready <- a }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, dir) }()
	defer func() { cancel(); <-done }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		b.Fatal(err)
	}
	const rel = "content/guides/g00042.md"
	p := filepath.Join(dir, rel)
	orig, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	const warm = 2 // as in benchEditSrc
	var total time.Duration
	for i := 0; i < b.N+warm; i++ {
		if i == warm {
			b.ResetTimer()
			total = 0
		}
		mark := "watched-" + strconv.Itoa(i)
		src := edit(string(orig), mark)
		start := time.Now()
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			resp, err := client.Get("http://" + addr + "/guides/g00042/")
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), mark) {
				break
			}
			if time.Since(start) > 30*time.Second {
				b.Fatalf("edit %d never served", i)
			}
			time.Sleep(time.Millisecond)
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/edit")
}
