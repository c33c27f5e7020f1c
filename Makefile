# derma: `make` builds the CLI and the bundled site; `make test` runs every test.
GO ?= go
BIN := bin/derma

.PHONY: all site build test test-short tools bench fuzz serve check vet fmt clean

all: site

build:
	$(GO) build -o $(BIN) ./generator

site: build
	./$(BIN) build --site .

check: build
	./$(BIN) check --site .

serve: build
	./$(BIN) serve --site .

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l generator templates)" || { gofmt -l generator templates; echo "gofmt needed"; exit 1; }

# Every test, with the race detector. The browser and HTML validation tests
# skip without chromium and tools/node_modules (make tools) unless
# DERMA_BROWSER_TESTS=1; screenshots land in test-artifacts/.
test: vet
	$(GO) test -race -count=1 ./...

# The checkers the tests use: axe-core and the Nu Html Checker (vnu-jar).
tools:
	npm ci --prefix tools --no-audit --no-fund

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./generator/...

# Fuzz targets, as package:target; `go test -fuzz` takes one package and a
# pattern matching one target, so each runs on its own for FUZZTIME.
FUZZTIME ?= 30s
FUZZ := meta:FuzzParse meta:FuzzYAMLFast meta:FuzzSplit site:FuzzLoad resolve:FuzzResolve markdown:FuzzRender markdown:FuzzLinkify markdown:FuzzTextOf build:FuzzBuild build:FuzzWords slug:FuzzMake blocks:FuzzBlocks

# The fuzzing engine sometimes fails a short run with "context deadline
# exceeded" when it cannot stop its workers in time on a loaded machine; a
# run that failed so, without a failing input, is run once more.
fuzz:
	@set -e; for t in $(FUZZ); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
		run() { st=0; $(GO) test ./generator/internal/$$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) >fuzz.log 2>&1 || st=$$?; cat fuzz.log; return $$st; }; \
		if ! run; then \
			if grep -q 'context deadline exceeded' fuzz.log && ! grep -q 'Failing input written' fuzz.log; then \
				echo "fuzz $$name: the engine timed out stopping; once more"; run || { rm -f fuzz.log; exit 1; }; \
			else rm -f fuzz.log; exit 1; fi; \
		fi; \
	done; rm -f fuzz.log

clean:
	rm -rf bin public
