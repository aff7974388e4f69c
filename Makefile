# Commonplace — everything a fresh machine needs is Go; see README.md.
GO      ?= go
BIN     ?= bin/commonplace
SAMPLES ?= samples
OUT     ?= out
# Outputs are reproducible without SOURCE_DATE_EPOCH too: the PDF and
# EPUB take their dates from the newest entry, and the feeds from today.

.PHONY: all build test vet demo bench bench-go bench-compare fuzz update clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/commonplace

vet:
	$(GO) vet ./...
	@fmt=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$fmt" ]; then echo "gofmt needed:"; echo "$$fmt"; exit 1; fi

test: vet
	$(GO) test -count=1 -timeout 9m ./...

demo: build
	@mkdir -p $(OUT)
	$(BIN) check $(SAMPLES)
	$(BIN) build -o $(OUT) $(SAMPLES)
	@echo "demo outputs in $(OUT)/:"; ls -l $(OUT)

# The command measured as users run it, one process per task (wall, CPU,
# peak memory) on 1,000 and 10,000 generated entries; BENCH_100K=1 adds
# 100,000 (about 400 MB of entries, several minutes).
bench: build
	$(GO) run ./internal/benchcli -bin $(BIN)

# pandoc's EPUB and PDF (when installed) against ours on the same 1,000 entries.
bench-compare: build
	$(GO) run ./internal/benchcli -bin $(BIN) -compare

# The Go benchmarks of every package (profiles: add -cpuprofile in one package).
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem -timeout 30m ./...

# Each fuzz target runs for FUZZTIME (default 30s); seeds come from samples/
# and testdata/, failures are kept under testdata/fuzz/ as regression tests.
# A new interesting input is minimised for at most FUZZMINTIME (Go's
# default, 60s, spent FuzzReadHistory's whole budget: 5,000 inputs run in
# 20 s, 190,000 with 1s). Go 1.26's coordinator can miss its own deadline
# and fail a target with a bare "context deadline exceeded" and no failing
# input (go.dev/issue/75804, fixed in Go 1.27): that is reported and the
# targets go on; any other failure stops them.
FUZZTIME ?= 30s
FUZZMINTIME ?= 2s
# Every Fuzz function of the module (TestFuzzTargetsListed checks it).
FUZZ_TARGETS = model:FuzzParseEntry model:FuzzSimpleYAML model:FuzzFindLocation model:FuzzCiteTitleCase model:FuzzRewriteObsidian \
  render/feed:FuzzWrap daily:FuzzReadHistory daily:FuzzHistoryPath internal/deflate:FuzzRoundTrip \
  render/pdf:FuzzBreakShortcuts render/pdf:FuzzShapesLoad render/pdf:FuzzBreaksLoad \
  render/all:FuzzSettings render/all:FuzzLayout render/all:FuzzRenderEntry importer:FuzzImport
fuzz:
	@set -e; log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t##*:}; \
	  echo "fuzz $$name in ./$$pkg for $(FUZZTIME)"; \
	  if $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) ./$$pkg >"$$log" 2>&1; then \
	    tail -n 3 "$$log"; \
	  elif grep -q 'context deadline exceeded' "$$log" && ! grep -q 'Failing input written' "$$log"; then \
	    tail -n 6 "$$log"; echo "($$name: Go's fuzzing coordinator missed its deadline, go.dev/issue/75804; no failing input)"; \
	  else \
	    cat "$$log"; exit 1; \
	  fi; \
	done

# Rewrites the golden files of every package whose tests take -update
# (only those: other packages would reject the flag), then shows what
# changed so that the new goldens are reviewed before they are committed.
update:
	@pkgs=$$(grep -rl --include='*_test.go' 'flag.Bool("update"' . | xargs -n1 dirname | sort -u); \
	echo "updating golden files in:" $$pkgs; \
	$(GO) test -count=1 $$pkgs -run . -update || exit 1; \
	echo "changed (review with git diff before committing):"; \
	git status --short -- $$(for p in $$pkgs; do echo $$p/testdata; done) | sed 's/^/  /'; \
	git diff --stat -- $$(for p in $$pkgs; do echo $$p/testdata; done) | tail -1

clean:
	rm -rf bin $(OUT)
