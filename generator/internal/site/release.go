package site

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"

	"derma/generator/internal/meta"
)

// released is what Release keeps of a guide's body to read it again.
type released struct {
	ok  bool
	n   int    // the body's length: the file ends with it
	sum uint64 // the body's hash, to tell that it is still what was loaded
}

var releaseSeed = maphash.MakeSeed()

// Release lets go of the guide's Markdown source, keeping what ReadBody needs
// to read it again from the file: a build that renders each guide's page
// right after its body then holds a source per worker, not the whole site's.
func (g *Guide) Release() {
	if g.released.ok {
		return
	}
	g.released = released{ok: true, n: len(g.Body), sum: maphash.Bytes(releaseSeed, g.Body)}
	g.Body = nil
}

// BodySize is the length of the guide's body, released or not.
func (g *Guide) BodySize() int {
	if g.released.ok {
		return g.released.n
	}
	return len(g.Body)
}

// ReadBody reads again the body that Release let go, into *scratch when it
// is set (Body then shares its memory until the next read into it). The file
// must still end with the same body; if it changed since the site was
// loaded, the page would mix two versions of it, so that is an error.
func (g *Guide) ReadBody(fsys fs.FS, scratch *[]byte) error {
	if !g.released.ok {
		return nil
	}
	var buf []byte
	if scratch != nil {
		buf = *scratch
	}
	src, err := ReadFileInto(fsys, g.Path, buf)
	if scratch != nil && err == nil {
		*scratch = src
	}
	if err != nil {
		return fmt.Errorf("cannot read it again: %w", err)
	}
	n := g.released.n
	if len(src) < n {
		return errChanged
	}
	body := src[len(src)-n:]
	if bytes.IndexByte(body, '\r') >= 0 {
		body = meta.Normalize(body)
	}
	if maphash.Bytes(releaseSeed, body) != g.released.sum {
		return errChanged
	}
	g.Body, g.released = body, released{}
	return nil
}

var errChanged = errors.New("the file changed while the site was being built; build again")

// ReadFileInto reads the file name of fsys into buf's memory when fsys can
// (as the site folder of a build can), else as fs.ReadFile does.
func ReadFileInto(fsys fs.FS, name string, buf []byte) ([]byte, error) {
	if r, ok := fsys.(interface {
		ReadFileInto(string, []byte) ([]byte, error)
	}); ok {
		return r.ReadFileInto(name, buf)
	}
	return fs.ReadFile(fsys, name)
}
