package serve

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"derma/generator/internal/build"
)

// running is a serve session on a free loopback port.
type running struct {
	url    string
	dir    string
	cancel context.CancelFunc
	done   chan error
}

func start(t *testing.T, files map[string]string) *running {
	t.Helper()
	dir := t.TempDir()
	writeSite(t, dir, files)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	ready := make(chan string, 1)
	srv := New(root.FS(), Options{Addr: "127.0.0.1:0", Ready: func(a string) { ready <- a }, Debounce: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{dir: dir, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- srv.Run(ctx, dir) }()
	select {
	case a := <-ready:
		r.url = "http://" + a
	case err := <-r.done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-r.done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("serve did not stop")
		}
	})
	return r
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// events opens the reload stream and returns a channel of event names.
func events(t *testing.T, url string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/_derma/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type = %q", ct)
	}
	c := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				c <- name
			}
		}
	}()
	return c
}

func waitReload(t *testing.T, c <-chan string) {
	t.Helper()
	select {
	case ev := <-c:
		if ev != "reload" {
			t.Fatalf("event %q, want reload", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no reload event")
	}
}

func TestServeEditReloads(t *testing.T) {
	r := start(t, tiny)
	code, h, body := get(t, r.url+"/guides/first/")
	if code != 200 || !strings.Contains(body, "Old text") {
		t.Fatalf("first page: %d %q", code, body)
	}
	if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if !strings.Contains(body, `<script src="/_derma/livereload.js" defer></script>`) {
		t.Error("served page has no live-reload script")
	}
	ev := events(t, r.url)

	p := filepath.Join(r.dir, "content/guides/first.md")
	saveByRename(t, p, strings.Replace(tiny["content/guides/first.md"], "Old text", "New text", 1))
	waitReload(t, ev)
	if _, _, body = get(t, r.url+"/guides/first/"); !strings.Contains(body, "New text") || strings.Contains(body, "Old text") {
		t.Fatalf("after edit: %q", body)
	}

	// A new folder with a new guide in it.
	writeFile(t, filepath.Join(r.dir, "content/guides/more/third.md"), "---\ntitle: Third guide\ndescription: Third.\ndate: 2025-01-04\n---\n\nThird body.\n")
	waitReload(t, ev)
	waitFor(t, func() bool {
		c, _, b := get(t, r.url+"/guides/third/")
		return c == 200 && strings.Contains(b, "Third body")
	})

	// Deleting it takes its page away.
	if err := os.RemoveAll(filepath.Join(r.dir, "content/guides/more")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { c, _, _ := get(t, r.url+"/guides/third/"); return c == 404 })
}

// waitFor polls cond: several events may make several builds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServeBrokenEditKeepsLastGoodSite(t *testing.T) {
	r := start(t, tiny)
	ev := events(t, r.url)
	p := filepath.Join(r.dir, "content/guides/first.md")
	broken := strings.Replace(tiny["content/guides/first.md"], "date: 2025-01-02", "date: 2025-01-02\nslug: \"<script>x</script>\"\n", 1)
	saveByRename(t, p, broken)
	waitReload(t, ev)
	code, _, body := get(t, r.url+"/guides/first/")
	if code != 200 || !strings.Contains(body, "Old text") {
		t.Fatalf("broken edit: last good page not served: %d", code)
	}
	for _, want := range []string{`id="derma-errors"`, "content/guides/first.md:", "5 | slug: &#34;&lt;script&gt;x&lt;/script&gt;&#34;"} {
		if !strings.Contains(body, want) {
			t.Errorf("overlay lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<script>x</script>") {
		t.Error("overlay does not escape the source line")
	}
	if _, _, errs := get(t, r.url+"/_derma/errors"); !strings.Contains(errs, `"path":"content/guides/first.md"`) {
		t.Errorf("/_derma/errors = %s", errs)
	}

	saveByRename(t, p, strings.Replace(tiny["content/guides/first.md"], "Old text", "Fixed text", 1))
	waitReload(t, ev)
	_, _, body = get(t, r.url+"/guides/first/")
	if strings.Contains(body, "derma-errors") || strings.Contains(body, "derma-warnings") || !strings.Contains(body, "Fixed text") {
		t.Fatalf("after the fix: %q", body)
	}

	// A build with warnings shows them in a closed panel; the page is the new one.
	saveByRename(t, p, strings.Replace(tiny["content/guides/first.md"], "Old text", "<!--more-->\n\nFixed text", 1))
	waitReload(t, ev)
	_, _, body = get(t, r.url+"/guides/first/")
	for _, want := range []string{`<details id="derma-warnings"`, "derma: 1 warning</summary>", `content/guides/first.md:10:`, "10 | &lt;!--more--&gt;", "<p>Fixed text"} {
		if !strings.Contains(body, want) {
			t.Errorf("warnings panel lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "derma-errors") {
		t.Error("a build with warnings only shows the error overlay")
	}
}

func TestServeFirstBuildFails(t *testing.T) {
	files := map[string]string{"content/site.yaml": "title: [\n"}
	r := start(t, files)
	code, _, body := get(t, r.url+"/")
	if code != 404 || !strings.Contains(body, "derma-errors") || !strings.Contains(body, "livereload.js") || !strings.Contains(body, "nothing has built yet") {
		t.Fatalf("%d %q", code, body)
	}
	// A site under a path shows its problems there, where it will be once fixed.
	files = map[string]string{"content/site.yaml": "title: T\nbase_url: https://example.org/sub/\n",
		"content/guides/a.md": "---\ntitle: A\ndescription: d.\ndate: 2024-01-01\n---\n\n[x](nope.md)\n"}
	r = start(t, files)
	resp, err := http.Get(r.url + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Request.URL.Path != "/sub/" || resp.StatusCode != 404 || !strings.Contains(string(b), `broken link &#34;nope.md&#34;`) {
		t.Fatalf("%s: %d %q", resp.Request.URL, resp.StatusCode, b)
	}
}

func newTestServer(t *testing.T, files map[string]string) *httptest.Server {
	t.Helper()
	ts, _, _ := newTestServerIn(t, files)
	return ts
}

// newTestServerIn is newTestServer giving its Server, to rebuild by hand,
// and its site folder, to edit.
func newTestServerIn(t *testing.T, files map[string]string) (*httptest.Server, *Server, string) {
	t.Helper()
	dir := t.TempDir()
	writeSite(t, dir, files)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	s := New(root.FS(), Options{})
	if res := s.Rebuild(nil); !res.OK() {
		t.Fatalf("build: %v", res.Diags)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts, s, dir
}

// rawGet sends path exactly as written, bypassing the client's cleaning.
func rawGet(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeTraversal(t *testing.T) {
	files := map[string]string{}
	for k, v := range tiny {
		files[k] = v
	}
	files["secret.txt"] = "TOP SECRET"
	ts := newTestServer(t, files)
	addr := strings.TrimPrefix(ts.URL, "http://")
	for _, p := range []string{
		"/../secret.txt",
		"/guides/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/.%2e/secret.txt",
		"/guides/%2e%2e/%2e%2e/secret.txt",
		"/..%2fsecret.txt",
		"/%2e%2e%2fsecret.txt",
		"/..%5csecret.txt",
		"/guides/..\\..\\secret.txt",
		"/secret.txt",
		"/content/site.yaml",
		"/images/%00dot.svg",
		"/../content/site.yaml",
	} {
		code, body := rawGet(t, addr, p)
		if code == 200 || strings.Contains(body, "TOP SECRET") || strings.Contains(body, "base_url") {
			t.Errorf("GET %s: %d %.80q", p, code, body)
		}
	}
}

func TestServeRoutes(t *testing.T) {
	ts := newTestServer(t, tiny)
	tests := []struct {
		path   string
		code   int
		ctype  string
		has    string
		locate string
	}{
		{"/", 200, "text/html; charset=utf-8", "First guide", ""},
		{"/guides/first/", 200, "text/html; charset=utf-8", "Old text", ""},
		{"/guides//first/", 200, "text/html; charset=utf-8", "Old text", ""},
		{"/guides/first", 301, "", "", "/guides/first/"},
		{"/guides/first/index.html", 200, "text/html; charset=utf-8", "Old text", ""},
		{"/style.css", 200, "text/css; charset=utf-8", "", ""},
		{"/site.js", 200, "application/javascript; charset=utf-8", "", ""},
		{"/feed.xml", 200, "application/atom+xml", "<feed", ""},
		{"/sitemap.xml", 200, "application/xml", "<urlset", ""},
		{"/robots.txt", 200, "text/plain; charset=utf-8", "Sitemap", ""},
		{"/images/dot.svg", 200, "image/svg+xml", "<svg", ""},
		{"/nope/", 404, "text/html; charset=utf-8", "not found", ""},
		{"/guides/nope", 404, "text/html; charset=utf-8", "", ""},
		{"/_derma/livereload.js", 200, "application/javascript; charset=utf-8", "EventSource", ""},
		{"/_derma/nope", 404, "text/html; charset=utf-8", "", ""},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := client.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.code {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.code)
			}
			if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), tt.ctype)
			}
			if !strings.Contains(strings.ToLower(string(b)), strings.ToLower(tt.has)) {
				t.Errorf("body lacks %q", tt.has)
			}
			if tt.locate != "" && resp.Header.Get("Location") != tt.locate {
				t.Errorf("Location %q, want %q", resp.Header.Get("Location"), tt.locate)
			}
		})
	}
	resp, err := http.Post(ts.URL+"/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestServeBasePath(t *testing.T) {
	files := map[string]string{}
	for k, v := range tiny {
		files[k] = v
	}
	files["content/site.yaml"] = "title: Test Notes\nbase_url: https://example.org/docs/\n"
	ts := newTestServer(t, files)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]int{"/": 302, "/docs/": 200, "/docs/guides/first/": 200, "/guides/first/": 404, "/docs/_derma/livereload.js": 200, "/_derma/livereload.js": 200} {
		resp, err := client.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

// The live-reload script belongs to serve only.
func TestBuildHasNoLiveReload(t *testing.T) { noLiveReload(t, tiny) }

// noLiveReload fails unless a build of files mentions nothing of serve's.
func noLiveReload(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	writeSite(t, dir, files)
	res := build.Build(os.DirFS(dir), build.Options{})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	for _, o := range res.Outputs {
		if strings.Contains(string(o.Data), "_derma") {
			t.Errorf("build output %s mentions _derma", o.Path)
		}
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"content/guides/x.md": false, "content/guides/.x.md.swp": true, "content/guides/x.md~": true,
		"content/guides/.#x.md": true, "content/guides/4913": true, "content/guides/#x.md#": true,
		"content/guides/.goutputstream-7XKQ2Z": true, "content/guides/x.md___jb_tmp___": true,
		"content/guides/x.md___jb_old___": true, "content/.DS_Store": true, "content/guides/x.mdx": false,
		"templates/guide.html": false,
	} {
		if got := ignored(name); got != want {
			t.Errorf("ignored(%q) = %v", name, got)
		}
	}
}

// Editors save in many ways; each save must name the saved file alone, so
// that the edit takes the fast path, not a full build.
func TestWatchEditorSaves(t *testing.T) {
	saves := map[string]func(t *testing.T, p, body string){
		"in place": func(t *testing.T, p, body string) { writeFile(t, p, body) },
		"rename over (gedit)": func(t *testing.T, p, body string) {
			tmp := filepath.Join(filepath.Dir(p), ".goutputstream-7XKQ2Z")
			writeFile(t, tmp, body)
			if err := os.Rename(tmp, p); err != nil {
				t.Fatal(err)
			}
		},
		"backup then write (vim)": func(t *testing.T, p, body string) {
			probe := filepath.Join(filepath.Dir(p), "4913")
			writeFile(t, probe, "")
			os.Remove(probe)
			writeFile(t, filepath.Join(filepath.Dir(p), ".first.md.swp"), "swap")
			if err := os.Rename(p, p+"~"); err != nil {
				t.Fatal(err)
			}
			writeFile(t, p, body)
			os.Remove(p + "~")
		},
		"a temporary file renamed over (sed -i)": func(t *testing.T, p, body string) {
			tmp := filepath.Join(filepath.Dir(p), "sedq3ZkLm")
			writeFile(t, tmp, body)
			if err := os.Rename(tmp, p); err != nil {
				t.Fatal(err)
			}
		},
		"safe write (JetBrains)": func(t *testing.T, p, body string) {
			writeFile(t, p+"___jb_tmp___", body)
			if err := os.Rename(p, p+"___jb_old___"); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(p+"___jb_tmp___", p); err != nil {
				t.Fatal(err)
			}
			os.Remove(p + "___jb_old___")
		},
	}
	for name, save := range saves {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for p, body := range tiny {
				writeFile(t, filepath.Join(dir, p), body)
			}
			w, err := newWatcher(dir, log.New(io.Discard, "", 0))
			if err != nil {
				t.Fatal(err)
			}
			defer w.close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			got := make(chan []string, 8)
			go w.run(ctx, 50*time.Millisecond, func(changed []string) { got <- changed })
			save(t, filepath.Join(dir, "content/guides/first.md"), strings.Replace(tiny["content/guides/first.md"], "Old text", "New text", 1))
			select {
			case changed := <-got:
				if len(changed) != 1 || changed[0] != "content/guides/first.md" {
					t.Errorf("changed = %q, want only content/guides/first.md", changed)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("no rebuild")
			}
		})
	}
}

// lockedBuffer is a log that a test reads while the server writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The address printed is one to open: a server on every interface says so
// and gives the loopback address, not the [::] its listener reports.
func TestServeAnnouncesAddress(t *testing.T) {
	tests := []struct {
		addr       string
		want       string // in the log
		wantReady  string // the start of the address Ready gets
		wantAbsent string
	}{
		{"127.0.0.1:0", "serving on http://127.0.0.1:", "127.0.0.1:", "all interfaces"},
		{"0.0.0.0:0", "serving on all interfaces; open http://127.0.0.1:", "127.0.0.1:", "[::]"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, tiny)
			var lg lockedBuffer
			ready := make(chan string, 1)
			srv := New(os.DirFS(dir), Options{Addr: tt.addr, Log: &lg, Ready: func(a string) { ready <- a }})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- srv.Run(ctx, dir) }()
			defer func() { cancel(); <-done }()
			var addr string
			select {
			case addr = <-ready:
			case err := <-done:
				t.Fatalf("serve stopped: %v", err)
			case <-time.After(10 * time.Second):
				t.Fatal("serve did not start")
			}
			if !strings.HasPrefix(addr, tt.wantReady) {
				t.Errorf("Ready got %q, want %s...", addr, tt.wantReady)
			}
			out := lg.String()
			if !strings.Contains(out, tt.want+strings.TrimPrefix(addr, tt.wantReady)+"/") || strings.Contains(out, tt.wantAbsent) {
				t.Errorf("log %q, want %q and no %q", out, tt.want, tt.wantAbsent)
			}
			if code, _, _ := get(t, "http://"+addr+"/"); code != 200 {
				t.Errorf("GET http://%s/: %d", addr, code)
			}
		})
	}
}

