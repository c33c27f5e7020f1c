// Package serve is derma's author loop: it builds a site into memory, serves
// it on loopback, watches content/ and templates/, rebuilds on every change
// and tells open pages to reload. A build that fails keeps the last good site
// and shows the problems over every page until the files are fixed.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"mime"
	"net"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"derma/generator/internal/build"
	"derma/generator/internal/diag"
	"derma/generator/internal/render"
)

// DefaultAddr is where serve listens unless told otherwise: loopback only.
const DefaultAddr = "127.0.0.1:1313"

// Options configure a server.
type Options struct {
	Addr  string        // host:port; DefaultAddr when empty
	Build build.Options // Dev is forced on
	Log   io.Writer     // build reports; nil discards them
	// Ready, when set, is called with the address to open once the server
	// listens (":0" picks a free port; tests learn it here).
	Ready func(addr string)
	// Debounce is how long the watcher waits for a burst of events to end
	// (default 10 ms: an editor's save, even by rename, comes as events
	// well under a millisecond apart, and an author waits for every
	// millisecond of it).
	Debounce time.Duration
}

// snapshot is one build as served: the outputs of the last good build and
// the problems of the last build, which may be newer.
type snapshot struct {
	files    map[string]render.Output // by output path: guides/x/index.html
	basePath string                   // "" or "/docs"
	diags    diag.List                // of the last build; errors show the overlay
	failed   bool                     // the last build had errors
	good     bool                     // files come from a build that succeeded
	version  int
	readers  atomic.Int64 // requests reading files
	// copied are the bytes of files copied from content/ as they were when
	// first served since the last good build, so that a broken build keeps
	// showing them as they were, not as edited or deleted since.
	copied *sync.Map
	// panel is the overlay or warnings panel every page of this snapshot
	// shows, made on the first request for a page.
	panel     []byte
	panelOnce sync.Once
}

// Server serves one site folder.
type Server struct {
	fsys    fs.FS // the site folder
	opts    Options
	builder *Builder
	log     *log.Logger

	cur     atomic.Pointer[snapshot]
	reloads *broker
	// retired are snapshots replaced by the next, whose files no longer
	// served go back to the builder once no request reads them.
	retired []retired
}

type retired struct{ old, next *snapshot }

// New returns a server for the site in fsys; call Run to build and serve.
func New(fsys fs.FS, opts Options) *Server {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.Debounce == 0 {
		opts.Debounce = 10 * time.Millisecond
	}
	opts.Build.Dev = true
	w := opts.Log
	if w == nil {
		w = io.Discard
	}
	s := &Server{fsys: fsys, opts: opts, log: log.New(w, "", 0), reloads: newBroker()}
	s.builder = NewBuilder(fsys, opts.Build)
	s.cur.Store(&snapshot{files: map[string]render.Output{}, copied: &sync.Map{}})
	return s
}

// Rebuild builds the site again after changes to the named site files (all
// files when changed is nil), swaps in the result if it succeeded, and tells
// open pages to reload.
func (s *Server) Rebuild(changed []string) *build.Result {
	start := time.Now()
	s.recycle()
	res := s.builder.Build(changed)
	old := s.cur.Load()
	next := &snapshot{files: old.files, basePath: old.basePath, diags: res.Diags, failed: !res.OK(), good: old.good, version: old.version + 1, copied: old.copied}
	if !res.OK() && !old.good && res.Site != nil {
		// Nothing built yet: the problems show under the site's own address.
		next.basePath = res.Site.Config.BasePath
	}
	if res.OK() {
		next.good = true
		next.copied = &sync.Map{}
		next.files = make(map[string]render.Output, len(res.Outputs))
		for _, o := range res.Outputs {
			next.files[o.Path] = o
		}
		next.basePath = res.Site.Config.BasePath
	}
	s.cur.Store(next)
	s.retired = append(s.retired, retired{old, next})
	for _, d := range res.Diags {
		s.log.Println(d.String())
	}
	if res.OK() {
		guides := "guides"
		if len(res.Site.Guides) == 1 {
			guides = "guide"
		}
		s.log.Printf("built %d %s in %v", len(res.Site.Guides), guides, time.Since(start).Round(time.Millisecond))
		if old.good && next.basePath != old.basePath {
			// base_url took another path: every page moved, and the open tab's address is gone.
			if next.basePath == "" {
				s.log.Printf("base_url's path changed: pages are served at / again")
			} else {
				s.log.Printf("base_url's path changed: pages are now served under %s/, and / leads there", next.basePath)
			}
		}
	} else {
		if next.good {
			s.log.Printf("build failed: the last good site is still served; fix the files and save")
		} else {
			s.log.Printf("build failed: nothing has built yet; fix the files and save")
		}
	}
	s.reloads.publish(next.version)
	return res
}

// recycle gives the builder back the buffers of files that a replaced
// snapshot served and its successor does not, once no request reads it or
// an older snapshot (a failed build's snapshot serves its predecessor's
// files). A request counts itself a reader of the current snapshot only
// (see acquire), so a replaced snapshot's readers only decrease.
func (s *Server) recycle() {
	done := 0
	for _, r := range s.retired {
		if r.old.readers.Load() != 0 {
			break
		}
		done++
		for p, o := range r.old.files {
			if n, ok := r.next.files[p]; !ok || len(o.Data) == 0 || len(n.Data) == 0 || &n.Data[0] != &o.Data[0] {
				s.builder.pool.put(p, o.Data)
			}
		}
	}
	s.retired = slices.Delete(s.retired, 0, done)
}

