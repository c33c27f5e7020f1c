package serve

import (
	"io/fs"

	"derma/generator/internal/build"
	"derma/generator/internal/render"
)

// Builder builds a site again and again.
type Builder struct {
	fsys  fs.FS
	opts  build.Options
	cache *render.Cache
}

// NewBuilder returns a builder of the site in fsys.
func NewBuilder(fsys fs.FS, opts build.Options) *Builder {
	b := &Builder{fsys: fsys, opts: opts, cache: render.NewCache()}
	b.opts.Cache = b.cache
	return b
}

// Build builds the site after changes to the named site files (every file
// when changed is nil).
func (b *Builder) Build(changed []string) *build.Result {
	return build.Build(b.fsys, b.opts)
}
