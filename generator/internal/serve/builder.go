package serve

import (
	"io/fs"
	"strings"
	"sync"

	"derma/generator/internal/build"
	"derma/generator/internal/render"
	"derma/generator/internal/site"
)

// Builder builds a site again and again.
type Builder struct {
	fsys  fs.FS
	opts  build.Options
	cache *render.Cache
	// last is the last build when it succeeded and nothing changed since
	// but what the watcher reports: the base of the fast path.
	last *build.Result
	// Fast counts the builds made by updating the last one (tests, reports).
	Fast int
	pool *pool
}

// NewBuilder returns a builder of the site in fsys.
func NewBuilder(fsys fs.FS, opts build.Options) *Builder {
	b := &Builder{fsys: &sources{FS: fsys, files: map[string][]byte{}}, opts: opts, cache: render.NewCache(), pool: newPool()}
	b.opts.Buffers = b.pool.get
	b.opts.Cache = b.cache
	b.opts.Parsed = site.NewLoadCache()
	b.opts.Bodies = build.NewBodyCache()
	b.opts.Incremental = true
	return b
}

// Build builds the site after changes to the named site files (every file
// when changed is nil). An edit of one guide's body only renders what shows
// that body; anything else builds the whole site.
func (b *Builder) Build(changed []string) *build.Result {
	b.fsys.(*sources).forget(changed)
	if b.last != nil && len(changed) == 1 {
		if res, ok := b.last.Update(b.fsys, changed[0]); ok {
			b.last = res
			b.Fast++
			return res
		}
	}
	res := build.Build(b.fsys, b.opts)
	b.last = nil
	if res.OK() {
		b.last = res
	}
	return res
}

// sources is the site folder as a builder reads it: a file read is kept
// until a build names it changed, so that a full build after an edit reads
// only what changed. The kept bytes are those the front matter and body
// caches hold anyway.
type sources struct {
	fs.FS
	mu    sync.Mutex
	files map[string][]byte
}

func (s *sources) ReadFile(name string) ([]byte, error) {
	s.mu.Lock()
	b, ok := s.files[name]
	s.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := fs.ReadFile(s.FS, name)
	if err == nil {
		s.mu.Lock()
		s.files[name] = b
		s.mu.Unlock()
	}
	return b, err
}

func (s *sources) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.FS, name) }
func (s *sources) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(s.FS, name) }

// forget drops the files named changed and those under them (a folder
// renamed or removed); nil drops every file.
func (s *sources) forget(changed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if changed == nil {
		clear(s.files)
		return
	}
	for _, c := range changed {
		if _, ok := s.files[c]; ok {
			delete(s.files, c)
			continue
		}
		for p := range s.files {
			if strings.HasPrefix(p, c+"/") {
				delete(s.files, p)
			}
		}
	}
}

// pool holds the buffers the builder gave updates for large outputs, for
// reuse once no request reads them (see Server.recycle): a page of
// megabytes copied into memory used before costs a few milliseconds, into
// fresh memory several times that.
type pool struct {
	mu    sync.Mutex
	free  map[string][]byte // by output path
	given map[*byte]bool    // the first byte of every buffer given out
	// Reused counts the buffers given again (tests).
	Reused int
}

func newPool() *pool { return &pool{free: map[string][]byte{}, given: map[*byte]bool{}} }

// get gives n bytes for the output at path.
func (p *pool) get(path string, n int) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b := p.free[path]; cap(b) >= n && n > 0 {
		delete(p.free, path)
		p.Reused++
		return b[:n]
	}
	if n == 0 {
		return nil
	}
	// Room to grow: the next edits of the page make it a little longer.
	b := make([]byte, n, n+n/64)
	p.given[&b[0]] = true
	return b
}

// put takes back the buffer of the output at path, which no request
// reads any more, when the pool gave it.
func (p *pool) put(path string, b []byte) {
	if cap(b) == 0 {
		return
	}
	first := &b[:1][0]
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.given[first] {
		return
	}
	if old, ok := p.free[path]; ok {
		delete(p.given, &old[:1][0])
	}
	p.free[path] = b
}
