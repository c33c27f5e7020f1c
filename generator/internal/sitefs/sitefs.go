// Package sitefs opens a site folder as a file system that cannot be left
// through symbolic links or "..", as os.Root does, and reads its files with
// fewer system calls: a build reads thousands of small files, and os.Root
// opens every folder on the way to each of them again, then registers the
// file with the poller it never uses.
package sitefs

import (
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
)

// FS is a site folder. Its methods may be called from many goroutines.
type FS struct {
	root *os.Root
	fsys fs.FS // root.FS(): Open, ReadDir, Stat, Lstat, ReadLink
	keep bool

	mu   sync.Mutex
	dirs map[string]int // folder → open descriptor, or -1 when it cannot be used
	open []*os.File
}

// Open opens the site folder dir. With keepFolders, the folders files are
// read from stay open until Close and files are read straight from them:
// right for a build, which reads a site once, not for a server, whose
// folders may be renamed and made again while it runs (a folder kept open
// would then be the old one).
func Open(dir string, keepFolders bool) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: root, fsys: root.FS(), keep: keepFolders, dirs: map[string]int{}}, nil
}

// Close closes the folder and every folder kept open.
func (f *FS) Close() error {
	f.mu.Lock()
	for _, d := range f.open {
		d.Close()
	}
	f.open, f.dirs = nil, map[string]int{}
	f.mu.Unlock()
	return f.root.Close()
}

func (f *FS) Open(name string) (fs.File, error) { return f.fsys.Open(name) }

// ReadDir lists the folder name, sorted. os.Root asks the type of every
// entry again of the file system, which the listing already tells; here the
// entries come from the folder's descriptor, and only Info asks.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if f.keep && fs.ValidPath(name) {
		if fd := f.folder(name); fd >= 0 {
			if es, ok := readDirAt(fd, name); ok {
				slices.SortFunc(es, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
				for i, e := range es {
					es[i] = entry{e, f, name}
				}
				return es, nil
			}
		}
	}
	return fs.ReadDir(f.fsys, name)
}

// entry is a listed file whose Info is asked through the root: the listing's
// own would look the file up by a path relative to the working folder.
type entry struct {
	fs.DirEntry
	fsys *FS
	dir  string
}

func (e entry) Info() (fs.FileInfo, error) { return e.fsys.Lstat(path.Join(e.dir, e.Name())) }

func (f *FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.fsys, name) }

func (f *FS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(f.fsys, name) }

func (f *FS) ReadLink(name string) (string, error) { return fs.ReadLink(f.fsys, name) }

// ReadFile reads the file name. A regular file is read straight from its
// folder's descriptor; anything else (a symbolic link, a missing file, a
// folder) is left to os.Root, which follows links inside the site and says
// what is wrong in its usual words.
func (f *FS) ReadFile(name string) ([]byte, error) { return f.ReadFileInto(name, nil) }

// ReadFileInto is ReadFile reading into buf's memory when it is large enough
// (the bytes returned then share it), so that a caller reading many files
// one after the other needs no new memory for each.
func (f *FS) ReadFileInto(name string, buf []byte) ([]byte, error) {
	if f.keep && fs.ValidPath(name) && name != "." {
		dir, base := path.Split(name)
		if dir == "" {
			dir = "."
		} else {
			dir = dir[:len(dir)-1]
		}
		if fd := f.folder(dir); fd >= 0 {
			if b, ok := readAt(fd, base, buf); ok {
				return b, nil
			}
		}
	}
	return fs.ReadFile(f.fsys, name)
}

// folder returns a descriptor of the folder dir opened through the root, or
// -1 when there is none to use.
func (f *FS) folder(dir string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fd, ok := f.dirs[dir]; ok {
		return fd
	}
	fd := -1
	if d, err := f.root.Open(dir); err == nil {
		if fd = descriptor(d); fd >= 0 {
			f.open = append(f.open, d)
		} else {
			d.Close()
		}
	}
	f.dirs[dir] = fd
	return fd
}
