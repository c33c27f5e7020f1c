package serve

import (
	"maps"
	"strings"
	"testing"
)

func TestInjectLiveReload(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"before the body's end", "<html><body><p>x</p></body></html>", "<html><body><p>x</p>" + liveReloadTag + "</body></html>"},
		{"upper case", "<HTML><BODY>x</BODY></HTML>", "<HTML><BODY>x" + liveReloadTag + "</BODY></HTML>"},
		{"the last end of body", "<body><pre>&lt;/body></pre></body>\n", "<body><pre>&lt;/body></pre>" + liveReloadTag + "</body>\n"},
		{"no body end", "<!doctype html><title>x</title><p>x", "<!doctype html><title>x</title><p>x" + liveReloadTag},
		{"already there", "<body>" + liveReloadTag + "</body>", "<body>" + liveReloadTag + "</body>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(injectLiveReload([]byte(tt.in))); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// A page template of the author's own that leaves out the live-reload
// template still reloads under serve, and only there.
func TestOverrideGetsLiveReload(t *testing.T) {
	files := maps.Clone(tiny)
	files["templates/guide.html"] = "<!doctype html>\n<html lang=\"en\">\n<head><title>{{.Title}}</title></head>\n<body><h1>{{.Title}}</h1></body>\n</html>\n"
	ts := newTestServer(t, files)
	for _, p := range []string{"/guides/first/", "/", "/no-such-page/"} {
		_, _, body := get(t, ts.URL+p)
		if n := strings.Count(body, "/_derma/livereload.js"); n != 1 {
			t.Errorf("%s has the live-reload script %d times, want once:\n%s", p, n, body)
		}
	}
	if _, _, body := get(t, ts.URL+"/guides/first/"); !strings.Contains(body, liveReloadTag+"</body>") {
		t.Errorf("/guides/first/: the script is not at the end of the body:\n%s", body)
	}

	noLiveReload(t, files)
}
