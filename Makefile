# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
JOBS ?= 2
BUILD ?= build
DB ?= rapport.db
LISTEN ?= 127.0.0.1:8080
DEMO_CUSTOMERS ?= 10000
RAPPORT := $(BUILD)/src/app/rapport

.PHONY: deps build run test test-asan bench clean

deps:
	@scripts/install-deps

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j$(JOBS)

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

# Unit and API tests under AddressSanitizer + UndefinedBehaviorSanitizer, then every test on the
# release build; ctest's summary line of the full run comes last.
test: deps test-asan
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j$(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

test-asan: deps
	cmake --preset asan
	cmake --build --preset asan
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --preset asan -j$(JOBS)

bench: build
	bench/run.sh

clean:
	rm -rf $(BUILD) build-asan build-debug
