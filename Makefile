# Targets a person or CI runs; see README.md.
GO ?= go
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin

.PHONY: setup test demo bench lint fuzz

# Installs what the tests need when missing (MariaDB, debootstrap, openssl, a JRE)
# and builds the offline MariaDB image when a Docker engine answers.
setup:
	bash scripts/setup-test-deps.sh

# The whole suite, integration tests included, with the race detector: first
# on the automatically chosen backend (a local mariadbd/mysqld process), then
# the integration and harness tests again in a container (the docker backend,
# mysql:8.4 when present, else the offline image setup built).
test: setup
	$(GO) test -race -count=1 -timeout 20m ./...
	MYSQLTEST_BACKEND=docker $(GO) test -race -count=1 -timeout 10m -run 'Integration' .

# Starts a throwaway X509-only server and connects to it the way the seed does.
demo: setup
	$(GO) run ./cmd/jdbcmysql demo

# Benchmarks side by side with plain go-sql-driver/mysql on the same server.
bench: setup
	$(GO) test -run '^$$' -bench . -benchmem -count=1 -timeout 30m .

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@command -v staticcheck >/dev/null 2>&1 || $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2
	staticcheck ./...

# 30 s per fuzz target; -fuzzminimizetime keeps new inputs from stalling progress.
fuzz:
	for f in FuzzParseURL FuzzReadJKS FuzzReadJCEKS FuzzReadPKCS12; do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 30s -fuzzminimizetime 3s . || exit 1; \
	done
	for f in FuzzParseProperties FuzzParseYAML FuzzResolvePlaceholders; do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 30s -fuzzminimizetime 3s ./spring || exit 1; \
	done
