package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watched are the folders of a site whose changes trigger a rebuild.
var watched = []string{"content", "templates"}

// watcher follows content/ and templates/ recursively, including folders
// created, renamed or deleted while it runs, and reports changed site files
// in bursts.
type watcher struct {
	dir string // the site folder
	w   *fsnotify.Watcher
	log *log.Logger
	// dirs are the folders watched, by path on disk. fsnotify names events
	// by the path a folder had when it was added, so a folder renamed must
	// be dropped with everything under it and added again by its new name.
	dirs map[string]bool
}

func newWatcher(dir string, lg *log.Logger) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	w := &watcher{dir: dir, w: fw, log: lg, dirs: map[string]bool{}}
	// The site folder itself, to see content/ or templates/ appear.
	if err := fw.Add(dir); err != nil {
		fw.Close()
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	for _, d := range watched {
		w.addTree(filepath.Join(dir, d))
	}
	return w, nil
}

func (w *watcher) close() { w.w.Close() }

// addTree watches root and every folder under it, and returns the files
// found, so files created before the watch was in place are not missed.
func (w *watcher) addTree(root string) []string {
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if err := w.w.Add(p); err != nil {
				w.log.Printf("cannot watch %s: %v", p, err)
				return nil
			}
			w.dirs[p] = true
			return nil
		}
		files = append(files, p)
		return nil
	})
	return files
}

// dropTree stops watching root and every folder under it: root was renamed
// or removed. Its watch may already be gone (fsnotify drops a watch whose
// own folder moves, but not those of the folders inside it), so errors
// say nothing.
func (w *watcher) dropTree(root string) {
	if !w.dirs[root] {
		return
	}
	prefix := root + string(filepath.Separator)
	for d := range w.dirs {
		if d == root || strings.HasPrefix(d, prefix) {
			w.w.Remove(d)
			delete(w.dirs, d)
		}
	}
}

// ignored reports editor temporary files, whose changes are noise: hidden
// files (the build reads none; gedit saves through .goutputstream-*, vim
// through .x.swp), backups, and the files vim and JetBrains editors write
// beside the one they save.
func ignored(name string) bool {
	base := filepath.Base(name)
	switch {
	case strings.HasPrefix(base, "."), base == "4913", strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swo"),
		strings.HasSuffix(base, ".tmp"), strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"):
		return true
	}
	return false
}

// rel turns a path on disk into a site path (content/guides/x.md), or ""
// when it is outside the watched folders.
func (w *watcher) rel(p string) string {
	r, err := filepath.Rel(w.dir, p)
	if err != nil {
		return ""
	}
	r = filepath.ToSlash(r)
	for _, d := range watched {
		if r == d || strings.HasPrefix(r, d+"/") {
			return r
		}
	}
	return ""
}

// run calls rebuild with the site paths changed in each burst of events
// until ctx is done. A burst ends when no event came for debounce.
func (w *watcher) run(ctx context.Context, debounce time.Duration, rebuild func(changed []string)) {
	// pending holds the site paths changed in this burst, each true when
	// the burst began by creating it.
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			w.log.Printf("watching: %v", err)
			// Events may have been lost: rebuild everything.
			pending[""] = true
			timer.Reset(debounce)
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			r := w.rel(ev.Name)
			if r == "" || ignored(ev.Name) {
				continue
			}
			if _, seen := pending[r]; !seen {
				pending[r] = ev.Has(fsnotify.Create)
			}
			if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
				// Before its new name is added: the kernel keeps one watch
				// per folder, which Add would give back under the old name.
				w.dropTree(ev.Name)
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					// A new or renamed-in folder: watch it and take its files.
					for _, f := range w.addTree(ev.Name) {
						if r := w.rel(f); r != "" && !ignored(f) {
							if _, seen := pending[r]; !seen {
								pending[r] = true
							}
						}
					}
				}
			}
			timer.Reset(debounce)
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			var changed []string
			_, all := pending[""]
			for p, born := range pending {
				if born && !exists(filepath.Join(w.dir, filepath.FromSlash(p))) {
					// Made and gone within the burst: a file an editor
					// or a tool (sed -i) saves through. No build saw it.
					continue
				}
				changed = append(changed, p)
			}
			if len(changed) == 0 && !all {
				clear(pending)
				continue
			}
			sort.Strings(changed)
			clear(pending)
			if all {
				changed = nil
			}
			rebuild(changed)
		}
	}
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return !errors.Is(err, fs.ErrNotExist)
}
