# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
JOBS ?= 2
BUILD ?= build
DB ?= rapport.db
LISTEN ?= 127.0.0.1:8080
DEMO_CUSTOMERS ?= 10000
RAPPORT := $(BUILD)/src/app/rapport

.PHONY: deps build run test test-asan test-release bench clean

deps:
	@scripts/install-deps

# The release binary and the web app: all that `make run` serves (no tests, no benchmarks).
build: deps
	cmake --preset release
	cmake --build --preset release --target rapport web

# Builds, creates the demo database on first run, prints the URL and an admin token, serves.
run: build
	@if [ ! -e "$(DB)" ]; then $(RAPPORT) demo --db $(DB) --customers $(DEMO_CUSTOMERS) --seed 42; fi
	@token=$$($(RAPPORT) token create --db $(DB) --user admin@rapport.demo --name "make run" 2>/dev/null) || { echo "make run: could not create a token for admin@rapport.demo in $(DB)"; exit 1; }; \
	echo; \
	echo "  Rapport is starting on http://$(LISTEN)"; \
	echo "  API token (admin@rapport.demo):  $$token"; \
	echo "  Web app: http://$(LISTEN)/  (sign in as rita.rep@rapport.demo or admin@rapport.demo, password rapport-demo)"; \
	echo "  Try: curl -H 'Authorization: Bearer $$token' http://$(LISTEN)/api/v1/customers?limit=3"; \
	echo; \
	exec $(RAPPORT) serve --db $(DB) --listen $(LISTEN)

# One compile of the whole tree with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan)
# and one run of every test on it: unit, API and storage on SQLite and on a PostgreSQL server
# the tests start, the web app in Chromium. ctest's summary line comes last. The release build
# is left to `make run` (compiling it here too took 6.4 of 25 minutes; docs/benchmarks.md).
test: deps
	cmake --preset asan
	cmake --build --preset asan
	ctest --preset asan -j$(JOBS)

# Only the unit and API tests on SQLite, under the sanitizers (a quicker loop while working).
test-asan: deps
	cmake --preset asan
	cmake --build --preset asan
	ctest --preset asan -j$(JOBS) -L 'unit|api' -LE pg

# The release binary of `make run`, smoke-tested as make run uses it (tests/cli/release_smoke.sh).
test-release: build
	cmake --preset asan
	ctest --test-dir build-asan -L release --output-on-failure

bench: deps
	cmake --preset release
	cmake --build --preset release
	bench/run.sh

clean:
	rm -rf $(BUILD) build-asan build-debug build-dev
