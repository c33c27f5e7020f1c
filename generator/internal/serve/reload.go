package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"derma/generator/internal/render"
)

// broker tells every open page that a build finished.
type broker struct {
	mu      sync.Mutex
	clients map[chan int]bool
}

func newBroker() *broker { return &broker{clients: map[chan int]bool{}} }

func (b *broker) subscribe() chan int {
	c := make(chan int, 1)
	b.mu.Lock()
	b.clients[c] = true
	b.mu.Unlock()
	return c
}

func (b *broker) unsubscribe(c chan int) {
	b.mu.Lock()
	delete(b.clients, c)
	b.mu.Unlock()
}

// publish never blocks: a page that has not read the last event gets only
// the newest, which is all it needs.
func (b *broker) publish(version int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for c := range b.clients {
		select {
		case <-c:
		default:
		}
		c <- version
	}
}

// liveReloadJS listens for builds and reloads the page. The events URL is
// relative to the script's own, so it works under a base path.
const liveReloadJS = `(function () {
  "use strict";
  var src = document.currentScript ? document.currentScript.src : "/_derma/livereload.js";
  var es = new EventSource(new URL("events", src).href);
  es.addEventListener("reload", function () { location.reload(); });
})();
`

// liveReloadTag is what the built-in theme's "livereload" template writes.
const liveReloadTag = `<script src="/_derma/livereload.js" defer></script>`

// injectLiveReload adds the live-reload script to a page that has none: a
// page template of the author's own may leave out the theme's "livereload"
// template, and its pages must reload all the same. The script goes before
// the last </body>, or last when there is none.
func injectLiveReload(page []byte) []byte {
	if bytes.Contains(page, []byte("/_derma/livereload.js")) {
		return page
	}
	k := lastIndexFold(page, "</body")
	if k < 0 {
		k = len(page)
	}
	out := make([]byte, 0, len(page)+len(liveReloadTag))
	out = append(out, page[:k]...)
	out = append(out, liveReloadTag...)
	return append(out, page[k:]...)
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case, for a tag: the
// search starts at the end, where </body> is.
func lastIndexFold(s []byte, tag string) int {
	for i := len(s) - len(tag); i >= 0; i-- {
		if s[i] == tag[0] && bytes.EqualFold(s[i:i+len(tag)], []byte(tag)) {
			return i
		}
	}
	return -1
}

func (s *Server) serveDerma(w http.ResponseWriter, r *http.Request, p string, snap *snapshot) {
	switch p {
	case "/_derma/livereload.js":
		s.serveOutput(w, r, http.StatusOK, render.Output{Path: "livereload.js", Data: []byte(liveReloadJS)}, snap)
	case "/_derma/events":
		s.events(w, r)
	case "/_derma/errors":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		type item struct {
			Path     string `json:"path"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Source   string `json:"source,omitempty"`
		}
		out := []item{}
		if snap.failed {
			for _, d := range snap.diags {
				out = append(out, item{d.Path, d.Line, d.Col, d.Severity.String(), d.Message, sourceLine(s.fsys, d.Path, d.Line)})
			}
		}
		json.NewEncoder(w).Encode(out)
	default:
		s.notFound(w, r, snap)
	}
}

// events is a server-sent event stream: one "reload" event per build.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	c := s.reloads.subscribe()
	defer s.reloads.unsubscribe(c)
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 500\n\n")
	rc.Flush()
	ping := time.NewTicker(30 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case v := <-c:
			fmt.Fprintf(w, "event: reload\ndata: %d\n\n", v)
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}
