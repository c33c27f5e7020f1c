package build_test

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/build"
)

// TestImageSizeFromFile: a PNG under content/ gives its real size to the
// <img> that shows it.
func TestImageSizeFromFile(t *testing.T) {
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"content/site.yaml":    {Data: []byte("title: T\n")},
		"content/images/x.png": {Data: img.Bytes()},
		"content/guides/g.md":  {Data: []byte("---\ntitle: G\ndescription: D.\ndate: 2025-01-01\n---\n\n![A photo](../images/x.png)\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now)})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	for _, o := range res.Outputs {
		if o.Path == "guides/g/index.html" {
			if !strings.Contains(string(o.Data), `<img src="/images/x.png" alt="A photo" width="64" height="48">`) {
				t.Errorf("no sized image in %s", o.Data)
			}
			return
		}
	}
	t.Fatal("no guide page")
}
