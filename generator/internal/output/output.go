// Package output writes a built site to disk so that readers never see half
// of it: everything goes into a fresh folder beside the output, which then
// takes the output's place in one step. Files in the output that derma did
// not write are never deleted.
package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sys/unix"

	"derma/generator/internal/render"
)

// Manifest lists, inside the output, the files the last build wrote, so the
// next build knows which files are its own to replace.
const Manifest = ".derma-files"

// ForeignError lists files in the output that derma did not write.
type ForeignError struct {
	Out   string
	Files []string
	// Replaced are the Files a file of the build would take the place of.
	Replaced map[string]bool
}

func (e *ForeignError) Error() string {
	var b strings.Builder
	for _, f := range e.Files {
		fmt.Fprintf(&b, "%s:1: error: %s\n", filepath.Join(e.Out, f), e.Problem(f))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Problem is what is wrong with the foreign file f and what to do.
func (e *ForeignError) Problem(f string) string {
	if e.Replaced[f] {
		return "this file was not written by derma and the build's own /" + f + " would replace it; move it out of the output or delete it"
	}
	return "this file was not written by derma and would be lost; move it into content/ (it is then copied on every build) or delete it"
}

// Write puts outs into dir. Files with a Source are copied from src.
func Write(dir string, src fs.FS, outs []render.Output) error {
	w, err := Begin(dir, src)
	if err != nil {
		return err
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0) * 2)
	for _, o := range outs {
		g.Go(func() error { return w.Put(o) })
	}
	if err := g.Wait(); err != nil {
		w.Abort()
		return err
	}
	return w.Commit()
}

// Writer fills a fresh folder beside the output; Commit swaps it in.
// Put may be called from many goroutines.
type Writer struct {
	dir, tmp string
	src      fs.FS
	mu       sync.Mutex
	dirs     map[string]bool
	paths    []string
}

// Begin starts writing a new output for dir.
func Begin(dir string, src fs.FS) (*Writer, error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s is a file, not a folder: choose another --out", dir)
	}
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".derma-tmp-")
	if err != nil {
		return nil, fmt.Errorf("create a folder beside %s: %w", dir, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Writer{dir: dir, tmp: tmp, src: src, dirs: map[string]bool{".": true}}, nil
}

// Put writes one file of the new output.
func (w *Writer) Put(o render.Output) error {
	rel := filepath.FromSlash(o.Path)
	if err := w.mkdirs(filepath.Dir(rel)); err != nil {
		return err
	}
	w.mu.Lock()
	w.paths = append(w.paths, o.Path)
	w.mu.Unlock()
	dst := filepath.Join(w.tmp, rel)
	if o.Source == "" {
		return writeFile(dst, o.Data)
	}
	return copyFile(w.src, o.Source, dst)
}

func (w *Writer) mkdirs(d string) error {
	w.mu.Lock()
	done, parentDone := w.dirs[d], w.dirs[filepath.Dir(d)]
	w.mu.Unlock()
	if done {
		return nil
	}
	// Outside the lock: both are safe to race with themselves. Most folders
	// are made right under one already made, and one mkdir is a third of
	// what MkdirAll's stats and mkdir cost.
	full := filepath.Join(w.tmp, d)
	if err := os.Mkdir(full, 0o755); err != nil && (!parentDone || !errors.Is(err, fs.ErrExist)) {
		if err := os.MkdirAll(full, 0o755); err != nil {
			return err
		}
	}
	w.mu.Lock()
	for ; d != "." && d != "/" && !w.dirs[d]; d = filepath.Dir(d) {
		w.dirs[d] = true
	}
	w.mu.Unlock()
	return nil
}

// Abort throws the new output away; the old one stays as it was.
func (w *Writer) Abort() { os.RemoveAll(w.tmp) }

// Commit checks that no file of the old output would be lost, records what
// was written, and swaps the new output in.
func (w *Writer) Commit() error {
	sort.Strings(w.paths)
	written := func(rel string) ([]byte, error) { return os.ReadFile(filepath.Join(w.tmp, filepath.FromSlash(rel))) }
	if err := checkForeign(w.dir, w.paths, written); err != nil {
		w.Abort()
		return err
	}
	var m bytes.Buffer
	for _, p := range w.paths {
		m.WriteString(p)
		m.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(w.tmp, Manifest), m.Bytes(), 0o644); err != nil {
		w.Abort()
		return err
	}
	if err := swap(w.tmp, w.dir); err != nil {
		w.Abort()
		return err
	}
	return nil
}

// removeStale deletes folders left by builds that were killed midway.
func removeStale(parent, base string) {
	ents, _ := os.ReadDir(parent)
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() && (strings.HasPrefix(n, "."+base+".derma-tmp-") || strings.HasPrefix(n, "."+base+".derma-old-")) {
			os.RemoveAll(filepath.Join(parent, n))
		}
	}
}

// CheckForeign reports, as a *ForeignError, the files of dir that the last
// build did not write and the build at hand would delete or replace: a file
// not in paths, or one in paths that the last build did not write and whose
// bytes the new ones (as written gives them) differ from.
func CheckForeign(dir string, paths []string, written func(rel string) ([]byte, error)) error {
	return checkForeign(dir, paths, written)
}

func checkForeign(dir string, paths []string, written func(rel string) ([]byte, error)) error {
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is a file, not a folder: choose another --out", dir)
	}
	ours := map[string]bool{Manifest: true}
	if f, err := os.Open(filepath.Join(dir, Manifest)); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			ours[sc.Text()] = true
		}
		f.Close()
	}
	next := make(map[string]bool, len(paths))
	for _, p := range paths {
		next[p] = true
	}
	var foreign []string
	replaced := map[string]bool{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case ours[rel]:
		case !next[rel]:
			foreign = append(foreign, rel)
		case !sameBytes(p, rel, written):
			// A page or file of the new build lands on a file written by
			// hand: replacing it loses it as surely as deleting it.
			foreign = append(foreign, rel)
			replaced[rel] = true
		}
		return nil
	})
	if len(foreign) > 0 {
		sort.Strings(foreign)
		return &ForeignError{Out: dir, Files: foreign, Replaced: replaced}
	}
	return nil
}

// sameBytes tells whether the file at p holds what the build writes to rel.
func sameBytes(p, rel string, written func(rel string) ([]byte, error)) bool {
	if written == nil {
		return false
	}
	want, err := written(rel)
	if err != nil {
		return false
	}
	have, err := os.ReadFile(p)
	return err == nil && bytes.Equal(have, want)
}

func copyFile(src fs.FS, from, to string) error {
	in, err := src.Open(from)
	if err != nil {
		return fmt.Errorf("copy %s: %w", from, err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", from, err)
	}
	return out.Close()
}

// swap puts the new folder in the old one's place in one step where the
// system allows (renameat2 RENAME_EXCHANGE), else in two renames.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the previous output
	}
	old := tmp[:strings.LastIndex(tmp, ".derma-tmp-")] + ".derma-old-" + filepath.Base(tmp)[strings.LastIndex(filepath.Base(tmp), "-")+1:]
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	return os.RemoveAll(old)
}
