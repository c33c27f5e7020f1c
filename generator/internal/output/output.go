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
}

func (e *ForeignError) Error() string {
	var b strings.Builder
	for _, f := range e.Files {
		fmt.Fprintf(&b, "%s: error: this file was not written by derma and would be lost; move it into content/ (it is then copied on every build) or delete it\n", filepath.Join(e.Out, f))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Write puts outs into dir. Files with a Source are copied from src.
func Write(dir string, src fs.FS, outs []render.Output) error {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	if err := checkForeign(dir, outs); err != nil {
		return err
	}
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".derma-tmp-")
	if err != nil {
		return fmt.Errorf("create a folder beside %s: %w", dir, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := writeAll(tmp, src, outs); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := swap(tmp, dir); err != nil {
		os.RemoveAll(tmp)
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

func checkForeign(dir string, outs []render.Output) error {
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
	for _, o := range outs {
		ours[filepath.ToSlash(o.Path)] = true
	}
	var foreign []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if !ours[filepath.ToSlash(rel)] {
			foreign = append(foreign, filepath.ToSlash(rel))
		}
		return nil
	})
	if len(foreign) > 0 {
		sort.Strings(foreign)
		return &ForeignError{Out: dir, Files: foreign}
	}
	return nil
}

func writeAll(root string, src fs.FS, outs []render.Output) error {
	dirs := map[string]bool{}
	for _, o := range outs {
		for d := filepath.Dir(o.Path); d != "." && !dirs[d]; d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	sorted := make([]string, 0, len(dirs))
	for d := range dirs {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted)
	for _, d := range sorted {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0) * 2)
	for _, o := range outs {
		g.Go(func() error {
			dst := filepath.Join(root, filepath.FromSlash(o.Path))
			if o.Source == "" {
				return os.WriteFile(dst, o.Data, 0o644)
			}
			return copyFile(src, o.Source, dst)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var m bytes.Buffer
	paths := make([]string, len(outs))
	for i, o := range outs {
		paths[i] = o.Path
	}
	sort.Strings(paths)
	for _, p := range paths {
		m.WriteString(p)
		m.WriteByte('\n')
	}
	return os.WriteFile(filepath.Join(root, Manifest), m.Bytes(), 0o644)
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
