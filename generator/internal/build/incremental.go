package build

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"derma/generator/internal/diag"
	"derma/generator/internal/markdown"
	"derma/generator/internal/meta"
	"derma/generator/internal/render"
	"derma/generator/internal/search"
	"derma/generator/internal/site"
)

// An author mostly edits the prose of one guide. Nothing but the guide's own
// page, the feed (which carries the newest guides' bodies) and the search
// index (which carries headings) shows a guide's body: cards, lists, related
// guides and entry pages are made from front matter, and entry pages list a
// guide's routines by title and id only. So when the front matter and the
// routines of the guide are unchanged, Update renders those few files again
// and keeps every other output of the last build; the body of a draft or
// future guide the build leaves out shows nowhere. Like render.Cache, this
// holds for the built-in theme and any theme that shows a guide's body only
// on the guide's page.

// incremental is what Update needs of the build that made a Result.
type incremental struct {
	opts   Options
	theme  *render.Theme
	md     *markdown.Renderer
	links  *markdown.Links   // the pages and files links may lead to
	fronts map[string][]byte // guide path → the bytes before its body, as read
	guides map[string]int    // published guide path → position in Site.Guides
	outs   map[string]int    // output path → position in Outputs
	search *search.Index     // the index the outputs hold, in Site.Guides order
	lists  *render.Listings  // which pages show each guide
	clock  bool              // Options.Now was unset: builds use the time they run
	reads  map[string][]byte // guide sources read by the build, until kept
	// linked gives the files whose links lead to each site path (or name
	// each draft or future guide, by URL and source path): a page among
	// them stays, or they are converted again.
	linked map[string][]string
	// blockStubs are the stubs Markdown blocks name: a stub among them
	// stays.
	blockStubs map[*site.Entry]bool
	mu         sync.Mutex // guards reads, linked and blockStubs while the build runs
	// fragments are the messages of links to places in pages that the last
	// result holds, made again for every update from the whole site, as a
	// heading one edit renames may be another guide's link target.
	fragments diag.List
	reserved  map[string][]string // the theme's ids, by kind of page
}

// newIncremental starts the state of a build made with Options.Incremental.
func newIncremental(opts Options) *incremental {
	return &incremental{clock: opts.Now.IsZero(), reads: map[string][]byte{}, linked: map[string][]string{}, blockStubs: map[*site.Entry]bool{}, lists: render.NewListings()}
}

// blockStub records that a Markdown block names stub e.
func (inc *incremental) blockStub(e *site.Entry) {
	inc.mu.Lock()
	inc.blockStubs[e] = true
	inc.mu.Unlock()
}

// link records that a link in the file from leads to the page or file at
// sitePath.
func (inc *incremental) link(from, sitePath string) {
	inc.mu.Lock()
	if l := inc.linked[sitePath]; len(l) == 0 || l[len(l)-1] != from {
		inc.linked[sitePath] = append(l, from)
	}
	inc.mu.Unlock()
}

// recorder is the site folder as a build with Options.Incremental reads it:
// it keeps the guide sources so the front matter of each can be compared
// with the file's next version.
type recorder struct {
	fs.FS
	inc *incremental
}

// isGuidePath reports whether the file at site path p is a guide when it
// exists: a Markdown file under content/guides/, not a section's
// _index.md, and in no folder a build skips.
func isGuidePath(p string) bool {
	rest, ok := strings.CutPrefix(p, site.ContentDir+"/guides/")
	if !ok || !strings.HasSuffix(p, ".md") || path.Base(p) == "_index.md" {
		return false
	}
	for _, part := range strings.Split(rest, "/") {
		if part == "" || strings.HasPrefix(part, ".") || strings.HasSuffix(part, "~") {
			return false
		}
	}
	return true
}

func (r recorder) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(r.FS, name)
	if err == nil && isGuidePath(name) {
		r.inc.mu.Lock()
		r.inc.reads[name] = b
		r.inc.mu.Unlock()
	}
	return b, err
}

func (r recorder) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(r.FS, name) }
func (r recorder) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(r.FS, name) }

// front is the part of src before body, the Markdown meta.Parse found in
// it; false when body is not src's tail.
func front(src, body []byte) ([]byte, bool) {
	if !bytes.HasSuffix(src, body) {
		return nil, false
	}
	return src[:len(src)-len(body)], true
}

