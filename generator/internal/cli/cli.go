// Package cli is derma's command line: flags, subcommands, exit codes. It
// only parses and calls; the work is done by the build, serve and scaffold
// packages.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"strings"
	"time"

	"derma/generator/internal/build"
	"derma/generator/internal/diag"
	"derma/generator/internal/output"
	"derma/generator/internal/site"
)

// Exit statuses.
const (
	ExitOK      = 0
	ExitContent = 1
	ExitUsage   = 2
)

type command struct {
	name    string
	args    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands []command

func init() {
	commands = []command{
		{"build", "[--site DIR] [--out DIR] [--drafts] [--future] [--strict] [--base-url URL]", "build the site into DIR/public (or --out)", runBuild},
		{"serve", "[--site DIR] [--addr 127.0.0.1:PORT] [--drafts] [--future]", "build in memory, serve on loopback, rebuild and reload on every change", runServe},
		{"check", "[--site DIR] [--strict] [--format text|json]", "run every check of build, writing nothing", runCheck},
		{"new", "guide|ingredient|mask-type|product \"Name\" [--site DIR]", "write a new content file with its front matter filled in", runNew},
	}
}

// Run runs derma with args (without the program name) and returns the exit status.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	switch args[0] {
	case "help":
		if len(args) > 1 {
			// derma help build is derma build --help.
			return Run([]string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return ExitOK
	case "-h", "--help", "-help":
		usage(stdout)
		return ExitOK
	case "--version", "version":
		fmt.Fprintln(stdout, "derma", Version)
		return ExitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "derma: unknown command %q%s\nRun 'derma --help' for the list of commands.\n", args[0], suggest(args[0]))
	return ExitUsage
}

// Version is set at build time with -ldflags "-X ...cli.Version=...".
var Version = "dev"

func usage(w io.Writer) {
	fmt.Fprintln(w, "derma builds skincare guide sites from Markdown.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands {
		fmt.Fprintf(w, "  derma %s %s\n        %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'derma COMMAND --help' for the flags of a command.")
	fmt.Fprintln(w, "Exit status: 0 success (warnings allowed), 1 content errors, 2 wrong usage.")
}

func suggest(name string) string {
	best, bestD := "", 3
	for _, c := range commands {
		if d := site.Distance(name, c.name); d < bestD {
			best, bestD = c.name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// flags makes a flag set whose errors say how to get help and exit 2.
func flags(name, args, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: derma %s %s\n%s\n\nFlags:\n", name, args, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses the flags of a command that takes no other argument.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (int, bool) {
	pos, code, ok := parse(fs, args)
	if !ok {
		return code, false
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "derma %s: unexpected argument %q; use --site DIR to choose the site folder\n", fs.Name(), pos[0])
		return ExitUsage, false
	}
	return 0, true
}

// open opens the site folder for command name, saying why when it cannot.
// once is for commands that read the site once (build, check), not serve.
func open(name, dir string, once bool, stderr io.Writer) (iofs.FS, func(), bool) {
	fsys, closer, err := openSite(dir, once)
	if err != nil {
		fmt.Fprintf(stderr, "derma %s: %v\n", name, err)
		return nil, nil, false
	}
	return fsys, closer, true
}

// parse parses args, allowing flags after positional arguments. It returns
// the positional arguments, or a status when the command must stop.
func parse(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, ExitOK, false
			}
			fmt.Fprintf(fs.Output(), "Run 'derma %s --help' for its flags.\n", fs.Name())
			return nil, ExitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

type buildFlags struct {
	site, out, baseURL     string
	drafts, future, strict bool
}

func (b *buildFlags) common(fs *flag.FlagSet) {
	fs.StringVar(&b.site, "site", ".", "the site folder (holds content/ and optionally templates/)")
	fs.BoolVar(&b.drafts, "drafts", false, "include guides marked draft: true")
	fs.BoolVar(&b.future, "future", false, "include guides dated in the future")
}

func (b *buildFlags) options() build.Options {
	var o build.Options
	o.Drafts, o.Future, o.Strict, o.BaseURL = b.drafts, b.future, b.strict, b.baseURL
	o.Blocks = blocks
	return o
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	fs := flags("build", commands[0].args, commands[0].summary, stderr)
	b.common(fs)
	fs.StringVar(&b.out, "out", "", "the output folder (default DIR/public)")
	fs.BoolVar(&b.strict, "strict", false, "treat every warning as an error")
	fs.StringVar(&b.baseURL, "base-url", "", "the site's absolute URL, overriding base_url in site.yaml")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof)")
	tracefile := fs.String("trace", "", "write an execution trace of the build to this file (for go tool trace)")
	timings := fs.Bool("timings", false, "print how long each phase of the build took")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if b.baseURL != "" {
		if err := site.CheckBaseURL(b.baseURL); err != nil {
			fmt.Fprintf(stderr, "derma build: --base-url %q: %v\n", b.baseURL, err)
			return ExitUsage
		}
	}
	stopTrace, err := record(*tracefile, trace.Start, trace.Stop)
	if err != nil {
		fmt.Fprintf(stderr, "derma build: %v\n", err)
		return ExitUsage
	}
	defer stopTrace()
	stopProfile, err := record(*cpuprofile, pprof.StartCPUProfile, pprof.StopCPUProfile)
	if err != nil {
		fmt.Fprintf(stderr, "derma build: %v\n", err)
		return ExitUsage
	}
	defer stopProfile()
	out := b.out
	if out == "" {
		out = filepath.Join(b.site, "public")
	}
	dir := followLink(out) // out names it in messages
	if msg := checkOut(b.site, dir); msg != "" {
		fmt.Fprintf(stderr, "derma build: %s\n", msg)
		return ExitUsage
	}
	fsys, closer, ok := open(fs.Name(), b.site, true, stderr)
	if !ok {
		return ExitUsage
	}
	defer closer()
	// Pages stream into a fresh folder beside the output as they are
	// rendered; it replaces the output only if the whole build succeeds.
	w, err := output.Begin(dir, fsys)
	if err != nil {
		fmt.Fprintf(stderr, "derma build: %v\n", err)
		return ExitContent
	}
	opts := b.options()
	opts.Emit = w.Put
	opts.Loaded = limitMemory
	res := build.Build(fsys, opts)
	otherTools(stdout, b.site)
	res.Diags = append(res.Diags, lostFiles(res, dir, shownOut(b.site, out))...)
	res.Diags.Sort()
	report(stderr, res.Diags)
	if !res.OK() {
		w.Abort()
		fmt.Fprintf(stderr, "build failed: %s; %s left as it was\n", count(res.Diags), out)
		return ExitContent
	}
	start := time.Now()
	err = w.Commit()
	if *timings {
		for _, p := range res.Phases {
			fmt.Fprintf(stderr, "%-22s %6.0f ms\n", p.Name, p.Time.Seconds()*1000)
		}
		fmt.Fprintf(stderr, "%-22s %6.0f ms\n", "swap in", time.Since(start).Seconds()*1000)
	}
	if err != nil {
		var fe *output.ForeignError
		if errors.As(err, &fe) {
			fe.Out = shownOut(b.site, out)
			fmt.Fprintln(stderr, fe.Error())
			fmt.Fprintf(stderr, "build failed: %s left as it was\n", out)
			return ExitContent
		}
		fmt.Fprintf(stderr, "derma build: writing %s: %v\n", out, err)
		return ExitContent
	}
	fmt.Fprintf(stdout, "built %s, %s in %s%s\n", counted(len(res.Site.Guides), "guide"), counted(pages(res), "page"), out, warnSummary(res.Diags))
	if res.Site.Config.BaseURL == "" {
		// Not a warning: a site without an address yet is fine to build.
		fmt.Fprintf(stdout, "no feed.xml or sitemap.xml: they need the site's address; set base_url: https://example.org/ in content/site.yaml or pass --base-url\n")
	}
	return ExitOK
}

// record starts writing a profile or trace to the file at path, unless path
// is empty, and gives what stops it and closes the file.
func record(path string, start func(io.Writer) error, stop func()) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		stop()
		f.Close()
	}, nil
}

// limitMemory sets a soft limit on the heap of a build, unless GOMEMLIMIT
// sets one: without it the collector lets the heap grow to twice the live
// data, and the memory it frees reaches the system late. A streaming build
// keeps about two and a half times the site's Markdown live, and a few
// kilobytes a file; the limit leaves room above that so that the collector
// never runs much more often than it would without one.
//
// Under that limit the collector may also run less often than GOGC=100
// would have it: most of what a build allocates is the garbage of Markdown
// trees and template calls, and every cycle marks the whole site again.
func limitMemory(markdownBytes, files int) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(64<<20 + 7*int64(markdownBytes)/2 + 6<<10*int64(files))
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
}