// acquire returns the current snapshot, counted as read until release.
func (s *Server) acquire() *snapshot {
	for {
		snap := s.cur.Load()
		snap.readers.Add(1)
		if s.cur.Load() == snap {
			return snap
		}
		snap.readers.Add(-1) // replaced meanwhile: read its successor
	}
}

// Run builds the site, serves it and rebuilds on changes until ctx is done.
// dir is the site folder on disk, for the watcher. Content errors never stop
// it; only failing to listen or to watch does.
func (s *Server) Run(ctx context.Context, dir string) error {
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.opts.Addr, err)
	}
	w, err := newWatcher(dir, s.log)
	if err != nil {
		ln.Close()
		return err
	}
	defer w.close()

	s.Rebuild(nil)
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	addr, everywhere := openAddr(ln.Addr())
	if everywhere {
		s.log.Printf("serving on all interfaces; open http://%s%s/ (Ctrl-C to stop)", addr, s.cur.Load().basePath)
	} else {
		s.log.Printf("serving on http://%s%s/ (Ctrl-C to stop)", addr, s.cur.Load().basePath)
	}
	if s.opts.Ready != nil {
		s.opts.Ready(addr)
	}

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w.run(ctx, s.opts.Debounce, func(changed []string) { s.Rebuild(changed) })
	}()

	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// openAddr is the address to open in a browser for a listener at a, and
// whether a is every interface: such a listener reports [::] even when
// asked for 0.0.0.0, an address no browser opens, so loopback stands in.
func openAddr(a net.Addr) (addr string, everywhere bool) {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(t.Port)), true
	}
	return a.String(), false
}

// ServeHTTP serves the built site from memory, the reload endpoints under
// /_derma/, and nothing else.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p, ok := cleanPath(r.URL.Path)
	if ok && (p == "/_derma/events" || p == s.cur.Load().basePath+"/_derma/events") {
		// A stream open as long as the page: it reads no file.
		s.events(w, r)
		return
	}
	snap := s.acquire()
	defer snap.readers.Add(-1)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if snap.basePath != "" {
		if p == "/" {
			http.Redirect(w, r, snap.basePath+"/", http.StatusFound)
			return
		}
		if rest, ok := strings.CutPrefix(p, snap.basePath); ok && (rest == "" || rest[0] == '/') {
			p = rest
			if p == "" {
				p = "/"
			}
		} else if !strings.HasPrefix(p, "/_derma/") {
			s.notFound(w, r, snap)
			return
		}
	}
	if strings.HasPrefix(p, "/_derma/") {
		s.serveDerma(w, r, p, snap)
		return
	}
	key := strings.TrimPrefix(p, "/")
	if key == "" || strings.HasSuffix(key, "/") {
		key += "index.html"
	}
	o, found := snap.files[key]
	if !found {
		if _, dir := snap.files[key+"/index.html"]; dir {
			http.Redirect(w, r, snap.basePath+p+"/", http.StatusMovedPermanently)
			return
		}
		s.notFound(w, r, snap)
		return
	}
	s.serveOutput(w, r, http.StatusOK, o, snap)
}

// cleanPath checks a request path (already unescaped) and cleans it. It
// refuses ".." segments in any spelling that decodes to them, backslashes
// and NUL bytes rather than guess what they mean.
func cleanPath(p string) (string, bool) {
	if p == "" || p[0] != '/' || strings.ContainsAny(p, "\x00\\") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return "", false
		}
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c, true
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, snap *snapshot) {
	o, ok := snap.files["404.html"]
	if !ok {
		// No good build yet: a bare page that shows the overlay (and, as
		// every page, gets the live-reload script).
		o = render.Output{Path: "404.html", Data: []byte(`<!doctype html><html lang="en"><title>derma</title><body><p>Not found.</p></body></html>`)}
	}
	s.serveOutput(w, r, http.StatusNotFound, o, snap)
}

// maxCopied is the largest file kept as first served; a larger one is read
// from its file on every request.
const maxCopied = 4 << 20

func (s *Server) serveOutput(w http.ResponseWriter, r *http.Request, status int, o render.Output, snap *snapshot) {
	data := o.Data
	if o.Source != "" {
		if b, ok := snap.copied.Load(o.Source); ok {
			data = b.([]byte)
		} else {
			b, err := fs.ReadFile(s.fsys, o.Source)
			if errors.Is(err, fs.ErrNotExist) && status != http.StatusNotFound {
				s.notFound(w, r, snap) // deleted while a broken build keeps the site
				return
			}
			if err != nil {
				http.Error(w, "cannot read "+o.Source, http.StatusInternalServerError)
				return
			}
			if len(b) <= maxCopied {
				snap.copied.Store(o.Source, b)
			}
			data = b
		}
	}
	ct := contentType(o.Path)
	if strings.HasPrefix(ct, "text/html") {
		data = injectLiveReload(data)
		snap.panelOnce.Do(func() {
			if snap.failed {
				snap.panel = overlay(s.fsys, snap.diags, snap.good)
			} else {
				snap.panel = warningsPanel(s.fsys, snap.diags)
			}
		})
		if snap.panel != nil {
			data = injectOverlay(data, snap.panel)
		}
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// types are the content types of the files a site is made of, stated here
// so they do not depend on the machine's MIME tables.
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "application/javascript; charset=utf-8",
	".json":  "application/json",
	".xml":   "application/xml",
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".woff":  "font/woff",
	".woff2": "font/woff2",
	".pdf":   "application/pdf",
}

func contentType(p string) string {
	if p == "feed.xml" || strings.HasSuffix(p, "/feed.xml") {
		return "application/atom+xml"
	}
	ext := strings.ToLower(path.Ext(p))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