// keep finishes the state of a successful build for Update.
func (inc *incremental) keep(r *Result, opts Options, theme *render.Theme, md *markdown.Renderer, links *markdown.Links, si *search.Index) {
	inc.opts, inc.theme, inc.md, inc.links, inc.search = opts, theme, md, links, si
	s := r.Site
	inc.fronts = make(map[string][]byte, len(s.Guides))
	inc.guides = make(map[string]int, len(s.Guides))
	remember := func(g *site.Guide) {
		// A BOM is dropped before the split; it stays part of the front.
		if f, ok := front(inc.reads[g.Path], g.Body); ok {
			inc.fronts[g.Path] = bytes.Clone(f)
		}
	}
	for i, g := range s.Guides {
		inc.guides[g.Path] = i
		remember(g)
	}
	for _, g := range s.Unpublished {
		remember(g)
	}
	inc.reads = nil
	inc.outs = make(map[string]int, len(r.Outputs))
	for i, o := range r.Outputs {
		inc.outs[o.Path] = i
	}
	r.inc = inc
}

// Update returns the result of building the site again after the guide
// file at path (a site path: content/guides/x.md) changed, was written or
// was deleted, when only that guide's body changed in a way that leaves
// every other output as it was, or its front matter changed in a way
// updateFront can follow. It returns false when a full build is needed
// instead: any other file, a changed routine, an edit updateFront does not
// follow, or an error. The new result shares the site with r, which must
// not be used afterwards; r's outputs stay valid.
func (r *Result) Update(fsys fs.FS, path string) (*Result, bool) {
	inc := r.inc
	if inc == nil || !r.OK() || !isGuidePath(path) || inc.due(r.Site) {
		return nil, false
	}
	s := r.Site
	src, err := fs.ReadFile(fsys, path)
	if errors.Is(err, fs.ErrNotExist) {
		return r.removeFile(path)
	}
	if err != nil {
		return nil, false
	}
	doc, err := meta.Parse(src)
	if err != nil {
		return nil, false
	}
	f, ok := front(src, doc.Body)
	if !ok {
		return nil, false
	}
	oldFront, known := inc.fronts[path]
	if _, published := inc.guides[path]; !known && (published || s.Unpublished[path] != nil) {
		return nil, false // a guide whose front matter the build could not keep
	}
	if !known || !bytes.Equal(f, oldFront) {
		return r.updateFront(path, f, doc)
	}
	gi, ok := inc.guides[path]
	if !ok {
		// A draft or future guide: the build neither renders its body nor
		// checks it, so nothing changes but the body kept for later.
		g := s.Unpublished[path]
		if g == nil {
			return nil, false
		}
		g.Body = doc.Body
		return r.next(r.Outputs, r.Diags), true
	}
	g := s.Guides[gi]

	// The old body's messages, to take out of the list: rendering is
	// deterministic, so this is what the last build reported for it.
	var buf bytes.Buffer
	old := *g
	old.FAQ = slices.Clone(g.FAQ)
	oldDiags := inc.bodyDiags(&old, &buf)
	ng := *g
	ng.Body = doc.Body
	ng.FAQ = slices.Clone(g.FAQ)
	buf.Reset()
	newDiags := inc.bodyDiags(&ng, &buf)
	if newDiags.HasErrors() || !sameRoutines(g.Routines, ng.Routines) || !sameMentions(g.Body, ng.Body) {
		return nil, false
	}
	diags, ok := replaceDiags(r.Diags, path, g.BodyLine, oldDiags, newDiags)
	if !ok {
		return nil, false
	}

	page, err := render.GuidePage(s, inc.theme, &ng, render.Options{Dev: inc.opts.Dev})
	if err != nil {
		return nil, false
	}
	headingsChanged := !slices.Equal(g.Headings, ng.Headings)
	// From here on the update cannot fail: the guide takes its new body in
	// place, so every list and routine that points at it stays right. The
	// server only reads outputs, never the site, so this does not race.
	*g = ng
	outs := slices.Clone(r.Outputs)
	set := func(o render.Output) {
		if i, ok := inc.outs[o.Path]; ok {
			outs[i] = o
		}
	}
	set(page)
	if s.Config.BaseURL != "" && gi < render.FeedSize {
		set(render.Output{Path: "feed.xml", Data: render.Feed(s, inc.opts.Now)})
	}
	if headingsChanged {
		inc.searchRecord(outs, gi, search.Record(s, g))
	}
	return r.next(outs, diags), true
}

// removeFile is Update for the guide file at path deleted.
func (r *Result) removeFile(path string) (*Result, bool) {
	u := &update{path: path, from: -1, to: -1}
	if i, ok := r.inc.guides[path]; ok {
		u.old, u.from = r.Site.Guides[i], i
	} else if u.held = r.Site.Unpublished[path]; u.held == nil {
		return nil, false // not a guide the build read
	}
	return r.change(u)
}

