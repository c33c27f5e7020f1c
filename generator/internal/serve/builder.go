package serve

import (
	"io/fs"

	"derma/generator/internal/build"
)

// Builder builds a site again and again.
type Builder struct {
	fsys fs.FS
	opts build.Options
}

// NewBuilder returns a builder of the site in fsys.
func NewBuilder(fsys fs.FS, opts build.Options) *Builder {
	return &Builder{fsys: fsys, opts: opts}
}

// Build builds the site after changes to the named site files (every file
// when changed is nil).
func (b *Builder) Build(changed []string) *build.Result {
	return build.Build(b.fsys, b.opts)
}