func pages(res *build.Result) int {
	n := 0
	for _, o := range res.Outputs {
		if strings.HasSuffix(o.Path, ".html") && o.Source == "" {
			n++
		}
	}
	for _, g := range res.Site.Guides {
		n -= len(g.Redirects) // pages at old addresses only send readers on
	}
	return n
}

// counted is "1 guide", "2 guides".
func counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func warnSummary(d diag.List) string {
	if len(d) == 0 {
		return ""
	}
	if len(d) == 1 {
		return " (1 warning)"
	}
	return fmt.Sprintf(" (%d warnings)", len(d))
}

func count(d diag.List) string {
	e, w := 0, 0
	for _, x := range d {
		if x.Severity == diag.Error {
			e++
		} else {
			w++
		}
	}
	s := fmt.Sprintf("%d errors", e)
	if e == 1 {
		s = "1 error"
	}
	if w == 1 {
		s += ", 1 warning"
	} else if w > 0 {
		s += fmt.Sprintf(", %d warnings", w)
	}
	return s
}

// checkOut refuses an output folder that would replace the site's sources,
// or that is a file: a wrong --out, so a usage error.
func checkOut(siteDir, out string) string {
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return fmt.Sprintf("%s is a file, not a folder: choose another --out", out)
	}
	sa, err1 := filepath.Abs(siteDir)
	oa, err2 := filepath.Abs(out)
	if err1 != nil || err2 != nil {
		return ""
	}
	// Compare where the folders really are, so a symbolic link to content/
	// is refused like content/ itself.
	sa, oa = realPath(sa), realPath(oa)
	if filepath.Dir(oa) == oa {
		// The output is made beside the folder and swapped in: a root has no beside.
		return fmt.Sprintf("--out %s is the root of the file system; choose a folder such as %s", out, filepath.Join(siteDir, "public"))
	}
	for _, bad := range []string{sa, filepath.Join(sa, "content"), filepath.Join(sa, "templates")} {
		if oa == bad || strings.HasPrefix(bad, oa+string(filepath.Separator)) {
			return fmt.Sprintf("--out %s would replace the site's own files; choose a folder such as %s", out, filepath.Join(siteDir, "public"))
		}
		if bad != sa && strings.HasPrefix(oa, bad+string(filepath.Separator)) {
			return fmt.Sprintf("--out %s is inside %s; choose a folder outside content/ and templates/", out, bad)
		}
	}
	if def := realPath(filepath.Join(sa, "public")); strings.HasPrefix(oa, def+string(filepath.Separator)) {
		// The default build would then find files it did not write there.
		return fmt.Sprintf("--out %s is inside the site's own output folder %s, which a build without --out replaces as a whole; choose a folder outside it", out, filepath.Join(siteDir, "public"))
	}
	return ""
}