// searchRecord puts guide gi's new record into the search index files in
// outs. Encoding the whole index of a large site takes tens of milliseconds,
// so the guide's record, encoded alone by encoding/json as within the
// index, takes the place of its old encoding. The record holds the guide's
// unique slug and a record cannot occur inside a string, where quotes are
// escaped; still, the whole index is encoded again unless the old record
// is found exactly once.
func (inc *incremental) searchRecord(outs []render.Output, gi int, rec search.Guide) {
	si := inc.search
	oldRec, err1 := json.Marshal(si.Guides[gi])
	si.Guides[gi] = rec
	newRec, err2 := json.Marshal(si.Guides[gi])
	inc.searchFiles(outs, func(data []byte, alloc func(n int) []byte) ([]byte, bool) {
		if err1 != nil || err2 != nil {
			return nil, false
		}
		return render.Splice(data, oldRec, newRec, alloc)
	})
}

// searchFiles changes the search index files in outs by edit, which is
// given each file's data and the memory for its new data; the whole index
// is encoded again where edit fails.
func (inc *incremental) searchFiles(outs []render.Output, edit func(data []byte, alloc func(n int) []byte) ([]byte, bool)) {
	si := inc.search
	for _, f := range []struct {
		path   string
		encode func() []byte
	}{{"search/index.json", si.JSON}, {"search/index.js", si.Script}} {
		i, ok := inc.outs[f.path]
		if !ok {
			continue
		}
		data, ok := edit(outs[i].Data, func(n int) []byte { return inc.buffer(f.path, n) })
		if !ok {
			data = f.encode()
		}
		outs[i] = render.Output{Path: f.path, Data: data}
	}
}

// searchPlace moves guide from's record (-1: a guide joining the site) in
// the search index files in outs to place to (-1: a guide leaving), as
// rec, in one copy of each file, the way searchRecord changes one in place.
func (inc *incremental) searchPlace(outs []render.Output, from, to int, rec search.Guide) {
	si := inc.search
	var oldRec, newRec []byte
	var errs [3]error
	if from >= 0 {
		oldRec, errs[0] = json.Marshal(si.Guides[from])
		si.Guides = slices.Delete(si.Guides, from, from+1)
	}
	// The new record goes before the record now after it (or after the one
	// before it).
	var rs []render.Replacement
	if to >= 0 {
		newRec, errs[1] = json.Marshal(rec)
		si.Guides = slices.Insert(si.Guides, to, rec)
		gs := si.Guides
		var anchor []byte
		switch {
		case to+1 < len(gs):
			anchor, errs[2] = json.Marshal(gs[to+1])
			rs = []render.Replacement{{Old: anchor, New: slices.Concat(newRec, []byte{','}, anchor)}}
		case to > 0:
			anchor, errs[2] = json.Marshal(gs[to-1])
			rs = []render.Replacement{{Old: anchor, New: slices.Concat(anchor, []byte{','}, newRec)}}
		default:
			errs[2] = errors.New("the only record")
		}
	}
	inc.searchFiles(outs, func(data []byte, alloc func(n int) []byte) ([]byte, bool) {
		if errors.Join(errs[:]...) != nil {
			return nil, false
		}
		if from < 0 {
			return render.Replace(data, rs, alloc)
		}
		// The old record was followed by a comma unless it was the last.
		if b, ok := render.Replace(data, append(rs, render.Replacement{Old: slices.Concat(oldRec, []byte{','})}), alloc); ok {
			return b, true
		}
		return render.Replace(data, append(rs, render.Replacement{Old: slices.Concat([]byte{','}, oldRec)}), alloc)
	})
}

// searchEntries gives the search index files in outs the entries of s,
// which gained or lost stubs since they were order. Records name entries
// by their place, so every guide's record takes the new places; the old
// record of the edited guide may name a stub that went, as -1, until its
// new record takes its place.
func (inc *incremental) searchEntries(s *site.Site, outs []render.Output, order []*site.Entry) {
	si := inc.search
	pos := map[*site.Entry]int{}
	for i, e := range entryOrder(s) {
		pos[e] = i
	}
	remap := make([]int, len(order))
	for i, e := range order {
		remap[i] = -1
		if p, ok := pos[e]; ok {
			remap[i] = p
		}
	}
	for i := range si.Guides {
		for j, p := range si.Guides[i].E {
			si.Guides[i].E[j] = remap[p]
		}
	}
	si.Entries = search.Entries(s)
	entries, err := json.Marshal(si.Entries)
	// index.js holds index.json: it is made of the new one.
	i, ok1 := inc.outs["search/index.json"]
	j, ok2 := inc.outs["search/index.js"]
	if !ok1 || !ok2 {
		return
	}
	alloc := func(p string) func(n int) []byte { return func(n int) []byte { return inc.buffer(p, n) } }
	data, ok := search.Renumber(outs[i].Data, remap, entries, alloc(outs[i].Path))
	if !ok || err != nil {
		data = si.JSON()
	}
	outs[i] = render.Output{Path: outs[i].Path, Data: data}
	outs[j] = render.Output{Path: outs[j].Path, Data: search.ScriptIn(data, alloc(outs[j].Path))}
}

