// Package scaffold writes new content files with every front matter key of
// their kind filled in or commented, so an author starts from the contract
// rather than from memory.
package scaffold

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"derma/generator/internal/slug"
)

// Kinds are the kinds of file New writes, in the order help lists them.
var Kinds = []string{"guide", "ingredient", "mask-type", "product"}

var dirs = map[string]string{
	"guide":      "guides",
	"ingredient": "ingredients",
	"mask-type":  "mask-types",
	"product":    "products",
}

// ErrUnknownKind is returned for a kind not in Kinds.
var ErrUnknownKind = errors.New("unknown kind")

// ErrBadName is what the error for a name that gives no slug ("!!!") is.
var ErrBadName = errors.New("unusable name")

// badName reads as its message alone and is ErrBadName.
type badName struct{ msg string }

func (e badName) Error() string        { return e.msg }
func (e badName) Is(target error) bool { return target == ErrBadName }

// ErrExists is returned when the file is already there; it is never overwritten.
var ErrExists = fs.ErrExist

// Path returns the file New writes for kind and name, relative to the site
// folder: content/guides/<slug>.md.
func Path(kind, name string) (string, error) {
	dir, ok := dirs[kind]
	if !ok {
		return "", fmt.Errorf("%w %q: use one of %s", ErrUnknownKind, kind, strings.Join(Kinds, ", "))
	}
	s := slug.Make(name)
	if s == "" {
		return "", badName{fmt.Sprintf("name %q gives an empty slug: use letters or digits", name)}
	}
	// A file name holds at most 255 bytes, and an address is read by
	// people: a long name gives the slug of its first words.
	const most = 80
	if len(s) > most {
		cut := strings.LastIndexByte(s[:most+1], '-')
		if cut <= 0 {
			cut = most
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
		}
		s = s[:cut]
	}
	return "content/" + dir + "/" + s + ".md", nil
}

// New writes the file for kind and name under siteDir, dated today (now),
// and returns its path relative to siteDir. It refuses to replace a file.
func New(siteDir, kind, name string, now time.Time) (string, error) {
	rel, err := Path(kind, name)
	if err != nil {
		return "", err
	}
	name = strings.TrimSpace(name)
	p := filepath.Join(siteDir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", fmt.Errorf("new %s: %w", kind, err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return rel, fmt.Errorf("%s already exists; it was left as it is (choose another name or edit it): %w", rel, ErrExists)
		}
		return "", fmt.Errorf("new %s: %w", kind, err)
	}
	_, werr := f.WriteString(Text(kind, name, now))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(p)
		return "", fmt.Errorf("new %s: %w", kind, werr)
	}
	return rel, nil
}

// Text is the file New writes.
func Text(kind, name string, now time.Time) string {
	q := quote(name)
	switch kind {
	case "guide":
		return fmt.Sprintf(guideText, q, now.Format("2006-01-02"))
	case "ingredient":
		return fmt.Sprintf(ingredientText, q)
	case "mask-type":
		return fmt.Sprintf(maskTypeText, q)
	case "product":
		return fmt.Sprintf(productText, q)
	}
	return ""
}

// quote writes s as a YAML string; JSON strings are YAML.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

const guideText = `---
title: %s
description: ""          # one sentence for cards, search results and the feed
date: %s
# updated: 2025-01-31    # last substantial change
draft: true              # set to false (or remove) to publish
# slug: my-guide         # overrides the file name: lower-case a-z, 0-9 and hyphens
# author: Your Name      # defaults to the site's author
ingredients: []          # names, aliases or slugs: [hyaluronic acid, HA, niacinamide]
mask_types: []           # [sheet, clay, sleeping]
products: []             # [cleanser, serum, moisturizer]
concerns: []             # [dryness, dullness, breakouts, fine-lines]
skin_types: []           # [dry, oily, combination, sensitive, normal]
tags: []                 # anything else
# faq:
#   - q: How often should I use it?
#     a: Two or three times a week.
related: []              # slugs of guides to show first: [other-guide]
# aliases: [/old-address/]  # its old addresses, which then lead here
---

Write the guide here, in Markdown.
`

const ingredientText = `---
name: %s
inci: ""                 # INCI name as on labels: Sodium Hyaluronate
aliases: []              # other names: [HA, hyaluronan]
functions: []            # [humectant, antioxidant, exfoliant]
benefits: []             # what it helps with
time: [am, pm]           # when it belongs in a routine
avoid_with: []           # ingredients not to combine with it
pairs_with: []           # good companions
description: ""          # one sentence
# slug: my-ingredient    # overrides the file name
---

What it is, what it does, and how to use it.
`

const maskTypeText = `---
name: %s
aliases: []              # [sheet, tissue mask]
frequency: ""            # 2–3 times a week
duration: ""             # 10–20 minutes, overnight
texture: ""
# rinse_off: true        # washed off after use (true) or left on (false)
# step: before-serum     # in a routine: before-serum or after-serum
time: [am, pm]           # when it belongs in a routine
best_for: []
description: ""          # one sentence
# slug: my-mask-type     # overrides the file name
---

What it is and how to use it.
`

const productText = `---
name: %s
aliases: []              # [serums]
order: 50                # position in a routine, low first: cleanser 10 ... sunscreen 90
time: [am, pm]           # sunscreen: [am]
frequency: ""
duration: ""
texture: ""
purpose: ""
absorption: ""
best_for: []
description: ""          # one sentence
# slug: my-product       # overrides the file name
---

What it is for and where it goes in a routine.
`
