#!/usr/bin/env bash
# Installs what Orgboard needs to build (and with --browser, to run the browser tests),
# skipping everything that is already present, so a second run takes seconds.
# Versions: ../shared/TOOLCHAIN.md (verified offline-safe on these machines).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.7
want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

say() { printf '==> %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# 1. The WebAssembly target for the hydrate build.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. cargo-leptos, on the stable toolchain; no_downloads: never reach for GitHub.
if ! cargo leptos --version 2>/dev/null | grep -qx "cargo-leptos $CARGO_LEPTOS_VERSION"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes on 2 cores, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads --force
fi

# 3. The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/[^0-9.]/, "", $0); print; exit }' Cargo.lock)
if [[ -z "$wasm_bindgen_version" ]]; then
  echo "scripts/setup.sh: cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wasm_bindgen_version"; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version (about 4 minutes, once)"
  # Not --locked: its lock file names a crate version the registry does not serve.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

# 4. npm packages at the root: echarts (served from our own origin) and wasm-opt (binaryen).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages (echarts, binaryen)"
  npm ci --no-audit --no-fund
fi
mkdir -p public
if ! cmp -s node_modules/echarts/dist/echarts.min.js public/echarts.min.js; then
  cp node_modules/echarts/dist/echarts.min.js public/echarts.min.js
fi

if [[ $want_browser -eq 1 ]]; then
  # 5. Debian's Chromium for Playwright (Playwright's own download is unreachable here).
  if [[ ! -x /usr/bin/chromium ]]; then
    say "installing Chromium"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
  # 6. Playwright itself (it downloads no browser).
  if [[ ! -f end2end/node_modules/.package-lock.json || end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
    say "installing Playwright"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
fi
