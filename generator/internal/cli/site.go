package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	blocksPkg "derma/generator/internal/blocks"
	"derma/generator/internal/diag"
	"derma/generator/internal/markdown"
	"derma/generator/internal/resolve"
	"derma/generator/internal/scaffold"
	"derma/generator/internal/serve"
	"derma/generator/internal/site"
	"derma/generator/internal/sitefs"
)

// openSite opens the site folder as a file system that cannot be left through
// symbolic links or "..". once keeps its folders open while it is read
// (sitefs.Open).
func openSite(dir string, once bool) (fs.FS, func(), error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("site folder %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, nil, fmt.Errorf("site folder %s is not a folder", dir)
	}
	if info, err := os.Stat(filepath.Join(dir, "content")); err != nil || !info.IsDir() {
		return nil, nil, fmt.Errorf("%s is not a site folder (it has no content/): run derma in a site folder or pass --site DIR", dir)
	}
	f, err := sitefs.Open(dir, once)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// blocks are the fenced blocks derma renders; set by the blocks package.
var blocks func(s *site.Site, ix *resolve.Index) map[string]markdown.BlockFunc = blocksPkg.Funcs

type jsonDiag struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

func writeJSON(w io.Writer, d diag.List) {
	out := make([]jsonDiag, len(d))
	for i, x := range d {
		out[i] = jsonDiag{x.Path, x.Line, x.Col, x.Severity.String(), x.Message}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

// validPort reports whether port is a TCP port number (0 picks a free one)
// or a service name such as http.
func validPort(port string) bool {
	_, err := net.LookupPort("tcp", port)
	return err == nil
}

func runServe(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	fs := flags("serve", commands[1].args, commands[1].summary, stderr)
	b.common(fs)
	addr := fs.String("addr", serve.DefaultAddr, "where to listen; loopback unless you name another address")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil || port == "" || !validPort(port) {
		fmt.Fprintf(stderr, "derma serve: --addr %q: write a host and a port, such as %s\n", *addr, serve.DefaultAddr)
		return ExitUsage
	}
	if host == "" {
		// ":8080" names a port, not an address: it stays on loopback, and
		// every interface is for an author who writes 0.0.0.0:8080.
		*addr = net.JoinHostPort("127.0.0.1", port)
	}
	fsys, closer, ok := open(fs.Name(), b.site, false, stderr)
	if !ok {
		return ExitUsage
	}
	defer closer()
	ctx, stop := signal.NotifyContext(serveContext, os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := serve.New(fsys, serve.Options{Addr: *addr, Build: b.options(), Log: stderr, Ready: serveReady})
	if err := srv.Run(ctx, b.site); err != nil {
		fmt.Fprintf(stderr, "derma serve: %v\n", err)
		return ExitContent
	}
	return ExitOK
}

// serveContext and serveReady let tests run and stop the serve command.
var (
	serveContext = context.Background()
	serveReady   func(addr string)
)

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := flags("new", commands[3].args, commands[3].summary, stderr)
	siteDir := fs.String("site", ".", "the site folder the file is written under (content/<kind folder>/<slug>.md)")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	kinds := strings.Join(scaffold.Kinds, ", ")
	if len(pos) != 2 {
		fmt.Fprintf(stderr, "derma new: want a kind (%s) and a name in quotes, as in: derma new guide \"How to use a sheet mask\"\n", kinds)
		return ExitUsage
	}
	// As hugo new does, refuse to start a content folder where there is no
	// site: a typo in --site or the wrong working folder would scatter files.
	if info, err := os.Stat(filepath.Join(*siteDir, "content")); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "derma new: %s is not a site folder (it has no content/): run derma in a site folder or pass --site DIR\n", *siteDir)
		return ExitUsage
	}
	if msg := taken(*siteDir, pos[0], pos[1]); msg != "" {
		fmt.Fprintf(stderr, "derma new: %s\n", msg)
		return ExitContent
	}
	rel, err := scaffold.New(*siteDir, pos[0], pos[1], newNow())
	switch {
	case errors.Is(err, scaffold.ErrUnknownKind), errors.Is(err, scaffold.ErrBadName):
		fmt.Fprintf(stderr, "derma new: %v\n", err)
		return ExitUsage
	case err != nil:
		fmt.Fprintf(stderr, "derma new: %v\n", err)
		return ExitContent
	}
	fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(*siteDir, filepath.FromSlash(rel)))
	return ExitOK
}

// newNow is the date new files get; tests fix it.
var newNow = time.Now

// taken names the file a new one of kind and name would clash with, so that
// new never writes a file the next build rejects: a guide whose slug another
// guide has (in a subfolder, or from a name that folds to it), or an entry
// whose name another entry of its kind already answers to (HA, an alias of
// Hyaluronic Acid). "" when there is none, or when the file itself exists
// (New says so).
func taken(dir, kind, name string) string {
	rel, err := scaffold.Path(kind, name)
	if err != nil {
		return ""
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil {
		return ""
	}
	fsys, closer, err := openSite(dir, true)
	if err != nil {
		return ""
	}
	defer closer()
	s, _ := site.Load(fsys, site.Options{Drafts: true, Future: true})
	want := resolve.Key(name)
	if kind == "guide" {
		guides := slices.Clone(s.Guides)
		for _, g := range s.Unpublished {
			guides = append(guides, g)
		}
		slices.SortFunc(guides, func(a, b *site.Guide) int { return strings.Compare(a.Path, b.Path) })
		for _, g := range guides {
			if g.Slug == want {
				return fmt.Sprintf("%s already has the slug %q (%s): edit it, or choose another name", g.Path, want, g.URL())
			}
		}
		return ""
	}
	k, ok := site.KindFromDir(path.Base(path.Dir(rel)))
	if !ok {
		return ""
	}
	for _, e := range s.Entries[k] {
		if e.Stub {
			continue
		}
		for _, n := range append([]string{e.Slug, e.Name, e.INCI}, e.Aliases...) {
			if n != "" && resolve.Key(n) == want {
				return fmt.Sprintf("%q is already %s (%s): edit it, or choose another name", strings.TrimSpace(name), e.Name, e.Path)
			}
		}
	}
	return ""
}