// TestBrokenBuildKeepsCopiedFiles: while a broken build keeps the last good
// site, a file copied from content/ that was served is served as it was,
// though edited since, and one deleted since is not found, not an error.
func TestBrokenBuildKeepsCopiedFiles(t *testing.T) {
	files := map[string]string{}
	for k, v := range tiny {
		files[k] = v
	}
	files["content/img/a.txt"] = "v1"
	files["content/img/b.txt"] = "b"
	ts, s, dir := newTestServerIn(t, files)
	if _, _, body := get(t, ts.URL+"/img/a.txt"); body != "v1" {
		t.Fatalf("a.txt = %q", body)
	}
	write := func(p, text string) {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/guides/first.md", "no front matter\n")
	write("content/img/a.txt", "v2")
	os.Remove(filepath.Join(dir, "content/img/b.txt"))
	if res := s.Rebuild([]string{"content/guides/first.md", "content/img/a.txt", "content/img/b.txt"}); res.OK() {
		t.Fatal("the broken edit built")
	}
	if _, _, body := get(t, ts.URL+"/img/a.txt"); body != "v1" {
		t.Errorf("broken build: a.txt = %q, want the last good v1", body)
	}
	if code, _, _ := get(t, ts.URL+"/img/b.txt"); code != http.StatusNotFound {
		t.Errorf("broken build: deleted b.txt gives %d, want 404", code)
	}
	write("content/guides/first.md", tiny["content/guides/first.md"])
	if res := s.Rebuild([]string{"content/guides/first.md"}); !res.OK() {
		t.Fatalf("fixed: %v", res.Diags)
	}
	if _, _, body := get(t, ts.URL+"/img/a.txt"); body != "v2" {
		t.Errorf("fixed: a.txt = %q, want v2", body)
	}
}

// TestServeBasePathMoves: base_url taking a path while serving moves every
// page, and the log says where they went, and when they come back.
func TestServeBasePathMoves(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, tiny)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var log bytes.Buffer
	s := New(root.FS(), Options{Log: &log})
	if res := s.Rebuild(nil); !res.OK() {
		t.Fatal(res.Diags)
	}
	site := filepath.Join(dir, "content/site.yaml")
	for _, c := range []struct{ yaml, want string }{
		{"title: Test Notes\nbase_url: https://example.org/skin/\n", "base_url's path changed: pages are now served under /skin/, and / leads there"},
		{"title: Test Notes\nbase_url: https://example.org/\n", "base_url's path changed: pages are served at / again"},
	} {
		log.Reset()
		if err := os.WriteFile(site, []byte(c.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		s.Rebuild([]string{"content/site.yaml"})
		if !strings.Contains(log.String(), c.want) {
			t.Errorf("log lacks %q:\n%s", c.want, log.String())
		}
	}
	log.Reset()
	s.Rebuild([]string{"content/site.yaml"})
	if strings.Contains(log.String(), "base_url") {
		t.Errorf("a rebuild with the same path tells of a move:\n%s", log.String())
	}
}
