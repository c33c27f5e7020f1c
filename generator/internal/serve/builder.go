package serve

import (
	"io/fs"

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
}

// NewBuilder returns a builder of the site in fsys.
func NewBuilder(fsys fs.FS, opts build.Options) *Builder {
	b := &Builder{fsys: fsys, opts: opts, cache: render.NewCache()}
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
