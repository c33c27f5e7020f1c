// Package browser holds the end-to-end tests: they build the bundled site,
// serve it on loopback and drive headless Chromium through it (search,
// filters, the A-Z index, keyboard use, axe-core). Without Chromium they
// skip, unless DERMA_BROWSER_TESTS=1, which CI sets so they must run.
package browser
