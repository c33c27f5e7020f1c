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
	"path/filepath"
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
	if _, port, err := net.SplitHostPort(*addr); err != nil || port == "" || !validPort(port) {
		fmt.Fprintf(stderr, "derma serve: --addr %q: write a host and a port, such as %s\n", *addr, serve.DefaultAddr)
		return ExitUsage
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
	rel, err := scaffold.New(*siteDir, pos[0], pos[1], newNow())
	switch {
	case errors.Is(err, scaffold.ErrUnknownKind):
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