// followLink is the folder a symbolic link out leads to, or out: the build
// replaces that folder, and the link goes on leading to the new one.
func followLink(out string) string {
	if fi, err := os.Lstat(out); err == nil && fi.Mode()&iofs.ModeSymlink != 0 {
		if r, err := filepath.EvalSymlinks(out); err == nil {
			if fi, err := os.Stat(r); err == nil && fi.IsDir() {
				return r
			}
		}
	}
	return out
}

// realPath resolves symbolic links in the longest part of p that exists.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	dir, base := filepath.Split(p)
	dir = filepath.Clean(dir)
	if dir == p {
		return p
	}
	return filepath.Join(realPath(dir), base)
}

// shownOut is the output folder as messages name it: public when it is the
// site's own, as content/ paths are relative to the site folder.
func shownOut(site, out string) string {
	if filepath.Clean(out) == filepath.Join(site, "public") {
		return "public"
	}
	return out
}

// otherTools says where derma wants what a site laid out for Hugo or Zola
// keeps in folders it does not read: not a problem of the content, so
// not a warning, but otherwise the files are left out without a word.
func otherTools(w io.Writer, siteDir string) {
	for _, n := range []struct{ name, say string }{
		{"static", "static/ is not read: files copied as they are go in content/ (beside the guides that use them), theme assets such as style.css in templates/static/"},
		{"layouts", "layouts/ is not read: page templates go in templates/ (guide.html, base.html, partials.html), overriding the built-in theme file by file"},
		{"config.toml", "config.toml is not read: site settings go in content/site.yaml (title, base_url, language...)"},
		{"hugo.toml", "hugo.toml is not read: site settings go in content/site.yaml (title, base_url, language...)"},
	} {
		if _, err := os.Stat(filepath.Join(siteDir, n.name)); err == nil {
			fmt.Fprintln(w, n.say)
		}
	}
}

