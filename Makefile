# Targets a person or CI runs; see README.md.
GO ?= go
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin

# Linters, pinned; `go run pkg@version` builds each once into Go's cache.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
ACTIONLINT := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

.PHONY: setup setup-demo test check demo bench lint fuzz

# mysqltest's docker backend (ory/dockertest) is compiled in only with the
# build tag docker. mysqltest's own tests, whose clusters run on both
# backends, always build with it; the library's and the examples' test
# binaries only when GOTAGS says so, by default when MYSQLTEST_BACKEND=docker,
# so the process backend's binaries hold no Docker package.
GOTAGS ?= $(if $(filter docker,$(MYSQLTEST_BACKEND)),docker)
TAGS = $(if $(GOTAGS),-tags $(GOTAGS))
# Every package of the library but mysqltest (tested on its own, tagged).
LIB_PKGS = $$($(GO) list ./... | grep -v '/mysqltest$$')

# Installs what the whole suite needs when missing (MariaDB, debootstrap,
# openssl, a JRE, staticcheck) and builds the offline MariaDB image when a
# Docker engine answers.
setup:
	bash scripts/setup-test-deps.sh

# Installs only what the demo needs when missing: a server, openssl, keytool.
setup-demo:
	bash scripts/setup-demo-deps.sh

# The whole suite, integration tests and examples included, with the race
# detector: `make check` on the automatically chosen backend (a local
# mariadbd/mysqld process), then the integration tests again in a container
# (the docker backend, built in with -tags docker; mysql:8.4 when present,
# else the offline image setup built).
test: setup
	$(MAKE) check
	MYSQLTEST_BACKEND=docker $(GO) test -tags docker -race -count=1 -timeout 10m -run 'Integration' .

# The suite without set-up, on the server MYSQLTEST_BACKEND and MYSQLTEST_IMAGE
# select: the library's packages, mysqltest's own tests (both backends), then
# the examples module, in the process time zone UTC; then the root package
# (the data tests of issue 12, not the cluster tests, which no time zone
# changes) and the examples again in Europe/Berlin, whose DST changes the
# reference covers.
check:
	TZ=UTC $(GO) test $(TAGS) -race -count=1 -timeout 20m $(LIB_PKGS)
	TZ=UTC $(GO) test -tags docker -race -count=1 -timeout 20m ./mysqltest/...
	cd examples && TZ=UTC $(GO) test $(TAGS) -race -count=1 -timeout 10m ./...
	TZ=Europe/Berlin $(GO) test $(TAGS) -race -count=1 -timeout 20m -skip 'IntegrationCluster' .
	cd examples && TZ=Europe/Berlin $(GO) test $(TAGS) -race -count=1 -timeout 10m ./...

# Starts a throwaway X509-only server and connects to it the way the seed does.
demo: setup-demo
	$(GO) run ./cmd/jdbcmysql demo

# Benchmarks side by side with plain go-sql-driver/mysql on the same server.
bench: setup
	$(GO) test -run '^$$' -bench . -benchmem -count=1 -timeout 30m .

# gofmt, go vet and staticcheck on both modules (mysqltest also with its
# docker backend built in); actionlint on the workflows.
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags docker ./mysqltest/...
	cd examples && $(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) run $(STATICCHECK) -tags docker ./mysqltest/...
	cd examples && $(GO) run $(STATICCHECK) ./...
	$(GO) run $(ACTIONLINT)

# FUZZTIME per fuzz target (60 s by default; `make fuzz FUZZTIME=10s` for a
# quick pass); -fuzzminimizetime keeps new inputs from stalling progress.
# Go before 1.27 can fail a target at the end of -fuzztime with a bare
# "context deadline exceeded" and no failing input (go.dev/issue/75804, a
# race in the fuzzing coordinator); such a run is done again, once. A
# failure that writes an input, or any other failure, stops make fuzz.
FUZZTIME ?= 60s
fuzz:
	log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	for t in .:FuzzParseURL .:FuzzRedaction .:FuzzWireCheck ./keystore:FuzzReadJKS ./keystore:FuzzReadJCEKS ./keystore:FuzzReadPKCS12 \
		./keystore:FuzzReadPEM ./keystore:FuzzDecodeTimeBound ./keystore:FuzzList \
		./spring:FuzzParseProperties ./spring:FuzzParseYAML ./spring:FuzzResolvePlaceholders; do \
		for try in 1 2; do \
			if $(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 3s "$${t%%:*}" >"$$log" 2>&1; then cat "$$log"; break; fi; \
			cat "$$log"; \
			if [ $$try = 1 ] && grep -qx '    context deadline exceeded' "$$log" && ! grep -q 'Failing input written' "$$log"; then \
				echo "$$t: the -fuzztime deadline race of go.dev/issue/75804 (no input found); running it again"; continue; \
			fi; \
			exit 1; \
		done; \
	done
