//go:build race

package resolve_test

// raceEnabled is true under the race detector, which slows the large-site
// test past any useful bound.
const raceEnabled = true