// lostFiles are, for a build stopped by errors before its pages, the files
// in out (shown as shown) that derma did not write and that the build, once
// mended, would delete: told now, with the other problems, not on the next
// run. A file the build would replace is left to that run, which knows
// whether it writes the same bytes.
func lostFiles(res *build.Result, out, shown string) diag.List {
	var d diag.List
	if res.Planned == nil {
		return d
	}
	var fe *output.ForeignError
	if err := output.CheckForeign(out, res.Planned, nil); errors.As(err, &fe) {
		fe.Out = shown
		for _, f := range fe.Files {
			if !fe.Replaced[f] {
				d.Errorf(path.Join(filepath.ToSlash(shown), f), 0, 0, "%s", fe.Problem(f))
			}
		}
	}
	return d
}

func report(w io.Writer, d diag.List) {
	for _, x := range d {
		fmt.Fprintln(w, x.String())
	}
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	var b buildFlags
	fs := flags("check", commands[2].args, commands[2].summary, stderr)
	b.common(fs)
	fs.BoolVar(&b.strict, "strict", false, "treat every warning as an error")
	format := fs.String("format", "text", "text, or json: one object per problem with path, line, col, severity, message")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "derma check: --format %q: use text or json\n", *format)
		return ExitUsage
	}
	fsys, closer, ok := open(fs.Name(), b.site, true, stderr)
	if !ok {
		return ExitUsage
	}
	defer closer()
	res := build.Build(fsys, b.options())
	if res.OK() {
		// build would refuse to replace files in public/ it did not write.
		out := filepath.Join(b.site, "public")
		paths := make([]string, len(res.Outputs))
		byPath := make(map[string]int, len(res.Outputs))
		for i, o := range res.Outputs {
			paths[i] = o.Path
			byPath[o.Path] = i
		}
		written := func(rel string) ([]byte, error) {
			o := res.Outputs[byPath[rel]]
			if o.Data == nil && o.Source != "" {
				return iofs.ReadFile(fsys, o.Source)
			}
			return o.Data, nil
		}
		var fe *output.ForeignError
		if err := output.CheckForeign(followLink(out), paths, written); errors.As(err, &fe) {
			fe.Out = shownOut(b.site, out)
			for _, f := range fe.Files {
				res.Diags.Errorf(path.Join(filepath.ToSlash(fe.Out), f), 0, 0, "%s", fe.Problem(f))
			}
			res.Diags.Sort()
		}
	}
	out := filepath.Join(b.site, "public")
	if *format == "json" {
		otherTools(stderr, b.site) // stdout holds the JSON alone
	} else {
		otherTools(stdout, b.site)
	}
	res.Diags = append(res.Diags, lostFiles(res, followLink(out), shownOut(b.site, out))...)
	res.Diags.Sort()
	if *format == "json" {
		writeJSON(stdout, res.Diags)
	} else {
		report(stderr, res.Diags)
		if res.OK() {
			fmt.Fprintf(stdout, "ok: %s checked%s\n", counted(len(res.Site.Guides), "guide"), warnSummary(res.Diags))
		} else {
			fmt.Fprintf(stderr, "check failed: %s\n", count(res.Diags))
		}
	}
	if !res.OK() {
		return ExitContent
	}
	return ExitOK
}
