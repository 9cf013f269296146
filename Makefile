# Orgboard. `make run` serves the demo; `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
# Builds and tests go through cargo-leptos so they share one configuration (env and RUSTFLAGS);
# mixing in plain `cargo build` would recompile leptos each time.

.PHONY: run build release test test-rust test-e2e lint fmt setup setup-test clean-db bench loadtest

run: setup ## Build and serve on http://127.0.0.1:3000 (data in data/orgboard.db)
	ORGBOARD_DEMO=1 cargo leptos serve

build: setup ## Build server and browser bundle (debug) without serving
	cargo leptos build

release: setup ## Optimised build (target/release/orgboard + target/site)
	cargo leptos build --release

test: setup-test ## Rust tests (both feature sets) and the Playwright suite
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory test-e2e

test-rust: ## cargo test with the ssr features (unit, database) and the library with hydrate
	cargo leptos test

test-e2e:
	cargo leptos build
	cd end2end && npx playwright test

lint: setup ## What CI checks besides the tests
	cargo fmt --all -- --check
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy --features hydrate --lib --target wasm32-unknown-unknown -- -D warnings

fmt:
	cargo fmt --all

bench: setup ## Report speed at 100,000 learners (release build; dataset cached in target/bench)
	cargo bench --features ssr --bench reports

loadtest: setup ## 200 mixed requests/s for 30 s over loopback (release; LOADTEST_RATE, LOADTEST_SECONDS)
	cargo bench --features ssr --bench loadtest

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --browser

clean-db: ## Forget the local database (the demo is seeded again at next start)
	rm -f data/orgboard.db data/orgboard.db-wal data/orgboard.db-shm