// buffer gives n bytes for the output at path, from Options.Buffers when set.
func (inc *incremental) buffer(path string, n int) []byte {
	if inc.opts.Buffers != nil {
		return inc.opts.Buffers(path, n)
	}
	return make([]byte, n)
}

// bodyDiags renders g's body into g and returns its messages as the build
// reports them.
func (inc *incremental) bodyDiags(g *site.Guide, buf *bytes.Buffer) diag.List {
	d := guideBody(g, inc.md, buf)
	if inc.opts.Strict {
		d.Strict()
	}
	return d
}

// due reports whether a guide held back for its future date would be
// published by a build now, which only a full build can do.
func (inc *incremental) due(s *site.Site) bool {
	if inc.opts.Future || !inc.clock {
		return false
	}
	now := time.Now()
	for _, g := range s.Unpublished {
		if (!g.Draft || inc.opts.Drafts) && !site.Future(g, now) {
			return true
		}
	}
	return false
}

// replaceDiags swaps the messages a guide's body gave for the new ones. The
// last build's list is sorted without repeats, so a message of the front
// matter identical to one of the old body would be lost; such messages sit
// before the body's first line, and a body message there makes it give up.
func replaceDiags(all diag.List, path string, bodyLine int, old, cur diag.List) (diag.List, bool) {
	gone := map[diag.Diagnostic]bool{}
	for _, d := range old {
		gone[d] = true
	}
	for _, d := range cur {
		delete(gone, d)
	}
	for d := range gone {
		if d.Path != path || d.Line < bodyLine {
			return nil, false
		}
	}
	return merged(all, func(d diag.Diagnostic) bool { return gone[d] }, cur), true
}

// merged is all without the messages drop matches, with cur, sorted; nil
// when that leaves none, as a build without messages has them.
func merged(all diag.List, drop func(diag.Diagnostic) bool, cur diag.List) diag.List {
	out := make(diag.List, 0, len(all)+len(cur))
	for _, d := range all {
		if !drop(d) {
			out = append(out, d)
		}
	}
	out = append(out, cur...)
	if len(out) == 0 {
		return nil
	}
	out.Sort()
	return out
}

// sameRoutines reports whether two bodies hold the same routines as the
// entry pages see them: each routine's title and id, and the entries it
// uses. The steps' order and the time of day show only on the guide's own
// page (and in its messages), which an update renders again. A name in b
// that no entry or stub has yet needs a stub, which only a build makes.
func sameRoutines(a, b []site.Routine) bool {
	return slices.EqualFunc(a, b, func(x, y site.Routine) bool {
		if x.Title != y.Title || x.ID != y.ID || unnamed(y) {
			return false
		}
		ex, ey := routineEntries(x), routineEntries(y)
		if len(ex) != len(ey) {
			return false
		}
		for e := range ex {
			if !ey[e] {
				return false
			}
		}
		return true
	})
}

// unnamed reports whether routine r names a step or an ingredient that
// leads to no entry: the block shows it as a name without a page.
func unnamed(r site.Routine) bool {
	for _, st := range r.Steps {
		if st.Entry == nil || slices.ContainsFunc(st.Ingredients, func(e *site.Entry) bool { return e == nil || e.Unlisted && e.Stub }) {
			return true
		}
	}
	return false
}

// sameMentions reports whether two bodies' routines write their names the
// same way: a stub takes its name as the first guide writes it, so a name
// written otherwise may rename a page.
func sameMentions(a, b []byte) bool {
	ai, as := site.RoutineMentions(a, 1)
	bi, bs := site.RoutineMentions(b, 1)
	texts := func(rs []site.Ref) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.Text
		}
		slices.Sort(out) // steps reordered name the same
		return out
	}
	same := func(x, y []site.Ref) bool { return slices.Equal(texts(x), texts(y)) }
	return same(ai, bi) && same(as, bs)
}

// routineEntries is the set of entries routine r uses, as routineUses
// lists them.
func routineEntries(r site.Routine) map[*site.Entry]bool {
	es := map[*site.Entry]bool{}
	for _, st := range r.Steps {
		if st.Entry != nil {
			es[st.Entry] = true
		}
		for _, in := range st.Ingredients {
			if in != nil && !in.Unlisted { // no page lists it
				es[in] = true
			}
		}
	}
	return es
}
